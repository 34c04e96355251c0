"""The explorer's data as JSON files (the format is described in survey/site/explorer/__init__.py).

Every text is one line of plain text (survey.text.one_line: controls and direction overrides
dropped), written by json.dumps, so a value can never end a string or reach a page as markup; the
script puts it into the page as text only. Same content in, same bytes out: papers in their fixed
order, keys in a fixed order, no timestamps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from survey import urls
from survey.model import Column, Paper, Survey, paper_order
from survey.site.charts import venue_series
from survey.site.explorer.form import extra_columns, status
from survey.site.site import Download
from survey.site.tables import plain
from survey.text import one_line

CHUNK = 100  # papers a file of display data holds: the first screen needs one or a few
FORMAT = 2  # bumped when the files change shape, so a script never misreads newer data
SORTED_BY_BUILD = ("paper", "authors", "venue")  # text columns ranked here (the script ranks the rest)

# Bits of a paper's flags.
HAS_CODE = 1
PREPRINT = 2


def ordered(survey: Survey) -> list[Paper]:
    """The papers in the explorer's own order, newest first: a paper's number is its place here."""
    return sorted(survey.papers, key=paper_order)


def downloads(survey: Survey, links: Callable[[str], str]) -> list[Download]:
    """Every file the explorer fetches. ``links(path)`` is the address of a page's source path
    (or of a folder) as a link written from the explorer's page."""
    papers = ordered(survey)
    files = [Download(urls.EXPLORER_DATA + "index.json", _json(index(survey, papers, links)))]
    for start in range(0, len(papers), CHUNK):
        files.append(Download(chunk_path(start // CHUNK), _json([display(p) for p in papers[start:start + CHUNK]])))
    files.append(Download(urls.EXPLORER_DATA + "sort.json", _json(ranks(papers))))
    for column in extra_columns(survey):
        files.append(Download(column_path(column.key), _json(column_values(survey, papers, column.key))))
    return files


def chunk_path(number: int) -> str:
    return f"{urls.EXPLORER_DATA}papers-{number}.json"


def column_path(key: str) -> str:
    return f"{urls.EXPLORER_DATA}column-{key}.json"  # column keys are validated: [a-z][a-z0-9_]*


def index(survey: Survey, papers: Sequence[Paper], links: Callable[[str], str]) -> dict[str, Any]:
    """What filtering, counting and the year and category columns need, for every paper at once:
    small integers, one list a field, so that the first load stays small."""
    categories = list(survey.categories())
    category_code = {c.id: i for i, c in enumerate(categories)}
    venues = sorted({venue_series(p) for p in papers}, key=lambda v: (v.casefold(), v))
    venue_code = {v: i for i, v in enumerate(venues)}
    tags = [(facet.id, value) for facet in survey.facets for value in facet.values]
    tag_code = {tag: i for i, tag in enumerate(tags)}
    dates = sorted({p.added for p in papers})  # ISO dates: sorted as text, sorted in time
    date_code = {d: i for i, d in enumerate(dates)}
    return {
        "format": FORMAT,
        "count": len(papers),
        "chunk": CHUNK,
        "categories": [
            [c.id, one_line(c.title), category_code[c.parent.id] if c.parent else -1, links(urls.category_page(c))] for c in categories
        ],
        "venues": venues,
        "tags": [f"{facet}={value}" for facet, value in tags],
        "year": [p.year for p in papers],
        "category": [category_code.get(p.category, -1) for p in papers],  # validated: it exists
        "venue": [venue_code[venue_series(p)] for p in papers],
        "flags": [(HAS_CODE if p.code else 0) | (PREPRINT if status(p) == "preprint" else 0) for p in papers],
        "tagged": [sorted(tag_code[(f, v)] for f, values in p.tags.items() for v in values if (f, v) in tag_code) for p in papers],
        "dates": dates,
        "added": [date_code[p.added] for p in papers],
        "paper": links(urls.PAPER_PAGE),
    }


def display(paper: Paper) -> list[Any]:
    """One paper's row as the table shows it, and the text the search looks in:
    [key, title, authors, venue, TL;DR, code URL] (an empty venue is a preprint, shown as arXiv)."""
    return [
        paper.key, one_line(paper.title), [one_line(name) for name in paper.authors],
        one_line(paper.venue_text) if paper.venue_text else "", one_line(paper.tldr), paper.code or "",
    ]


def authors_text(paper: Paper) -> str:
    """The authors cell as the script writes it: the first name, "and" a second, or "et al."."""
    names = [one_line(name) for name in paper.authors]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


_DIGITS = re.compile(r"(\d+)")


def natural(text: str) -> tuple[str | int, ...]:
    """A sort key close to the browser's localeCompare with numeric collation: case ignored,
    runs of digits compared as numbers ("LLaMA 2" before "LLaMA 13")."""
    parts = _DIGITS.split(text.casefold())
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def ranks(papers: Sequence[Paper]) -> dict[str, list[int]]:
    """For each text column the script cannot rank without every paper's text: each paper's rank
    when sorted by that column (equal texts share a rank; -1 for an empty cell, which sorts last)."""
    cells: dict[str, Callable[[Paper], str]] = {
        "paper": lambda p: one_line(p.title),
        "authors": authors_text,
        "venue": lambda p: one_line(p.venue_text) if p.venue_text else "arXiv",
    }
    return {column: _dense_ranks([cells[column](p) for p in papers]) for column in SORTED_BY_BUILD}


def _dense_ranks(texts: list[str]) -> list[int]:
    keys = sorted({natural(t) for t in texts if t})
    rank = {key: i for i, key in enumerate(keys)}
    return [rank[natural(t)] if t else -1 for t in texts]


def column_values(survey: Survey, papers: Sequence[Paper], key: str) -> list[str]:
    """One optional column: each paper's fact as its cell shows it (a URL as itself), "" if none."""
    tables = {c.key: c for spec in survey.tables for c in spec.columns}
    values = []
    for paper in papers:
        value = paper.facts.get(key)
        column = _column_of(survey, paper, key) or tables.get(key)
        values.append(one_line(plain(value, column)) if value not in (None, "", ()) and column else "")
    return values


def _column_of(survey: Survey, paper: Paper, key: str) -> Column | None:
    """How a paper's fact is typed: by its own category's column, else by a survey-wide table's."""
    category = survey.category(paper.category)
    return next((c for c in category.columns if c.key == key), None) if category else None


def _json(data: object) -> bytes:
    # Compact, key order as built, NaN refused: the same survey always gives the same bytes.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
