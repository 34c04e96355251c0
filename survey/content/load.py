"""Load a content folder (survey.yaml + papers/*.yaml) into a validated model, or fail with every problem."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path, PurePosixPath
from typing import Any

from survey.content import editor_schema, format_version, limits, paper_rules, rules, schemas, source_rules, tag_rules
from survey.content.yaml_source import Located, ParseCache, load_yaml
from survey.errors import ERROR, ContentError, Problem
from survey.model import Category, Citation, Column, Facet, Implies, Paper, Survey, Table, Venue
from survey.source_tiers import HostPattern, SourcePolicy, Tier

SURVEY_FILE = "survey.yaml"
PAPERS_DIR = "papers"


def load_content(root: Path, *, display_root: Path | None = None, strict: bool = False, parsed: ParseCache | None = None) -> Survey:
    """Load and validate everything under ``root``; raise ContentError listing all problems.

    Errors always fail; warnings fail only when ``strict``, and are otherwise kept on the returned
    survey (``survey.warnings``) for the adapter to print. Paths in messages are shown relative to
    ``display_root`` (default: the current folder) so that they can be clicked in an editor or
    annotated in a pull request. ``parsed`` keeps parsed files for the next load (yaml_source.load_yaml).
    """
    root = Path(root)
    problems: list[Problem] = []
    survey_doc = _load(root / SURVEY_FILE, display_root, problems, parsed)
    survey: Survey | None = None
    if survey_doc is not None:
        versioned = format_version.check(survey_doc)
        problems += versioned
        # A survey.yaml newer than this generator: its other problems may be only what is new.
        if not any(p.severity == ERROR for p in versioned):
            survey_problems = schemas.check(survey_doc, "survey") or (
                rules.check_survey(survey_doc) + tag_rules.check_declarations(survey_doc) + source_rules.check_policy(survey_doc))
            problems += survey_problems
            if not survey_problems:
                survey = build_survey(survey_doc)
    checked: list[paper_rules.PaperDoc] = []
    files = paper_files(root)
    limits.check(files, _display(root / PAPERS_DIR, display_root))  # past a limit: refused before any file is read
    for path in files:
        doc = _load(path, display_root, problems, parsed)
        if doc is None:
            continue
        found = schemas.check(doc, "paper")
        problems += found
        if isinstance(doc.data, dict):
            # A file with schema problems still gets the cross-file rules on its sound fields, so
            # a contributor sees everything in one round.
            unsound = frozenset(_top_field(p.field) for p in found)
            checked.append(paper_rules.PaperDoc(doc, build_paper(doc, unsound), unsound))
    if survey is not None and survey_doc is not None:
        problems += paper_rules.check_papers(survey, checked)
        problems += rules.check_balance(survey_doc, survey, [c.paper for c in checked if not c.unsound])
        schema_file = root / editor_schema.FILE
        problems += editor_schema.check_committed(schema_file, _display(schema_file, display_root), survey)
    if any(p.severity == ERROR or strict for p in problems):
        raise ContentError(problems)
    # No error means survey.yaml loaded and passed its rules: a file that fails adds an error.
    assert survey is not None and survey_doc is not None
    survey.papers = [resolve_venue(survey, c.paper) for c in checked]
    survey.source = survey_doc.path
    survey.warnings = sorted(problems)
    return survey


def load_taxonomy(content: Path) -> Survey:
    """survey.yaml alone, validated: the categories and facets a new file must choose from."""
    problems: list[Problem] = []
    doc = load_yaml(content / SURVEY_FILE, (content / SURVEY_FILE).as_posix(), problems)
    if doc is not None:
        problems += schemas.check(doc, "survey")
    if problems:
        raise ContentError(problems)
    assert doc is not None  # load_yaml reports a problem whenever it returns None
    return build_survey(doc)


def _top_field(name: str) -> str:
    """``tags.approach[0]`` -> ``tags``: the paper field a schema problem is about."""
    return re.split(r"[.\[]", name, maxsplit=1)[0]


def paper_files(root: Path) -> list[Path]:
    """The paper files of a content folder (.yaml or .yml), in name order."""
    return sorted((Path(root) / PAPERS_DIR).glob("*.y*ml"))


def _load(path: Path, display_root: Path | None, problems: list[Problem], parsed: ParseCache | None) -> Located | None:
    return load_yaml(path, _display(path, display_root), problems, parsed)


def _display(path: Path, display_root: Path | None) -> str:
    base = (display_root or Path.cwd()).resolve()
    try:
        # The folder resolved, not the file: a file that is a symbolic link is named as itself.
        return (path.parent.resolve() / path.name).relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _columns(raw: list[dict[str, Any]] | None) -> tuple[Column, ...]:
    return tuple(Column(c["key"], c["label"], c["type"], c.get("unit"), c.get("required", False)) for c in raw or [])


def _category(raw: dict[str, Any], parent: Category | None) -> Category:
    own = _columns(raw.get("columns"))
    inherited = parent.columns if parent is not None and raw.get("inherit_columns") else ()
    category = Category(raw["id"], raw["title"], raw.get("intro", ""), inherited + own, parent, implies=_implies(raw.get("implies", {})))
    category.children = [_category(child, category) for child in raw.get("children", [])]
    return category


def build_survey(doc: Located) -> Survey:
    data = doc.data
    cite = data.get("cite")
    citation = None
    if cite:
        fields = {k: str(v) for k, v in cite.items() if k not in ("key", "type")}
        citation = Citation(cite["key"], cite["type"], fields)
    return Survey(
        title=data["title"],
        description=data.get("description", ""),
        maintainers=list(data.get("maintainers", [])),
        cite=citation,
        protected_words=tuple(data.get("bibtex", {}).get("protect", [])),
        facets=[Facet(f["id"], f["label"], dict(f["values"]), f.get("required", False),
                      {value: _implies(implied) for value, implied in f.get("implies", {}).items()})
                for f in data.get("facets", [])],
        roots=[_category(raw, None) for raw in data["taxonomy"]],
        venues={v["id"]: _venue(v) for v in data.get("venues", [])},
        tables=[Table(t["id"], t["title"], t["category"], _columns(t["columns"]), tuple(t.get("required_in", [])),
                      _implies(t.get("implies", {}))) for t in data.get("tables", [])],
        leaf_papers=_range(data.get("checks", {}).get("leaf_papers")),
        source_policy=source_policy(data.get("sources")),
    )


def _implies(raw: dict[str, list[str]]) -> Implies:
    """survey.yaml's `implies: {facet: [values]}` as the model holds it."""
    return {facet: tuple(values) for facet, values in raw.items()}


