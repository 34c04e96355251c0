"""Load a content folder (survey.yaml + papers/*.yaml) into a validated model, or fail with every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from survey.content import rules
from survey.content import schemas as schema_check
from survey.content.yaml_source import Located, load_yaml
from survey.errors import ContentError, Problem
from survey.model import Category, Citation, Column, Facet, Paper, Survey, Table

SURVEY_FILE = "survey.yaml"
PAPERS_DIR = "papers"


def load_content(root: Path, *, display_root: Path | None = None) -> Survey:
    """Load and validate everything under ``root``; raise ContentError listing all problems.

    Paths in messages are shown relative to ``display_root`` (default: the current folder) so that
    they can be clicked in an editor or annotated in a pull request.
    """
    root = Path(root)
    problems: list[Problem] = []
    survey_doc = _load(root / SURVEY_FILE, display_root, problems)
    survey_sound = False
    if survey_doc is not None:
        survey_problems = schema_check.check(survey_doc, "survey")
        if not survey_problems:
            survey_problems = rules.check_survey(survey_doc)
        problems += survey_problems
        survey_sound = not survey_problems
    pairs: list[tuple[Located, Paper]] = []
    for path in paper_files(root):
        doc = _load(path, display_root, problems)
        if doc is None:
            continue
        found = schema_check.check(doc, "paper")
        problems += found
        if not found:
            pairs.append((doc, build_paper(doc)))
    survey = build_survey(survey_doc) if survey_doc is not None and survey_sound else None
    if survey is not None:
        # Cross-file rules need a sound survey.yaml; papers that failed their schema wait for a fix.
        problems += rules.check_papers(survey, pairs)
    if problems:
        raise ContentError(problems)
    # No problems means survey.yaml loaded and passed its rules: a file that fails adds a problem.
    assert survey is not None and survey_doc is not None
    survey.papers = [paper for _, paper in pairs]
    survey.source = survey_doc.path
    return survey


def paper_files(root: Path) -> list[Path]:
    """The paper files of a content folder (.yaml or .yml), in name order."""
    return sorted((Path(root) / PAPERS_DIR).glob("*.y*ml"))


def _load(path: Path, display_root: Path | None, problems: list[Problem]) -> Located | None:
    return load_yaml(path, _display(path, display_root), problems)


def _display(path: Path, display_root: Path | None) -> str:
    base = (display_root or Path.cwd()).resolve()
    try:
        # The folder resolved, not the file: a file that is a symbolic link is named as itself.
        return (path.parent.resolve() / path.name).relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def _columns(raw: list[dict[str, Any]] | None) -> tuple[Column, ...]:
    return tuple(Column(c["key"], c["label"], c["type"], c.get("unit")) for c in raw or [])


def _category(raw: dict[str, Any], parent: Category | None) -> Category:
    own = _columns(raw.get("columns"))
    inherited = parent.columns if parent is not None and raw.get("inherit_columns") else ()
    category = Category(raw["id"], raw["title"], raw.get("intro", ""), inherited + own, parent)
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
        facets=[Facet(f["id"], f["label"], dict(f["values"]), f.get("required", False)) for f in data.get("facets", [])],
        roots=[_category(raw, None) for raw in data["taxonomy"]],
        tables=[Table(t["id"], t["title"], t["category"], _columns(t["columns"])) for t in data.get("tables", [])],
    )


def build_paper(doc: Located) -> Paper:
    data = dict(doc.data)
    facts = {k: tuple(v) if isinstance(v, list) else v for k, v in data.pop("facts", {}).items()}
    tags = {k: tuple(v) for k, v in data.pop("tags", {}).items()}
    authors = tuple(data.pop("authors", ()))
    return Paper(**data, authors=authors, tags=tags, facts=facts, source=doc.path)
