"""BibTeX for papers, written and re-read with pybtex.

Only bibliographic fields reach BibTeX; the survey's own fields (tldr, tags, facts, note) never do.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer

from survey.model import Citation, Paper, arxiv_abs_url
from survey.names import is_organisation
from survey.outputs import latex

_BRACE = re.compile(r"[{}]")


class _LatexWriter(Writer):  # type: ignore[misc]  # pybtex has no type information
    """pybtex's writer, fed text we have already encoded, with every value in braces."""

    def _encode(self, text: str) -> str:
        return text

    def quote(self, s: str) -> str:
        if not _balanced(s):  # latex.encode never unbalances braces; this guards the file anyway
            self.check_braces(s)  # raises pybtex's BibTeXError naming the string
        return "{" + s + "}"


def _balanced(text: str) -> bool:
    """Braces nest properly (pybtex's own check tokenizes the text and is much slower)."""
    depth = 0
    for brace in _BRACE.findall(text):
        depth += 1 if brace == "{" else -1
        if depth < 0:
            return False
    return depth == 0


# BibTeX splits author lists on "and" and reads commas as "Last, First": such names stay whole.
_AMBIGUOUS_NAME = re.compile(r",|\band\b|[{}]", re.IGNORECASE)


# bibtex keeps labels in "entry strings" of 500 bytes and cuts longer ones anywhere, even inside a brace
# group. plainnat's label holds the first two family names (or the key field), so a family name far longer
# than any real one breaks the .bbl: such text is shortened and marked with "…". Bracing it whole would not
# help, since the label would still be too long.
_LONGEST = 230  # bytes of LaTeX: two of them, " and ", the year and natbib's "{\natexlab{b}}" fit in 500


def _shortened(text: str, size: Callable[[str], int]) -> str:
    """``text``, or its longest start that, with "…" added, is at most _LONGEST by ``size``."""
    if size(text) <= _LONGEST:
        return text
    low, high = 0, len(text)  # text[:low] + "…" fits, text[:high] + "…" does not
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if size(text[:middle] + "…") <= _LONGEST else (low, middle)
    return text[:low].rstrip() + "…"


def _parsed(name: str) -> Person:
    encoded = latex.encode_name(name)
    whole = is_organisation(name) or _AMBIGUOUS_NAME.search(name)
    return Person("{" + encoded + "}") if whole else Person(encoded)


def _family_size(person: Person) -> int:
    """Bytes of the part of a name that labels hold (bibtex's "{vv~}{ll}")."""
    return len(" ".join(person.prelast_names + person.last_names).encode())


@lru_cache(maxsize=65536)
def _person(name: str) -> Person:
    """Parsed once per distinct name (authors recur across papers); entries never modify it."""
    person = _parsed(name)
    if _family_size(person) <= _LONGEST:
        return person
    return _parsed(_shortened(name, lambda text: _family_size(_parsed(text))))


def _key(title: str) -> str:
    """The key field: plainnat labels by it as by a name, so it is written as one."""
    return latex.encode_name(_shortened(title, lambda text: len(latex.encode_name(text).encode())))


def paper_entry(paper: Paper, protected: frozenset[str] = frozenset()) -> Entry:
    kind, venue_field = paper.entry_type
    fields: list[tuple[str, str]] = [("title", latex.encode_title(paper.cited_title, protected))]
    if venue_field:
        assert paper.venue_name  # entry_type names a venue field only for a paper with a venue
        fields.append((venue_field, latex.encode_title(paper.venue_name, protected)))
        if paper.published_in is not None and paper.published_in.publisher:
            fields.append(("publisher", latex.encode(paper.published_in.publisher)))
    fields.append(("year", str(paper.year)))
    if paper.doi:
        # Raw, as publishers export it: biblatex reads doi verbatim and natbib styles print it with \Url,
        # so an escaped "\_" would reach the reader and the link (content.identifiers keeps braces out).
        fields.append(("doi", paper.doi))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
        if paper.arxiv_class:
            fields.append(("primaryClass", paper.arxiv_class))
    url = paper.url or arxiv_abs_url(paper.arxiv)
    if url:
        fields.append(("url", url))  # checked by content.identifiers; styles print it with \url, verbatim
    if not paper.authors:
        fields.append(("key", _key(paper.title)))  # what bibtex styles sort and label by instead
    if paper.former_keys:
        # biblatex's aliases: a document citing an old key still finds the entry under biber
        # (bibtex styles ignore the field).
        fields.append(("ids", ",".join(paper.former_keys)))
    persons = {"author": [_person(a) for a in paper.authors]} if paper.authors else {}
    return Entry(kind, fields=fields, persons=persons)


