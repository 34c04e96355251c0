"""What the content tests assert about the flagship survey (content/, or a copy with papers added):

- `survey check --strict` reports nothing (run in-process): every rule about content lives there.
  A leaf grown past `checks.leaf_papers` is the exception: how many papers a leaf holds is the
  maintainers' call (CONTRIBUTING: they split a leaf that grows past about 25), not a reason to
  fail a contributor's pull request; CI's strict check on the main branch reports it.
- Its provenance, particular to this survey: every paper of the seed it started from
  (tests/data/seed, a copy of ../shared/seed) is there with its seed facts.
"""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from conftest import DATA

from survey.cli import main
from survey.content.load import load_content
from survey.model import Survey

SEED = DATA / "seed"  # a copy of the seed the survey starts from (see its README)


LEAF_SIZE = "checks.leaf_papers asks for"


def check_reports(content: Path) -> list[str]:
    """The problems `survey check --strict` reports on ``content``, leaf sizes aside, one a line."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--content", str(content), "check", "--strict"])
    lines = err.getvalue().splitlines()[:-1]  # the last line counts them
    assert (code == 0) == (not lines), err.getvalue()
    return [line for line in lines if LEAF_SIZE not in line]


def _jsonl(name: str) -> dict[int, dict]:
    rows = [json.loads(line) for line in (SEED / name).read_text(encoding="utf-8").splitlines()]
    return {row["n"]: row for row in rows}


def every_seed_paper_is_there_with_its_seed_facts(survey: Survey) -> None:
    papers, metadata = _jsonl("papers.jsonl"), _jsonl("metadata.jsonl")
    assert metadata
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


def load(content: Path) -> Survey:
    """The survey as `survey check` sees it: loading fails on any problem in any file."""
    return load_content(content, display_root=content.parent)
