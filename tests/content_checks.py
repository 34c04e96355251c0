"""What the flagship survey's content keeps true however it grows: the invariants a valid contribution
never breaks. tests/test_flagship_content.py runs them on content/, tests/test_contribution_path.py
on a copy with papers added by the project's own commands.

Nothing here counts papers, categories or leaves, or expects a paper to have an abstract, authors, a
venue or code: a new paper may lack any of them (README: "Nothing may assume a fixed count").
How many papers a leaf holds is the maintainers' call (CONTRIBUTING: they split a leaf that grows
past about 25), not a reason to fail a contributor's pull request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from conftest import DATA
from pybtex.database import parse_string

from survey.content.load import load_content
from survey.contribute.paper_file import SCHEMA_COMMENT, canonical
from survey.model import Survey
from survey.outputs import bibtex

SEED = DATA / "seed"  # a copy of the seed the survey starts from (see its README)
Check = Callable[[Survey, Path], None]


def _jsonl(name: str) -> dict[int, dict]:
    rows = [json.loads(line) for line in (SEED / name).read_text(encoding="utf-8").splitlines()]
    return {row["n"]: row for row in rows}


def every_seed_paper_is_there_with_its_seed_facts(survey: Survey, content: Path) -> None:
    papers, metadata = _jsonl("papers.jsonl"), _jsonl("metadata.jsonl")
    by_arxiv = {p.arxiv: p for p in survey.papers if p.arxiv}
    for n, meta in metadata.items():
        paper = by_arxiv.get(meta["arxiv"])
        assert paper is not None, f"seed paper {n} (arXiv {meta['arxiv']}) is missing"
        assert paper.title == papers[n]["title"], paper.key
        assert paper.abstract == papers[n]["abstract"], paper.key
        assert list(paper.authors) == (meta["authors"] or []), paper.key
        assert paper.date == meta["date"], paper.key
        if meta["venue"]:
            # Nothing lost in the move to the venue registry: the seed's venue names the paper's venue,
            # and its year (where it gives one) is the year of publication, unless a recorded source
            # (the paper's `sources`) corrected it.
            matched = survey.match_venue(meta["venue"])
            assert matched is not None, f"{paper.key}: seed venue {meta['venue']!r} is in no registry entry"
            assert paper.published_in is not None and paper.published_in.id == matched[0].id, paper.key
            assert paper.year == matched[1] or matched[1] is None or paper.sources, paper.key
        elif paper.published_in is None:
            assert paper.year == meta["year"], paper.key  # a preprint keeps its arXiv year
        else:
            assert paper.sources, f"{paper.key}: a venue the seed does not give needs a recorded source"
        assert paper.url == f"https://arxiv.org/abs/{meta['arxiv']}", paper.key
        if meta["code"]:
            assert paper.code == meta["code"], paper.key
        if meta["confidence"] == "medium":
            assert paper.note and "medium confidence" in paper.note, paper.key
        published = re.search(r"published as '([^']+)'", meta["note"] or "")
        if published:
            assert paper.published_title == published.group(1), paper.key
        elif paper.published_title:  # found later, with the page that shows it
            assert paper.sources, paper.key


def every_paper_is_classified(survey: Survey, content: Path) -> None:
    leaves = {c.id for c in survey.categories() if c.is_leaf}
    for paper in survey.papers:
        assert paper.category in leaves, f"{paper.key}: {paper.category} is not a leaf"
        assert paper.tldr.strip(), f"{paper.key}: no TL;DR"
        if paper.abstract:  # the TL;DR is the survey's own words, not the abstract's first sentence
            assert not paper.tldr.startswith(paper.abstract[:40]), f"{paper.key}: TL;DR copies the abstract"
        assert paper.tldr.count(". ") == 0, f"{paper.key}: TL;DR is more than one sentence"
        for facet in survey.facets:
            assert paper.tags.get(facet.id), f"{paper.key}: no {facet.id} tag"


def every_leaf_has_an_intro_and_a_filled_table(survey: Survey, content: Path) -> None:
    for category in survey.categories():
        if not category.is_leaf:
            continue
        assert category.intro.count(".") >= 2, f"{category.id}: intro too short"
        papers = survey.papers_in(category)
        if papers and category.columns:  # adding papers only fills more columns
            filled = [c.key for c in category.columns if any(c.key in p.facts for p in papers)]
            assert len(filled) >= min(2, len(category.columns)), f"{category.id}: only {filled} filled"


def icl_versus_fine_tuning_comparisons_join_the_evidence_table(survey: Survey, content: Path) -> None:
    (table,) = [t for t in survey.tables if t.category == "icl-vs-ft"]
    keys = {c.key for c in table.columns}
    assert any(keys & set(p.facts) for p in survey.papers), f"nobody joins {table.id}"
    comparisons = survey.category("icl-vs-ft-comparisons")
    assert comparisons is not None
    for paper in survey.papers_in(comparisons):
        assert "evidence_finding" in paper.facts, f"{paper.key}: a head-to-head comparison without evidence_finding"


# Tag conventions: the `approach` values a paper's place or its other tags imply, so that filtering the
# explorer by a tag finds every paper the taxonomy files under it. A paper in a category (or any of its
# sub-categories) named here carries at least one of the listed values; the rule for a category that a
# survey no longer has is not checked.
CATEGORY_APPROACH: dict[str, frozenset[str]] = {
    "peft": frozenset({"peft"}),  # every parameter-efficient leaf, partial (selective) tuning included
    "peft-lora": frozenset({"lora"}),
    "peft-prompt": frozenset({"prompt-tuning"}),
    "retrievers": frozenset({"retrieval"}),
    "rag": frozenset({"rag"}),
    "rag-vs-ft": frozenset({"rag"}),
    "icl-vs-ft": frozenset({"in-context-learning"}),
    "ft-instruction": frozenset({"instruction-tuning"}),
    "ft-alignment": frozenset({"preference-learning"}),
    "lc-position": frozenset({"position-encoding"}),
}
# A paper tagged with a kind of parameter-efficient fine-tuning is also tagged `peft`, wherever it sits.
IMPLIED_APPROACH: dict[str, str] = {"lora": "peft", "adapters": "peft", "prompt-tuning": "peft"}
# The evidence table compares in-context learning with fine-tuning: its rows come from papers that
# study the prompting side (fine-tuning is in every row's setting, not always among the paper's tags).
EVIDENCE_SIDE = frozenset({"in-context-learning", "prompt-engineering"})


def papers_carry_the_tags_their_category_implies(survey: Survey, content: Path) -> None:
    for category_id, wanted in CATEGORY_APPROACH.items():
        category = survey.category(category_id)
        if category is None:
            continue
        for paper in survey.papers_in(category):
            approach = set(paper.tags.get("approach", ()))
            assert approach & wanted, f"{paper.key}: in {paper.category} (under {category_id}) but tagged none of {sorted(wanted)}"


def kinds_of_peft_are_tagged_peft(survey: Survey, content: Path) -> None:
    for paper in survey.papers:
        approach = set(paper.tags.get("approach", ()))
        for kind, implied in IMPLIED_APPROACH.items():
            assert kind not in approach or implied in approach, f"{paper.key}: tagged {kind} but not {implied}"


def evidence_rows_compare_in_context_learning(survey: Survey, content: Path) -> None:
    for table in survey.tables:
        if table.category != "icl-vs-ft":
            continue
        keys = {c.key for c in table.columns}
        for paper in survey.papers:
            if keys & set(paper.facts):
                approach = set(paper.tags.get("approach", ()))
                assert approach & EVIDENCE_SIDE, f"{paper.key}: a row of {table.id} but tagged none of {sorted(EVIDENCE_SIDE)}"


def the_bibliography_has_every_paper_once(survey: Survey, content: Path) -> None:
    text = bibtex.Bibliography(survey.papers, survey.protected_words).text()
    assert sorted(parse_string(text, "bibtex").entries) == sorted(p.key for p in survey.papers)


def paper_files_are_in_canonical_form(survey: Survey, content: Path) -> None:
    for path in sorted((content / "papers").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith(SCHEMA_COMMENT + "\n"), path.name
        assert canonical(text, survey) == text, f"{path.name}: run `survey fmt`"


CHECKS: tuple[Check, ...] = (
    every_seed_paper_is_there_with_its_seed_facts,
    every_paper_is_classified,
    every_leaf_has_an_intro_and_a_filled_table,
    icl_versus_fine_tuning_comparisons_join_the_evidence_table,
    papers_carry_the_tags_their_category_implies,
    kinds_of_peft_are_tagged_peft,
    evidence_rows_compare_in_context_learning,
    the_bibliography_has_every_paper_once,
    paper_files_are_in_canonical_form,
)


def load(content: Path) -> Survey:
    """The survey as `survey check` sees it: loading fails on any problem in any file."""
    return load_content(content, display_root=content.parent)


def check_content(content: Path) -> Survey:
    """Every invariant on one content folder; returns the survey for further checks."""
    survey = load(content)
    for check in CHECKS:
        check(survey, content)
    return survey
