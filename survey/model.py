"""Typed model of a survey: what the validated YAML means, with no file positions left in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from survey.errors import Problem
from survey.source_tiers import SourcePolicy
from survey.venue_match import VenueMatcher

# Venue names that make a paper a journal article rather than one in proceedings.
_JOURNAL = re.compile(r"\b(journal|transactions|letters|review|magazine|ACM T[A-Z]+|IEEE T[A-Z]+)\b", re.I)

FactValue = str | int | float | bool | tuple[str, ...]
# Tags that follow from a paper's place or its other tags (survey.yaml `implies`): facet id -> values,
# of which the paper carries at least one for each facet named.
Implies = dict[str, tuple[str, ...]]
# What a column holds and what a venue is: survey.schema.json enumerates the same words (a test compares them).
ColumnType = Literal["text", "number", "bool", "list", "url"]
VenueType = Literal["conference", "journal", "workshop"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: ColumnType
    unit: str | None = None
    required: bool = False  # in a survey-wide table: a paper that joins it gives this fact


@dataclass(frozen=True)
class Facet:
    id: str
    label: str
    values: dict[str, str]  # value id -> label, in the survey's order
    required: bool = False
    implies: dict[str, Implies] = field(default_factory=dict)  # value -> the tags a paper with it also carries


@dataclass
class Category:
    """A node of the taxonomy. Not frozen: a parent and its children point at each other, so the
    loader sets ``children`` after making the node (tests edit titles on a copy the same way)."""

    id: str
    title: str
    intro: str
    columns: tuple[Column, ...]
    parent: Category | None = field(default=None, repr=False)
    children: list[Category] = field(default_factory=list)
    implies: Implies = field(default_factory=dict)  # tags every paper in it or below it carries

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def ancestors(self) -> list[Category]:
        """From the root down to the parent."""
        chain: list[Category] = []
        node = self.parent
        while node:
            chain.insert(0, node)
            node = node.parent
        return chain

    @property
    def top(self) -> Category:
        return (self.ancestors or [self])[0]

    def walk(self) -> Iterator[Category]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Table:
    """A survey-wide table shown on one category page; a paper joins it by giving its facts."""

    id: str
    title: str
    category: str
    columns: tuple[Column, ...]
    required_in: tuple[str, ...] = ()  # categories whose papers must join the table
    implies: Implies = field(default_factory=dict)  # tags every paper that joins it carries


@dataclass(frozen=True)
class Citation:
    key: str
    type: str
    fields: dict[str, str]


@dataclass(frozen=True)
class Venue:
    """A venue of the survey's registry (survey.yaml `venues`): what BibTeX, tables and meta tags say."""

    id: str
    name: str  # as BibTeX wants it: the booktitle of proceedings, the journal's name
    short: str  # for tables and pages: "ICLR", "Findings of ACL"
    type: VenueType
    publisher: str | None = None
    aliases: tuple[str, ...] = ()  # what `survey import` and `add` recognise ("ICLR 2024", the full name)
    editions: dict[int, str] = field(default_factory=dict)  # year -> the proceedings' own name, where it differs

    def name_in(self, year: int) -> str:
        return self.editions.get(year, self.name).replace("{year}", str(year))


