"""BibTeX and biblatex files to paper records, one entry at a time.

The file is cut into entries where a line starts with `@`, and pybtex parses each on its own, so
a broken entry (an unclosed brace, a missing comma, a key used twice) is skipped with its line
number and the others still count. (bibtexparser 2 also reads past broken entries, but it reads an
entry with an extra brace or a missing comma as a different entry, silently: a field swallowed into
the title, the year gone. pybtex refuses both; measured on the real exports in
tests/data/import/real, see tests/test_import_real.py.) `@string` macros carry over to later entries,
and the month macros `jan`..`dec` are predefined, as BibTeX predefines them: the ACL Anthology, DBLP
and Zotero all write `month = aug`. A `crossref` (DBLP's export "with crossref") is resolved after the
whole file is read, so the volume may come after the papers that cite it; a `@proceedings` volume
itself is no paper.

Text is cleaned of LaTeX (accents, braces, formatting commands such as `\\textit{...}`), controls and
direction overrides; a URL, DOI or arXiv id is kept only when it is one.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping

from pybtex.bibtex.utils import split_name_list, split_tex_string
from pybtex.database import Entry, Person
from pybtex.database.input.bibtex import DuplicateField, Parser, month_names
from pybtex.exceptions import PybtexError
from pybtex.scanner import PrematureEOF

from survey.content.identifiers import is_arxiv_id, is_url
from survey.contribute.imports.records import (
    GITHUB_REPOSITORY,
    NOT_AUTHORS,
    Found,
    Skipped,
    arxiv_in_text,
    checked_year,
    doi_in_text,
    doi_or_arxiv,
    latex_text,
    links_in_latex,
)
from survey.contribute.lookup import Record, parse_identifier
from survey.model import arxiv_abs_url, arxiv_pdf_url
from survey.text import one_line

_ENTRY_START = re.compile(r"^[ \t]*@", re.M)
_KEY = re.compile(r"@\s*[A-Za-z]+\s*[{(]\s*([^,\s{}()]+)")
_YEAR = re.compile(r"[0-9]{4}")  # not \d: '２０２４' and '²⁰²⁴' are digits to Python, not years to BibTeX
# biblatex dates: 2024, 2024-03, 2024-03-31, or a range of them (2023-12/2024-01).
_DATE = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?(?:/.*)?")
_PREPRINT_VENUE = re.compile(r"(arxiv|corr)\b", re.I)
_EXTENDED_KEY = re.compile(r"(?:family|given|prefix|suffix)(?:-i)?|useprefix|juniorcomma", re.I)  # biblatex's name keys
_FIELD_START = re.compile(r"\s*([A-Za-z][\w-]*)\s*=")
_VOLUMES = ("proceedings", "mvproceedings")  # what a paper's crossref names: a volume, not a paper
# What a paper takes from the volume it crossrefs (BibTeX's rule: only the fields it lacks).
# Never its doi or url: those name the volume, and would make every paper in it one paper.
_INHERITED = ("booktitle", "year", "date", "month", "publisher", "address", "series", "volume", "eventtitle")


def read(text: str) -> tuple[list[Found], list[Skipped]]:
    """Each usable entry's record with its line; each unusable one with its line and the reason.
    ValueError when the text holds no entry at all (an empty file, or not BibTeX)."""
    parsed, skipped = [], []
    macros: dict[str, str] = dict(month_names)
    for line, chunk in _entries(text):
        try:
            entries, macros = _parse(chunk, macros)
        except PybtexError as error:
            skipped.append(Skipped(line, _key(chunk), _reason(error, line, chunk)))
            continue
        parsed += [(line, one_line(key), entry) for key, entry in entries]
    volumes = {key.casefold(): entry for _, key, entry in reversed(parsed)}  # the first of a key counts
    found = []
    for line, key, entry in parsed:
        if entry.type.lower() in _VOLUMES:
            skipped.append(Skipped(line, key, "a proceedings volume, not a paper (the papers that crossref it take its fields)"))
            continue
        try:
            found.append(Found(line, key, record(entry, volumes.get(entry.fields.get("crossref", "").strip().casefold()))))
        except ValueError as error:  # this entry only: the others still count
            skipped.append(Skipped(line, key, str(error)))
    skipped.sort(key=lambda s: s.line)
    return found, skipped


def _entries(text: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each `@` command. An entry that does not end before the next `@` line is
    joined to it when the two then read as one entry (an `@` can start a line inside a value)."""
    starts = [m.start() for m in _ENTRY_START.finditer(text)]
    if not starts:
        raise ValueError("no BibTeX entry in it: no line starts one with @ (as in @article{key, title = {…}, …})")
    bounds = list(zip(starts, starts[1:] + [len(text)], strict=True))
    i, line, counted = 0, 1, 0
    while i < len(bounds):
        start, end = bounds[i]
        if i + 1 < len(bounds) and _status(text[start:end]) == "unfinished" and _status(text[start : bounds[i + 1][1]]) == "ok":
            i += 1
            end = bounds[i][1]
        line, counted = line + text.count("\n", counted, start), start  # counted on from the last entry: linear
        yield line, text[start:end]
        i += 1


