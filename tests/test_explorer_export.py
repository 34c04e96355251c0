"""The explorer's export without a browser (survey/site/explorer/export.py): the record files the
buttons fetch hold every paper once, in the explorer's order, 25 a file; joined in key order as
export.js joins them, they are the site's survey.bib, survey.ris and papers.csl.json byte for byte;
the form holds the buttons. tests/test_browser_export.py clicks them in Chromium."""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import make_paper, small_survey
from selectolax.lexbor import LexborHTMLParser

from survey import urls
from survey.site import explorer
from survey.site.explorer import data, export
from survey.site.render import render_site

EXTRA = 60  # papers added to the small survey: three record files a format


@pytest.fixture(scope="module")
def site():
    survey = small_survey()
    more = [make_paper(f"extra{i:02d}", title=f"Paper {i} with an accent in Müller's \u201cquotes\u201d", year=2010 + i % 15,
                       authors=("Jörg Müller", f"Second Author{i}"), abstract=f"Abstract {i}.\n\nTwo paragraphs.")
            for i in range(EXTRA)]
    survey = dataclasses.replace(survey, papers=[*survey.papers, *more])
    return survey, {d.path: d.content for d in render_site(survey).downloads}


def _records(files: dict[str, bytes], format_id: str) -> list[list[str]]:
    found, n = [], 0
    while export.record_path(format_id, n) in files:
        found += json.loads(files[export.record_path(format_id, n)])
        n += 1
    return found


def test_the_record_files_hold_every_paper_once_in_the_explorers_order(site) -> None:
    survey, files = site
    order = [p.key for p in data.ordered(survey)]
    assert len(order) > 2 * export.CHUNK
    for each in export.FORMATS:
        records = _records(files, each.id)
        assert [key for key, _ in records] == order
        sizes = [len(json.loads(files[export.record_path(each.id, n)])) for n in range(len(order) // export.CHUNK + 1)]
        assert sizes[:-1] == [export.CHUNK] * (len(sizes) - 1) and 0 < sizes[-1] <= export.CHUNK


def test_joined_in_key_order_the_records_are_the_sites_whole_files(site) -> None:
    _, files = site
    bib, ris, csl = (sorted(_records(files, f)) for f in ("bib", "ris", "csl"))
    assert "\n".join(text for _, text in bib).encode() == files[urls.SURVEY_BIB]
    assert "".join(text for _, text in ris).encode() == files[urls.SURVEY_RIS]
    assert ("[\n" + ",\n".join(f" {text}" for _, text in csl) + "\n]\n").encode() == files[urls.CSL_JSON]
    for key, text in bib:  # and each record is the paper's own download
        assert text.encode() == files[f"papers/{key}.bib"]
    for key, text in ris:
        assert text.encode() == files[f"papers/{key}.ris"]


def test_the_form_holds_labelled_buttons_that_say_how_many_papers_they_export(site) -> None:
    survey, _ = site
    form = LexborHTMLParser(str(explorer.filter_form(survey)))
    group = form.css_first(".survey-explorer__export")
    assert group.attributes["role"] == "group"
    assert form.css_first(f"#{group.attributes['aria-labelledby']}").text() == "Download these papers:"
    assert group.attributes["data-survey-chunk"] == str(export.CHUNK)
    buttons = group.css("button")
    assert [(b.attributes["type"], b.attributes["data-survey-export"], b.text()) for b in buttons] == [
        ("button", "bib", f"BibTeX ({len(survey.papers)})"), ("button", "ris", f"RIS ({len(survey.papers)})"),
        ("button", "csl", f"CSL-JSON ({len(survey.papers)})"),
    ]
    assert group.css_first(".survey-explorer__exported").attributes["role"] == "status"
