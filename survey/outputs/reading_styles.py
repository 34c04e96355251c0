"""A paper's reference in reading styles (APA, the ACL's, IEEE), as the paper pages' "Cite" block
shows it: formatted by citeproc-py from the paper's CSL-JSON record (the one papers.csl.json holds),
with each style's own CSL file (outputs/csl/, copied unchanged from the CSL project; its README says
from where and under which licence).

citeproc-py's plain formatter writes plain text, and its HTML formatter does not escape what it
prints (a title ``<img onerror=…>`` comes out as a tag): the text stays plain here, and whoever
prints it escapes it for their format.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import citeproc

from survey.model import Paper
from survey.outputs import csl_format
from survey.outputs.csl_format import STYLE_FOLDER, format_item
from survey.outputs.exports import csl_item
from survey.outputs.reference_cache import ReferenceCache
from survey.outputs.reference_helper import MIN_ITEMS, Item, ReferenceHelper


@dataclass(frozen=True)
class Style:
    id: str  # a short name, for ids on a page
    label: str  # as the page names it
    file: str  # the CSL file in outputs/csl/


STYLES = (
    Style("apa", "APA", "apa.csl"),
    Style("acl", "ACL", "association-for-computational-linguistics.csl"),
    Style("ieee", "IEEE", "ieee.csl"),
)


@dataclass(frozen=True)
class Reference:
    style: Style
    text: str  # plain text, one line


def references(paper: Paper) -> list[Reference]:
    """The paper's reference in every style of STYLES, in that order."""
    record, digest = _record(paper)
    return [Reference(style, _formatted(style, digest, record)) for style in STYLES]


def prepare(papers: Iterable[Paper]) -> None:
    """Start formatting, in a second process, the references of ``papers`` (in the order references()
    will be asked for them) that the cache lacks (outputs/reference_helper.py)."""
    _stop_helper()
    _prepared.clear()
    items: dict[str, Item] = {}
    for paper in papers:
        record, digest = _record(paper)
        _prepared[paper.key] = (paper, record, digest)
        for style in STYLES:
            key = f"{style.id}:{digest}"
            if key not in items and _cache().get(key) is None:
                items[key] = (key, style.file, record)
    if len(items) >= MIN_ITEMS:
        _helper.append(ReferenceHelper(list(items.values())))


def save() -> None:
    """Stop the second process, and keep what was formatted for the next build (outputs/reference_cache.py)."""
    _stop_helper()
    _cache().save()


_helper: list[ReferenceHelper] = []  # the second process of this build, while it runs


def _stop_helper() -> None:
    while _helper:
        _helper.pop().stop()


# Each paper's record and its digest as prepare() made them, for references() to use again (the
# paper itself too: only that very object is the same paper).
_prepared: dict[str, tuple[Paper, dict[str, Any], str]] = {}


def _record(paper: Paper) -> tuple[dict[str, Any], str]:
    known = _prepared.get(paper.key)
    if known is not None and known[0] is paper:
        return known[1], known[2]
    record = reading_record(paper)
    return record, _digest(record)


def _digest(record: dict[str, Any]) -> str:
    return hashlib.blake2b(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"), digest_size=16).hexdigest()


def reading_record(paper: Paper) -> dict[str, Any]:
    """The paper's CSL-JSON record as a reference cites it: the published title; for a published
    paper the year of publication, without the arXiv version's date and number (the record keeps
    them so that a reference manager can find the preprint; the proceedings' page is not that)."""
    item = csl_item(paper)
    item.pop("abstract", None)  # no reading style prints it
    item["title"] = paper.cited_title
    if "container-title" in item:
        item["issued"] = {"date-parts": [[paper.year]]}
        item.pop("number", None)
    return item


def _formatted(style: Style, digest: str, record: dict[str, Any]) -> str:
    key = f"{style.id}:{digest}"
    text = _cache().get(key)
    if text is None:
        text = _helper[0].take(key) if _helper else None
        if text is None:
            text = format_item(record, style.file)
        _cache().put(key, text)
    return text


@functools.cache
def _cache() -> ReferenceCache:
    """The references made before, by this process or an earlier build: their edition changes with
    citeproc-py's version, the style files, this module and csl_format.py (its mends)."""
    edition = hashlib.blake2b(citeproc.__version__.encode(), digest_size=16)
    for path in [Path(__file__), Path(csl_format.__file__), *(STYLE_FOLDER / style.file for style in STYLES)]:
        edition.update(path.read_bytes())
    return ReferenceCache(edition.hexdigest())


