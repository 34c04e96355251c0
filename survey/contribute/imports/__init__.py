"""`survey import FILE`: an existing list (BibTeX, CSL-JSON, an awesome list's Markdown) to paper files.

Each reader returns the records it found and the entries it skipped, each with its line; one bad
entry never stops the others. Records a file gives only in outline (a Markdown bullet) are looked
up like `survey add`, or kept as they are when the network is out of reach. `plan` then leaves out
the papers the survey (or an earlier entry) already has and chooses each new paper's cite key.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from survey.content.load import load_taxonomy
from survey.contribute.citekey import CiteKeys
from survey.contribute.fetch import Fetcher
from survey.contribute.imports import bibtex, csl_json, markdown
from survey.contribute.imports.records import Found, Skipped
from survey.contribute.lookup import NotFound, Record, lookup_many
from survey.contribute.paper_index import Existing, PaperIndex, existing_papers
from survey.contribute.writing import paper_fields, paper_path, write_new_papers

__all__ = ["FORMATS", "Found", "Imported", "New", "Skipped", "format_of", "import_file", "import_records", "look_up", "plan", "read",
           "read_text"]

FORMATS: dict[str, Callable[[str, str], tuple[list[Found], list[Skipped]]]] = {
    "bibtex": lambda text, name: bibtex.read(text),
    "csl-json": lambda text, name: csl_json.read(text),
    "markdown": markdown.read,
}
_SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".json": "csl-json", ".md": "markdown", ".markdown": "markdown"}


@dataclass(frozen=True)
class New:
    found: Found
    key: str


@dataclass(frozen=True)
class Imported:
    """What one import did: the files written (each with its entry), every entry skipped (by line),
    and why the lookup service could not be asked, if it could not."""

    written: list[tuple[New, Path]]
    skipped: list[Skipped]
    unreachable: str | None


def import_file(content: Path, path: Path, form: str, fetcher: Fetcher | None, today: datetime.date) -> Imported:
    """`survey import`: read ``path``, then import what it holds (import_records). ValueError when
    the file cannot be read as ``form``."""
    found, skipped = read(path, form)
    return import_records(content, found, skipped, fetcher, today)


def import_records(content: Path, found: list[Found], skipped: list[Skipped], fetcher: Fetcher | None, today: datetime.date,
                   category_at: Callable[[int], str | None] = lambda line: None) -> Imported:
    """Look the records' outlines up (no ``fetcher``: offline), leave out what the survey has, and
    write every new paper or none (OSError: nothing written). ``category_at`` gives a paper's
    category from its line (`survey init --from` files a list's bullets under its headings)."""
    survey = load_taxonomy(content)
    papers = existing_papers(content)
    index = PaperIndex(papers)
    found, unknown, unreachable = look_up(found, fetcher, lambda *key: index.find(*key) is not None)
    new, duplicates = plan(found, papers, content, index)
    fields = []
    for entry in new:
        category = category_at(entry.found.line)
        fields.append((entry.key, paper_fields(entry.key, entry.found.record, today) | ({"category": category} if category else {})))
    paths = write_new_papers(content, fields, survey)
    return Imported(list(zip(new, paths, strict=True)), sorted(skipped + unknown + duplicates, key=lambda s: s.line), unreachable)


def format_of(path: Path) -> str:
    """The format a file's name says; ValueError when it says none."""
    form = _SUFFIXES.get(path.suffix.lower())
    if form is None:
        raise ValueError("cannot tell the format from the file's name: use .bib, .json (CSL-JSON) or .md, or say --format")
    return form


def read(path: Path, form: str) -> tuple[list[Found], list[Skipped]]:
    """What the file holds; ValueError (one line) when it cannot be read as ``form`` at all."""
    return FORMATS[form](read_text(path), path.name)


def read_text(path: Path) -> str:
    """A list's text; ValueError (one line) when it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8 text (byte {error.start})") from None


def look_up(
    found: list[Found], fetcher: Fetcher | None, known: Callable[[str, str], bool] = lambda kind, identifier: False
) -> tuple[list[Found], list[Skipped], str | None]:
    """Records with a lookup replaced by what arXiv or Crossref say (a code link from the file kept);
    no lookups without a ``fetcher`` (--offline), nor for ids the survey has (``known``: `plan` names
    them). A paper the service does not know is skipped; one it could not be asked about keeps the
    file's record, if that can make a file. Returns the records, the skipped, and why the service
    could not be asked (or None)."""
    wanted = [f.lookup for f in found if f.lookup and not known(*f.lookup)]
    results = lookup_many(wanted, fetcher) if fetcher and wanted else {}
    kept, skipped, unreachable = [], [], None
    for entry in found:
        result = results.get(entry.lookup) if entry.lookup else None
        if isinstance(result, Record):
            kept.append(dataclasses.replace(entry, record=dataclasses.replace(result, code=entry.record.code), problem=None))
            continue
        if isinstance(result, NotFound):
            skipped.append(Skipped(entry.line, entry.label, str(result)))
            continue
        unreachable = unreachable or (str(result) if result is not None else None)
        if entry.problem and not (entry.lookup and known(*entry.lookup)):  # a known id: `plan` names its file
            skipped.append(Skipped(entry.line, entry.label, f"{entry.problem} (and not looked up)"))
        else:
            kept.append(entry)
    return kept, skipped, unreachable


def plan(found: list[Found], papers: list[Existing], content: Path, known: PaperIndex | None = None) -> tuple[list[New], list[Skipped]]:
    """Which records become new papers, under which keys; the others are duplicates of a paper
    already there or of an earlier entry. Indexes make each entry cost a few look-ups (``known``:
    the papers' index, when the caller has built it)."""
    known, keys = known if known is not None else PaperIndex(papers), CiteKeys(p.key for p in papers)
    new, skipped = [], []
    for entry in found:
        record = entry.record
        reason = known.duplicate(record)
        if reason:
            skipped.append(Skipped(entry.line, entry.label, reason))
            continue
        key = keys.new(record.authors, record.year, record.title)
        known.add(Existing(paper_path(content, key), key, record.title, record.arxiv, record.doi))
        new.append(New(entry, key))
    return new, skipped
