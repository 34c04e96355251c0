"""The explorer's export, in Chromium: from the flagship's taxonomy and 23 of its papers
(tests/data/flagship-snapshot plus tests/data/export-selection), filtered to the LoRA papers of 2024
with code, each button downloads exactly those papers: the .bib read by pybtex, the .ris by rispy,
the CSL-JSON by json; each record the same bytes as the paper's own download on the site; the file
named after the filter. Unfiltered, the downloads are the site's survey.bib, survey.ris and
papers.csl.json byte for byte; a text search narrows the export; nothing is fetched before a click;
Enter on a focused button downloads; axe-core finds nothing serious after an export, light and dark,
390 and 1440 px; a record file that cannot be fetched makes no file and the status says so. (That only
the files holding selected papers are fetched: tests/test_browser_explorer.py, on 1,050 papers.)
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import rispy
from conftest import DATA, ROWS_SHOWN, axe_violations, choose, copy_project, open_explorer, run, serve
from pybtex.database import parse_string

from survey.content.load import load_content

pytestmark = pytest.mark.slow  # builds a site and drives a browser

SNAPSHOT = DATA / "flagship-snapshot"
EXTRA = DATA / "export-selection"
NAME = "survey-approach-lora-year-2024-code"
BUTTONS = {"bib": "BibTeX", "ris": "RIS", "csl": "CSL-JSON"}
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def built(tmp_path_factory, require_browser) -> Iterator[tuple[str, Path]]:
    """The URL of the served site, and its folder."""
    project = copy_project(tmp_path_factory.mktemp("export") / "project")
    content = project / "content"
    shutil.rmtree(content / "papers")
    (content / "papers").mkdir()
    for name in ("survey.yaml", "paper.schema.json"):
        shutil.copy(SNAPSHOT / name, content / name)
    for paper in [*SNAPSHOT.glob("papers/*.yaml"), *EXTRA.glob("papers/*.yaml")]:
        shutil.copy(paper, content / "papers")
    site = project / "site"
    site.mkdir()
    with serve(site) as url:
        # Not --strict: the flagship's category intros link papers the snapshot does not hold.
        result = run(["-m", "mkdocs", "build"], project, site_url=url)
        assert result.returncode == 0, result.stderr
        yield url, site


@pytest.fixture(scope="module")
def lora_2024_code(built) -> list[str]:
    """The selection's keys, from the project's own loader."""
    survey = load_content(built[1].parent / "content")
    keys = sorted(p.key for p in survey.papers if "lora" in p.tags.get("approach", ()) and p.year == 2024 and p.code)
    assert 0 < len(keys) < len(survey.papers)
    return keys


def _filter_as_a_reader(page) -> None:
    choose(page, "approach", "lora")
    page.select_option("select[name='from']", "2024")
    page.select_option("select[name='to']", "2024")
    page.locator("input[name='code']").check()


def _button(page, format_id: str):
    return page.locator(f"button[data-survey-export='{format_id}']")


def _download(page, format_id: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        _button(page, format_id).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _site_bytes(site: Path, keys: list[str], extension: str) -> list[bytes]:
    return [(site / "papers" / f"{key}.{extension}").read_bytes() for key in keys]


def _csl_lines(text: bytes) -> list[str]:
    """papers.csl.json's items, each as its line holds it (one record a line)."""
    return [line.rstrip(",") for line in text.decode("utf-8").splitlines()[1:-1]]