def citation_entry(citation: Citation) -> Entry:
    fields = [(k, latex.encode_title(v) if k == "title" else latex.encode(v)) for k, v in citation.fields.items() if k != "author"]
    # "A and B" lists people; a single name with spaces ("The survey maintainers") is a group, kept whole.
    names = citation.fields.get("author", "")
    people = names.split(" and ") if " and " in names else []
    persons = {"author": [_person(n) for n in people] or [Person("{" + latex.encode_name(names) + "}")]} if names else {}
    return Entry(citation.type, fields=fields, persons=persons)


def with_abstract(entry: Entry, paper: Paper) -> Entry:
    """``entry`` plus the abstract, for survey-full.bib, without building the entry again."""
    if not paper.abstract:
        return entry
    return Entry(entry.type, fields=list(entry.fields.items()) + [("abstract", latex.encode(paper.abstract))], persons=entry.persons)


class Bibliography:
    """Every paper's entry, built and written once: each .bib file the site offers (one paper, a
    category, the survey, the survey with abstracts) joins the ones it needs. The renderer and the
    tests both go through here, so the tests check what ships."""

    def __init__(self, papers: Iterable[Paper], protected: Iterable[str] = ()):
        words = frozenset(protected)
        self.papers = {p.key: p for p in papers}
        self.entries = {key: paper_entry(paper, words) for key, paper in self.papers.items()}
        self.texts = {key: _entry_text(key, entry, self.papers[key].authors) for key, entry in self.entries.items()}

    def text(self, papers: Iterable[Paper] | None = None) -> str:
        """The same text pybtex writes for these papers (default: all) together: by key, a blank line apart."""
        keys = self.papers if papers is None else (p.key for p in papers)
        return "\n".join(self.texts[key] for key in sorted(keys))

    def full_text(self) -> str:
        """survey-full.bib: every entry with its abstract."""
        # One entry at a time, as text() joins them (pybtex writes a blank line between entries):
        # an entry written before, in this process, is not written again (a `make serve` rebuild).
        entries = ((key, with_abstract(self.entries[key], self.papers[key])) for key in sorted(self.entries))
        return "\n".join(_entry_text(key, entry, self.papers[key].authors) for key, entry in entries)


def _entry_text(key: str, entry: Entry, authors: tuple[str, ...]) -> str:
    """What pybtex writes for one paper's entry; its persons are made from ``authors`` (paper_entry)."""
    return _written(key, entry.type, tuple(entry.fields.items()), authors)


@lru_cache(maxsize=1 << 15)  # by value: the same entry is written once a process
def _written(key: str, kind: str, fields: tuple[tuple[str, str], ...], authors: tuple[str, ...]) -> str:
    persons = {"author": [_person(a) for a in authors]} if authors else {}
    return entries_text({key: Entry(kind, fields=list(fields), persons=persons)})


def to_bibtex(data: BibliographyData) -> str:
    stream = io.StringIO()
    _LatexWriter().write_stream(data, stream)
    return stream.getvalue()


def entries_text(entries: dict[str, Entry]) -> str:
    data = BibliographyData()
    for key, entry in entries.items():
        data.add_entry(key, entry)
    return to_bibtex(data)
