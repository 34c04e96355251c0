"""What `survey add`, `new` and `import` share: the papers already there, and writing a new file."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from survey.content.load import PAPERS_DIR, SURVEY_FILE, build_survey, paper_files
from survey.content.schemas import check
from survey.content.similar_titles import TitleIndex
from survey.content.yaml_source import load_yaml, read_regular_file
from survey.contribute.citekey import make_key
from survey.contribute.lookup import Record
from survey.contribute.paper_file import scaffold
from survey.errors import ContentError, Problem
from survey.model import Survey


@dataclass(frozen=True)
class Existing:
    """A paper file already in the survey, read leniently: it may still be unfinished."""

    path: Path
    key: str
    title: str
    arxiv: str | None
    doi: str | None


_TEXT_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml: 10,000 files in seconds, not a minute
STAGING_PREFIX = ".import-"  # a dot-folder in content/papers: paper_files() does not list it


def load_taxonomy(content: Path) -> Survey:
    """survey.yaml alone, validated: the categories and facets a new file must choose from."""
    problems: list[Problem] = []
    doc = load_yaml(content / SURVEY_FILE, (content / SURVEY_FILE).as_posix(), problems)
    if doc is not None:
        problems += check(doc, "survey")
    if problems:
        raise ContentError(problems)
    assert doc is not None  # load_yaml reports a problem whenever it returns None
    return build_survey(doc)


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


def _text(value) -> str | None:
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
            same_id = self._ids.get((kind, identifier.lower() if kind == "doi" else identifier)) if identifier else None
            if same_id is not None:
                return f"{label} {identifier} is already in the survey: {same_id.path}"
        same = self._titles.matches(record.title)
        if same:
            return f"a paper with a near-identical title is already in the survey: {same[0].path}"
        return None


def find_duplicate(record: Record, papers: Iterable[Existing] | PaperIndex) -> str | None:
    """Why ``record`` is already in the survey (naming the file), or None."""
    return (papers if isinstance(papers, PaperIndex) else PaperIndex(papers)).duplicate(record)


def paper_path(content: Path, key: str) -> Path:
    return content / PAPERS_DIR / f"{key}.yaml"


def write_new_paper(
    content: Path, record: Record, survey: Survey, taken: set[str], added: datetime.date, own: Mapping[str, object] | None = None
) -> Path:
    """Choose the key, write the scaffold (with the survey's ``own`` fields, if any: category, tldr,
    tags) without overwriting anything, and return its path."""
    key = make_key(record.authors, record.year, record.title, taken)
    path = write_new_papers(content, [(key, paper_fields(key, record, added) | dict(own or {}))], survey)[0]
    taken.add(key)
    return path


def write_new_papers(content: Path, new: list[tuple[str, dict[str, object]]], survey: Survey) -> list[Path]:
    """Write one file per (key, fields), all or none: every text is made first, written to a staging
    folder, then each file is linked into place (never over a file there); on any failure or
    interrupt the files already placed are removed again. A run killed outright (SIGKILL) may leave
    whole files and the staging folder, which `survey check` does not read and the next write removes."""
    texts = [(paper_path(content, key), scaffold(with_registry_venue(fields, survey), survey)) for key, fields in new]
    folder = content / PAPERS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for leftover in folder.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    placed: list[Path] = []
    try:
        with _terminate_as_interrupt():
            for path, text in texts:
                (staging / path.name).write_text(text, encoding="utf-8")
            for path, _ in texts:
                _place(staging / path.name, path)
                placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [path for path, _ in texts]


def rewrite_papers(changes: list[tuple[Path, str, str]]) -> None:
    """Replace each file's text (path, the text read, the new text), all or none: every new text is
    written beside its file first, then each replaces its file in one step (os.replace); on any
    failure or interrupt the files already replaced get their old text back. A file that changed
    since it was read is refused before anything is replaced."""
    staged: list[tuple[Path, Path, str]] = []
    replaced: list[tuple[Path, str]] = []
    try:
        with _terminate_as_interrupt():
            for path, old, new in changes:
                if read_regular_file(path).decode("utf-8") != old:
                    raise OSError(f"{path} changed while it was being looked at; run the command again")
                temporary = path.with_name(f".{path.name}.new")
                temporary.write_text(new, encoding="utf-8")
                staged.append((temporary, path, old))
            for temporary, path, old in staged:
                os.replace(temporary, path)
                replaced.append((path, old))
    except BaseException:
        for path, old in replaced:
            path.write_text(old, encoding="utf-8")
        raise
    finally:
        for temporary, _, _ in staged:
            temporary.unlink(missing_ok=True)


def with_registry_venue(fields: dict[str, object], survey: Survey) -> dict[str, object]:
    """A venue as the lookup or the .bib gave it ("ICLR 2024", a proceedings title) becomes the
    registry's id and the year of publication (`Survey.match_venue`). With a registry, a name it
    does not know moves to `note` for a maintainer and `venue` stays empty, so the new file passes
    `survey check`; nothing is guessed. Without a registry, venues are free text and stay."""
    venue = fields.get("venue")
    if not survey.venues or not isinstance(venue, str) or not venue or venue in survey.venues:
        return fields
    found = survey.match_venue(venue)
    if found is None:
        said = f'Venue as the source gives it: "{venue}", not in the venue registry: add it to venues in survey.yaml, or set an id.'
        note = fields.get("note")
        return fields | {"venue": None, "note": f"{note} {said}" if note else said}
    registry_venue, year = found
    return fields | {"venue": registry_venue.id} | ({"year": year} if year else {})


def paper_fields(key: str, record: Record, added: datetime.date) -> dict[str, object]:
    """A new paper file's fields from a record; the scaffold leaves out the empty ones."""
    return {
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
        "code": record.code,
        "abstract": record.abstract,
        "added": added.isoformat(),
        "note": record.note,
    }


def _place(staged: Path, final: Path) -> None:
    try:
        os.link(staged, final)  # atomic, and fails rather than replace a file already there
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: claim the name, then fill it in one step
        final.open("x").close()
        os.replace(staged, final)


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a timeout, a cancelled job) raises KeyboardInterrupt meanwhile, so clean-up runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
