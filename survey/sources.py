"""Bibliographic records from the arXiv API (Atom) and Crossref (JSON), for `survey add`."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .fetch import Fetcher, FetchError
from .model import arxiv_abs_url, arxiv_pdf_url

ARXIV_API = "https://export.arxiv.org/api/query?id_list={}"
CROSSREF_API = "https://api.crossref.org/works/{}"
_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_ARXIV_ID = re.compile(r"(?:arxiv:)?((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?", re.I)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/([^?#\s]+?)(?:\.pdf)?/?(?:[?#].*)?$", re.I)
_DOI = re.compile(r"(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.I)


class NotFound(Exception):
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
    if kind == "arxiv":
        return arxiv_record(fetcher(ARXIV_API.format(urllib.parse.quote(identifier, safe="/."))), identifier)
    return crossref_record(fetcher(CROSSREF_API.format(urllib.parse.quote(identifier, safe="/"))))


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def arxiv_record(feed: bytes, wanted: str) -> Record:
    """The entry for ``wanted`` in an arXiv API feed (old and current formats alike)."""
    try:
        root = ET.fromstring(feed)
    except ET.ParseError:
        raise FetchError("the arXiv API did not answer with a feed (it may be throttling requests)") from None
    for entry in root.findall("atom:entry", _NS):
        match = _ARXIV_ID.search(_text(entry.find("atom:id", _NS)).rsplit("/abs/", 1)[-1])
        if not match or match.group(1) != wanted:
            continue  # arXiv answers an unknown id with an empty entry, or one titled "Error"
        published = _text(entry.find("atom:published", _NS))[:10]
        primary = entry.find("arxiv:primary_category", _NS)
        doi = _text(entry.find("arxiv:doi", _NS)) or None
        return Record(
            title=_text(entry.find("atom:title", _NS)),
            year=int(published[:4]),
            authors=[_text(a.find("atom:name", _NS)) for a in entry.findall("atom:author", _NS)],
            date=published or None,
            abstract=_text(entry.find("atom:summary", _NS)) or None,
            arxiv=wanted,
            arxiv_class=(primary.get("term") or None) if primary is not None else None,
            doi=doi,
            url=arxiv_abs_url(wanted),
            pdf=arxiv_pdf_url(wanted),
        )
    raise NotFound(f"arXiv has no paper {wanted}")


def crossref_record(body: bytes) -> Record:
    try:
        work = json.loads(body)["message"]
    except (ValueError, KeyError, TypeError):
        raise FetchError("Crossref did not answer with a work record") from None
    parts = (work.get("issued") or work.get("published") or {}).get("date-parts") or [[None]]
    year = parts[0][0]
    if not work.get("title") or not year:
        raise NotFound(f"Crossref has no title or year for {work.get('DOI', 'this DOI')}")
    date = "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts[0])) if len(parts[0]) == 3 else None
    authors = []
    for person in work.get("author", []):
        name = " ".join(filter(None, [person.get("given"), person.get("family")])) or person.get("name")
        if name:
            authors.append(name)
    abstract = work.get("abstract")
    if abstract:  # JATS XML: keep the text only
        abstract = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", abstract)).split())
        abstract = re.sub(r"^Abstract\s+", "", abstract)
    container = work.get("container-title") or []
    return Record(
        title=" ".join(work["title"][0].split()),
        year=int(year),
        authors=authors,
        date=date,
        abstract=abstract or None,
        doi=work.get("DOI", "").lower() or None,
        venue=container[0] if container else None,
        url=work.get("URL"),
    )
