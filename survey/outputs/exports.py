"""Machine-readable exports: papers.json (the whole data set), CSL-JSON for reference managers, and
an Atom feed of the newest papers.

Every export is a pure function of the survey: papers in key order (the feed: newest ``added``
first, then the paper's own date, then key), sorted JSON keys where order carries no meaning, and no
timestamps other than the content's own dates, so the same content always gives the same bytes.
"""

from __future__ import annotations

import json
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any

from survey import urls
from survey.model import Paper, Survey, arxiv_abs_url
from survey.outputs.cite import name_parts
from survey.text import xml_safe
from survey.urls import Publishing

FEED_SIZE = 20
ATOM = "http://www.w3.org/2005/Atom"

# The fields of papers.json, documented on the downloads page (the template reads this table).
PAPER_FIELDS: tuple[tuple[str, str], ...] = (
    ("key", "the cite key, stable once published"),
    ("title", "the paper's title"),
    ("published_title", "the title of the published version, where it differs (else null)"),
    ("authors", "author names in paper order (empty when unknown)"),
    ("year", "the year of publication, or of the first arXiv version for a preprint (integer)"),
    ("date", "the first arXiv version's date, YYYY-MM-DD, or null"),
    ("venue", "where it was published, as tables show it (ICLR 2024), or null for a preprint"),
    ("venue_id", "the venue's id in the survey's venue registry, or null"),
    ("venue_name", "the venue's full name (the proceedings' or journal's), or null"),
    ("arxiv", "arXiv id without version, or null"),
    ("doi", "DOI, or null"),
    ("url", "the paper's page, or null"),
    ("pdf", "a PDF link, or null"),
    ("code", "the code repository, or null"),
    ("abstract", "the paper's abstract, or null"),
    ("tldr", "the survey's one-sentence summary"),
    ("category", "id of the paper's leaf category"),
    ("categories", "ids from the top-level category down to the leaf"),
    ("tags", "facet id -> list of value ids (labels are under facets)"),
    ("facts", "column key -> value, as in the comparison tables"),
    ("added", "the date the paper joined the survey, YYYY-MM-DD"),
    ("page", "the paper's page on this site"),
    ("related", "keys of the most similar papers, best first"),
)


def paper_record(survey: Survey, paper: Paper, publishing: Publishing, related: list[str]) -> dict[str, Any]:
    record = {
        "key": paper.key,
        "title": paper.title,
        "published_title": paper.published_title,
        "authors": list(paper.authors),
        "year": paper.year,
        "date": paper.date,
        "venue": paper.venue_text,
        "venue_id": paper.published_in.id if paper.published_in else None,
        "venue_name": paper.venue_name,
        "arxiv": paper.arxiv,
        "doi": paper.doi,
        "url": paper.url,
        "pdf": paper.pdf,
        "code": paper.code,
        "abstract": paper.abstract,
        "tldr": paper.tldr,
        "category": paper.category,
        "categories": survey.category_path(paper),
        "tags": {facet: list(values) for facet, values in sorted(paper.tags.items())},
        "facts": {key: list(v) if isinstance(v, tuple) else v for key, v in sorted(paper.facts.items())},
        "added": paper.added,
        "page": publishing.url(urls.paper_page(paper)),
        "related": related,
    }
    assert tuple(record) == tuple(name for name, _ in PAPER_FIELDS)  # the documentation stays true
    return record


def papers_json(survey: Survey, publishing: Publishing, related: dict[str, list[str]]) -> bytes:
    data = {
        "title": survey.title,
        "facets": [{"id": f.id, "label": f.label, "values": f.values} for f in survey.facets],
        "categories": [
            {"id": c.id, "title": c.title, "parent": c.parent.id if c.parent else None} for c in survey.categories()
        ],
        "papers": [paper_record(survey, p, publishing, related.get(p.key, [])) for p in _by_key(survey.papers)],
    }
    return _json(data)


