"""Where pages live: relative links, URLs, and ids that would put two pages at one address."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import mkdocs_build, survey_main
from hypothesis import given
from hypothesis import strategies as st

from survey import urls
from survey.errors import ContentError
from survey.site.site import Page, Site


@pytest.mark.parametrize(("target", "page", "expected"), [
    ("papers/a.md", "index.md", "papers/a.md"),
    ("papers/a.md", "explore.md", "papers/a.md"),
    ("index.md", "adaptation/peft.md", "../index.md"),
    ("papers/a.bib", "papers/a.md", "a.bib"),
])
def test_relative_links_between_source_files(target: str, page: str, expected: str) -> None:
    assert urls.relative(target, page) == expected


@pytest.mark.parametrize(("publishing", "page", "url"), [
    (urls.Publishing(), "index.md", ""),
    (urls.Publishing(), "explore.md", "explore/"),
    (urls.Publishing(), "adaptation/index.md", "adaptation/"),
    (urls.Publishing(directory_urls=False), "adaptation/peft.md", "adaptation/peft.html"),
    (urls.Publishing("https://example.org/survey/"), "papers/a.md", "https://example.org/survey/papers/a/"),
])
def test_urls_follow_the_builders_settings(publishing: urls.Publishing, page: str, url: str) -> None:
    assert publishing.url(page) == url


def test_reserved_names_come_from_the_sites_own_paths() -> None:
    reserved = urls.reserved_names()
    for name in ("explore", "statistics", "downloads", "papers", "bib", "schema", "pagefind", "assets", "index"):
        assert name in reserved


def _rename_top(project: Path, old: str, new: str) -> None:
    survey_file = project / "content" / "survey.yaml"
    survey_file.write_text(survey_file.read_text(encoding="utf-8").replace(f"id: {old}\n", f"id: {new}\n", 1), encoding="utf-8")


@pytest.mark.parametrize(("name", "what"), [("explore", "the explorer"), ("statistics", "the statistics page"), ("downloads", "the downloads page")])
def test_a_top_level_category_cannot_take_a_site_pages_address(project: Path, name: str, what: str) -> None:
    _rename_top(project, "adaptation", name)
    result = survey_main("--content", "content", "check", cwd=project)
    assert result.returncode == 1
    assert f"content/survey.yaml:28:9: taxonomy[0].id: '{name}' would share the address /{name}/ with {what}; choose another id" in result.stderr


def test_a_sub_category_cannot_be_called_index(project: Path) -> None:
    _rename_top(project, "peft", "index")
    result = survey_main("--content", "content", "check", cwd=project)
    assert result.returncode == 1
    assert "taxonomy[0].children[0].id: 'index' would share its address with the overview page" in result.stderr


def test_the_renderer_refuses_two_files_at_one_output_path() -> None:
    site = Site(pages=[Page("explore.md", "", "content/survey.yaml"), Page("explore/index.md", "", "content/survey.yaml")])
    with pytest.raises(ContentError) as raised:
        site.refuse_shared_paths(urls.Publishing())
    assert "explore/index.md would be written to explore/, as would explore.md (from content/survey.yaml)" in str(raised.value)


@pytest.mark.slow
def test_a_hand_written_page_at_a_categorys_address_fails_the_build(project: Path) -> None:
    (project / "content" / "pages" / "adaptation.md").write_text("# Mine\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "content/survey.yaml and content/pages/adaptation.md would both be written to adaptation/index.html" in result.stderr


@given(st.lists(st.sampled_from(["a", "b", "papers", "x.md", "."]), max_size=5), st.lists(st.sampled_from(["a", "b", "papers", "."]), max_size=5))
def test_relpath_is_posix_relpath_for_site_paths(path: list[str], start: list[str]) -> None:
    import posixpath

    from survey.urls import relpath

    target, origin = "/".join(path) or ".", "/".join(start) or "."
    assert relpath(target, origin) == posixpath.relpath(target, origin)
