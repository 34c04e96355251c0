"""Moving an existing list in: `survey import` of BibTeX with broken entries, CSL-JSON (Zotero's
export and the survey's own), and an awesome list's Markdown, looked up or scaffolded offline.

The lists are in tests/data/import (see its README); lookups get the recorded API answers."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import DATA, LISTS, PAPERS, ROOT, import_list, load, offline, survey

from survey.content.load import load_content
from survey.outputs.exports import csl_json


def test_a_bib_with_broken_entries_imports_every_good_one_and_names_the_broken_by_line(project: Path, capsys) -> None:
    code, lines = import_list(project, "broken.bib", capsys=capsys)
    assert code == 0
    assert lines == [
        "imported tworkowski2023 -> content/papers/tworkowski2023focused.yaml",
        "imported ding2024 -> content/papers/ding2024longrope.yaml",
        "imported li2021 -> content/papers/li2021prefixtuning.yaml",
        "imported tworkowski2023 -> content/papers/staniszewski2023structured.yaml",
        "broken.bib:24: skipped mohtashami2023: the entry never ends: a brace or quote opened in it is not closed:"
        " the braces of 'title' on line 25 do not balance",
        "broken.bib:41: skipped broken-extra: line 42: syntax error: '}' expected",
        "4 imported, 2 skipped. Fill in tldr, category, tags and facts, then run `survey check`.",
    ]
    focused = load(project, "tworkowski2023focused")
    assert focused["title"] == "Focused Transformer: Contrastive Training for Context Scaling"  # \textit{} gone
    assert focused["authors"] == ["Szymon Tworkowski", "Konrad Staniszewski", "Mikołaj Pacek"]  # no "others"
    assert (focused["year"], focused["date"], focused["venue"], focused["arxiv"]) == (2023, "2023-07-06", "NeurIPS 2023", "2307.03170")
    longrope = load(project, "ding2024longrope")
    assert (longrope["arxiv"], longrope["date"]) == ("2402.13753", "2024-02-21") and "doi" not in longrope  # arXiv's DOI: the id
    assert "venue" not in longrope  # "arXiv preprint" is no venue
    prefix = load(project, "li2021prefixtuning")
    assert prefix["title"] == "Prefix-Tuning: Optimizing Continuous Prompts for Generation"
    assert prefix["doi"] == "10.18653/v1/2021.acl-long.353"  # from a dx.doi.org link
    assert load(project, "staniszewski2023structured")["arxiv"] == "2312.17296"


def test_zotero_csl_json(project: Path, capsys) -> None:
    code, lines = import_list(project, "zotero.json", capsys=capsys)
    assert code == 0
    assert lines[-2:] == [
        "zotero.json:37: skipped http://zotero.org/users/local/x4RkTtEQ/items/Q8NV3E2S: no year: the item has no 'issued' date",
        "3 imported, 1 skipped. Fill in tldr, category, tags and facts, then run `survey check`.",
    ]
    longrope = load(project, "ding2024longrope")
    assert (longrope["arxiv"], longrope["year"], longrope["date"]) == ("2402.13753", 2024, "2024-02-21")  # date-parts as text
    assert "doi" not in longrope and "venue" not in longrope
    assert longrope["authors"] == ["Yiran Ding", "Li Lyna Zhang", "Chengruidong Zhang"]
    prefix = load(project, "li2021prefixtuning")
    assert (prefix["doi"], prefix["year"], prefix["url"]) == ("10.18653/v1/2021.acl-long.353", 2021, "https://aclanthology.org/2021.acl-long.353")
    assert prefix["venue"].startswith("Proceedings of the 59th Annual Meeting")
    focused = load(project, "tworkowski2023focused")
    assert focused["title"] == "Focused Transformer: Contrastive Training for Context Scaling"  # CSL's <i> markup gone
    assert focused["authors"] == ["Szymon Tworkowski", "Konrad Staniszewski"] and focused["date"] == "2023-07-06"


def test_the_surveys_own_csl_json_comes_back_as_it_went_out(project: Path, capsys, tmp_path: Path) -> None:
    survey(project, "schema", capsys=capsys)  # the editor schema follows survey.yaml, so the content loads
    before = load_content(project / "content").papers
    (project / "papers.csl.json").write_bytes(csl_json(load_content(project / "content")))
    for paper in before:
        (project / PAPERS / f"{paper.key}.yaml").unlink()
    code, lines = import_list(project, "papers.csl.json", capsys=capsys)
    assert code == 0 and lines[-1].startswith(f"{len(before)} imported, 0 skipped.")
    imported = {data["title"]: data for path in (project / PAPERS).glob("*.yaml") if (data := yaml.safe_load(path.read_text(encoding="utf-8")))}
    for paper in before:  # the same facts, under keys chosen again (a paper without authors gets a new one)
        back = imported[paper.title]
        assert back["title"] == paper.title and tuple(back.get("authors", ())) == paper.authors
        assert (back["year"], back.get("date"), back.get("venue")) == (paper.year, paper.date, paper.venue)
        assert (back.get("arxiv"), back.get("doi")) == (paper.arxiv, paper.doi)


# Bullets that name no paper get a line of their own too.
TABLE_OF_CONTENTS = [f'awesome.md:{line}: skipped "{name}": a table of contents entry: its links point within the list'
                     for line, name in ((6, "Papers"), (7, "Tools"))]
A_TOOL = 'awesome.md:21: skipped "A library": a link to code (github.com) that names no paper'


def test_an_awesome_list_is_looked_up_like_survey_add(project: Path, capsys) -> None:
    code, lines = import_list(project, "awesome.md", capsys=capsys)
    assert code == 0
    assert lines == [
        'imported "LongLoRA: Efficient Fine-tuning of Long-Context Large…" -> content/papers/chen2023longlora.yaml',
        'imported "Prefix-Tuning: Optimizing Continuous Prompts for Generation" -> content/papers/li2021prefixtuning.yaml',
        'imported "In-Context Pretraining: Language Modeling Beyond Document…" -> content/papers/incontext2024.yaml',
        *TABLE_OF_CONTENTS,
        'awesome.md:12: skipped "LoRA: Low-Rank Adaptation of Large Language Models": arXiv 2106.09685 is already in the survey:'
        " content/papers/hu2021lora.yaml",
        'awesome.md:17: skipped "A paper arXiv does not have (test input)": arXiv has no paper 2401.99999',
        A_TOOL,
        "1 written from the list's own text (no lookup for their links (OpenReview, ACL Anthology)); each file's note says what"
        " to check.",
        "3 imported, 5 skipped. Fill in tldr, category, tags and facts, then run `survey check`.",
    ]
    longlora = load(project, "chen2023longlora")  # arXiv's record, and the list's code link
    assert longlora["authors"][0] == "Yukang Chen" and longlora["abstract"].startswith("We present LongLoRA")
    assert (longlora["date"], longlora["code"]) == ("2023-09-21", "https://github.com/dvlab-research/LongLoRA")
    assert "note" not in longlora
    prefix = load(project, "li2021prefixtuning")  # Crossref's record
    assert prefix["authors"] == ["Xiang Lisa Li", "Percy Liang"] and prefix["year"] == 2021
    openreview = load(project, "incontext2024")  # OpenReview is not looked up: the bullet's text
    assert (openreview["year"], openreview["url"]) == (2024, "https://openreview.net/forum?id=LXVswInHOo")
    assert "authors" not in openreview and openreview["note"].startswith("From awesome.md, line 16, without a lookup")


@pytest.mark.parametrize("flags, fetcher", [([], offline), (["--offline"], None)])
def test_an_awesome_list_offline_is_scaffolded_from_the_bullets(project: Path, capsys, flags, fetcher) -> None:
    def never(url: str) -> bytes:
        raise AssertionError(f"--offline fetched {url}")

    code, lines = import_list(project, "awesome.md", *flags, capsys=capsys, fetcher=fetcher or never)
    assert code == 0
    why = "not looked up: could not reach export.arxiv.org (Name or service not known); are you offline?" if fetcher else "--offline"
    assert lines == [
        'imported "LongLoRA: Efficient Fine-tuning of Long-Context Large…" -> content/papers/longlora2023.yaml',
        'imported "In-Context Pretraining: Language Modeling Beyond Document…" -> content/papers/incontext2024.yaml',
        'imported "A paper arXiv does not have (test input)" -> content/papers/paper2024.yaml',
        *TABLE_OF_CONTENTS,
        'awesome.md:12: skipped "LoRA: Low-Rank Adaptation of Large Language Models": arXiv 2106.09685 is already in the survey:'
        " content/papers/hu2021lora.yaml",
        'awesome.md:15: skipped "Prefix-Tuning: Optimizing Continuous Prompts for Generation": no year: the bullet names no'
        " single year, and its link gives none (and not looked up)",
        A_TOOL,
        f"3 written from the list's own text ({why}); each file's note says what to check.",
        "3 imported, 5 skipped. Fill in tldr, category, tags and facts, then run `survey check`.",
    ]
    longlora = load(project, "longlora2023")  # no authors: the key is the title's first word and the year
    assert {k: longlora[k] for k in ("title", "year", "arxiv", "code")} == {
        "title": "LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models", "year": 2023,
        "arxiv": "2309.12307", "code": "https://github.com/dvlab-research/LongLoRA"}
    assert "authors" not in longlora and "date" not in longlora and "venue" not in longlora
    assert longlora["note"].startswith("From awesome.md, line 11, without a lookup: the title and year come from the list's text.")
    assert survey(project, "fmt", "--check", capsys=capsys)[0] == 1  # only the test survey's own files
    assert all(".yaml" not in line or "papers/hu2021" in line or "interp2023" in line or "muller2024" in line
               for line in capsys.readouterr().out.splitlines())


@pytest.mark.slow
def test_the_move_list_benchmark_runs(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "move_list.py"), str(LISTS / "broken.bib"), "--empty",
                             "--content", str(DATA / "content"), "--work", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    rows = result.stdout.splitlines()[-3:]
    assert re.fullmatch(r"\| `survey import` \| [\d.]+ s \| 4 imported, 2 skipped\. .*", rows[0]), rows
    assert [row.split("|")[1].strip() for row in rows] == ["`survey import`", "`survey fmt`", "`survey check`"]
