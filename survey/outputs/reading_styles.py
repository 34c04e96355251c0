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
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import citeproc
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter, model
from citeproc.source.json import CiteProcJSON

from survey.model import Paper
from survey.outputs.exports import csl_item
from survey.outputs.reference_cache import ReferenceCache
from survey.text import one_line

STYLE_FOLDER = Path(__file__).parent / "csl"


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
    record = reading_record(paper)
    digest = hashlib.blake2b(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8"), digest_size=16).hexdigest()
    return [Reference(style, _formatted(style, digest, record)) for style in STYLES]


def save() -> None:
    """Keep what this process formatted for the next build (outputs/reference_cache.py)."""
    _cache().save()


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
        text = format_item(record, style.file)
        _cache().put(key, text)
    return text


@functools.cache
def _cache() -> ReferenceCache:
    """The references made before, by this process or an earlier build: their edition changes with
    citeproc-py's version, the style files and this module (its mends)."""
    edition = hashlib.blake2b(citeproc.__version__.encode(), digest_size=16)
    for path in [Path(__file__), *(STYLE_FOLDER / style.file for style in STYLES)]:
        edition.update(path.read_bytes())
    return ReferenceCache(edition.hexdigest())


def format_item(item: dict[str, Any], style_file: str) -> str:
    """One CSL-JSON item as a reference list of one entry in the style of ``style_file`` (in outputs/csl/) prints it."""
    bibliography = CitationStylesBibliography(_style(style_file), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    (entry,) = bibliography.bibliography()
    return _finished(str(entry))


def _remember_queries() -> None:
    """citeproc-py finds a style's macros and terms with an XPath query on every use: 40% of its time,
    5.0 s of CPU for the flagship's 404 papers in three styles. A loaded style never changes, so each
    element's answer to each query is kept (220 answers for the three styles): 2.4 s, every reference
    the same text. Keys hold their element, so lxml keeps its proxy and the key stays that element."""
    search = model.CitationStylesElement.xpath_search
    if getattr(search, "remembers", False):
        return
    answers: dict[tuple[Any, str], Any] = {}

    def xpath_search(element: Any, expression: str) -> Any:
        key = (element, expression)
        if key not in answers:
            answers[key] = search(element, expression)
        return answers[key]

    xpath_search.remembers = True  # type: ignore[attr-defined]
    model.CitationStylesElement.xpath_search = xpath_search


_remember_queries()


@functools.cache
def _style(style_file: str) -> CitationStylesStyle:
    # validate=False: checking the file against the CSL schema costs more than formatting with it,
    # and these files are the CSL project's own, checked by its tests.
    return CitationStylesStyle(str(STYLE_FOLDER / style_file), validate=False)


# What citeproc-py 0.11 leaves undone, each mended on its output:
_NUMBER = re.compile(r"^\[1\]\s*")  # a numbered style labels an entry of a list: a single reference needs no number
_OUTSIDE_QUOTE = re.compile(r"”([.,])")  # en-US puts a comma or full stop inside closing quotes (punctuation-in-quote)
# A title standing in for missing authors is left out further on (CSL's cs:substitute): APA's
# "Title. (2023). Title. arXiv." becomes "Title. (2023). arXiv.".
_SUBSTITUTED_TWICE = re.compile(r"^(?P<title>.+?)\. (?P<date>\([^()]*\)\.) (?P=title)\.(?= |$)")
# text-case="capitalize-first" changes only a word in lower case: "arXiv:2106.09685" stays as it is.
_ARXIV = re.compile(r"\bArXiv:(?=\d)")


def _finished(text: str) -> str:
    text = _NUMBER.sub("", text)
    text = _OUTSIDE_QUOTE.sub(r"\1”", text)
    text = _SUBSTITUTED_TWICE.sub(r"\g<title>. \g<date>", text)
    return one_line(_ARXIV.sub("arXiv:", text))
