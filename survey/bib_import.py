"""`survey import refs.bib`: turn an existing BibTeX file into paper records."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pybtex.database import Entry, parse_string

from .latex import decode
from .model import arxiv_abs_url, arxiv_pdf_url
from .sources import Record, parse_identifier

_ARXIV_IN_TEXT = re.compile(r"(?:arxiv\.org/(?:abs|pdf)/|arXiv:\s*)(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})", re.I)


@dataclass(frozen=True)
class Skipped:
    key: str
    reason: str


def _arxiv_id(entry: Entry) -> str | None:
    fields = entry.fields
    eprint = fields.get("eprint", "")
    if eprint and fields.get("archiveprefix", fields.get("archivePrefix", "arXiv")).lower() == "arxiv":
        try:
            kind, identifier = parse_identifier(eprint)
            if kind == "arxiv":
                return identifier
        except ValueError:
            pass
    for name in ("url", "journal", "note", "howpublished"):
        match = _ARXIV_IN_TEXT.search(fields.get(name, ""))
        if match:
            return parse_identifier(match.group(1))[1]
    return None


def _name(person) -> str:
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names
    return decode(" ".join(parts))


def records(text: str) -> tuple[list[tuple[str, Record]], list[Skipped]]:
    """(bib key, record) for each usable entry, and the entries skipped with a reason."""
    data = parse_string(text, "bibtex")
    found, skipped = [], []
    for key, entry in data.entries.items():
        fields = entry.fields
        title, year = decode(fields.get("title", "")), fields.get("year", "").strip()
        if not title:
            skipped.append(Skipped(key, "no title"))
            continue
        if not year.isdigit():
            skipped.append(Skipped(key, f"no four-digit year (got '{year}')"))
            continue
        arxiv = _arxiv_id(entry)
        venue = decode(fields.get("booktitle") or fields.get("journal") or "") or None
        if venue and _ARXIV_IN_TEXT.search(venue) or (venue or "").lower().startswith("arxiv"):
            venue = None  # "arXiv preprint arXiv:..." is not a venue
        doi = fields.get("doi", "").strip() or None
        url = fields.get("url", "").strip() or arxiv_abs_url(arxiv)
        found.append((key, Record(
            title=title,
            year=int(year),
            authors=[_name(p) for p in entry.persons.get("author", [])],
            abstract=decode(fields["abstract"]) if fields.get("abstract") else None,
            arxiv=arxiv,
            doi=doi,
            venue=venue,
            url=url if url and url.startswith(("http://", "https://")) else None,
            pdf=arxiv_pdf_url(arxiv),
        )))
    return found, skipped
