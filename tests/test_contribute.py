"""The contributor's path: survey add / new / fmt / import / check --format github.

The network is replaced by recorded API bodies (tests/data/responses); HTTP errors come from a
real server on 127.0.0.1.
"""

from __future__ import annotations

import html
import http.server
import json
import threading
from pathlib import Path

import pytest
import yaml
from conftest import DATA, mkdocs_build, papers, survey

from survey.contribute.fetch import fetch
from survey.contribute.paper_file import SCHEMA_COMMENT


@pytest.mark.slow
def test_add_from_an_arxiv_url_then_fill_in_check_fmt_and_build(project: Path, capsys) -> None:
    before = papers(project)
    code, out, err = survey(project, "add", "https://arxiv.org/abs/2309.12307v1", capsys=capsys)
    assert code == 0, err
    path = project / "content" / "papers" / "chen2023longlora.yaml"
    assert papers(project) - before == {path.name}
    text = path.read_text(encoding="utf-8")
    assert text.startswith(SCHEMA_COMMENT + "\n")
    data = yaml.safe_load(text)
    assert data["key"] == "chen2023longlora"
    assert data["title"] == "LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models"
    assert data["authors"][0] == "Yukang Chen" and len(data["authors"]) == 7
    assert (data["year"], data["date"], data["arxiv"], data["arxiv_class"]) == (2023, "2023-09-21", "2309.12307", "cs.CL")
    assert data["url"] == "https://arxiv.org/abs/2309.12307" and data["pdf"] == "https://arxiv.org/pdf/2309.12307"
    assert data["abstract"].startswith("We present LongLoRA, an efficient fine-tuning approach")
    assert data["added"] == "2026-11-26"
    assert "category" not in data and "tldr" not in data
    assert "#   peft                         Parameter-efficient tuning" in text  # the guide lists the leaves
    assert "#   approach: [in-context-learning, lora, full-fine-tuning]" in text

    code, _, err = survey(project, "check", capsys=capsys)
    assert code == 1
    assert "content/papers/chen2023longlora.yaml:2:1: category: required field is missing" in err.replace(str(project) + "/", "")
    assert "tldr: required field is missing" in err

    path.write_text(text + "category: position\ntldr: Extends context cheaply with shifted sparse attention and LoRA.\ntags:\n  approach: [lora]\nfacts:\n  max_context: 100000\n", encoding="utf-8")
    assert survey(project, "check", capsys=capsys)[0] == 0
    assert survey(project, "fmt", "--check", capsys=capsys)[0] == 1  # appended fields are out of order
    assert survey(project, "fmt", capsys=capsys)[0] == 0
    assert survey(project, "fmt", "--check", capsys=capsys)[0] == 0
    formatted = path.read_text(encoding="utf-8")
    assert formatted.index("category: position") < formatted.index("abstract:")
    assert "# ----" not in formatted and "#   peft" not in formatted  # tldr, category and tags filled: the guide goes
    assert survey(project, "check", capsys=capsys)[0] == 0

    assert mkdocs_build(project).returncode == 0
    page = html.unescape((project / "site" / "context" / "position" / "index.html").read_text(encoding="utf-8"))
    assert "LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models" in page
    assert "100,000" in page


def test_add_refuses_a_paper_already_there(project: Path, capsys) -> None:
    before = papers(project)
    code, _, err = survey(project, "add", "2106.09685", capsys=capsys, fetcher=lambda url: pytest.fail("no fetch needed"))
    assert code == 1
    assert err.strip().endswith("2106.09685 is already in the survey: " + str(project / "content" / "papers" / "hu2021lora.yaml"))
    (project / "content" / "papers" / "li2021prefixtuning.yaml").write_text(
        "key: li2021prefixtuning\ntitle: 'Prefix-tuning: optimizing continuous prompts for generation'\n", encoding="utf-8")
    code, _, err = survey(project, "add", "10.18653/v1/2021.acl-long.353", capsys=capsys)
    assert code == 1 and "near-identical title" in err and "li2021prefixtuning.yaml" in err
    assert papers(project) == before | {"li2021prefixtuning.yaml"}


def test_add_from_a_doi(project: Path, capsys) -> None:
    code, out, err = survey(project, "add", "https://doi.org/10.18653/v1/2021.acl-long.353", capsys=capsys)
    assert code == 0, err
    data = yaml.safe_load((project / "content" / "papers" / "li2021prefixtuning.yaml").read_text(encoding="utf-8"))
    assert data["authors"] == ["Xiang Lisa Li", "Percy Liang"]
    assert data["year"] == 2021 and data["doi"] == "10.18653/v1/2021.acl-long.353"
    assert data["venue"].startswith("Proceedings of the 59th Annual Meeting")
    assert "abstract" not in data and "arxiv" not in data  # Crossref gave neither: left out


