"""What `survey add`, `new` and `import` share: the papers already there, and writing a new file."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml

from .citekey import make_key
from .content import PAPERS_DIR, SURVEY_FILE, build_survey, paper_files
from .errors import ContentError
from .model import Survey
from .paper_file import scaffold
from .schema_check import check
from .similar_titles import find_similar
from .sources import Record
from .yaml_source import load_yaml


@dataclass(frozen=True)
class Existing:
    """A paper file already in the survey, read leniently: it may still be unfinished."""

    path: Path
    key: str
    title: str
    arxiv: str | None
    doi: str | None


class Duplicate(Exception):
    pass


def load_taxonomy(content: Path) -> Survey:
    """survey.yaml alone, validated: the categories and facets a new file must choose from."""
    problems: list = []
    doc = load_yaml(content / SURVEY_FILE, (content / SURVEY_FILE).as_posix(), problems)
    if doc is not None:
        problems += check(doc, "survey")
    if problems:
        raise ContentError(problems)
    return build_survey(doc)


def existing_papers(content: Path) -> list[Existing]:
    found = []
    for path in paper_files(content):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # all text: ids stay ids
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            data = None
        data = data if isinstance(data, dict) else {}
        found.append(Existing(path, path.stem, str(data.get("title", "")), _text(data.get("arxiv")), _text(data.get("doi"))))
    return found


def _text(value) -> str | None:
    return str(value) if value not in (None, "") else None


def find_by_id(kind: str, identifier: str, papers: list[Existing]) -> Existing | None:
    """The paper with this arXiv id (kind "arxiv") or DOI (kind "doi", compared case-insensitively)."""
    for paper in papers:
        if (kind == "arxiv" and paper.arxiv == identifier) or (kind == "doi" and (paper.doi or "").lower() == identifier.lower()):
            return paper
    return None


def find_duplicate(record: Record, papers: list[Existing]) -> str | None:
    """Why ``record`` is already in the survey (naming the file), or None."""
    for kind, label, identifier in (("arxiv", "arXiv", record.arxiv), ("doi", "DOI", record.doi)):
        same_id = find_by_id(kind, identifier, papers) if identifier else None
        if same_id is not None:
            return f"{label} {identifier} is already in the survey: {same_id.path}"
    same = find_similar(record.title, ((p, p.title) for p in papers if p.title))
    if same is not None:
        return f"a paper with a near-identical title is already in the survey: {same.path}"
    return None


def write_new_paper(content: Path, record: Record, survey: Survey, taken: set[str], added: datetime.date) -> Path:
    """Choose the key, write the scaffold without overwriting anything, and return its path."""
    key = make_key(record.authors, record.year, record.title, taken)
    fields = {
        "key": key,
        "title": record.title,
        "authors": record.authors,
        "year": record.year,
        "date": record.date,
        "venue": record.venue,
        "arxiv": record.arxiv,
        "arxiv_class": record.arxiv_class,
        "doi": record.doi,
        "url": record.url,
        "pdf": record.pdf,
        "abstract": record.abstract,
        "added": added.isoformat(),
    }
    text = scaffold(fields, survey)
    path = content / PAPERS_DIR / f"{key}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite a file
        handle.write(text)
    taken.add(key)
    return path
