"""Bibliographic records from the arXiv API (Atom) and Crossref (JSON), for `survey add`.

The answers are not trusted: a malformed answer is a one-line FetchError, a missing paper NotFound,
and every value kept is cleaned (text to one line, URLs, DOIs and arXiv ids only if well-formed).
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import time
import urllib.parse
import xml.etree.ElementTree as ET  # expat >= 2.4.1 caps entity expansion; external entities are never fetched
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from survey.content.identifiers import is_arxiv_id, is_doi, is_url
from survey.contribute.fetch import Fetcher, FetchError, Unreachable
from survey.errors import SurveyError
from survey.model import arxiv_abs_url, arxiv_pdf_url
from survey.text import one_line

ARXIV_API = "https://export.arxiv.org/api/query"  # SURVEY_ARXIV_API overrides it (mirrors, tests)
CROSSREF_API = "https://api.crossref.org/works"  # SURVEY_CROSSREF_API overrides it
YEARS = range(1900, 2101)
ARXIV_BATCH = 50  # ids in one arXiv API request
ARXIV_PAUSE = 3.0  # seconds between arXiv API requests
_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_ARXIV_ID = re.compile(r"(?:arxiv:)?((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?", re.I)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/([^?#\s]+?)(?:\.pdf)?/?(?:[?#].*)?$", re.I)
_ARXIV_CLASS = re.compile(r"[a-z-]+(?:\.[A-Za-z-]+)?\Z")  # as the paper schema has it
_DOI = re.compile(r"(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.I)
_TEXTS = {"type": "array", "items": {"type": "string"}}
_DATE = {
    "type": "object",
    "properties": {"date-parts": {"type": "array", "items": {"type": "array", "items": {"type": ["integer", "null"]}}}},
}
# The parts of a Crossref work that are read, and their types; anything else in it is ignored.
_CROSSREF_WORK = Draft202012Validator(
    {
        "type": "object",
        "properties": {
            "title": _TEXTS,
            "container-title": _TEXTS,
            "author": {
                "type": "array",
                "items": {"type": "object", "properties": {n: {"type": "string"} for n in ("given", "family", "name")}},
            },
            "issued": _DATE,
            "published": _DATE,
            "DOI": {"type": "string"},
            "URL": {"type": "string"},
            "abstract": {"type": "string"},
            "type": {"type": "string"},
            "publisher": {"type": "string"},
        },
    }
)


class NotFound(SurveyError):
    """The service answered, but has no such paper."""


@dataclass
class Record:
    title: str
    year: int
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    abstract: str | None = None
    arxiv: str | None = None
    arxiv_class: str | None = None
    doi: str | None = None
    venue: str | None = None
    url: str | None = None
    pdf: str | None = None
    code: str | None = None
    note: str | None = None  # for the maintainers: where a record not looked up came from
    journal_ref: str | None = None  # arXiv: where the authors say it was published (free text)
    comment: str | None = None  # arXiv: the authors' comment (a withdrawal says so here)
    work_type: str | None = None  # Crossref: journal-article, proceedings-article, posted-content, ...
    publisher: str | None = None  # Crossref


def parse_identifier(text: str) -> tuple[str, str]:
    """('arxiv', '2106.09685') or ('doi', '10.1145/...') from an id, a URL or a DOI; ValueError otherwise."""
    text = text.strip()
    url = _ARXIV_URL.search(text)
    candidate = url.group(1) if url else text
    match = _ARXIV_ID.fullmatch(candidate)
    if match:
        return "arxiv", match.group(1)
    doi = _DOI.fullmatch(text)
    if doi:
        return "doi", doi.group(1).rstrip(".")
    raise ValueError(f"'{text}' is neither an arXiv id or URL (like 2106.09685) nor a DOI (like 10.18653/v1/2021.acl-long.353)")


def lookup(kind: str, identifier: str, fetcher: Fetcher) -> Record:
    """The record for an identifier from ``parse_identifier``; the API addresses are read at each call."""
    if kind == "arxiv":
        return arxiv_record(fetcher(_arxiv_url([identifier])), identifier)
    base = os.environ.get("SURVEY_CROSSREF_API") or CROSSREF_API
    return crossref_record(fetcher(f"{base.rstrip('/')}/{urllib.parse.quote(identifier, safe='')}"), identifier)


def lookup_many(
    wanted: list[tuple[str, str]], fetcher: Fetcher, pause: Callable[[float], None] = time.sleep
) -> dict[tuple[str, str], Record | Exception]:
    """Each (kind, identifier) with its record, or the FetchError or NotFound that stopped it.

    arXiv ids go ARXIV_BATCH to a request, ARXIV_PAUSE seconds apart, as the arXiv API's terms ask
    (one request every three seconds; many ids in one request); DOIs go to Crossref one by one."""
    arxiv = list(dict.fromkeys(identifier for kind, identifier in wanted if kind == "arxiv"))
    dois = list(dict.fromkeys(identifier for kind, identifier in wanted if kind == "doi"))
    return _lookup_arxiv(arxiv, fetcher, pause) | _lookup_dois(dois, fetcher)


def _lookup_arxiv(arxiv: list[str], fetcher: Fetcher, pause: Callable[[float], None]) -> dict[tuple[str, str], Record | Exception]:
    results: dict[tuple[str, str], Record | Exception] = {}
    down: Unreachable | None = None  # arXiv out of reach is not asked again in this run
    for start in range(0, len(arxiv), ARXIV_BATCH):
        batch = arxiv[start : start + ARXIV_BATCH]
        try:
            if down is not None:
                raise down
            if start:
                pause(ARXIV_PAUSE)
            feed = fetcher(_arxiv_url(batch))
        except FetchError as error:
            down = error if isinstance(error, Unreachable) else down
            results.update({("arxiv", identifier): error for identifier in batch})
            continue
        for identifier in batch:
            try:
                results["arxiv", identifier] = arxiv_record(feed, identifier)
            except (FetchError, NotFound) as error:
                results["arxiv", identifier] = error
    return results


def _lookup_dois(dois: list[str], fetcher: Fetcher) -> dict[tuple[str, str], Record | Exception]:
    results: dict[tuple[str, str], Record | Exception] = {}
    down: Unreachable | None = None  # Crossref out of reach is not asked again in this run
    for identifier in dois:
        try:
            results["doi", identifier] = down if down is not None else lookup("doi", identifier, fetcher)
        except Unreachable as error:
            results["doi", identifier] = down = error
        except (FetchError, NotFound) as error:
            results["doi", identifier] = error
    return results


def _arxiv_url(identifiers: list[str]) -> str:
    base = os.environ.get("SURVEY_ARXIV_API") or ARXIV_API
    ids = ",".join(urllib.parse.quote(i, safe="/.") for i in identifiers)
    # The API answers 10 entries unless told more; one id keeps the plain address.
    return f"{base}?id_list={ids}" + (f"&max_results={len(identifiers)}" if len(identifiers) > 1 else "")


def arxiv_record(feed: bytes, wanted: str) -> Record:
    """The entry for ``wanted`` in an arXiv API feed (old and current formats alike)."""
    try:
        root = ET.fromstring(feed)
    except (ET.ParseError, LookupError):  # LookupError: an unknown encoding in the XML declaration
        root = None
    if root is None or root.tag != f"{{{_NS['atom']}}}feed":
        raise FetchError("the arXiv API did not answer with a feed (it may be throttling requests)")
    for entry in root.findall("atom:entry", _NS):
        match = _ARXIV_ID.search(_text(entry.find("atom:id", _NS)).rsplit("/abs/", 1)[-1])
        if match and match.group(1) == wanted:  # arXiv answers an unknown id with an empty entry, or one titled "Error"
            return _arxiv_entry(entry, wanted)
    raise NotFound(f"arXiv has no paper {wanted}")


def _arxiv_entry(entry: ET.Element, wanted: str) -> Record:
    title, published = _text(entry.find("atom:title", _NS)), _date(_text(entry.find("atom:published", _NS))[:10])
    if not title or published is None:
        raise FetchError(f"the arXiv API answered for {wanted} without a {'title' if not title else 'valid publication date'}")
    primary = entry.find("arxiv:primary_category", _NS)
    category = one_line(primary.get("term") or "") if primary is not None else ""
    doi = _text(entry.find("arxiv:doi", _NS))
    arxiv = wanted if is_arxiv_id(wanted) else None
    return Record(
        title=title,
        year=published.year,
        authors=[name for a in entry.findall("atom:author", _NS) if (name := _text(a.find("atom:name", _NS)))],
        date=published.isoformat(),
        abstract=_text(entry.find("atom:summary", _NS)) or None,
        arxiv=arxiv,
        arxiv_class=category if _ARXIV_CLASS.match(category) else None,
        doi=doi if is_doi(doi) else None,
        url=arxiv_abs_url(arxiv),
        pdf=arxiv_pdf_url(arxiv),
        journal_ref=_text(entry.find("arxiv:journal_ref", _NS)) or None,
        comment=_text(entry.find("arxiv:comment", _NS)) or None,
    )


def crossref_record(body: bytes, wanted: str) -> Record:
    """The work in a Crossref ``/works/{doi}`` answer for the DOI ``wanted``."""
    try:
        answer = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: JSON nested deeper than Python recurses
        answer = None
    work = answer.get("message") if isinstance(answer, dict) else None
    if not isinstance(work, dict):
        raise FetchError("Crossref did not answer with a work record")
    error = best_match(_CROSSREF_WORK.iter_errors(work))
    if error is not None:  # the path names only fields of the schema, never the server's text
        raise FetchError(
            f"Crossref sent a malformed work record ({error.json_path[2:]} is not {' or '.join(_listed(error.validator_value))})"
        )
    title, (year, date) = _first(work.get("title", [])), _issued(work)
    if not title or year is None:
        raise NotFound(f"Crossref has no title or year for {wanted}")
    authors = [one_line(" ".join(filter(None, [p.get("given"), p.get("family")])) or p.get("name", "")) for p in work.get("author", [])]
    doi = next((d.lower() for d in (work.get("DOI"), wanted) if is_doi(d)), None)
    return Record(
        title=title,
        year=year,
        authors=[a for a in authors if a],
        date=date,
        abstract=_jats_text(work.get("abstract", "")) or None,
        doi=doi,
        venue=_first(work.get("container-title", [])) or None,
        url=work["URL"] if is_url(work.get("URL")) else None,
        work_type=one_line(work.get("type", "")) or None,
        publisher=one_line(work.get("publisher", "")) or None,
    )


def _issued(work: dict[str, Any]) -> tuple[int | None, str | None]:
    """(year, YYYY-MM-DD) from Crossref's date-parts, like [[2021, 8, 1]]; None where absent or implausible."""
    parts = ((work.get("issued") or work.get("published") or {}).get("date-parts") or [[]])[0]
    if not parts or parts[0] is None or int(parts[0]) not in YEARS:
        return None, None
    date = _date("-".join(f"{int(p):02d}" for p in parts)) if len(parts) == 3 and None not in parts else None
    return int(parts[0]), date.isoformat() if date else None


def _first(texts: list[str]) -> str:
    return one_line(texts[0]) if texts else ""


def _text(element: ET.Element | None) -> str:
    return one_line(element.text or "") if element is not None else ""


def _date(text: str) -> datetime.date | None:
    """A valid YYYY-MM-DD date in a plausible year, or None."""
    try:
        date = datetime.date.fromisoformat(text)
    except ValueError:
        return None
    return date if date.year in YEARS else None


def _jats_text(abstract: str) -> str:
    """Crossref abstracts are JATS XML: keep the text only."""
    text = one_line(html.unescape(re.sub(r"<[^<>]*>", " ", abstract)))  # [^<>]: linear on "<<<<…"
    return re.sub(r"^Abstract\s+", "", text)


def _listed(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value