def test_add_of_an_unknown_id_writes_nothing(project: Path, capsys) -> None:
    before = papers(project)
    code, out, err = survey(project, "add", "2401.99999", capsys=capsys)
    assert code == 1
    assert err == "survey: arXiv has no paper 2401.99999; nothing written\n"
    assert papers(project) == before


@pytest.fixture
def failing_server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_error(503, "Service Unavailable")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_http_error_and_offline_are_one_line_and_write_nothing(project: Path, capsys, failing_server: str, monkeypatch) -> None:
    """The servers are the configured arXiv API: fetch requests a local address only when a maintainer set it."""
    before = papers(project)
    monkeypatch.setenv("SURVEY_ARXIV_API", failing_server + "/api")
    code, _, err = survey(project, "add", "2309.12307", capsys=capsys, fetcher=fetch)
    assert code == 1
    assert err == f"survey: {failing_server[7:]} answered HTTP 503 Service Unavailable; nothing written\n"
    monkeypatch.setenv("SURVEY_ARXIV_API", "http://127.0.0.1:9/api")
    code, _, err = survey(project, "add", "2309.12307", capsys=capsys, fetcher=lambda url: fetch(url, timeout=2))
    assert code == 1 and err.count("\n") == 1 and "could not reach 127.0.0.1:9" in err and "nothing written" in err
    assert papers(project) == before


def test_add_rejects_what_is_not_an_identifier(project: Path, capsys) -> None:
    code, _, err = survey(project, "add", "not-a-paper", capsys=capsys)
    assert code == 1 and "neither an arXiv id or URL" in err


def test_new_from_flags(project: Path, capsys) -> None:
    code, out, err = survey(project, "new", "--title", "Tiny Adapters", "--author", "Ann Lee", "--author", "Bo Chen", "--year", "2025", "--arxiv", "2501.00001", capsys=capsys)
    assert code == 0, err
    data = yaml.safe_load((project / "content" / "papers" / "lee2025tiny.yaml").read_text(encoding="utf-8"))
    assert data["authors"] == ["Ann Lee", "Bo Chen"] and data["url"] == "https://arxiv.org/abs/2501.00001"
    code, _, err = survey(project, "new", capsys=capsys)  # nobody answers the prompts: no title
    assert code == 1 and err == "survey: a title is needed: give --title or answer its prompt; nothing written\n"


def test_fmt_is_idempotent_keeps_comments_and_orders_fields(project: Path, capsys) -> None:
    path = project / "content" / "papers" / "interp2023.yaml"
    path.write_text(
        "# a contributor's note\ntldr: Extends the window.   # short on purpose\nkey: interp2023\nyear: 2023\n"
        "title: \"Position Interpolation Without Authors\"\ntags: {approach: [full-fine-tuning]}\n"
        "category: position\nadded: '2026-11-26'\narxiv: '2306.15595'\n", encoding="utf-8")
    assert survey(project, "fmt", "--check", capsys=capsys)[0] == 1
    assert survey(project, "fmt", str(path), capsys=capsys)[0] == 0
    once = path.read_text(encoding="utf-8")
    assert survey(project, "fmt", str(path), capsys=capsys)[0] == 0
    assert path.read_text(encoding="utf-8") == once
    assert "# a contributor's note" in once and "# short on purpose" in once
    keys = [line.split(":")[0] for line in once.splitlines() if line and line[0].isalpha()]
    assert keys == ["key", "title", "year", "arxiv", "category", "tldr", "tags", "added"]
    assert "arxiv: '2306.15595'" in once  # an id that looks like a number stays text
    assert survey(project, "check", capsys=capsys)[0] == 0


def test_fmt_keeps_a_comment_between_a_key_and_its_value(project: Path, capsys) -> None:
    path = project / "content" / "papers" / "hu2021lora.yaml"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    path.write_text(text.replace(title, "title: # the arXiv title, not the venue's\n  " + title.removeprefix("title: ")), encoding="utf-8")
    assert survey(project, "fmt", str(path), capsys=capsys)[0] == 0
    formatted = path.read_text(encoding="utf-8")
    assert "# the arXiv title, not the venue's" in formatted
    assert yaml.safe_load(formatted)["title"] == yaml.safe_load(text)["title"]


