"""`survey import refs.bib`: turn an existing BibTeX file into paper records.

An entry that cannot become a paper (no title, a year not in the digits 0-9) is skipped with a
reason; it never fails the file. Text is cleaned of controls and direction overrides, and a URL,
DOI or arXiv id is kept only when it is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import Entry, parse_string

from survey.content.identifiers import is_arxiv_id, is_doi, is_url
from survey.contribute.citekey import CiteKeys
from survey.contribute.existing import Existing, PaperIndex, paper_path
from survey.contribute.lookup import Record, parse_identifier
from survey.model import arxiv_abs_url, arxiv_pdf_url
from survey.outputs.latex import decode
from survey.text import one_line

_ARXIV_IN_TEXT = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arXiv:\s*)([0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})", re.I)
_DOI_PREFIX = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)
_YEAR = re.compile(r"[0-9]{4}")  # not \d: '２０２４' and '²⁰²⁴' are digits to Python, not years to BibTeX


@dataclass(frozen=True)
class Skipped:
    key: str
    reason: str


@dataclass(frozen=True)
class New:
    bib_key: str
    key: str
    record: Record


def _arxiv_id(entry: Entry) -> str | None:
    fields = entry.fields
    eprint = fields.get("eprint", "")
    if eprint and fields.get("archiveprefix", fields.get("archivePrefix", "arXiv")).lower() == "arxiv":
        try:
            kind, identifier = parse_identifier(eprint)
            if kind == "arxiv" and is_arxiv_id(identifier):
                return identifier
        except ValueError:
            pass
    for name in ("url", "journal", "note", "howpublished"):
        match = _ARXIV_IN_TEXT.search(fields.get(name, ""))
        if match:
            return parse_identifier(match.group(1))[1]
    return None


def _doi(value: str) -> str | None:
    doi = _DOI_PREFIX.sub("", value.strip(), count=1)
    return doi if is_doi(doi) else None


def _text(value: str) -> str:
    return one_line(decode(value))


def _name(person) -> str:
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names
    return _text(" ".join(parts))


def _year(value: str) -> int:
    year = value.strip()
    if not _YEAR.fullmatch(year):
        hint = " (only the digits 0-9 count)" if any(c.isdigit() for c in year) else ""
        raise ValueError(f"no four-digit year (got '{one_line(year)}'){hint}")
    return int(year)


def record(entry: Entry) -> Record:
    """The paper an entry describes; ValueError saying why it cannot be one."""
    fields = entry.fields
    title = _text(fields.get("title", ""))
    if not title:
        raise ValueError("no title")
    year = _year(fields.get("year", ""))
    arxiv = _arxiv_id(entry)
    venue = _text(fields.get("booktitle") or fields.get("journal") or "") or None
    if venue and (_ARXIV_IN_TEXT.search(venue) or venue.lower().startswith("arxiv")):
        venue = None  # "arXiv preprint arXiv:..." is not a venue
    url = fields.get("url", "").strip()
    return Record(
        title=title,
        year=year,
        authors=[name for name in map(_name, entry.persons.get("author", [])) if name],
        abstract=_text(fields.get("abstract", "")) or None,
        arxiv=arxiv,
        doi=_doi(fields.get("doi", "")),
        venue=venue,
        url=url if is_url(url) else arxiv_abs_url(arxiv),
        pdf=arxiv_pdf_url(arxiv),
    )


def records(text: str) -> tuple[list[tuple[str, Record]], list[Skipped]]:
    """(bib key, record) for each usable entry, and the entries skipped with a reason."""
    found, skipped = [], []
    for key, entry in parse_string(text, "bibtex").entries.items():
        try:
            found.append((one_line(key), record(entry)))
        except ValueError as error:  # this entry only: the others still count
            skipped.append(Skipped(one_line(key), str(error)))
    return found, skipped


def plan(found: list[tuple[str, Record]], papers: list[Existing], content: Path) -> tuple[list[New], list[Skipped]]:
    """Which entries become new papers, under which keys; the others are duplicates of a paper
    already there or of an earlier entry. Indexes make each entry cost a few look-ups."""
    known, keys = PaperIndex(papers), CiteKeys(p.key for p in papers)
    new, skipped = [], []
    for bib_key, record in found:
        reason = known.duplicate(record)
        if reason:
            skipped.append(Skipped(bib_key, reason))
            continue
        key = keys.new(record.authors, record.year, record.title)
        known.add(Existing(paper_path(content, key), key, record.title, record.arxiv, record.doi))
        new.append(New(bib_key, key, record))
    return new, skipped
