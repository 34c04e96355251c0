"""Rules of paper files that their schema cannot see: the taxonomy, facets, columns, tables,
uniqueness across files, near-identical titles, and the survey's style rules (warnings).

A file that failed its schema is still checked here on its sound fields (``PaperDoc.unsound``
names the others), so a contributor sees every problem in one round.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from survey.content import source_rules, tag_rules
from survey.content.identifiers import url_problem
from survey.content.rules import _TYPE_TEXT, URL_FIELDS, _fits, check_urls, choices
from survey.content.similar_titles import near_duplicates
from survey.content.yaml_source import Located
from survey.errors import WARNING, Problem, excerpt
from survey.model import Category, Column, Paper, Survey
from survey.text import sentences


@dataclass(frozen=True)
class PaperDoc:
    doc: Located
    paper: Paper
    unsound: frozenset[str] = frozenset()  # fields that failed their schema: left to its message

    def sound(self, name: str) -> bool:
        """Whether the field passed its schema, so the rules across files may look at it."""
        return name not in self.unsound


def check_across(items: list[PaperDoc]) -> list[Problem]:
    """The rules that compare files with each other."""
    return _check_unique(items) + _check_similar_titles(items)


def check_paper(survey: Survey, item: PaperDoc) -> list[Problem]:
    """The rules of one file: a pure function of the file and the survey."""
    doc, paper, sound = item.doc, item.paper, item.sound
    problems = _check_key_and_dates(item) + _check_place(survey, item)
    problems += check_urls(doc, [((name,), getattr(paper, name)) for name in URL_FIELDS if sound(name)])
    problems += source_rules.check_links(survey, doc, paper, [name for name in URL_FIELDS if sound(name)])
    if sound("sources"):
        problems += check_urls(doc, [(("sources", i), url) for i, url in enumerate(paper.sources)])
        problems += source_rules.check_sources(survey, doc, paper, added_sound=sound("added"))
    if sound("tldr"):
        problems += _check_tldr(doc, paper)
    if sound("venue") and paper.venue and survey.venues:
        problems += _check_venue(survey, doc, paper.venue)
    return problems


def _check_key_and_dates(item: PaperDoc) -> list[Problem]:
    doc, paper, sound = item.doc, item.paper, item.sound
    problems: list[Problem] = []
    stem = PurePosixPath(doc.path).stem
    if sound("key") and paper.key != stem:
        problems.append(doc.problem(("key",), f"must equal the file name '{stem}' (got '{paper.key}')"))
    for name in ("date", "added"):
        value = getattr(paper, name)
        if sound(name) and value and not _is_date(value):
            problems.append(doc.problem((name,), f"not a real calendar date (got '{value}')"))
    return problems


def _check_place(survey: Survey, item: PaperDoc) -> list[Problem]:
    """The paper's category, and the tags, facts and tables that follow from it."""
    doc, paper, sound = item.doc, item.paper, item.sound
    problems: list[Problem] = []
    category = survey.category(paper.category) if sound("category") else None
    if sound("category"):
        problems += _check_category(survey, doc, paper.category)
    if sound("tags"):
        problems += tag_rules.check_tags(survey, doc, paper, category_sound=sound("category"), facts_sound=sound("facts"))
    if sound("facts") and category is not None:
        problems += _check_facts(survey, doc, paper, category)
    if sound("facts") and sound("category"):
        problems += _check_tables(survey, doc, paper)
    return problems


def _check_category(survey: Survey, doc: Located, cid: str) -> list[Problem]:
    category = survey.category(cid)
    if category is None:
        leaves = [c.id for c in survey.categories() if c.is_leaf]
        return [doc.problem(("category",), f"unknown category {excerpt(cid)}" + choices(cid, leaves))]
    if not category.is_leaf:
        below = [c.id for c in category.walk() if c.is_leaf]
        return [doc.problem(("category",), f"{excerpt(cid)} has sub-categories; choose one of its leaves: {', '.join(below)}")]
    return []


def _check_venue(survey: Survey, doc: Located, venue: str) -> list[Problem]:
    """With a registry, a venue is one of its ids; `year` says when it was published there."""
    if venue in survey.venues:
        return []
    found = survey.match_venue(venue)
    if found is not None:
        hint = f" and year: {found[1]}" if found[1] else ""
        return [doc.problem(("venue",), f"write the venue's id: venue: {found[0].id}{hint} (got {excerpt(venue)})")]
    return [
        doc.problem(("venue",), f"unknown venue {excerpt(venue)}" + choices(venue, survey.venues) + "; add it to venues in survey.yaml")
    ]


def columns_for(survey: Survey, category: Category) -> dict[str, Column]:
    """The columns a paper may give facts for: its category's, then the survey-wide tables'."""
    allowed: dict[str, Column] = {}
    for table in survey.tables:
        allowed.update({c.key: c for c in table.columns})
    allowed.update({c.key: c for c in category.columns})
    return allowed


