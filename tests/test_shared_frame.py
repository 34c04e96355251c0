"""The parts of the page frame that many pages show alike are rendered once a build
(survey/publish/shared_blocks.py): the pages come out byte for byte as when every page renders
its whole frame, and a custom_dir whose frame shows something of its page keeps it on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project, copy_repository, mkdocs_build
from selectolax.lexbor import LexborHTMLParser

pytestmark = pytest.mark.slow  # builds the site

UNSHARED = "  - survey:\n      content: content\n      shared_frame: false\n"


def _unshared(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - survey:\n      content: content\n" in text
    config.write_text(text.replace("  - survey:\n      content: content\n", UNSHARED, 1), encoding="utf-8")


def _pages(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*.html")}


def test_the_flagship_is_the_same_with_its_frame_rendered_for_every_page(tmp_path: Path, flagship_site: Path) -> None:
    project = copy_repository(tmp_path / "repo")
    _unshared(project)
    built = mkdocs_build(project, "--site-dir", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr
    shared, unshared = _pages(flagship_site), _pages(tmp_path / "site")
    assert sum(path.startswith("papers/") for path in shared) > 400  # many pages outside the nav, at one depth
    assert sorted(shared) == sorted(unshared)
    differ = [path for path in shared if shared[path] != unshared[path]]
    assert differ == []


def test_a_custom_dir_whose_navigation_shows_its_page_keeps_it_on_every_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    nav = project / "overrides" / "partials" / "nav.html"
    nav.parent.mkdir(parents=True)
    # Page titles come HTML-escaped (survey/site/render.py), as the theme prints them.
    nav.write_text('<nav class="own-nav">{{ page.title }}</nav>\n', encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1), encoding="utf-8")
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    papers = sorted((project / "site" / "papers").glob("*/index.html"))
    assert len(papers) >= 3  # the third is where a kept part would show
    for page in papers:
        html = LexborHTMLParser(page.read_text(encoding="utf-8"))
        assert html.css_first(".own-nav").text() == html.css_first("meta[name=citation_title]").attributes["content"], page
