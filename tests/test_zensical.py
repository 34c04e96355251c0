"""The exit path from MkDocs 1.x: ``survey render DIR --zensical mkdocs.yml``, then Zensical builds DIR.

Zensical reads mkdocs.yml but runs no mkdocs plugins. The flagship survey (the repository's own
content/) is rendered with the real command and built with the real ``zensical build --strict``,
and its site is compared with the ``mkdocs build`` of the same content. Without Zensical (the
optional ``zensical`` extra) those tests skip, saying how to install it; with CI=true they fail
instead, so CI can never pass without having run them. The layout tests need no Zensical.
"""

from __future__ import annotations

import importlib.util
import json
import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run, search_index, survey_cli, survey_main
from selectolax.lexbor import LexborHTMLParser

from survey import build, urls
from survey.build import build_site
from survey.content.load import load_content
from survey.model import Survey
from survey.publish import html_check
from survey.publish.theme_markup import ThemeMarkup
from survey.site import theme
from survey.site.site import NavEntry, Site

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow

# What only the mkdocs build writes: the gzipped sitemap. (Zensical also writes its own search.json,
# which the site does not use: both builds search with Pagefind, whose files are named by hashes.)
MKDOCS_ONLY = {"sitemap.xml.gz"}


def _missing() -> str | None:
    if importlib.util.find_spec("zensical") is None:
        return "Zensical is not installed: run `.venv/bin/pip install -e '.[test,zensical]'` to build the survey with it"
    return None


@pytest.fixture(scope="module")
def zensical() -> None:
    problem = _missing()
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"{problem} (CI=true: the Zensical tests must run)", pytrace=False)
    if problem:
        pytest.skip(problem)


