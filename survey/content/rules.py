"""Cross-file rules: what one file's schema cannot see (the taxonomy, facets, columns, uniqueness)."""

from __future__ import annotations

import datetime
import difflib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import PurePosixPath
from typing import Any

from survey.content.identifiers import is_url, url_problem
from survey.content.similar_titles import near_duplicates
from survey.content.yaml_source import Located, PathKey
from survey.errors import Problem, excerpt
from survey.model import Column, Paper, Survey
from survey.site.paths import reserved_names

RESERVED = reserved_names()


def _suggest(value: str, options: Iterable[str]) -> str:
    hint = difflib.get_close_matches(value, list(options), n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


def check_survey(doc: Located) -> list[Problem]:
    """Rules of survey.yaml beyond its schema: unique ids, tables placed on existing categories, one type per column key."""
    problems: list[Problem] = []
    seen: dict[str, PathKey] = {}

    def visit(nodes: list[dict[str, Any]], at: PathKey) -> None:
        for i, node in enumerate(nodes):
            here = at + (i,)
            cid = node["id"]
            if cid in seen:
                problems.append(doc.problem(here + ("id",), f"category id '{cid}' is used twice"))
            elif not at[1:] and cid in RESERVED:
                problems.append(
                    doc.problem(here + ("id",), f"'{cid}' would share the address /{cid}/ with {RESERVED[cid]}; choose another id")
                )
            elif at[1:] and cid == "index":
                problems.append(
                    doc.problem(
                        here + ("id",),
                        "'index' would share its address with the overview page of its top-level category; choose another id",
                    )
                )
            seen[cid] = here
            if "columns" in node and node.get("children"):
                problems.append(doc.problem(here + ("columns",), "only leaf categories have comparison columns"))
            _unique_columns(doc, node.get("columns", []), here + ("columns",), problems)
            visit(node.get("children", []), here + ("children",))

    visit(doc.data["taxonomy"], ("taxonomy",))
    links = [(("maintainers", i, "url"), m.get("url")) for i, m in enumerate(doc.data.get("maintainers", []))]
    problems += check_urls(doc, links + [(("cite", "url"), (doc.data.get("cite") or {}).get("url"))])
    facet_ids = [f["id"] for f in doc.data.get("facets", [])]
    for i, fid in enumerate(facet_ids):
        if fid in facet_ids[:i]:
            problems.append(doc.problem(("facets", i, "id"), f"facet id '{fid}' is used twice"))
    for i, table in enumerate(doc.data.get("tables", [])):
        if table["category"] not in seen:
            problems.append(
                doc.problem(("tables", i, "category"), f"unknown category '{table['category']}'" + _suggest(table["category"], seen))
            )
        _unique_columns(doc, table["columns"], ("tables", i, "columns"), problems)
    _check_column_types(doc, problems)
    return problems


def _check_column_types(doc: Located, problems: list[Problem]) -> None:
    """A paper's fact is checked against its category's column and shown in every survey-wide table
    with the same key, so a table column must hold what the category columns of its key hold."""
    types: dict[str, dict[str, str]] = {}  # key -> type -> where it was first given
    for cid, column in _category_columns(doc.data["taxonomy"]):
        types.setdefault(column["key"], {}).setdefault(column["type"], f"category '{cid}'")
    for i, table in enumerate(doc.data.get("tables", [])):
        for j, column in enumerate(table["columns"]):
            key, kind = column["key"], column["type"]
            for other, owner in types.get(key, {}).items():
                if other != kind:
                    message = f"column '{key}' of {owner} holds {_TYPE_TEXT[other]}; one key takes one type (got '{kind}')"
                    problems.append(doc.problem(("tables", i, "columns", j, "type"), message))
            types.setdefault(key, {}).setdefault(kind, f"table '{table['id']}'")


def _category_columns(nodes: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    for node in nodes:
        for column in node.get("columns", []):
            yield node["id"], column
        yield from _category_columns(node.get("children", []))


def _unique_columns(doc: Located, columns: list[dict[str, Any]], at: PathKey, problems: list[Problem]) -> None:
    keys = [c["key"] for c in columns]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            problems.append(doc.problem(at + (i, "key"), f"column key '{key}' is used twice"))


def check_papers(survey: Survey, pairs: list[tuple[Located, Paper]]) -> list[Problem]:
    problems: list[Problem] = []
    leaves = {c.id for c in survey.categories() if c.is_leaf}
    all_ids = {c.id for c in survey.categories()}
    for doc, paper in pairs:
        problems += _check_paper(survey, doc, paper, leaves, all_ids)
    problems += _check_unique(pairs)
    problems += _check_similar_titles(pairs)
    return problems


def _check_paper(survey: Survey, doc: Located, paper: Paper, leaves: set[str], all_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    stem = PurePosixPath(doc.path).stem
    if paper.key != stem:
        problems.append(doc.problem(("key",), f"must equal the file name '{stem}' (got '{paper.key}')"))
    for name in ("date", "added"):
        value = getattr(paper, name)
        if value is not None and not _is_date(value):
            problems.append(doc.problem((name,), f"not a real calendar date (got '{value}')"))
    if paper.category not in all_ids:
        problems.append(doc.problem(("category",), f"unknown category '{paper.category}'" + _suggest(paper.category, leaves)))
    elif paper.category not in leaves:
        category = survey.category(paper.category)
        assert category is not None  # in all_ids
        children = ", ".join(c.id for c in category.children)
        problems.append(doc.problem(("category",), f"'{paper.category}' has sub-categories; choose one of: {children}"))
    for fid, values in paper.tags.items():
        facet = survey.facet(fid)
        if facet is None:
            known = [f.id for f in survey.facets]
            problems.append(doc.problem(("tags", fid), f"unknown facet '{fid}'" + _suggest(fid, known), key=True))
            continue
        for i, value in enumerate(values):
            if value not in facet.values:
                problems.append(doc.problem(("tags", fid, i), f"'{value}' is not a value of facet '{fid}'" + _suggest(value, facet.values)))
    for facet in survey.facets:
        if facet.required and facet.id not in paper.tags:
            problems.append(doc.problem(("tags",) if paper.tags else (), "required facet is missing", name=f"tags.{facet.id}"))
    problems += _check_facts(survey, doc, paper)
    problems += check_urls(doc, [((name,), getattr(paper, name)) for name in URL_FIELDS])
    return problems


URL_FIELDS = ("url", "pdf", "code")


def check_urls(doc: Located, found: list[tuple[PathKey, object]]) -> list[Problem]:
    """Links a reader will follow: http(s) with a host, and nothing a browser or Markdown could misread."""
    problems = []
    for at, value in found:
        why = url_problem(value) if isinstance(value, str) else None
        if why:
            problems.append(doc.problem(at, f"{why} (got {excerpt(value)})"))
    return problems


def columns_for(survey: Survey, paper: Paper) -> dict[str, Column]:
    """The columns a paper may give facts for: its category's, then the survey-wide tables'."""
    allowed: dict[str, Column] = {}
    for table in survey.tables:
        allowed.update({c.key: c for c in table.columns})
    category = survey.category(paper.category)
    if category is not None:
        allowed.update({c.key: c for c in category.columns})
    return allowed


def _check_facts(survey: Survey, doc: Located, paper: Paper) -> list[Problem]:
    if survey.category(paper.category) is None:
        return []  # already reported; the columns are unknown
    allowed = columns_for(survey, paper)
    problems = []
    for key, value in paper.facts.items():
        column = allowed.get(key)
        if column is None:
            message = f"'{key}' is not a column of category '{paper.category}'" + _suggest(key, allowed)
            problems.append(doc.problem(("facts", key), message, key=True))
        elif not _fits(column.type, value):
            problems.append(
                doc.problem(("facts", key), f"expected {_TYPE_TEXT[column.type]} for column '{column.label}' (got {excerpt(value)})")
            )
    return problems


_TYPE_TEXT = {"text": "a text", "number": "a number", "bool": "true or false", "list": "a list of texts", "url": "an http or https URL"}


def _fits(kind: str, value: object) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, tuple)
    return is_url(value)


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _check_similar_titles(pairs: list[tuple[Located, Paper]]) -> list[Problem]:
    found = near_duplicates((doc, paper.title) for doc, paper in pairs)
    return [later.problem(("title",), f"near-identical to the title of {earlier.path}: the same paper twice?") for earlier, later in found]


def _check_unique(pairs: list[tuple[Located, Paper]]) -> list[Problem]:
    problems = []
    for field, normalise in (("key", str), ("arxiv", str), ("doi", str.lower)):
        owners: dict[str, list[Located]] = defaultdict(list)
        for doc, paper in pairs:
            value = getattr(paper, field)
            if value:
                owners[normalise(value)].append(doc)
        for value, docs in owners.items():
            for doc in docs[1:]:
                problems.append(doc.problem((field,), f"'{value}' is already used by {docs[0].path}"))
    return problems