def test_each_button_downloads_exactly_the_selection_with_the_sites_own_records(page, built, lora_2024_code) -> None:
    url, site = built
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_explorer(page, url)
    _filter_as_a_reader(page)
    count = len(lora_2024_code)
    for format_id, label in BUTTONS.items():
        assert _button(page, format_id).inner_text() == f"{label} ({count})"
    assert set(page.evaluate(ROWS_SHOWN)) <= set(lora_2024_code)  # the rows in view: the export holds every selected paper
    assert [u for u in requested if "/explore/data/bib-" in u or "/explore/data/ris-" in u or "/explore/data/csl-" in u] == []

    name, bib = _download(page, "bib")
    assert name == f"{NAME}.bib"
    assert sorted(parse_string(bib.decode("utf-8"), "bibtex").entries) == lora_2024_code
    # Each entry as the paper's own .bib on the site, joined as survey.bib joins them.
    assert bib == b"\n".join(_site_bytes(site, lora_2024_code, "bib"))
    status = page.locator(".survey-explorer__exported")
    assert status.get_attribute("role") == "status"
    assert status.inner_text() == f"Downloaded {NAME}.bib: {count} papers in BibTeX."

    name, ris = _download(page, "ris")
    assert name == f"{NAME}.ris"
    records = rispy.loads(ris.decode("utf-8"))
    assert sorted(r["id"] for r in records) == lora_2024_code
    assert all(r["title"] and r["authors"] and r["year"] == "2024" for r in records)
    assert ris == b"".join(_site_bytes(site, lora_2024_code, "ris"))

    name, csl = _download(page, "csl")
    assert name == f"{NAME}.json"
    items = json.loads(csl)
    assert sorted(item["id"] for item in items) == lora_2024_code
    whole = dict(zip([json.loads(line)["id"] for line in _csl_lines((site / "papers.csl.json").read_bytes())],
                     _csl_lines((site / "papers.csl.json").read_bytes()), strict=True))
    assert _csl_lines(csl) == [whole[key] for key in lora_2024_code]
    assert page.locator(".survey-explorer__exported").inner_text() == f"Downloaded {NAME}.json: {count} papers in CSL-JSON."


def test_unfiltered_the_downloads_are_the_sites_whole_survey_files(page, built) -> None:
    url, site = built
    open_explorer(page, url)
    for format_id, whole in (("bib", "survey.bib"), ("ris", "survey.ris"), ("csl", "papers.csl.json")):
        name, data = _download(page, format_id)
        assert name == "survey-all." + ("json" if format_id == "csl" else format_id)
        assert data == (site / whole).read_bytes()


def test_a_text_search_narrows_the_export_and_the_keyboard_reaches_the_buttons(page, built, lora_2024_code) -> None:
    url, _ = built
    open_explorer(page, url)
    _filter_as_a_reader(page)
    page.fill("input[name='search']", "low rank")
    shown = ["hayou2024lora", "liu2024dora", "xu2024breakformake"]  # "Low Rank" or "Low-Rank" in their titles
    assert set(shown) < set(lora_2024_code)
    page.wait_for_function("document.querySelector(\"button[data-survey-export='bib']\").textContent === 'BibTeX (3)'")
    assert sorted(page.evaluate(ROWS_SHOWN)) == shown
    _button(page, "bib").focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    assert info.value.suggested_filename == "survey-search-low-rank-approach-lora-year-2024-code.bib"
    assert sorted(parse_string(Path(info.value.path()).read_text(encoding="utf-8"), "bibtex").entries) == shown


def test_with_nothing_selected_the_buttons_are_disabled(page, built) -> None:
    url, _ = built
    open_explorer(page, url, "?search=zzzznothing")
    for format_id, label in BUTTONS.items():
        assert _button(page, format_id).inner_text() == f"{label} (0)"
        assert _button(page, format_id).is_disabled()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1440])
def test_axe_finds_nothing_serious_after_an_export(open_view, built, scheme: str, width: int) -> None:
    page = open_view(width, scheme)
    open_explorer(page, built[0], "?approach=lora&from=2024&to=2024&code=1")
    _download(page, "ris")
    assert page.locator(".survey-explorer__exported").inner_text().startswith(f"Downloaded {NAME}.ris")
    assert axe_violations(page, impacts=SERIOUS) == []
    # And with nothing to export: the buttons disabled, the page still clean.
    page.fill("input[name='search']", "zzzznothing")
    page.wait_for_function("document.querySelector(\"button[data-survey-export='bib']\").disabled")
    assert axe_violations(page, impacts=SERIOUS) == []


def test_when_the_records_cannot_be_fetched_the_status_says_nothing_was_downloaded(page, built) -> None:
    url, _ = built
    page.route("**/explore/data/ris-*.json", lambda route: route.abort())
    downloads: list[object] = []
    page.on("download", lambda download: downloads.append(download))
    open_explorer(page, url)
    _button(page, "ris").click()
    status = page.locator(".survey-explorer__exported")
    page.wait_for_function("document.querySelector('.survey-explorer__exported').textContent.includes('could not')")
    assert status.inner_text() == "The papers could not be loaded: nothing was downloaded."
    assert downloads == []
    assert page.errors == ["Failed to load resource: net::ERR_FAILED"]  # Chromium's line for the refused file, and no script error
    page.errors.clear()
