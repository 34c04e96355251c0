"""Rules of survey.yaml beyond its schema (ids, reserved addresses, columns) and the helpers the
paper rules (content/paper_rules.py) share with them: choices in messages, URLs, column types."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from survey.content.identifiers import is_url, url_problem
from survey.content.yaml_source import Located, PathKey
from survey.errors import WARNING, Problem, excerpt
from survey.model import Category, ColumnType, Paper, Survey
from survey.text import sentences
from survey.urls import reserved_names

RESERVED = reserved_names()


def _suggest(value: str, options: Iterable[str]) -> str:
    hint = difflib.get_close_matches(value, list(options), n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


LIST_ALL_UP_TO = 12  # a list of choices longer than this is cut to the closest five


def choices(value: str, options: Iterable[str]) -> str:
    """What a wrong value could have been: every valid one, or the closest five of a long list."""
    listed = sorted(options)
    if not listed:
        return " (there is none to choose from)"
    if len(listed) <= LIST_ALL_UP_TO:
        hint = difflib.get_close_matches(value, listed, n=1)
        return (f" (did you mean '{hint[0]}'? " if hint else " (") + "valid: " + ", ".join(listed) + ")"
    close = difflib.get_close_matches(value, listed, n=5, cutoff=0.3)
    if not close:
        return f" (valid: {', '.join(listed[:5])}, … {len(listed)} in all)"
    return f" (did you mean {', '.join(repr(c) for c in close)}? {len(listed)} valid values in all)"


def _category_id_problem(cid: str, *, top: bool, seen: dict[str, PathKey]) -> str | None:
    """What is wrong with a category's id: taken already, or an address another page holds."""
    if cid in seen:
        return f"category id '{cid}' is used twice"
    if top and cid in RESERVED:
        return f"'{cid}' would share the address /{cid}/ with {RESERVED[cid]}; choose another id"
    if not top and cid == "index":
        return "'index' would share its address with the overview page of its top-level category; choose another id"
    return None


def check_survey(doc: Located) -> list[Problem]:
    """Rules of survey.yaml beyond its schema: unique ids, tables placed on existing categories, one type per column key."""
    problems: list[Problem] = []
    seen: dict[str, PathKey] = {}

    def visit(nodes: list[dict[str, Any]], at: PathKey) -> None:
        for i, node in enumerate(nodes):
            here = at + (i,)
            cid = node["id"]
            message = _category_id_problem(cid, top=not at[1:], seen=seen)
            if message:
                problems.append(doc.problem(here + ("id",), message))
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
    types: dict[str, dict[ColumnType, str]] = {}  # key -> type -> where it was first given
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


_TYPE_TEXT: dict[ColumnType, str] = {
    "text": "a text", "number": "a number", "bool": "true or false", "list": "a list of texts", "url": "an http or https URL",
}


def _fits(kind: ColumnType, value: object) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list":
        return isinstance(value, tuple)
    return is_url(value)


URL_FIELDS = ("url", "pdf", "code")


def check_urls(doc: Located, found: list[tuple[PathKey, object]]) -> list[Problem]:
    """Links a reader will follow: http(s) with a host, and nothing a browser or Markdown could misread."""
    problems = []
    for at, value in found:
        why = url_problem(value) if isinstance(value, str) else None
        if why:
            problems.append(doc.problem(at, f"{why} (got {excerpt(value)})"))
    return problems


def check_balance(doc: Located, survey: Survey, papers: list[Paper]) -> list[Problem]:
    """Warnings on survey.yaml, the maintainers' own work: leaves outside `checks.leaf_papers`, leaf
    intros shorter than `checks.intro_sentences`, leaf tables whose papers fill fewer columns than
    `checks.filled_columns` (one, unless set), and survey-wide tables no paper joins."""
    problems: list[Problem] = []
    checks = doc.data.get("checks", {})
    given: dict[str, set[str]] = defaultdict(set)  # leaf -> the fact keys its papers give
    counts = Counter(p.category for p in papers)
    for paper in papers:
        given[paper.category].update(paper.facts)
    places = _category_places(doc.data["taxonomy"], ("taxonomy",))
    for category in survey.categories():
        if not category.is_leaf:
            continue
        at = places[category.id] + ("id",)
        n = counts[category.id]
        if survey.leaf_papers is not None and not survey.leaf_papers[0] <= n <= survey.leaf_papers[1]:
            low, high = survey.leaf_papers
            message = f"leaf '{category.id}' holds {n} paper{'s' if n != 1 else ''}; checks.leaf_papers asks for {low} to {high}"
            problems.append(doc.problem(at, message, severity=WARNING))
        wanted = checks.get("intro_sentences", 0)
        if wanted and (written := sentences(category.intro)) < wanted:
            message = f"the intro of leaf '{category.id}' has {written} sentence(s); checks.intro_sentences asks for {wanted}"
            problems.append(doc.problem(places[category.id] + ("intro",), message, severity=WARNING))
        if n and category.columns:
            problems += _filled(doc, category, given[category.id], checks.get("filled_columns", 1), at)
    joined = {key for paper in papers for key in paper.facts}
    for i, table in enumerate(survey.tables):
        if papers and not joined & {c.key for c in table.columns}:
            message = f"no paper joins the table '{table.id}' (gives one of its facts)"
            problems.append(doc.problem(("tables", i, "id"), message, severity=WARNING))
    return problems


def _filled(doc: Located, category: Category, given: set[str], wanted: int, at: PathKey) -> list[Problem]:
    """A leaf table is chosen for facts its papers give: fewer filled columns than asked is a warning."""
    filled = [c.key for c in category.columns if c.key in given]
    if len(filled) >= min(wanted, len(category.columns)):
        return []
    if not filled:
        return [doc.problem(at, f"no paper of leaf '{category.id}' gives a fact for its table's columns", severity=WARNING)]
    message = f"the papers of leaf '{category.id}' fill only {', '.join(filled)} of its table; checks.filled_columns asks for {wanted}"
    return [doc.problem(at, message, severity=WARNING)]


def _category_places(nodes: list[dict[str, Any]], at: PathKey) -> dict[str, PathKey]:
    places: dict[str, PathKey] = {}
    for i, node in enumerate(nodes):
        places[node["id"]] = at + (i,)
        places.update(_category_places(node.get("children", []), at + (i, "children")))
    return places
