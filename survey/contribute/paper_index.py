"""The papers already in the survey, read leniently (a file may be unfinished), and whether a new
record duplicates one of them: what `survey add`, `new` and `import` ask before writing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from survey.content.load import paper_files
from survey.content.similar_titles import TitleIndex
from survey.content.yaml_source import read_regular_file
from survey.contribute.lookup import Record


@dataclass(frozen=True)
class Existing:
    """A paper file already in the survey, read leniently: it may still be unfinished."""

    path: Path
    key: str
    title: str
    arxiv: str | None
    doi: str | None


_TEXT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml: 10,000 files in seconds, not a minute


def existing_papers(content: Path) -> list[Existing]:
    found = []
    for path in paper_files(content):
        try:
            # all text: ids stay ids; a symlink, FIFO or huge file is not read (as survey check)
            data = yaml.load(read_regular_file(path).decode("utf-8"), Loader=_TEXT_LOADER)
        except (yaml.YAMLError, OSError, UnicodeDecodeError):
            data = None
        data = data if isinstance(data, dict) else {}
        found.append(Existing(path, path.stem, str(data.get("title", "")), _text(data.get("arxiv")), _text(data.get("doi"))))
    return found


def _text(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


class PaperIndex:
    """Papers by arXiv id, DOI and title, built once: finding a duplicate costs a few steps, not
    one comparison per paper (an import of 10,000 entries stays linear)."""

    def __init__(self, papers: Iterable[Existing] = ()) -> None:
        self._ids: dict[tuple[str, str], Existing] = {}
        self._titles: TitleIndex[Existing] = TitleIndex()
        for paper in papers:
            self.add(paper)

    def add(self, paper: Existing) -> None:
        for kind, identifier in (("arxiv", paper.arxiv), ("doi", (paper.doi or "").lower())):
            if identifier:
                self._ids.setdefault((kind, identifier), paper)
        if paper.title:
            self._titles.add(paper, paper.title)

    def find(self, kind: str, identifier: str) -> Existing | None:
        """The paper with this arXiv id (kind "arxiv") or DOI (kind "doi", in any case)."""
        return self._ids.get((kind, identifier.lower() if kind == "doi" else identifier))

    def duplicate(self, record: Record) -> str | None:
        """Why ``record`` is already in the survey (naming the file), or None."""
        for kind, label, identifier in (("arxiv", "arXiv", record.arxiv), ("doi", "DOI", record.doi)):
            same_id = self.find(kind, identifier) if identifier else None
            if same_id is not None:
                return f"{label} {identifier} is already in the survey: {same_id.path}"
        same = self._titles.matches(record.title)
        if same:
            return f"a paper with a near-identical title is already in the survey: {same[0].path}"
        return None


def find_duplicate(record: Record, papers: Iterable[Existing]) -> str | None:
    """Why ``record`` is already in the survey (naming the file), or None."""
    return PaperIndex(papers).duplicate(record)
