"""The downloads: BibTeX (lean and full), papers.json, CSL-JSON and the Atom feed, each parsed with a
real parser; and the same content always gives the same bytes."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import DATA, make_paper
from pybtex.database import parse_bytes

from survey import urls
from survey.build import build_site
from survey.outputs.exports import PAPER_FIELDS, newest, newest_first
from survey.site import render
from survey.urls import Publishing

ATOM = "{http://www.w3.org/2005/Atom}"
KEYS = ["hu2021lora", "interp2023", "muller2024german"]


@pytest.fixture(scope="module")
def downloads() -> dict[str, bytes]:
    site = build_site(DATA / "content", display_root=DATA)
    return {d.path: d.content for d in site.downloads}


def test_survey_bib_is_lean_and_survey_full_bib_has_the_abstracts(downloads) -> None:
    lean = parse_bytes(downloads[urls.SURVEY_BIB], "bibtex")
    full = parse_bytes(downloads[urls.SURVEY_FULL_BIB], "bibtex")
    assert sorted(lean.entries) == sorted(full.entries) == KEYS
    assert not any("abstract" in e.fields for e in lean.entries.values())
    assert full.entries["hu2021lora"].fields["abstract"].startswith("An important paradigm of natural language processing")
    assert "abstract" not in full.entries["interp2023"].fields  # it has none
    assert dict(lean.entries["hu2021lora"].fields) == {k: v for k, v in full.entries["hu2021lora"].fields.items() if k != "abstract"}
    assert sorted(parse_bytes(downloads["bib/context.bib"], "bibtex").entries) == ["interp2023"]


def test_papers_json_holds_every_documented_field(downloads) -> None:
    data = json.loads(downloads[urls.PAPERS_JSON])
    assert data["title"] == "Test Survey"
    assert [f["id"] for f in data["facets"]] == ["approach", "modality"]
    assert {"id": "peft", "title": "Parameter-efficient tuning", "parent": "adaptation"} in data["categories"]
    papers = {p["key"]: p for p in data["papers"]}
    assert [p["key"] for p in data["papers"]] == KEYS
    for paper in data["papers"]:
        assert list(paper) == [name for name, _ in PAPER_FIELDS]
    lora = papers["hu2021lora"]
    assert lora["authors"] == ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"]
    assert lora["categories"] == ["adaptation", "peft"]
    assert lora["tags"] == {"approach": ["lora"], "modality": ["text"]}
    assert lora["facts"]["base_models"] == ["GPT-3 175B", "RoBERTa"] and lora["facts"]["trainable_params"] == 0.01
    assert lora["page"] == "papers/hu2021lora/"
    assert set(lora["related"]) <= set(KEYS) - {"hu2021lora"}
    assert papers["interp2023"]["authors"] == [] and papers["interp2023"]["venue"] is None
    assert "note" not in lora and "NOTE-MUST-NOT-LEAK" not in downloads[urls.PAPERS_JSON].decode()


def test_csl_json_is_what_zotero_imports(downloads) -> None:
    items = {item["id"]: item for item in json.loads(downloads[urls.CSL_JSON])}
    assert sorted(items) == KEYS
    lora = items["hu2021lora"]
    assert lora["type"] == "paper-conference" and lora["container-title"] == "ICLR 2022"
    assert lora["author"][0] == {"family": "Hu", "given": "Edward J."}
    assert lora["issued"] == {"date-parts": [[2021, 6, 17]]}
    assert lora["number"] == "arXiv:2106.09685" and lora["URL"] == "https://arxiv.org/abs/2106.09685"
    assert lora["abstract"].startswith("An important paradigm")
    german = items["muller2024german"]
    assert german["type"] == "article-journal" and german["DOI"] == "10.1145/1234567.890"
    assert german["author"] == [{"family": "Müller", "given": "Jürgen"}, {"family": "Miłoś", "given": "Piotr"}, {"literal": "01.AI"}]
    interp = items["interp2023"]
    assert interp["type"] == "article" and interp["publisher"] == "arXiv" and "author" not in interp
    assert interp["issued"] == {"date-parts": [[2023]]}
    allowed = {"id", "type", "title", "author", "issued", "container-title", "publisher", "number", "DOI", "URL", "abstract"}
    assert all(set(item) <= allowed for item in items.values())


def test_atom_feed_lists_the_newest_additions_first(downloads) -> None:
    feed = ET.fromstring(downloads[urls.FEED])
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    # Newest `added` first (two papers on 2026-11-26: the 2024 paper before the 2021 one), then
    # interp2023 of 2026-11-20.
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links == ["papers/muller2024german/", "papers/hu2021lora/", "papers/interp2023/"]
    assert feed.findtext(f"{ATOM}updated") == "2026-11-26T00:00:00Z"
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2026-11-26T00:00:00Z"] * 2 + ["2026-11-20T00:00:00Z"]
    first = entries[1]
    assert first.findtext(f"{ATOM}title") == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert [a.findtext(f"{ATOM}name") for a in first.findall(f"{ATOM}author")] == ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"]
    assert first.findtext(f"{ATOM}summary").startswith("Freezes the weights")
    assert first.find(f"{ATOM}category").get("term") == "peft"
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 3 and all(i.startswith("urn:uuid:") for i in ids)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "feed.xml"


def test_a_site_url_makes_the_links_absolute() -> None:
    site = build_site(DATA / "content", display_root=DATA, publishing=Publishing("https://example.org/survey/", False))
    files = {d.path: d.content for d in site.downloads}
    feed = ET.fromstring(files[urls.FEED])
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/survey/feed.xml"
    assert feed.find(f"{ATOM}entry/{ATOM}link").get("href") == "https://example.org/survey/papers/muller2024german.html"
    assert json.loads(files[urls.PAPERS_JSON])["papers"][0]["page"] == "https://example.org/survey/papers/hu2021lora.html"


def test_hostile_text_stays_text_in_every_export(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(DATA / "content", content)
    path = content / "papers" / "interp2023.yaml"
    title = 'A <b>"bold"</b> & </title><script>x</script> \abell'
    text = path.read_text(encoding="utf-8").replace("title: Position Interpolation Without Authors", f"title: {json.dumps(title)}")
    path.write_text(text, encoding="utf-8")
    files = {d.path: d.content for d in build_site(content, display_root=tmp_path).downloads}
    entries = ET.fromstring(files[urls.FEED]).findall(f"{ATOM}entry")
    entry = next(e for e in entries if "interp2023" in e.find(f"{ATOM}link").get("href"))
    assert entry.findtext(f"{ATOM}title") == title.replace("\a", "")  # XML cannot hold the control character
    assert next(p for p in json.loads(files[urls.PAPERS_JSON])["papers"] if p["key"] == "interp2023")["title"] == title
    assert next(i for i in json.loads(files[urls.CSL_JSON]) if i["id"] == "interp2023")["title"] == title


def test_same_content_same_bytes(tmp_path: Path) -> None:
    """Two renders in processes with different string hashing (set order) give identical files."""
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        command = [sys.executable, "-m", "survey.cli", "--content", str(DATA / "content"), "render", str(out)]
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=tmp_path)
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert trees[0] == trees[1]
    assert {"papers.json", "papers.csl.json", "feed.xml", "survey-full.bib", "explore.md", "statistics.md"} <= set(trees[0])


# The newest additions: by `added`, then the paper's own date, the latest named one by one.


def _keys(papers) -> list[str]:
    return [p.key for p in papers]


def test_newest_first_orders_by_added_then_by_the_papers_date_then_key() -> None:
    papers = [
        make_paper("old-day", added="2026-01-01", year=2025, date="2025-12-01"),
        make_paper("year-only", added="2026-02-01", year=2023),
        make_paper("dated", added="2026-02-01", year=2023, date="2023-03-05"),
        make_paper("later-year", added="2026-02-01", year=2024),
        make_paper("b-twin", added="2026-02-01", year=2022, date="2022-01-01"),
        make_paper("a-twin", added="2026-02-01", year=2022, date="2022-01-01"),
    ]
    # A dated paper of 2023 counts as newer than one known only by its year 2023.
    assert _keys(newest_first(papers)) == ["later-year", "dated", "year-only", "a-twin", "b-twin", "old-day"]
    assert _keys(newest_first(list(reversed(papers)))) == _keys(newest_first(papers))


def test_the_newest_are_named_one_by_one_even_from_a_large_batch() -> None:
    seed = [make_paper(f"seed{i:03}", added="2026-11-26", year=2020 + i % 5) for i in range(234)]
    week = [make_paper(f"new{i}", added="2026-12-03", year=2024 + i % 2) for i in range(3)]
    shown = newest(seed + week, 10)
    assert len(shown) == 10 and shown == newest_first(seed + week)[:10]
    assert _keys(shown[:3]) == ["new1", "new0", "new2"] and {p.added for p in shown[3:]} == {"2026-11-26"}
    assert newest(week, 10) == newest_first(week)
    assert newest([], 10) == []


def _home_newest(content: Path) -> str:
    home = next(page for page in build_site(content).pages if page.path == urls.HOME)
    return home.markdown.split("## Newest additions", 1)[1].split("\n## ", 1)[0]


def test_the_home_page_names_the_newest_and_links_to_all_of_them(tmp_path: Path, monkeypatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(DATA / "content", content)
    for path in (content / "papers").glob("*.yaml"):  # the test survey joins as one batch
        path.write_text(re.sub(r"added: .*", 'added: "2026-12-01"', path.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(render, "NEWEST_ON_HOME", 2)
    section = _home_newest(content)
    assert re.findall(r"\]\(papers/(\w+)\.md\)", section) == ["muller2024german", "interp2023"]  # the feed's first two
    lines = [html.unescape(line) for line in section.splitlines() if line.startswith("- ")]  # the page shows it unescaped
    assert lines[1] == "- [Position Interpolation Without Authors](papers/interp2023.md) (2023), added 2026-12-01"
    assert "[All 3 papers by date added, newest first](explore.md?sort=-added)" in section
    assert "[Atom feed](feed.xml)" in section
