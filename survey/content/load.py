"""Load a content folder (survey.yaml + papers/*.yaml) into a validated model, or fail with every problem."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from survey.content import editor_schema, format_version, limits, paper_rules, rules, schemas, source_rules, tag_rules
from survey.content.yaml_source import Located, ParseCache, load_yaml
from survey.errors import ERROR, ContentError, Problem
from survey.model import Category, Citation, Column, Facet, Implies, Paper, Survey, Table, Venue
from survey.source_tiers import HostPattern, SourcePolicy, Tier

SURVEY_FILE = "survey.yaml"
PAPERS_DIR = "papers"


@dataclass
class _PaperChecks:
    doc: Located  # as parsed (the parse cache hands out the same object for the same text)
    schema: list[Problem]
    item: paper_rules.PaperDoc | None  # None: the file holds no mapping
    survey_doc: Located | None = None  # the survey.yaml ``rules`` were found under
    rules: list[Problem] = field(default_factory=list)

    def rules_under(self, survey_doc: Located, survey: Survey) -> list[Problem]:
        """The paper rules of this file (none when it holds no mapping), found once per survey.yaml."""
        if self.item is not None and self.survey_doc is not survey_doc:
            self.survey_doc, self.rules = survey_doc, paper_rules.check_paper(survey, self.item)
        return self.rules


@dataclass
class LoadCache:
    """What `make serve` keeps from one load for the next (it loads every file at each rebuild):
    files parsed without problems (yaml_source.load_yaml), and each paper file's own checks, a pure
    function of the file and survey.yaml. A file parsed to the very same ``Located`` as last time,
    under the very same survey.yaml, is not checked again (0.1 s of a flagship rebuild); the checks
    across files always run."""

    parsed: ParseCache = field(default_factory=dict)
    papers: dict[str, _PaperChecks] = field(default_factory=dict)


def load_content(root: Path, *, display_root: Path | None = None, strict: bool = False, cache: LoadCache | None = None) -> Survey:
    """Load and validate everything under ``root``; raise ContentError listing all problems.

    Errors always fail; warnings fail only when ``strict``, and are otherwise kept on the returned
    survey (``survey.warnings``) for the adapter to print. Paths in messages are shown relative to
    ``display_root`` (default: the current folder) so that they can be clicked in an editor or
    annotated in a pull request. ``cache`` keeps what the next load can reuse (LoadCache).
    """
    root = Path(root)
    problems: list[Problem] = []
    parsed = cache.parsed if cache is not None else None
    shown = _Names(display_root)
    survey_doc = load_yaml(root / SURVEY_FILE, shown.of(root / SURVEY_FILE), problems, parsed)
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
    files = paper_files(root)
    limits.check(files, shown.of(root / PAPERS_DIR))  # past a limit: refused before any file is read
    papers = _load_papers(files, shown, problems, parsed, cache)
    checked = [p.item for p in papers if p.item is not None]
    if survey is not None and survey_doc is not None:
        for paper in papers:
            problems += paper.rules_under(survey_doc, survey)
        problems += paper_rules.check_across(checked)
        problems += rules.check_balance(survey_doc, survey, [c.paper for c in checked if not c.unsound])
        schema_file = root / editor_schema.FILE
        problems += editor_schema.check_committed(schema_file, shown.of(schema_file), survey)
    if any(p.severity == ERROR or strict for p in problems):
        raise ContentError(problems)
    # No error means survey.yaml loaded and passed its rules: a file that fails adds an error.
    assert survey is not None and survey_doc is not None
    survey.papers = [resolve_venue(survey, c.paper) for c in checked]
    survey.source = survey_doc.path
    survey.warnings = sorted(problems)
    return survey


def _load_papers(
    files: list[Path], shown: _Names, problems: list[Problem], parsed: ParseCache | None, cache: LoadCache | None
) -> list[_PaperChecks]:
    """Each paper file parsed and checked against its schema (or as the last load left it)."""
    papers: list[_PaperChecks] = []
    for path in files:
        doc = load_yaml(path, shown.of(path), problems, parsed)
        if doc is None:
            continue
        known = cache.papers.get(doc.path) if cache is not None else None
        papers.append(known if known is not None and known.doc is doc else _check_schema(doc))
        problems += papers[-1].schema
    if cache is not None:
        cache.papers = {p.doc.path: p for p in papers}  # a removed file's checks go with it
    return papers


def _check_schema(doc: Located) -> _PaperChecks:
    found = schemas.check(doc, "paper")
    if not isinstance(doc.data, dict):
        return _PaperChecks(doc, found, None)
    # A file with schema problems still gets the cross-file rules on its sound fields, so
    # a contributor sees everything in one round.
    unsound = frozenset(_top_field(p.field) for p in found)
    return _PaperChecks(doc, found, paper_rules.PaperDoc(doc, build_paper(doc, unsound), unsound))


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


class _Names:
    """Files as messages name them: relative to ``display_root`` (default: the current folder) where
    they lie under it. Each folder is resolved once a load (a resolve per paper file was 4% of a
    `make serve` rebuild)."""

    def __init__(self, display_root: Path | None) -> None:
        self.base = (display_root or Path.cwd()).resolve()
        self.folders: dict[Path, Path] = {}

    def of(self, path: Path) -> str:
        folder = self.folders.get(path.parent)
        if folder is None:
            folder = self.folders[path.parent] = path.parent.resolve()
        try:
            # The folder resolved, not the file: a file that is a symbolic link is named as itself.
            return (folder / path.name).relative_to(self.base).as_posix()
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