@dataclass(frozen=True)
class Paper:
    """One paper file, as validated; frozen: a later stage derives what it shows, never rewrites it."""

    key: str
    title: str
    year: int
    category: str
    tldr: str
    added: str
    authors: tuple[str, ...] = ()
    date: str | None = None
    venue: str | None = None  # as the file says it: a registry id with a registry, else free text ("ICLR 2024")
    arxiv: str | None = None
    arxiv_class: str | None = None
    doi: str | None = None
    url: str | None = None
    pdf: str | None = None
    code: str | None = None
    abstract: str | None = None
    published_title: str | None = None
    short_name: str | None = None  # the taxonomy figure's name for it, where the title's head is not one
    tags: dict[str, tuple[str, ...]] = field(default_factory=dict)
    facts: dict[str, FactValue] = field(default_factory=dict)
    note: str | None = None
    sources: tuple[str, ...] = ()  # pages the facts were taken from, shown as provenance
    distinct_from: tuple[str, ...] = ()  # keys of papers whose titles are near-identical, checked by hand
    former_keys: tuple[str, ...] = ()  # keys it had before: BibTeX `ids`, and a page at the old address
    source: str = ""  # the file it came from, for messages
    # With a venue registry, the venue `venue` names (the loader resolves it); `year` is then the
    # year of publication.
    published_in: Venue | None = None

    @property
    def venue_text(self) -> str | None:
        """The venue as pages, tables, charts and exports show it: the registry's short name and the
        year ("ICLR 2024"), else the file's own text; None for a preprint."""
        if self.published_in is not None:
            return f"{self.published_in.short} {self.year}"
        return self.venue

    @property
    def entry_type(self) -> tuple[str, str | None]:
        """(BibTeX type, the field that names the venue): a journal article, a paper in
        proceedings, or a preprint. BibTeX, CSL-JSON, meta tags and "cite as" all follow it."""
        if self.published_in is not None:
            return ("article", "journal") if self.published_in.type == "journal" else ("inproceedings", "booktitle")
        if not self.venue:
            return "misc", None
        return ("article", "journal") if _JOURNAL.search(self.venue) else ("inproceedings", "booktitle")

    @property
    def cited_title(self) -> str:
        """The title a citation gives: the published one, where the published version has its own."""
        return self.published_title if self.published_in is not None and self.published_title else self.title

    @property
    def venue_name(self) -> str | None:
        """The venue's full name as BibTeX and CSL want it (the registry's, else what the file says)."""
        return self.published_in.name_in(self.year) if self.published_in is not None else self.venue


@dataclass
class Survey:
    title: str
    description: str
    maintainers: list[dict[str, str]]
    cite: Citation | None
    protected_words: tuple[str, ...]
    facets: list[Facet]
    roots: list[Category]
    tables: list[Table]
    papers: list[Paper] = field(default_factory=list)
    source: str = ""  # survey.yaml as named in messages
    venues: dict[str, Venue] = field(default_factory=dict)  # the registry; empty: venues are free text
    leaf_papers: tuple[int, int] | None = None  # (fewest, most) papers a leaf should hold: a warning outside
    source_policy: SourcePolicy | None = None  # survey.yaml `sources`: tiers of trust; None: any public page
    warnings: list[Problem] = field(default_factory=list)  # what `survey check` printed but did not fail on

    def categories(self) -> Iterator[Category]:
        for root in self.roots:
            yield from root.walk()

    @cached_property
    def _by_id(self) -> dict[str, Category]:
        return {c.id: c for c in self.categories()}  # the taxonomy never changes once loaded

    def category(self, category_id: str) -> Category | None:
        return self._by_id.get(category_id)

    def papers_in(self, category: Category) -> list[Paper]:
        """Papers of a category and all its descendants, newest first, then by title."""
        ids = {c.id for c in category.walk()}
        return sorted((p for p in self.papers if p.category in ids), key=paper_order)

    def category_path(self, paper: Paper) -> list[str]:
        """The ids from the top-level category down to the paper's own."""
        category = self.category(paper.category)
        return [c.id for c in category.ancestors] + [category.id] if category else [paper.category]

    def match_venue(self, text: str) -> tuple[Venue, int | None] | None:
        """The registry venue a free-text venue names ("ICLR 2024", "Findings of ACL 2025", a
        proceedings title as the ACL Anthology or DBLP write it), with the year it gives; None when
        no name of the registry matches (survey/venue_match.py says how names are compared)."""
        return self._venue_matcher.match(text)

    @cached_property
    def _venue_matcher(self) -> VenueMatcher:
        return VenueMatcher(self.venues.values())  # the registry never changes once loaded

    def facet(self, facet_id: str) -> Facet | None:
        return next((f for f in self.facets if f.id == facet_id), None)


def arxiv_abs_url(arxiv: str | None) -> str | None:
    return f"https://arxiv.org/abs/{arxiv}" if arxiv else None


def arxiv_pdf_url(arxiv: str | None) -> str | None:
    return f"https://arxiv.org/pdf/{arxiv}" if arxiv else None


def paper_order(paper: Paper) -> tuple[int, str, str]:
    return (-paper.year, paper.title.casefold(), paper.key)
