"""Rules about tags: every value from its facet's vocabulary, every required facet given, and the tags
that survey.yaml's `implies` declares follow from a paper's category, its other tags or the tables it
joins (so that filtering the explorer by a tag finds every paper the taxonomy files under it).

An `implies` is ``{facet: [values]}``: the paper carries at least one of the listed values of each
facet named. It is declared on a category (for the papers in it and below it), on a facet's value
(for the papers tagged with it) and on a survey-wide table (for the papers that join it).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from survey.content.rules import LIST_ALL_UP_TO, choices
from survey.content.yaml_source import Located, PathKey
from survey.errors import Problem, excerpt
from survey.model import Facet, Implies, Paper, Survey

# How alike an unknown tag and a value must be (difflib's ratio) to be proposed: 'medical' finds
# 'medicine' (0.67), 'prompt-tunning' 'prompt-tuning' (0.96); 'self-consistency' finds nothing in
# the flagship's vocabulary, where the best candidate, 'science', scores 0.52.
CLOSE_ENOUGH = 0.65
SUGGESTED = 5


def check_tags(survey: Survey, doc: Located, paper: Paper, *, category_sound: bool = True, facts_sound: bool = True) -> list[Problem]:
    """The paper's tags against the vocabularies, the required facets and the implied tags."""
    problems: list[Problem] = []
    for fid, values in paper.tags.items():
        facet = survey.facet(fid)
        if facet is None:
            known = [f.id for f in survey.facets]
            problems.append(doc.problem(("tags", fid), f"unknown facet {excerpt(fid)}" + choices(fid, known), key=True))
            continue
        for i, value in enumerate(values):
            if value not in facet.values:
                message = f"{excerpt(value)} is not a value of facet '{fid}'" + hint(value, facet, survey.facets)
                problems.append(doc.problem(("tags", fid, i), message))
    for facet in survey.facets:
        if facet.required and facet.id not in paper.tags:
            missing = f"required facet is missing (values: {', '.join(facet.values)})"
            problems.append(doc.problem(("tags",) if paper.tags else (), missing, name=f"tags.{facet.id}"))
    return problems + _check_implied(survey, doc, paper, category_sound, facts_sound)


def _normal(text: str) -> str:
    return re.sub(r"[\s_]+", "-", text.strip().casefold())


def hint(value: str, facet: Facet, facets: list[Facet]) -> str:
    """What an unknown tag could have been: the closest values of every facet, each outside
    ``facet`` named with its own facet, and only those close enough; then the facet's valid values."""
    wanted = _normal(value)
    elsewhere = [f.id for f in facets if f.id != facet.id and wanted in map(_normal, f.values)]
    if elsewhere:
        return f" ('{wanted}' is a value of facet '{elsewhere[0]}': write it under tags.{elsewhere[0]})"
    scored = []
    for order, other in enumerate([facet] + [f for f in facets if f.id != facet.id]):
        for option in other.values:
            score = difflib.SequenceMatcher(None, wanted, _normal(option)).ratio()
            if score >= CLOSE_ENOUGH:
                scored.append((-score, order, option, other.id))
    named = [f"'{option}'" + ("" if fid == facet.id else f" under facet '{fid}'") for _, _, option, fid in sorted(scored)[:SUGGESTED]]
    guess = f"did you mean {', '.join(named)}? " if named else ""
    if len(facet.values) <= LIST_ALL_UP_TO:
        return f" ({guess}valid: {', '.join(sorted(facet.values))})"
    if guess:
        return f" ({guess}{len(facet.values)} valid values in all)"
    return f" (valid: {', '.join(sorted(facet.values)[:SUGGESTED])}, … {len(facet.values)} in all)"


def _requirements(survey: Survey, paper: Paper, category_sound: bool, facts_sound: bool) -> Iterator[tuple[str, Implies]]:
    """(why, implied tags) for every `implies` that applies to the paper."""
    category = survey.category(paper.category) if category_sound else None
    if category is not None:
        for node in [*category.ancestors, category]:
            if node.implies:
                yield (f"papers in category '{node.id}'" if node is category else f"papers under category '{node.id}'"), node.implies
    for facet in survey.facets:
        for value in paper.tags.get(facet.id, ()):
            if value in facet.implies:
                yield f"papers tagged '{value}'", facet.implies[value]
    if facts_sound:
        for table in survey.tables:
            if table.implies and any(c.key in paper.facts for c in table.columns):
                yield f"papers that join the table '{table.title}'", table.implies


def _check_implied(survey: Survey, doc: Located, paper: Paper, category_sound: bool, facts_sound: bool) -> list[Problem]:
    missing: dict[tuple[str, tuple[str, ...]], list[str]] = {}  # (facet, values) -> why, once per requirement
    for why, implied in _requirements(survey, paper, category_sound, facts_sound):
        for fid, values in implied.items():
            if not set(values) & set(paper.tags.get(fid, ())):
                reasons = missing.setdefault((fid, values), [])
                if why not in reasons:
                    reasons.append(why)
    problems = []
    for (fid, values), reasons in missing.items():
        at: PathKey = ("tags", fid) if fid in paper.tags else (("tags",) if paper.tags else ())
        who = " and ".join(reasons)
        if len(values) == 1:
            message = f"{who} carry the tag '{values[0]}' (survey.yaml implies it): add it"
        else:
            message = f"{who} carry one of the tags {', '.join(repr(v) for v in values)} (survey.yaml implies it): add the one that fits"
        problems.append(doc.problem(at, message, name=f"tags.{fid}"))
    return problems


def check_declarations(doc: Located) -> list[Problem]:
    """survey.yaml's `implies`: facets that exist, values of those facets."""
    facets = {f["id"]: f["values"] for f in doc.data.get("facets", [])}
    problems: list[Problem] = []
    for at, implied in _declared(doc.data):
        for fid, values in implied.items():
            if fid not in facets:
                problems.append(doc.problem(at + (fid,), f"unknown facet {excerpt(fid)}" + choices(fid, facets), key=True))
                continue
            for i, value in enumerate(values):
                if value not in facets[fid]:
                    problems.append(doc.problem(at + (fid, i), _not_a_value(value, fid, facets[fid])))
    for i, facet in enumerate(doc.data.get("facets", [])):
        for value in facet.get("implies", {}):
            if value not in facet["values"]:
                problems.append(doc.problem(("facets", i, "implies", value), _not_a_value(value, facet["id"], facet["values"]), key=True))
    return problems


def _not_a_value(value: str, fid: str, values: dict[str, str]) -> str:
    return f"{excerpt(value)} is not a value of facet '{fid}'" + choices(value, values)


def _declared(data: dict[str, Any]) -> Iterator[tuple[PathKey, dict[str, list[str]]]]:
    """Every `implies` of survey.yaml, with where it stands."""

    def categories(nodes: list[dict[str, Any]], at: PathKey) -> Iterator[tuple[PathKey, dict[str, list[str]]]]:
        for i, node in enumerate(nodes):
            if "implies" in node:
                yield at + (i, "implies"), node["implies"]
            yield from categories(node.get("children", []), at + (i, "children"))

    yield from categories(data["taxonomy"], ("taxonomy",))
    for i, facet in enumerate(data.get("facets", [])):
        for value, implied in facet.get("implies", {}).items():
            yield ("facets", i, "implies", value), implied
    for i, table in enumerate(data.get("tables", [])):
        if "implies" in table:
            yield ("tables", i, "implies"), table["implies"]