def test_fmt_leaves_a_file_whose_comment_it_would_drop(project: Path, capsys) -> None:
    flow = project / "content" / "papers" / "hu2021lora.yaml"
    text = flow.read_text(encoding="utf-8")
    authors = yaml.safe_load(text)["authors"]
    block = text[text.index("authors:") : text.index("\n", text.index(authors[-1]))]
    flow.write_text(text.replace(block, f"authors: [{authors[0]}, # corresponding author\n  {', '.join(authors[1:])}]"), encoding="utf-8")
    own_line = project / "content" / "papers" / "interp2023.yaml"
    own_line.write_text(own_line.read_text(encoding="utf-8").replace("year:", "year:\n  # of the preprint\n ", 1), encoding="utf-8")
    before = {path: path.read_bytes() for path in (flow, own_line)}
    assert yaml.safe_load(flow.read_text(encoding="utf-8"))["authors"] == authors
    normal = project / "content" / "papers" / "muller2024german.yaml"
    normal.write_text(normal.read_text(encoding="utf-8") + "# a note at the end\n", encoding="utf-8")
    normal.write_text("year: 2024\n" + normal.read_text(encoding="utf-8").replace("year: 2024\n", ""), encoding="utf-8")

    code, out, err = survey(project, "fmt", capsys=capsys)
    assert code == 1
    assert f"reformatted {normal}" in out  # the others are still formatted
    assert normal.read_text(encoding="utf-8").index("key:") < normal.read_text(encoding="utf-8").index("year:")
    assert f"{flow}: not reformatted: the comment on line " in err and "(# corresponding author)" in err
    assert f"{own_line}: not reformatted: " in err and "(# of the preprint)" in err
    assert {path: path.read_bytes() for path in before} == before
    assert survey(project, "fmt", "--check", capsys=capsys)[0] == 1


BIB = r"""
@inproceedings{houlsby,
  title = {Parameter-Efficient Transfer Learning for {NLP}},
  author = {Houlsby, Neil and Giurgiu, Andrei and Jastrz{\k{e}}bski, Stanis{\l}aw},
  booktitle = {ICML},
  year = {2019},
  eprint = {1902.00751},
  archivePrefix = {arXiv}
}
@article{adapterfusion,
  title = {{AdapterFusion}: Non-Destructive Task Composition for Transfer Learning},
  author = {Pfeiffer, Jonas and R{\"u}ckl{\'e}, Andreas},
  journal = {arXiv preprint arXiv:2005.00247},
  year = {2020}
}
@misc{urlonly, title = {Found by {URL}}, author = {M\"uller, J\"urgen}, year = {2022}, url = {https://arxiv.org/abs/2201.00002v3}}
@misc{again, title = {LoRA: Low-Rank Adaptation of Large Language Models}, author = {Hu, Edward}, year = {2021}}
@misc{twice, title = {Parameter-efficient transfer learning for NLP}, year = {2019}}
@misc{undated, title = {No Year Here}}
"""


def test_import_a_bibtex_file(project: Path, capsys, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    code, out, err = survey(project, "import", str(bib), capsys=capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[-1].startswith("3 imported, 3 skipped.")
    assert any(line.startswith(f"{bib}:17: skipped again: a paper with a near-identical title is already in the survey") for line in lines)
    assert any(line.startswith(f"{bib}:18: skipped twice: a paper with a near-identical title") and "houlsby2019parameterefficient.yaml" in line for line in lines)
    assert f"{bib}:19: skipped undated: no four-digit year (got '')" in lines
    folder = project / "content" / "papers"
    houlsby = yaml.safe_load((folder / "houlsby2019parameterefficient.yaml").read_text(encoding="utf-8"))
    assert houlsby["title"] == "Parameter-Efficient Transfer Learning for NLP"
    assert houlsby["authors"] == ["Neil Houlsby", "Andrei Giurgiu", "Stanisław Jastrzębski"]
    assert (houlsby["arxiv"], houlsby["venue"]) == ("1902.00751", "ICML")
    fusion = yaml.safe_load((folder / "pfeiffer2020adapterfusion.yaml").read_text(encoding="utf-8"))
    assert fusion["arxiv"] == "2005.00247" and "venue" not in fusion
    assert fusion["authors"] == ["Jonas Pfeiffer", "Andreas Rücklé"]
    found = yaml.safe_load((folder / "muller2022found.yaml").read_text(encoding="utf-8"))
    assert found["arxiv"] == "2201.00002" and found["title"] == "Found by URL"


def test_check_github_annotations(project: Path, capsys) -> None:
    path = project / "content" / "papers" / "interp2023.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2023", "year: 20%3"), encoding="utf-8")
    code, out, err = survey(project, "check", "--format", "github", capsys=capsys)
    assert code == 1
    assert out.splitlines() == [f"::error file={path},line=3,col=7,title=survey check%3A year::year: expected an integer (got '20%253')"]
    assert err == "1 problem found.\n"


def test_fmt_never_changes_what_a_value_says(project: Path, capsys) -> None:
    # This seed abstract once came out of ruamel.yaml folded after "(\\" with a space added.
    seed = [json.loads(line) for line in (DATA / "seed" / "papers.jsonl").read_text(encoding="utf-8").splitlines()]
    abstract = next(p["abstract"] for p in seed if p["title"].startswith("Generative Adapter"))
    assert "(\\eg" in abstract
    path = project / "content" / "papers" / "interp2023.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "abstract: " + json.dumps(abstract) + "\n", encoding="utf-8")
    assert survey(project, "fmt", capsys=capsys)[0] == 0
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["abstract"] == abstract
