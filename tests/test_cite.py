"""The "cite as" line of a paper's page against its BibTeX entry (survey/outputs/cite.py), without a
build: on the flagship survey, whose venues come from the registry, every field agrees."""

from __future__ import annotations

import pytest
from conftest import DATA, small_survey

from survey.content.load import load_content
from survey.outputs import bibtex
from survey.outputs.cite import author_list, cite_as


@pytest.fixture(scope="module", params=["test", "flagship-snapshot"])
def survey(request):
    return small_survey() if request.param == "test" else load_content(DATA / "flagship-snapshot")


def test_cite_as_names_what_the_bibtex_entry_names(survey) -> None:
    assert survey.papers
    assert any(paper.entry_type[0] == "inproceedings" and paper.entry_type[1] for paper in survey.papers)
    for paper in survey.papers:
        cite = cite_as(paper)
        entry = bibtex.paper_entry(paper)
        kind, venue_field = paper.entry_type
        assert entry.type == kind, paper.key
        assert f" {paper.year}." in cite and entry.fields["year"] == str(paper.year)
        assert " ".join(paper.title.split()).rstrip(".") in cite, paper.key
        if venue_field:
            assert paper.venue_name, paper.key
            venue = " ".join(paper.venue_name.split())
            assert venue in cite, paper.key  # BibTeX's booktitle or journal
            if kind == "inproceedings":
                assert f"In {venue}." in cite, paper.key
        if paper.authors:
            assert cite.startswith(author_list(paper.authors)), paper.key
            assert len(entry.persons["author"]) == len(paper.authors)
        if paper.arxiv:
            assert f"arXiv:{paper.arxiv}." in cite and entry.fields["eprint"] == paper.arxiv
        if paper.doi:
            assert f"https://doi.org/{paper.doi}" in cite and "doi" in entry.fields
