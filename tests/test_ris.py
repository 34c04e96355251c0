"""RIS downloads (survey/outputs/ris.py), read back with rispy, a RIS reader nobody here wrote: every
paper one record with its facts, whatever its text holds."""

from __future__ import annotations

import dataclasses

import rispy
from conftest import small_survey

from survey.build import build_site
from survey.model import Venue
from survey.outputs import ris


def test_each_paper_is_one_record_with_its_facts() -> None:
    survey = small_survey()
    records = rispy.loads(ris.ris(survey.papers).decode("utf-8"))
    assert len(records) == len(survey.papers) > 0
    for paper, record in zip(survey.papers, records, strict=True):
        assert record["id"] == paper.key and record["year"] == str(paper.year)
        assert record["title"] == (paper.published_title if paper.published_in and paper.published_title else paper.title)
        assert len(record.get("authors", [])) == len(paper.authors)
        if paper.doi:
            assert record["doi"] == paper.doi


def test_a_published_paper_a_preprint_and_an_organisation() -> None:
    paper = small_survey().papers[0]
    venue = Venue("iclr", "International Conference on Learning Representations", "ICLR", "conference")
    published = dataclasses.replace(paper, published_in=venue, authors=("01.AI", "Edward J. Hu"), arxiv="2106.09685")
    (record,) = rispy.loads(ris.record(published))
    assert record["type_of_reference"] == "CPAPER" and record["secondary_title"] == "International Conference on Learning Representations"
    assert record["authors"] == ["01.AI", "Hu, Edward J."]
    preprint = dataclasses.replace(paper, venue=None, published_in=None, arxiv="2106.09685", doi=None)
    (record,) = rispy.loads(ris.record(preprint))
    assert record["type_of_reference"] == "GEN" and record["publisher"] == "arXiv" and record["urls"] == [preprint.url or "https://arxiv.org/abs/2106.09685"]


def test_no_text_can_end_a_record_or_start_another() -> None:
    paper = dataclasses.replace(small_survey().papers[0], title="Evil\nER  -\nTY  - JOUR\nTI  - Injected", abstract="a\r\nER  - \u2028b")
    text = ris.record(paper)
    records = rispy.loads(text)
    assert len(records) == 1 and records[0]["title"] == "Evil ER - TY - JOUR TI - Injected"
    assert text.count("\nER  -") == 1 and text.endswith("ER  -\n")


def test_the_site_has_the_survey_each_category_and_each_paper_as_ris(project) -> None:
    site = build_site(project / "content")
    downloads = {d.path: d.content for d in site.downloads}
    survey = small_survey()
    assert len(rispy.loads(downloads["survey.ris"].decode("utf-8"))) == len(survey.papers)
    for paper in survey.papers:
        (record,) = rispy.loads(downloads[f"papers/{paper.key}.ris"].decode("utf-8"))
        assert record["id"] == paper.key
    assert all(f"bib/{c.id}.ris" in downloads for c in survey.categories())
    page = next(p for p in site.pages if p.path == f"papers/{survey.papers[0].key}.md")
    assert f'download="{survey.papers[0].key}.ris"' in page.markdown