def _html(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def _served(page: str) -> str:
    """The HTML file a page's source path becomes, with directory URLs (both builders' default)."""
    return urls.Publishing().url(page) + "index.html"


def _entries(nav: Iterable[NavEntry]) -> Iterator[NavEntry]:
    for entry in nav:
        yield from [entry] if entry.path else []
        yield from _entries(entry.children)


def _files(site: Path) -> set[str]:
    """Every file but the theme's own assets/ and the search index (named by their hashes)."""
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return {f for f in files if not f.startswith(("assets/", "pagefind/"))}


@pytest.fixture(scope="module")
def rendered(zensical, tmp_path_factory) -> tuple[Path, Site]:
    """The flagship rendered by the real command, in this process: DIR, and the Site the command
    wrote there, kept as build_site returned it to the command (the tests compare with it; the
    flagship is not rendered a second time for them)."""
    out = tmp_path_factory.mktemp("zensical") / "survey"
    sites: list[Site] = []

    def kept(*args, **options) -> Site:
        sites.append(build_site(*args, **options))
        return sites[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "build_site", kept)  # cli.cmd_render imports it when it runs
        command = survey_main("render", str(out), "--zensical", "mkdocs.yml", cwd=ROOT)
    assert command.returncode == 0, command.stderr
    (site,) = sites
    assert command.stdout == f"Wrote {len(site.pages)} pages and {len(site.downloads)} downloads to {out}\n"
    return out, site


@pytest.fixture(scope="module")
def built(rendered: tuple[Path, Site]) -> Path:
    """The rendered flagship built by the real Zensical; returns DIR."""
    out, _ = rendered
    build_ = run(["-m", "zensical", "build", "--strict", "-f", str(out / "mkdocs.yml")], cwd=out)
    assert build_.returncode == 0, build_.stdout + build_.stderr
    index = run(["-m", "pagefind", "--site", str(out / "site")], cwd=out)  # the README's search step
    assert index.returncode == 0, index.stdout + index.stderr
    return out


@pytest.fixture(scope="module")
def flagship(rendered: tuple[Path, Site]) -> tuple[Survey, Site]:
    """The repository's own survey: its model and its rendered pages, as the builds used them."""
    return load_content(ROOT / "content"), rendered[1]


@pytest.fixture(scope="module")
def mkdocs_site(zensical, flagship_site: Path) -> Path:
    """The flagship built by mkdocs (conftest.py: built once for every test that reads it)."""
    return flagship_site


def test_no_page_or_download_of_the_mkdocs_build_is_missing(built: Path, mkdocs_site: Path) -> None:
    missing = _files(mkdocs_site) - _files(built / "site") - MKDOCS_ONLY
    assert not missing, f"the Zensical build lacks {sorted(missing)[:10]}"
    assert search_index(built / "site").keys() == search_index(mkdocs_site).keys()  # the same pages searched


def test_every_page_says_what_the_mkdocs_page_says(built: Path, mkdocs_site: Path) -> None:
    """Same article text, same sidebar, same citation meta tags (theme/main.html's override)."""

    def seen(tree: LexborHTMLParser, folder: str):
        article = " ".join(tree.css_first("article").text().split())
        nav = [(a.text(strip=True), posixpath.normpath(posixpath.join(folder, a.attributes.get("href") or "")))
               for a in tree.css("nav.md-nav--primary a")]
        meta = [(m.attributes.get("name"), m.attributes.get("content")) for m in tree.css("head meta[name^=citation_]")]
        return article, nav, meta

    pages = sorted(p.relative_to(mkdocs_site).as_posix() for p in mkdocs_site.rglob("*.html") if p.name != "404.html")
    assert len(pages) > 10
    for page in pages:
        folder = posixpath.dirname(page)
        assert seen(_html(built / "site" / page), folder) == seen(_html(mkdocs_site / page), folder), page


def test_home_page_and_the_plugins_nav(built: Path, flagship) -> None:
    survey, site = flagship
    home = _html(built / "site" / "index.html")
    assert home.css_first("article h1").text().rstrip("¶") == survey.title
    article = home.css_first("article").text()
    assert f"{len(survey.papers)} papers" in " ".join(article.split())
    def sidebar(page: str) -> set[tuple[str, str]]:
        tree = _html(built / "site" / page)
        return {(a.text(strip=True), posixpath.normpath(a.attributes.get("href") or "")) for a in tree.css("nav.md-nav--primary a")}

    # navigation.prune: the home page's sidebar lists the top-level entries, and each page's its own
    # section, itself included.
    top = {(entry.title, posixpath.dirname(_served(entry.path)) or ".") for entry in site.nav if entry.path}
    assert top <= sidebar("index.html")
    for entry in _entries(site.nav):
        assert (entry.title, ".") in sidebar(_served(entry.path)), entry
    assert not home.css("nav.md-nav--primary a[href*='papers/']")  # paper pages stay out of the sidebar
    assert home.css_first("link[rel=alternate][type='application/atom+xml']").attributes["href"].endswith("feed.xml")
    for src in ("stylesheets/survey.css", "javascripts/survey.js"):
        assert (built / "site" / src).read_bytes() == (ROOT / "theme" / src).read_bytes()


def test_a_category_page_with_its_comparison_table(built: Path, flagship) -> None:
    survey, _ = flagship
    leaf = next(c for c in survey.categories() if c.is_leaf and c.columns and survey.papers_in(c))
    page = urls.category_page(leaf)
    tree = _html(built / "site" / _served(page))
    assert tree.css_first("article h1").text().rstrip("¶") == leaf.title
    table = tree.css_first("article table")
    headers = [th.text(strip=True) for th in table.css("thead th")]
    assert headers[:3] == ["Paper", "Year", "Venue"]
    assert all(any(column.label in header for header in headers) for column in leaf.columns)
    links = {posixpath.normpath(posixpath.join(posixpath.dirname(_served(page)), a.attributes["href"])) for a in table.css("tbody a")}
    for paper in survey.papers_in(leaf):
        assert posixpath.dirname(_served(urls.paper_page(paper))) in links, paper.key


def test_a_paper_page_with_its_title_and_bibtex(built: Path, flagship) -> None:
    survey, _ = flagship
    paper = min(survey.papers, key=lambda p: p.key)
    tree = _html(built / "site" / _served(urls.paper_page(paper)))
    assert tree.css_first("article h1").text().rstrip("¶") == paper.title
    assert tree.css_first("head meta[name=citation_title]").attributes["content"] == paper.title
    bibtex = next(block.text() for block in tree.css("article pre") if block.text().lstrip().startswith("@"))
    assert re.match(rf"@\w+\{{{re.escape(paper.key)},", bibtex.strip())
    button = tree.css_first(f"article a[download='{paper.key}.bib']")
    assert (built / "site" / "papers" / paper.key / button.attributes["href"]).resolve().is_file()


def test_downloads_are_the_rendered_bytes(built: Path, flagship) -> None:
    survey, site = flagship
    for download in site.downloads:
        assert (built / "site" / download.path).read_bytes() == (built / "docs" / download.path).read_bytes(), download.path
    assert {"survey.bib", "papers.json", "feed.xml"} <= {d.path for d in site.downloads}
    assert len(json.loads((built / "site" / "papers.json").read_text(encoding="utf-8"))["papers"]) == len(survey.papers)
    bib = (built / "site" / "survey.bib").read_text(encoding="utf-8")
    assert all(f"{{{paper.key}," in bib for paper in survey.papers)


def test_the_markup_backstop_still_holds_on_zensicals_pages(built: Path, flagship) -> None:
    """survey/publish/html_check.py runs inside the mkdocs plugin; Zensical has no hook for it, but its
    checks pass on every generated page as Zensical writes it."""
    _, site = flagship
    theme = ThemeMarkup.from_page((built / "site" / "404.html").read_text(encoding="utf-8"))
    assert site.pages
    for page in site.pages:
        served = _served(page.path)
        html = (built / "site" / served).read_text(encoding="utf-8")
        article = LexborHTMLParser(html).css_first("article")  # what the theme put round the content
        content = "".join(node.html or "" for node in article.iter(include_text=True))
        assert html_check.content_problems(content) == [], page.path
        assert html_check.page_problems(html, posixpath.dirname(served), theme) == [], page.path


# The layout `survey render --zensical` writes (the command in this process but for the last test); no Zensical needed.


def test_render_lays_out_a_project_zensical_builds(project: Path) -> None:
    result = survey_main("render", "out", "--zensical", "mkdocs.yml", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "out"
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["INHERIT"] == "../mkdocs.yml" and config["docs_dir"] == "docs" and config["site_dir"] == "site"
    assert config["theme"] == {"custom_dir": "theme"}  # the packaged theme, laid out beside docs/
    assert config["extra_css"] == list(theme.STYLESHEETS) and config["extra_javascript"] == list(theme.SCRIPTS)
    assert (out / "theme" / "main.html").read_bytes() == (ROOT / "theme" / "main.html").read_bytes()
    assert config["nav"][0] == {"Home": "index.md"} and config["nav"][-1] == "about.md"
    assert "papers/" not in json.dumps(config["nav"])
    assert (out / "docs" / "about.md").read_bytes() == (project / "content" / "pages" / "about.md").read_bytes()
    assert (out / "docs" / "papers" / "hu2021lora.md").is_file() and (out / "docs" / "survey.bib").is_file()


def test_a_nav_set_in_mkdocs_yml_is_left_to_inherit(project: Path) -> None:
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as file:
        file.write("nav:\n  - index.md\n")
    assert survey_main("render", "out", "--zensical", "mkdocs.yml", cwd=project).returncode == 0
    assert "nav" not in yaml.safe_load((project / "out" / "mkdocs.yml").read_text(encoding="utf-8"))


def test_a_hand_written_page_with_a_generated_pages_path_is_refused(project: Path) -> None:
    """The real command, in a process of its own: its exit code, and its message without a traceback."""
    (project / "content" / "pages" / "explore.md").write_text("# Mine\n", encoding="utf-8")
    result = survey_cli("render", "out", "--zensical", "mkdocs.yml", cwd=project)
    assert result.returncode == 1
    assert "explore.md:1:1: a generated page has the same path" in result.stderr and "Traceback" not in result.stderr
    assert not (project / "out").exists()