def csl_item(paper: Paper) -> dict[str, Any]:
    """A CSL-JSON item (the format of citeproc and Zotero); only fields CSL defines."""
    kind, _ = paper.entry_type
    item: dict[str, Any] = {
        "id": paper.key,
        "type": {"article": "article-journal", "inproceedings": "paper-conference"}.get(kind, "article"),
        "title": paper.title,
        "author": [name_parts(a) for a in paper.authors],
        "issued": {"date-parts": [[int(part) for part in paper.date.split("-")] if paper.date else [paper.year]]},
    }
    if paper.date and int(paper.date[:4]) != paper.year:
        item["issued"] = {"date-parts": [[paper.year]]}  # the year cited wins over a preprint's date
    if paper.venue_name:
        item["container-title"] = paper.venue_name
    elif paper.arxiv:
        item["publisher"] = "arXiv"  # how Zotero itself records an arXiv preprint
    if paper.arxiv:
        item["number"] = f"arXiv:{paper.arxiv}"
    if paper.doi:
        item["DOI"] = paper.doi
    url = paper.url or arxiv_abs_url(paper.arxiv)
    if url:
        item["URL"] = url
    if paper.abstract:
        item["abstract"] = paper.abstract
    if not item["author"]:
        del item["author"]
    return item


def csl_json(survey: Survey, records: Mapping[str, str] | None = None) -> bytes:
    """papers.csl.json, one item a line; ``records``: each paper's csl_record, if made already."""
    lines = records if records is not None else {p.key: csl_record(p) for p in survey.papers}
    texts = [lines[p.key] for p in _by_key(survey.papers)]
    # As _json writes a list; theme/javascripts/explorer/export.js joins a selection the same way.
    return ("[\n" + ",\n".join(f" {text}" for text in texts) + "\n]\n" if texts else "[]\n").encode("utf-8")


def csl_record(paper: Paper) -> str:
    """A paper's line in papers.csl.json, without its indent and comma (the explorer's export
    fetches these to join a selection's file)."""
    return _compact(csl_item(paper))


def newest_first(papers: list[Paper]) -> list[Paper]:
    """Newest ``added`` first; within a day, the newest paper (its date, else its year) first, then by key."""
    # Stable sorts: by key first, so the newer-first sort leaves ties in key order.
    return sorted(_by_key(papers), key=lambda p: (p.added, p.date or f"{p.year:04d}"), reverse=True)


def newest(papers: list[Paper], count: int) -> list[Paper]:
    """The home page's newest additions: the feed's first ``count`` entries, named one by one even
    when a whole day's batch joined at once (the page links to the rest, sorted the same way)."""
    return newest_first(papers)[:count]


def atom_feed(survey: Survey, publishing: Publishing, count: int = FEED_SIZE) -> bytes:
    """An Atom feed of the newest papers; ``updated`` comes from the content, never from the clock."""
    ET.register_namespace("", ATOM)
    papers = newest_first(survey.papers)[:count]  # a feed reader wants entries, even from one batch
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", _urn(survey, "feed"))
    _text(feed, "title", f"{survey.title}: newest papers")
    _text(feed, "updated", _timestamp(papers[0].added if papers else "1970-01-01"))
    _text(feed, "generator", "survey")
    # Without a site URL the links are relative, which Atom resolves against the feed's own address.
    site = publishing.site_url.rstrip("/") + "/" if publishing.site_url else "./"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=site)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=site.removeprefix("./") + urls.FEED)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", ", ".join(m["name"] for m in survey.maintainers) or survey.title)
    for paper in papers:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", _urn(survey, paper.key))
        _text(entry, "title", paper.title)
        _text(entry, "updated", _timestamp(paper.added))
        if paper.date:
            _text(entry, "published", _timestamp(paper.date))
        for name in paper.authors:
            _text(ET.SubElement(entry, f"{{{ATOM}}}author"), "name", name)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=publishing.url(urls.paper_page(paper)))
        category = survey.category(paper.category)
        if category:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=category.id, label=xml_safe(category.title))
        _text(entry, "summary", paper.tldr)
    ET.indent(feed)
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)  # typeshed: Any for an encoding other than "unicode"
    return data + b"\n"


def _urn(survey: Survey, name: str) -> str:
    """A stable id that survives moving the site: Atom ids must never change once published."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"survey:{survey.title}:{name}").urn


def _timestamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    element.text = xml_safe(text)
    return element


def _by_key(papers: list[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: p.key)


def _json(data: Any) -> bytes:
    """One record a line: readable and diffable, and written by json's C encoder (an ``indent``
    makes json use its Python one, the largest cost of the exports)."""
    if isinstance(data, dict):
        text = "{\n" + ",\n".join(f" {_compact(key)}: {_records(value, ' ')}" for key, value in data.items()) + "\n}"
    else:
        text = _records(data, "")
    return (text + "\n").encode("utf-8")


def _records(value: Any, pad: str) -> str:
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(f"{pad} {_compact(item)}" for item in value) + f"\n{pad}]"
    return _compact(value)


def _compact(value: Any) -> str:
    # allow_nan=False: NaN or Infinity would write JSON that browsers cannot parse.
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
