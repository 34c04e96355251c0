"""Adding papers: `survey new` (flags, prompts, piped answers), `survey add` with many ids, offline,
and `survey fmt`'s one canonical style (block lists, one quoting rule, the guide gone once used).

The network is replaced by the recorded API answers (tests/data/responses)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import PAPERS, load, offline, papers, recorded, survey, survey_main

from survey.contribute import lookup
from survey.contribute.fetch import FetchError, Unreachable
from survey.contribute.paper_file import SCHEMA_COMMENT


def piped(project: Path, argv: list[str], answers: str) -> subprocess.CompletedProcess:
    """The real command in a subprocess, its prompts answered through a pipe (the other tests call
    survey.cli.main in this process, their answers on a StringIO stdin)."""
    return subprocess.run([sys.executable, "-m", "survey.cli", *argv], input=answers, capture_output=True, text=True, cwd=project)


ANSWERS = [
    "https://arxiv.org/abs/2309.12307v2",  # arXiv id or URL: stored bare
    "",  # DOI
    "LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models",
    "Yukang Chen, Shengju Qian, Haotian Tang, Xin Lai, Zhijian Liu, Song Han, Jiaya Jia",
    "twenty",  # a bad year: asked again
    "2023",
    "2023-09-31",  # no such day: asked again
    "2023-09-21",
    "ICLR 2024",
    "",  # link: the arXiv page
    "",  # PDF: arXiv's
    "https://github.com/dvlab-research/LongLoRA",
    "",  # abstract
    "context",  # not a leaf: asked again
    "position",
    "Extends the context of a trained model cheaply with shifted sparse attention and LoRA.",
    "lora, adapters",  # not a value of the facet: asked again
    "lora",
    "text",
]


def test_new_asks_for_every_field_again_until_it_is_right(project: Path) -> None:
    result = piped(project, ["new"], "\n".join(ANSWERS) + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"Wrote {PAPERS / 'chen2023longlora.yaml'}: fill in facts, then run `survey check`."
    for asked in ("arXiv id or URL", "DOI", "Title", "Authors", "Year", "Date", "Venue", "Link to the paper", "Link to the PDF",
                  "Link to the code", "Abstract", "Category", "TL;DR", "Tags for Approach", "Tags for Modality"):
        assert f"\n{asked}" in "\n" + result.stdout, asked
    assert result.stderr.splitlines() == [
        "  'twenty' is not a year between 1900 and 2100; try again",
        "  '2023-09-31' is not a date like 2024-03-31; try again",
        "  'context' is not a leaf category (answer ? to list them); try again",
        "  'adapters' is not one of in-context-learning, lora, full-fine-tuning; try again",
    ]
    paper = load(project, "chen2023longlora")
    assert paper["arxiv"] == "2309.12307" and paper["url"] == "https://arxiv.org/abs/2309.12307"
    assert (paper["year"], paper["date"], paper["venue"]) == (2023, "2023-09-21", "ICLR 2024")
    assert paper["authors"][-1] == "Jiaya Jia" and paper["code"] == "https://github.com/dvlab-research/LongLoRA"
    assert (paper["category"], paper["tags"]) == ("position", {"approach": ["lora"], "modality": ["text"]})
    text = (project / PAPERS / "chen2023longlora.yaml").read_text(encoding="utf-8")
    # The guide lists the chosen category's facts columns, and asks for nothing already given.
    assert "#   the columns of position:\n#     max_context: number, tokens (Longest context)\n#     demo: url (Demo)\n" in text
    assert "# tldr:" not in text and "# category:" not in text and "# tags:" not in text
    assert survey_main("check", cwd=project).returncode == 0


def test_new_without_answers_keeps_what_it_was_given_and_needs_a_title_and_year(project: Path) -> None:
    before = papers(project)
    result = survey_main("new", "--arxiv", "2309.12307", cwd=project, input="")
    assert result.returncode == 1
    assert result.stderr == "survey: a title is needed: give --title or answer its prompt; nothing written\n"
    result = survey_main("new", "--arxiv", "2309.12307", cwd=project, input="\n\nA Title Only\n\n1999\n")  # then the answers end
    assert result.returncode == 0, result.stderr
    assert load(project, "title1999") | {"added": None} == {
        "key": "title1999", "title": "A Title Only", "year": 1999, "arxiv": "2309.12307",
        "url": "https://arxiv.org/abs/2309.12307", "pdf": "https://arxiv.org/pdf/2309.12307", "added": None}
    assert papers(project) - before == {"title1999.yaml"}


def test_new_with_a_title_and_year_asks_nothing_and_refuses_a_bad_flag(project: Path) -> None:
    argv = ["new", "--title", "Prefix-Tuning: Optimizing Continuous Prompts for Generation", "--year", "2021",
            "--author", "Li, Xiang Lisa", "--author", "Percy Liang", "--doi", "https://doi.org/10.18653/v1/2021.acl-long.353"]
    refused = survey_main(*argv, "--date", "2021-08-01", "--tag", "approach=prefix", cwd=project, input="not read\n")
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("survey: --tag approach=prefix: not a FACET=VALUE of this survey (choose from in-context-learning")
    written = survey_main(*argv, "--category", "peft", "--tag", "modality=text", cwd=project, input="not read\n")
    assert written.returncode == 0, written.stderr
    assert "Title" not in written.stdout  # nothing asked
    paper = load(project, "li2021prefixtuning")
    assert paper["authors"] == ["Li, Xiang Lisa", "Percy Liang"]  # one --author each: a comma stays in the name
    assert paper["doi"] == "10.18653/v1/2021.acl-long.353" and paper["tags"] == {"modality": ["text"]}


def test_add_takes_many_ids_and_asks_arxiv_once_for_all_of_them(project: Path, capsys) -> None:
    asked: list[str] = []

    def counting(url: str) -> bytes:
        asked.append(url)
        return recorded(url)

    code, out, err = survey(project, "add", "https://arxiv.org/abs/2309.12307v1", "10.18653/v1/2021.acl-long.353",
                            "2106.09685", "2401.99999", "not-an-id", capsys=capsys, fetcher=counting)
    assert code == 1  # three were not added, each says why
    assert err.splitlines() == [
        "survey: 'not-an-id' is neither an arXiv id or URL (like 2106.09685) nor a DOI (like 10.18653/v1/2021.acl-long.353)",
        f"survey: 2106.09685 is already in the survey: {project / PAPERS / 'hu2021lora.yaml'}",
        "survey: arXiv has no paper 2401.99999; nothing written",
    ]
    assert [line.split(":")[0] for line in out.splitlines()] == [f"Wrote {project / PAPERS / k}.yaml" for k in ("chen2023longlora", "li2021prefixtuning")]
    arxiv = [url for url in asked if "arxiv" in url]
    assert arxiv == ["https://export.arxiv.org/api/query?id_list=2309.12307,2401.99999&max_results=2"]
    assert load(project, "chen2023longlora")["authors"][0] == "Yukang Chen"


def test_add_from_a_file_names_each_bad_line(project: Path, capsys, tmp_path: Path) -> None:
    ids = tmp_path / "ids.txt"
    ids.write_text("# papers to add\n2309.12307  # LongLoRA\n\nhttps://doi.org/10.18653/v1/2021.acl-long.353 arxiv.org/nothing\n", encoding="utf-8")
    code, out, err = survey(project, "add", "--from", str(ids), capsys=capsys)
    assert code == 1
    assert err == f"survey: {ids}:4: 'arxiv.org/nothing' is neither an arXiv id or URL (like 2106.09685) nor a DOI (like 10.18653/v1/2021.acl-long.353)\n"
    assert {"chen2023longlora.yaml", "li2021prefixtuning.yaml"} <= papers(project)


def test_add_offline_prints_the_new_command_that_writes_the_same_file(project: Path, capsys) -> None:
    before = papers(project)
    code, out, err = survey(project, "add", "2309.12307", "10.18653/v1/2021.acl-long.353", capsys=capsys, fetcher=offline)
    assert code == 1 and papers(project) == before
    assert err.splitlines() == [
        "survey: 2309.12307: could not reach export.arxiv.org (Name or service not known); are you offline?; nothing written",
        "survey: 10.18653/v1/2021.acl-long.353: could not reach api.crossref.org (Name or service not known); are you offline?; nothing written",
    ]
    content = project / "content"
    assert out.splitlines() == [
        f"To write it by hand: survey --content {content} new --arxiv 2309.12307",
        f"To write it by hand: survey --content {content} new --doi 10.18653/v1/2021.acl-long.353",
    ]
    # The printed command, run as printed, asks for the rest and writes the paper's file.
    command = shlex.split(out.splitlines()[0].removeprefix("To write it by hand: "))
    answers = "\n".join([""] + ANSWERS[2:4] + ["2023", "2023-09-21"]) + "\n"  # no DOI, title, authors, year, date
    result = survey_main(*command[1:], cwd=project, input=answers)
    assert result.returncode == 0, result.stderr
    assert load(project, "chen2023longlora")["arxiv"] == "2309.12307"


def test_arxiv_lookups_go_fifty_ids_a_request_three_seconds_apart() -> None:
    ids = [f"2401.{n:05d}" for n in range(120)]
    asked, pauses = [], []
    results = lookup.lookup_many([("arxiv", i) for i in ids], lambda url: asked.append(url) or b"", pauses.append)
    assert [url.count(",") + 1 for url in asked] == [50, 50, 20] and pauses == [3.0, 3.0]
    assert all(isinstance(r, FetchError) for r in results.values()) and len(results) == 120  # b"": no feed


def test_a_service_out_of_reach_is_asked_once_per_run() -> None:
    asked, pauses = [], []

    def unreachable(url: str) -> bytes:
        asked.append(url)
        return offline(url)

    wanted = [("arxiv", f"2401.{n:05d}") for n in range(120)] + [("doi", f"10.18653/v1/2021.acl-long.{n}") for n in range(5)]
    results = lookup.lookup_many(wanted, unreachable, pauses.append)
    assert len(asked) == 2 and pauses == []  # one request to each service, no waiting
    assert all(isinstance(r, Unreachable) for r in results.values()) and len(results) == 125


TWO_STYLES = (
    "key: hu2021lora\ntitle: \"LoRA: Low-Rank Adaptation of Large Language Models\"\n"
    "authors: [Edward J. Hu, Yelong Shen, Phillip Wallis]\nyear: 2021\n\ndate: \"2021-06-17\"\narxiv: \"2106.09685\"\n"
    "category: peft\ntldr: >\n  Freezes the weights and trains low-rank update matrices.\n"
    "tags: {approach: [lora], modality: [text]}\nfacts:\n  base_models: ['GPT-3 175B', \"RoBERTa\"]\nadded: '2026-11-26'\n",
    "key: 'hu2021lora'\ntitle: 'LoRA: Low-Rank Adaptation of Large Language Models'\nauthors:\n- Edward J. Hu\n- 'Yelong Shen'\n"
    "- Phillip Wallis\nyear: 2021\ndate: '2021-06-17'\narxiv: '2106.09685'\ncategory: \"peft\"\n"
    "tldr: 'Freezes the weights and trains low-rank update matrices.\n\n  '\ntags:\n  approach:\n      - lora\n"
    "  modality: [\"text\"]\nfacts:\n  base_models:\n  - GPT-3 175B\n  - RoBERTa\nadded: \"2026-11-26\"\n",
)


def test_fmt_writes_two_contributors_files_the_same_way(project: Path, capsys) -> None:
    path = project / PAPERS / "hu2021lora.yaml"
    results = []
    for text in TWO_STYLES:
        path.write_text(text, encoding="utf-8")
        assert survey(project, "fmt", str(path), capsys=capsys)[0] == 0
        results.append(path.read_text(encoding="utf-8"))
        assert yaml.safe_load(results[-1]) == yaml.safe_load(text)  # no value changes
    assert results[0] == results[1]
    assert results[0] == SCHEMA_COMMENT + "\n" + (
        "key: hu2021lora\ntitle: 'LoRA: Low-Rank Adaptation of Large Language Models'\nauthors:\n  - Edward J. Hu\n  - Yelong Shen\n"
        "  - Phillip Wallis\nyear: 2021\ndate: '2021-06-17'\narxiv: '2106.09685'\ncategory: peft\n"
        "tldr: |\n  Freezes the weights and trains low-rank update matrices.\ntags:\n  approach:\n    - lora\n  modality:\n    - text\n"
        "facts:\n  base_models:\n    - GPT-3 175B\n    - RoBERTa\nadded: '2026-11-26'\n"
    )


def test_fmt_removes_the_guide_once_tldr_category_and_tags_are_filled(project: Path, capsys) -> None:
    assert survey(project, "new", "--title", "A Guide Test Paper", "--year", "2025", capsys=capsys)[0] == 0
    path = project / PAPERS / "guide2025.yaml"
    scaffold = path.read_text(encoding="utf-8")
    assert survey(project, "fmt", "--check", str(path), capsys=capsys)[0] == 0  # a new file is already canonical
    # Half done: the guide stays.
    path.write_text(scaffold.replace("# tldr: One sentence in your own words: what the paper does or finds.", "tldr: Tests the guide."), encoding="utf-8")
    assert survey(project, "fmt", str(path), capsys=capsys)[0] == 0
    assert "# category: the id of one leaf category:" in path.read_text(encoding="utf-8")
    # Filled in inside the guide, with a comment of the contributor's own there: the guide's lines go.
    text = path.read_text(encoding="utf-8").replace("# category: the id of one leaf category:", "category: peft\n# chosen over comparisons")
    path.write_text(text.replace("# tags: at least one value for each facet:", "tags:\n  approach: [lora]"), encoding="utf-8")
    assert survey(project, "fmt", str(path), capsys=capsys)[0] == 0
    done = path.read_text(encoding="utf-8")
    assert "# ----" not in done and "#   peft" not in done and "# facts" not in done
    assert "# chosen over comparisons" in done
    assert yaml.safe_load(done)["tags"] == {"approach": ["lora"]}
    assert survey(project, "check", capsys=capsys)[0] == 0

