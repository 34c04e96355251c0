"""Hostile contributed text, run through a full build: it may only ever appear as inert text.

Every payload in tests/data/hostile/payloads.yaml becomes one paper whose title, authors, venue,
abstract, TL;DR, note and text facts all carry it, plus one paper with a 1 MB abstract. The site is
built for real and every output is checked: HTML pages, the explorer, papers.json, CSL-JSON, the
feed and the BibTeX (which must also compile).
"""

from __future__ import annotations

import json
import re
import unicodedata
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import DATA, compile_bib, copy_project, mkdocs_build, serve
from pybtex.database import parse_file

from survey.outputs.latex import decode

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow

PAYLOADS: list[str] = yaml.safe_load((DATA / "hostile" / "payloads.yaml").read_text(encoding="utf-8"))
HUGE = ("token " * 180_000).strip()  # about 1 MB


def shown(text: str) -> str:
    """How a one-line field must read on the page: controls and direction marks gone, space folded."""
    kept = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf") or c in "\t\n\r")
    return " ".join(kept.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    papers = project / "content" / "papers"
    for i, payload in enumerate(PAYLOADS):
        paper = {
            "key": f"evil{i:02d}", "title": payload, "authors": [payload, "Ann Lee"], "year": 2024,
            "venue": payload, "url": "https://example.org/paper", "category": "peft", "tldr": payload,
            "tags": {"approach": ["lora"]}, "facts": {"method": payload, "base_models": [payload]},
            "added": "2026-11-26", "note": payload, "abstract": payload,
        }
        (papers / f"evil{i:02d}.yaml").write_text(yaml.safe_dump(paper, allow_unicode=True), encoding="utf-8")
    huge = {"key": "huge2024", "title": "A Paper With a Huge Abstract", "year": 2024, "category": "peft",
            "tldr": "Has a 1 MB abstract.", "tags": {"approach": ["lora"]}, "added": "2026-11-26", "abstract": HUGE}
    (papers / "huge2024.yaml").write_text(yaml.safe_dump(huge), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_page_carries_live_markup_from_a_paper(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parsed = _parse(page)
        for tag, attrs in parsed.elements:
            where = f"{page.relative_to(site)}: <{tag} {attrs}>"
            assert tag not in ("iframe", "object", "embed", "base"), where
            assert not (tag == "img" and attrs.get("src") == "x"), where
            assert not (tag == "div" and "markdown" in attrs), where
            assert "evil" not in attrs.get("class", ""), where
            for name, value in attrs.items():
                assert not (name.startswith("on") and "alert" in value), where
                if name in ("href", "src", "action", "formaction", "xlink:href"):
                    assert not value.strip().lower().startswith(("javascript:", "data:text")), where
        for script in parsed.scripts:
            assert "alert" not in script, page
        html = page.read_text(encoding="utf-8")
        assert "<style>body{display:none}" not in html
        assert '<div class="admonition' not in html
        assert "\u202e" not in html and "\x01" not in html and "\x1b" not in html


def test_each_payload_reads_as_text_on_its_page(site: Path) -> None:
    for i, payload in enumerate(PAYLOADS):
        html = (site / "papers" / f"evil{i:02d}" / "index.html").read_text(encoding="utf-8")
        heading = re.search(r"<h1[^>]*>(.*?)(?:<a class=\"headerlink\"[^>]*>&para;</a>)?</h1>", html, re.S).group(1)
        assert unescape(re.sub(r"<[^>]+>", "", heading)).strip() == shown(payload), i
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert unescape(title).startswith(shown(payload)), i
        text = unescape(re.sub(r"<[^>]+>", " ", html))
        assert shown(payload) in " ".join(text.split()), i


def test_category_table_and_explorer_show_payloads_as_text(site: Path) -> None:
    for page in (site / "adaptation" / "peft" / "index.html", site / "explore" / "all" / "1" / "index.html"):
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split())
        for payload in PAYLOADS:
            assert shown(payload) in text, (page.name, payload)


def test_data_exports_parse_and_keep_the_text(site: Path) -> None:
    data = json.loads((site / "papers.json").read_text(encoding="utf-8"))
    records = data["papers"] if isinstance(data, dict) else data
    titles = {record["title"] for record in records}
    assert all(shown(p) in titles or p in titles for p in PAYLOADS)
    assert all("note" not in record for record in records)
    csl = json.loads((site / "papers.csl.json").read_text(encoding="utf-8"))
    assert len(csl) == len(records)
    # The explorer's data: every file parses, and holds each title as the pages show it.
    files = sorted((site / "explore" / "data").glob("*.json"))
    parsed = {f.name: json.loads(f.read_text(encoding="utf-8")) for f in files}
    rows = [row for name, rows in parsed.items() if name.startswith("papers-") for row in rows]
    assert len(rows) == len(records)
    assert all(shown(p) in {row[1] for row in rows} for p in PAYLOADS)
    feed = ET.parse(site / "feed.xml").getroot()  # parses: no control characters, no broken markup
    assert feed.tag.endswith("feed")


def test_bibtex_stays_inert_and_compiles(site: Path, tmp_path: Path) -> None:
    text = (site / "survey.bib").read_text(encoding="utf-8")
    assert not re.search(r"\\(input|write18|def|csname)", text)
    entries = parse_file(str(site / "survey.bib"), "bibtex").entries
    for i, payload in enumerate(PAYLOADS):
        assert decode(entries[f"evil{i:02d}"].fields["title"]) == shown(payload), i
    for backend in ("bibtex", "biber"):
        folder = tmp_path / backend
        folder.mkdir()
        result = compile_bib(folder, text, backend)
        assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def test_a_huge_abstract_is_shown_whole(site: Path) -> None:
    html = (site / "papers" / "huge2024" / "index.html").read_text(encoding="utf-8")
    assert html.count("token") >= 180_000


def test_search_results_show_payloads_as_text(site: Path, open_page) -> None:
    """The header's search (theme/javascripts/search.js) over the hostile pages: titles and excerpts
    are text, Pagefind's <mark> the only element an excerpt brings."""
    titles = {shown(payload) for payload in PAYLOADS}
    with serve(site) as url:
        page = open_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + "papers/huge2024/")
        for words, least in (("alert", 8), ("onerror", 1), ("script", 4), ("xss", 1)):
            field = page.locator("input.md-search__input")
            field.click()
            field.fill(words)
            page.wait_for_selector(".md-search-result[aria-busy=false]", state="attached")
            results = page.locator(".md-search-result__item")
            assert results.count() >= least, words
            for title in results.locator("h1").all_text_contents():
                assert title in titles, (words, title)
            tags = page.evaluate("Array.from(document.querySelectorAll('.md-search-result__list *'), (e) => e.tagName)")
            assert set(tags) <= {"LI", "A", "ARTICLE", "DIV", "H1", "P", "MARK"}, (words, set(tags))
            marks = page.locator(".md-search-result__list mark").all_text_contents()
            assert marks and all(words in mark.lower() for mark in marks), marks  # the words found, as text
        teasers = " ".join(results.locator("p").all_text_contents())
        assert '<script>alert("xss")</script>' in teasers  # shown as it was written
    assert dialogs == []