def _status(chunk: str) -> str:
    try:
        _parse(chunk, dict(month_names))
    except PrematureEOF:
        return "unfinished"
    except PybtexError:
        return "broken"
    return "ok"


class _Parser(Parser):  # type: ignore[misc]  # pybtex is untyped
    """pybtex's parser, strict but for a field given twice: BibTeX and biber warn and keep the first
    (BibDesk and JabRef exports repeat `file`), and so does this, where pybtex refused the entry."""

    def handle_error(self, error: Exception) -> None:
        if not isinstance(error, DuplicateField):
            super().handle_error(error)


def _parse(chunk: str, macros: dict[str, str]) -> tuple[list[tuple[str, Entry]], dict[str, str]]:
    """The entries of one chunk, and the macros known after it; PybtexError if it is broken."""
    parser = _Parser(macros=macros, person_fields=())  # names are read by _authors, which knows biblatex's form too
    data = parser.parse_string(chunk)  # pybtex's strict mode (the default) raises on every error
    return list(data.entries.items()), dict(parser.macros)


def _key(chunk: str) -> str:
    match = _KEY.match(chunk.lstrip())
    return one_line(match.group(1)) if match else "(no key)"


def _reason(error: PybtexError, line: int, chunk: str) -> str:
    if isinstance(error, PrematureEOF):
        field = _unbalanced_field(chunk)
        where = f": the braces of '{field[0]}' on line {line + field[1] - 1} do not balance" if field else ""
        return "the entry never ends: a brace or quote opened in it is not closed" + where
    message = one_line(error)
    at = re.fullmatch(r"(.*) in line (\d+): (.*)", message)  # the line within the entry
    if not at:
        return message
    within = int(at.group(2))
    return _missing_comma(chunk, within, line) or f"line {line + within - 1}: {at.group(1)}: {at.group(3)}"


def _unbalanced_field(chunk: str) -> tuple[str, int] | None:
    """(name, line within the entry) of the first field whose value opens more braces than it
    closes or the reverse (``{Taylor {{\\&} Francis}``): a field runs from the line that starts it
    to the next field's, the entry's closing brace left out."""
    lines = chunk.rstrip().split("\n")
    if len(lines) > 1 and lines[-1].strip() in ("}", ")"):
        lines = lines[:-1]
    starts = [(i, match.group(1)) for i, text in enumerate(lines) if i and (match := _FIELD_START.match(text))]
    for (start, name), (end, _) in zip(starts, [*starts[1:], (len(lines), "")], strict=True):
        value = re.sub(r"\\[{}]", "", "\n".join(lines[start:end]))  # \{ and \} are characters, not braces
        if value.count("{") != value.count("}"):
            return name, start + 1
    return None


def _missing_comma(chunk: str, within: int, line: int) -> str | None:
    """pybtex reads a field that follows one without a comma as the end of the entry ("'}'
    expected"): say which comma is missing, and where, when that is what happened."""
    lines = chunk.split("\n")
    if within > len(lines) or not (field := _FIELD_START.match(lines[within - 1])):
        return None
    before = next((n for n in range(within - 1, 0, -1) if lines[n - 1].strip()), None)
    if before is None or lines[before - 1].rstrip().endswith((",", "{", "(")):
        return None
    previous = _FIELD_START.match(lines[before - 1])
    after = f" (after the value of '{previous.group(1)}', before '{field.group(1)}' on line {line + within - 1})" if previous else ""
    return f"line {line + before - 1}: a comma is missing at the end of the line{after}: add ',' there"


def _authors(value: str) -> list[str]:
    """The names of an author field, in BibTeX's forms ("Last, First", "First Last", "von Last, Jr,
    First") or biblatex's extended one ("family=Oord, given=Aaron, prefix=van den, useprefix=true"),
    which Better BibTeX writes for a name with a particle; ValueError naming a name none of them reads."""
    names = []
    for text in split_name_list(value) if value.strip() else []:
        try:
            person = Person(_bibtex_name(text))
        except PybtexError as error:
            raise ValueError(f"author '{one_line(text)}': {one_line(error)}") from None
        if name := _name(person):
            names.append(name)
    return names


def _bibtex_name(text: str) -> str:
    """A name in biblatex's extended form as BibTeX writes it ("van den Oord, Aaron"); any other as given."""
    parts = [part.partition("=") for part in split_tex_string(text, sep=",")]
    if not parts or not all(sep and _EXTENDED_KEY.fullmatch(key.strip()) for key, sep, _ in parts):
        return text
    named = {key.strip().lower(): value.strip() for key, _, value in parts}
    last = " ".join(filter(None, (named.get("prefix"), named.get("family"))))
    return ", ".join(filter(None, (last, named.get("suffix"), named.get("given"))))


