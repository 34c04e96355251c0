"""The flagship survey in content/: complete, classified, and faithful to the seed data.

tests/data/seed is a copy of the seed the survey starts from (see its README).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from conftest import DATA, ROOT
from pybtex.database import parse_string
from test_bibtex import _compile

from survey.content.load import load_content
from survey.outputs import bibtex

SEED = DATA / "seed"


def _jsonl(name: str) -> dict[int, dict]:
    rows = [json.loads(line) for line in (SEED / name).read_text(encoding="utf-8").splitlines()]
    return {row["n"]: row for row in rows}


@pytest.fixture(scope="module")
def survey():
    return load_content(ROOT / "content", display_root=ROOT)


@pytest.fixture(scope="module")
def by_arxiv(survey):
    return {p.arxiv: p for p in survey.papers}


def test_every_seed_paper_is_in_the_survey_with_its_facts(survey, by_arxiv) -> None:
    papers, metadata = _jsonl("papers.jsonl"), _jsonl("metadata.jsonl")
    assert len(survey.papers) == len(metadata) == 234
    for n, meta in metadata.items():
        paper = by_arxiv[meta["arxiv"]]
        assert paper.title == papers[n]["title"]
        assert paper.abstract == papers[n]["abstract"]
        assert list(paper.authors) == (meta["authors"] or [])
        assert paper.year == meta["year"]
        assert paper.date == meta["date"]
        assert paper.venue == meta["venue"]
        assert paper.url == f"https://arxiv.org/abs/{meta['arxiv']}"
        if meta["code"]:
            assert paper.code == meta["code"]
        if meta["confidence"] == "medium":
            assert paper.note and "medium confidence" in paper.note
        published = re.search(r"published as '([^']+)'", meta["note"] or "")
        assert paper.published_title == (published.group(1) if published else None)


def test_every_paper_is_classified(survey) -> None:
    leaves = {c.id for c in survey.categories() if c.is_leaf}
    for paper in survey.papers:
        assert paper.category in leaves
        assert paper.tldr.strip() and not paper.tldr.startswith(paper.abstract[:40])
        assert paper.tldr.count(". ") == 0, f"{paper.key}: TL;DR is more than one sentence"
        for facet in survey.facets:
            assert paper.tags.get(facet.id), f"{paper.key}: no {facet.id} tag"


def test_leaves_are_balanced_and_their_tables_filled(survey) -> None:
    for category in survey.categories():
        if not category.is_leaf:
            continue
        papers = survey.papers_in(category)
        assert 3 <= len(papers) <= 25, f"{category.id} has {len(papers)} papers"
        filled = [c.key for c in category.columns if any(c.key in p.facts for p in papers)]
        assert len(filled) >= 2, f"{category.id}: only {filled} filled"
        assert category.intro.count(".") >= 2, f"{category.id}: intro too short"


def test_icl_versus_fine_tuning_evidence_table(survey) -> None:
    (table,) = [t for t in survey.tables if t.category == "icl-vs-ft"]
    members = [p for p in survey.papers if "evidence_finding" in p.facts]
    assert len(members) >= 20
    comparisons = survey.papers_in(survey.category("icl-vs-ft-comparisons"))
    assert all("evidence_finding" in p.facts for p in comparisons)


@pytest.mark.slow
def test_survey_bib_compiles_with_bibtex_and_biber(tmp_path: Path, survey) -> None:
    text = bibtex.Bibliography(survey.papers, survey.protected_words).text()
    assert len(parse_string(text, "bibtex").entries) == 234
    for backend in ("bibtex", "biber"):
        folder = tmp_path / backend
        folder.mkdir()
        result = _compile(folder, text, backend)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-3000:]
        assert "error" not in output.lower(), output[-3000:]
        latex = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=folder, capture_output=True, text=True, errors="replace")
        assert latex.returncode == 0, latex.stdout[-3000:]


def test_paper_files_are_in_canonical_form(survey) -> None:
    from survey.contribute.paper_file import SCHEMA_COMMENT, canonical

    for path in sorted((ROOT / "content" / "papers").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(SCHEMA_COMMENT + "\n"), path.name
        assert canonical(text, survey) == text, f"{path.name}: run `survey fmt`"