def _check_facts(survey: Survey, doc: Located, paper: Paper, category: Category) -> list[Problem]:
    allowed = columns_for(survey, category)
    problems = []
    for key, value in paper.facts.items():
        column = allowed.get(key)
        if column is None:
            listed = [f"{c.key} ({c.type})" for c in allowed.values()]
            message = f"{excerpt(key)} is not a column of category '{paper.category}'" + choices(key, allowed)
            if len(listed) <= 12:
                message = f"{excerpt(key)} is not a column of category '{paper.category}' (columns: {', '.join(listed) or 'none'})"
            problems.append(doc.problem(("facts", key), message, key=True))
        elif not _fits(column.type, value):
            why = url_problem(value) if column.type == "url" and isinstance(value, str) else None
            because = f": this one {why}" if why else ""
            message = f"expected {_TYPE_TEXT[column.type]} for column '{column.label}'{because} (got {excerpt(value)})"
            problems.append(doc.problem(("facts", key), message))
    return problems


def _check_tables(survey: Survey, doc: Located, paper: Paper) -> list[Problem]:
    """A paper that joins a survey-wide table (gives one of its facts), or sits in a category the
    table is required in, gives every fact the table marks required."""
    problems = []
    category = survey.category(paper.category)
    path = {c.id for c in category.ancestors} | {category.id} if category is not None else set()
    for table in survey.tables:
        required = [c for c in table.columns if c.required]
        joins = any(c.key in paper.facts for c in table.columns)
        if not required or not (joins or path & set(table.required_in)):
            continue
        for column in required:
            if column.key not in paper.facts:
                why = "it gives other facts of that table" if joins else "its category is one the table is required in"
                message = f"required by the table '{table.title}' ({column.label}): {why}"
                problems.append(doc.problem(("facts",) if paper.facts else (), message, name=f"facts.{column.key}"))
    return problems


# The TL;DR is the survey's own words: it does not start with the abstract's first 8 words, nor
# with its first 40 characters (a shorter TL;DR copied from the start of the abstract).
COPIED_WORDS = 8
COPIED_CHARACTERS = 40


def _check_tldr(doc: Located, paper: Paper) -> list[Problem]:
    """The TL;DR is one sentence in the survey's own words: warnings, since only a person can fix them."""
    problems = []
    if sentences(paper.tldr) > 1:
        problems.append(doc.problem(("tldr",), "is more than one sentence; a TL;DR is one sentence", severity=WARNING))
    if paper.abstract and _copies(paper.tldr, paper.abstract):
        problems.append(doc.problem(("tldr",), "starts like the abstract; write it in your own words", severity=WARNING))
    return problems


def _copies(tldr: str, abstract: str) -> bool:
    words = _words(tldr)
    if len(words) >= COPIED_WORDS and words[:COPIED_WORDS] == _words(abstract)[:COPIED_WORDS]:
        return True
    return " ".join(tldr.split()).startswith(" ".join(abstract.split())[:COPIED_CHARACTERS])


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_similar_titles(items: list[PaperDoc]) -> list[Problem]:
    """Near-identical titles are an error (the same paper twice), or a warning when the two give
    different arXiv ids or DOIs; ``distinct_from`` on either paper silences it."""
    sound = [item for item in items if "title" not in item.unsound]
    problems = []
    for earlier, later in near_duplicates((item, item.paper.title) for item in sound if item.paper.title):
        a, b = earlier.paper, later.paper
        if a.key in b.distinct_from or b.key in a.distinct_from:
            continue
        if _differ(a.arxiv, b.arxiv) or _differ(a.doi, b.doi):
            message = (
                f"near-identical to the title of {earlier.doc.path}, with another id: if they are different papers, "
                f"add `distinct_from: [{a.key}]`"
            )
            problems.append(later.doc.problem(("title",), message, severity=WARNING))
        else:
            problems.append(later.doc.problem(("title",), f"near-identical to the title of {earlier.doc.path}: the same paper twice?"))
    keys = {item.paper.key for item in items}
    for item in items:
        for i, key in enumerate(item.paper.distinct_from):
            if key not in keys:
                problems.append(item.doc.problem(("distinct_from", i), f"no paper has the key {excerpt(key)}"))
    return problems


def _differ(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.lower() != b.lower())


def _check_unique(items: list[PaperDoc]) -> list[Problem]:
    problems = []
    normalisers: tuple[tuple[str, Callable[[str], str]], ...] = (("key", str), ("arxiv", str), ("doi", str.lower))
    for field, normalise in normalisers:
        owners: dict[str, list[Located]] = defaultdict(list)
        for item in items:
            value = getattr(item.paper, field)
            if value and field not in item.unsound:
                owners[normalise(value)].append(item.doc)
        for value, docs in owners.items():
            for doc in docs[1:]:
                problems.append(doc.problem((field,), f"'{value}' is already used by {docs[0].path}"))
    return problems + _check_former_keys(items)


def _check_former_keys(items: list[PaperDoc]) -> list[Problem]:
    """A former key names one paper only, and no paper has it as its key: BibTeX and old links
    must find exactly one paper by it."""
    problems = []
    keys = {item.paper.key: item.doc for item in items if item.sound("key")}
    taken: dict[str, Located] = {}
    for item in items:
        if not item.sound("former_keys"):
            continue
        for i, key in enumerate(item.paper.former_keys):
            other = keys.get(key) or taken.get(key)
            if other is not None:
                problems.append(item.doc.problem(("former_keys", i), f"'{key}' is already the key or a former key of {other.path}"))
            taken.setdefault(key, item.doc)
    return problems