def _name(person: Person) -> str:
    parts = person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names
    return latex_text(" ".join(parts))


def _year_and_date(fields: Mapping[str, str]) -> tuple[int, str | None]:
    """From `year`, else biblatex's `date`; a `date` down to the day, in that year, is kept too."""
    date = _DATE.fullmatch(fields.get("date", "").strip())
    year = fields.get("year", "").strip() or (date.group("year") if date else fields.get("date", "").strip())
    if not _YEAR.fullmatch(year):
        hint = " (only the digits 0-9 count)" if any(c.isdigit() for c in year) else ""
        raise ValueError(f"no four-digit year (got '{one_line(year)}'){hint}")
    checked_year(int(year))
    if date is None or not date.group("day") or date.group("year") != year:
        return int(year), None
    try:
        return int(year), datetime.date(int(year), int(date.group("month")), int(date.group("day"))).isoformat()
    except ValueError:  # 2024-02-30
        return int(year), None


def _arxiv_id(fields: Mapping[str, str]) -> str | None:
    eprint = fields.get("eprint", "")
    prefix = fields.get("archiveprefix") or fields.get("eprinttype") or "arXiv"
    if eprint and prefix.lower() == "arxiv":
        try:
            kind, identifier = parse_identifier(eprint)
            if kind == "arxiv" and is_arxiv_id(identifier):
                return identifier
        except ValueError:
            pass
    places = ("url", "journal", "journaltitle", "note", "howpublished")
    return next((found for name in places if (found := arxiv_in_text(fields.get(name, "")))), None)


def _fields(entry: Entry, volume: Entry | None) -> dict[str, str]:
    """The entry's fields, lower-cased names, with what it lacks taken from the volume it crossrefs
    (the volume's title is the paper's booktitle)."""
    fields = {name.lower(): value for name, value in entry.fields.items()}
    if volume is None:
        return fields
    inherited = {name.lower(): value for name, value in volume.fields.items() if name.lower() in _INHERITED}
    if volume.type.lower() in _VOLUMES and volume.fields.get("title"):
        inherited["booktitle"] = volume.fields["title"]
    return inherited | fields


def record(entry: Entry, volume: Entry | None = None) -> Record:
    """The paper an entry describes (with the ``volume`` it crossrefs); ValueError saying why it
    cannot be one."""
    fields = _fields(entry, volume)
    title = latex_text(fields.get("title", ""))
    if not title:
        raise ValueError("no title")
    year, date = _year_and_date(fields)
    doi, arxiv_from_doi = doi_or_arxiv(fields.get("doi", ""))
    url = fields.get("url", "").strip()
    if doi is None and arxiv_from_doi is None:
        doi, arxiv_from_doi = doi_or_arxiv(url, only_links=True)
    for name in ("note", "howpublished"):  # Scholar and hand-kept entries: \url{https://doi.org/...}
        if doi is None and arxiv_from_doi is None:
            doi, arxiv_from_doi = doi_in_text(fields.get(name, ""))
    arxiv = _arxiv_id(fields) or arxiv_from_doi
    url, code = _links(url, fields)
    names = ("booktitle", "journal", "journaltitle", "eventtitle")  # eventtitle: Zotero's conference papers
    venue = latex_text(next((fields[name] for name in names if fields.get(name, "").strip()), "")) or None
    if venue and (arxiv_in_text(venue) or _PREPRINT_VENUE.match(venue)):
        venue = None  # "arXiv preprint arXiv:...", "CoRR": not a venue
    return Record(
        title=title,
        year=year,
        date=date,
        authors=[name for name in _authors(fields.get("author", "")) if name.lower() not in NOT_AUTHORS],
        abstract=latex_text(fields.get("abstract", "")) or None,
        arxiv=arxiv,
        doi=doi,
        venue=venue,
        url=url or arxiv_abs_url(arxiv),
        pdf=arxiv_pdf_url(arxiv),
        code=code,
    )


def _links(url: str, fields: Mapping[str, str]) -> tuple[str, str | None]:
    """(the paper's link or "", its code's link): the `url` field, else a link the entry writes in
    LaTeX (a title as `\\href`, a `\\url` in `howpublished` or `note`) that is neither a DOI nor on
    arXiv (those are the entry's identifiers); a GitHub repository is the code, not the paper."""
    links = [link for link in links_in_latex(fields.get("title", ""), fields.get("howpublished", ""), fields.get("note", ""))
             if is_url(link) and doi_or_arxiv(link, only_links=True) == (None, None) and not arxiv_in_text(link)]
    code = next((link for link in links if GITHUB_REPOSITORY.fullmatch(link.rstrip("/"))), None)
    paper = next((link for link in links if link != code), "")
    return (url if is_url(url) else paper), code
