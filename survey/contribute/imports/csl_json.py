"""CSL-JSON to paper records: what Zotero ("Export Library…" as CSL JSON), Better BibTeX and
citeproc write, and the survey's own papers.csl.json.

The file is a JSON array of items; each is read on its own, so an item without a title or year is
skipped with its line and the others still count. Values of the wrong JSON type count as absent.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from survey.content.identifiers import is_url
from survey.contribute.imports.records import NOT_AUTHORS, Found, Skipped, arxiv_in_text, checked_year, doi_or_arxiv
from survey.contribute.lookup import Record
from survey.model import arxiv_abs_url, arxiv_pdf_url
from survey.text import one_line

_MARKUP = re.compile(r"</?(?:i|b|sup|sub|sc|span)(?:\s[^<>]*)?>")  # the rich text CSL allows in titles
_PREPRINT_VENUE = re.compile(r"arxiv\b", re.I)


def read(text: str) -> tuple[list[Found], list[Skipped]]:
    """Each usable item's record with its line; each unusable one with its line and the reason.
    ValueError (naming the line) when the text is not a JSON array."""
    found, skipped = [], []
    for number, (line, item) in enumerate(_items(text), start=1):
        label = one_line(item.get("id", "")) if isinstance(item, dict) else ""
        label = label or f"item {number}"
        try:
            found.append(Found(line, label, record(item)))
        except ValueError as error:
            skipped.append(Skipped(line, label, str(error)))
    return found, skipped


def _items(text: str) -> list[tuple[int, object]]:
    """The array's items with the line each starts on (json.loads would lose the lines)."""
    decoder, position = json.JSONDecoder(), _blank(text, 0)
    if not text.startswith("[", position):
        raise ValueError(f"line {text.count(chr(10), 0, position) + 1}: CSL-JSON is an array of items, [ {{...}}, ... ]")
    items, position = [], _blank(text, position + 1)
    while not text.startswith("]", position):
        try:
            item, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise ValueError(f"line {error.lineno}: not JSON ({error.msg})") from None
        except RecursionError:
            raise ValueError(f"line {text.count(chr(10), 0, position) + 1}: nested too deeply") from None
        items.append((text.count("\n", 0, position) + 1, item))
        position = _blank(text, end)
        if text.startswith(",", position):
            position = _blank(text, position + 1)
        elif not text.startswith("]", position):
            raise ValueError(f"line {text.count(chr(10), 0, position) + 1}: expected ',' or ']' after an item")
    return items


def _blank(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _text(value: object) -> str:
    return one_line(_MARKUP.sub("", value)) if isinstance(value, str) else ""


def _name(person: object) -> str:
    if not isinstance(person, dict):
        return ""
    if person.get("literal"):
        return _text(person["literal"])
    parts = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    return " ".join(filter(None, (_text(person.get(part)) for part in parts)))


def _issued(item: dict[str, Any]) -> tuple[int, str | None]:
    """(year, YYYY-MM-DD or None) from `issued`: date-parts (numbers or digit strings) or a raw date."""
    issued = item.get("issued")
    parts: list[object] = []
    if isinstance(issued, dict):
        date_parts = issued.get("date-parts")
        if isinstance(date_parts, list) and date_parts and isinstance(date_parts[0], list):
            parts = date_parts[0]
        elif isinstance(issued.get("raw"), str):
            parts = list(re.findall(r"[0-9]+", issued["raw"])[:3])
    numbers = [int(p) for p in parts if isinstance(p, int) or (isinstance(p, str) and p.isascii() and p.isdigit())]
    if issued is None:
        raise ValueError("no year: the item has no 'issued' date")
    if not numbers or len(numbers) != len(parts) or numbers[0] < 1000:
        raise ValueError(f"no year in 'issued' (got {one_line(json.dumps(issued))[:80]})")
    checked_year(numbers[0])
    try:
        date = datetime.date(numbers[0], numbers[1], numbers[2]).isoformat() if len(numbers) >= 3 else None
    except ValueError:  # 2024-02-30
        date = None
    return numbers[0], date


def record(item: object) -> Record:
    """The paper a CSL-JSON item describes; ValueError saying why it cannot be one."""
    if not isinstance(item, dict):
        raise ValueError("an item must be a JSON object")
    title = _text(item.get("title"))
    if not title:
        raise ValueError("no title")
    year, date = _issued(item)
    doi, arxiv = doi_or_arxiv(_text(item.get("DOI")))
    url = _text(item.get("URL"))
    arxiv = arxiv or next((found for name in ("number", "URL", "note") if (found := arxiv_in_text(_text(item.get(name))))), None)
    venue = _text(item.get("container-title")) or None
    people = item.get("author")
    people = people if isinstance(people, list) else []
    if venue and (arxiv_in_text(venue) or _PREPRINT_VENUE.match(venue)):
        venue = None
    return Record(
        title=title,
        year=year,
        date=date,
        authors=[name for name in map(_name, people) if name and name.lower() not in NOT_AUTHORS],
        abstract=_text(item.get("abstract")) or None,
        arxiv=arxiv,
        doi=doi,
        venue=venue,
        url=url if is_url(url) else arxiv_abs_url(arxiv),
        pdf=arxiv_pdf_url(arxiv),
    )
