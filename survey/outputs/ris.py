"""RIS, the tagged format EndNote, Zotero, Mendeley and most reference managers import.

One record a paper: `TY  - ` opens it, `ER  - ` closes it, one `TAG  - value` a line between. RIS
has no escaping, so every value is one line (line breaks and control characters folded away): no
text can open or close a record of its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from survey.model import Paper, arxiv_abs_url
from survey.outputs.cite import name_parts
from survey.text import one_line

# BibTeX's entry types (Paper.entry_type) as RIS reference types; a preprint is generic (Zotero
# reads GEN with `PB  - arXiv` as a preprint).
_TYPES = {"article": "JOUR", "inproceedings": "CPAPER", "misc": "GEN"}


class Records:
    """Each paper's record, made once: the survey's file, each category's and each paper's join them."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        self.texts = {paper.key: record(paper) for paper in papers}

    def file(self, papers: Iterable[Paper]) -> bytes:
        """The records of ``papers``, in the order given."""
        return "".join(self.texts[paper.key] for paper in papers).encode("utf-8")


def ris(papers: Iterable[Paper]) -> bytes:
    """Every paper's record, in the order given."""
    return "".join(record(paper) for paper in papers).encode("utf-8")


def record(paper: Paper) -> str:
    kind, _ = paper.entry_type
    lines = [("TY", _TYPES[kind]), ("ID", paper.key)]
    lines.append(("TI", paper.cited_title))
    lines += [("AU", _author(name)) for name in paper.authors]
    lines.append(("PY", str(paper.year)))
    if paper.date and int(paper.date[:4]) == paper.year:
        lines.append(("DA", paper.date.replace("-", "/")))
    if paper.venue_name:
        lines.append(("JO" if kind == "article" else "T2", paper.venue_name))
        if paper.published_in is not None and paper.published_in.publisher:
            lines.append(("PB", paper.published_in.publisher))
    elif paper.arxiv:
        lines.append(("PB", "arXiv"))
    if paper.arxiv:
        lines.append(("M1", f"arXiv:{paper.arxiv}"))
    if paper.doi:
        lines.append(("DO", paper.doi))
    url = paper.url or arxiv_abs_url(paper.arxiv)
    if url:
        lines.append(("UR", url))
    if paper.abstract:
        lines.append(("AB", paper.abstract))
    folded = ((tag, one_line(value)) for tag, value in lines)
    body = "".join(f"{tag}  - {value}\n" for tag, value in folded if value)
    return body + "ER  -\n"


def _author(name: str) -> str:
    """`Family, Given` as RIS wants it; an organisation as it is."""
    parts = name_parts(name)
    if "literal" in parts:
        return parts["literal"]
    given = parts.get("given", "")
    family = parts["family"] + (f", {parts['suffix']}" if "suffix" in parts else "")
    return f"{family}, {given}" if given else family
