"""How to cite a paper outside BibTeX: a plain "cite as" line and structured author names.

Both are plain text; whoever prints them escapes them for their format.
"""

from __future__ import annotations

from functools import lru_cache

from pybtex.database import Person

from survey.model import Paper
from survey.names import is_organisation

MAX_AUTHORS = 10  # past this a reference lists the first ones and "et al."


def name_parts(name: str) -> dict[str, str]:
    """CSL-style name: {"family", "given"} for a person, {"literal"} for an organisation or mononym."""
    return dict(_name_parts(name))  # a copy: the caller may change it


@lru_cache(maxsize=1 << 16)  # parsed once per distinct name: authors recur, and RIS and CSL-JSON both ask
def _name_parts(name: str) -> tuple[tuple[str, str], ...]:
    return tuple(_parse_name(name).items())


def _parse_name(name: str) -> dict[str, str]:
    if is_organisation(name):
        return {"literal": name.strip()}
    person = Person(name)
    family = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    if not family:
        return {"literal": " ".join(name.split())}
    parts = {"family": family, "given": given}
    if person.lineage_names:
        parts["suffix"] = " ".join(person.lineage_names)
    return {k: v for k, v in parts.items() if v}


def author_list(names: tuple[str, ...]) -> str:
    """'A', 'A and B', 'A, B, and C'; long lists end with 'et al.'."""
    names = tuple(" ".join(n.split()) for n in names)
    if len(names) > MAX_AUTHORS:
        return ", ".join(names[:MAX_AUTHORS]) + ", et al."
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def cite_as(paper: Paper) -> str:
    """A reference in the ACL Anthology's style: authors. year. title. venue. identifiers."""
    title = " ".join(paper.title.split()).rstrip(".")
    parts = [f"{author_list(paper.authors)}. {paper.year}." if paper.authors else f"{paper.year}."]
    parts.append(f"{title}.")
    if paper.venue_name:
        venue = " ".join(paper.venue_name.split())  # the BibTeX's booktitle or journal: the two agree
        parts.append(f"In {venue}." if paper.entry_type[0] == "inproceedings" else f"{venue}.")
    if paper.arxiv:
        parts.append(f"arXiv:{paper.arxiv}.")
    if paper.doi:
        parts.append(f"https://doi.org/{paper.doi}")
    elif paper.url and not paper.arxiv:
        parts.append(paper.url)
    if not paper.authors:
        parts.insert(0, parts.pop(1))  # no authors: the title leads, as reference styles do
    return " ".join(parts)