def _venue(raw: dict[str, Any]) -> Venue:
    editions = {int(year): name for year, name in raw.get("editions", {}).items()}
    return Venue(raw["id"], raw["name"], raw["short"], raw["type"], raw.get("publisher"), tuple(raw.get("aliases", [])), editions)


def resolve_venue(survey: Survey, paper: Paper) -> Paper:
    """With a registry, a paper's `venue` is an id: the paper with the Venue it names (Paper.venue_text
    then shows "ICLR 2024")."""
    venue = survey.venues.get(paper.venue or "")
    return dataclasses.replace(paper, published_in=venue) if venue is not None else paper


def source_policy(raw: dict[str, Any] | None) -> SourcePolicy | None:
    """survey.yaml's `sources`, validated by its schema, as a policy; None when it has none."""
    if raw is None:
        return None
    tiers = tuple(
        Tier(n, tier["label"], tier.get("about", ""), tier.get("primary", False), tuple(map(HostPattern.parse, tier["hosts"])))
        for n, tier in enumerate(raw["tiers"], start=1)
    )
    return SourcePolicy(tiers, tuple(map(HostPattern.parse, raw.get("refused", []))), raw.get("primary_since"))


def _range(raw: dict[str, int] | None) -> tuple[int, int] | None:
    return (raw["min"], raw["max"]) if raw else None


# What a paper file that failed its schema still needs to be checked against the others.
_PLACEHOLDERS: dict[str, Any] = {"title": "", "year": 0, "category": "", "tldr": "", "added": ""}


def build_paper(doc: Located, unsound: frozenset[str] = frozenset()) -> Paper:
    """The paper a file describes. Fields in ``unsound`` failed their schema and are left out
    (required ones get an empty placeholder): such a paper is only checked, never rendered."""
    data = {name: value for name, value in doc.data.items() if name not in unsound and name in _FIELDS}
    data.setdefault("key", PurePosixPath(doc.path).stem)
    for name, placeholder in _PLACEHOLDERS.items():
        data.setdefault(name, placeholder)
    facts = {k: tuple(v) if isinstance(v, list) else v for k, v in data.pop("facts", {}).items()}
    tags = {k: tuple(v) for k, v in data.pop("tags", {}).items()}
    authors = tuple(data.pop("authors", ()))
    distinct = tuple(data.pop("distinct_from", ()))
    former = tuple(data.pop("former_keys", ()))
    sources = tuple(data.pop("sources", ()))
    return Paper(**data, authors=authors, tags=tags, facts=facts, distinct_from=distinct, former_keys=former, sources=sources,
                 source=doc.path)


_FIELDS = frozenset(f.name for f in dataclasses.fields(Paper)) - {"source"}
