"""Writing paper files, all or none: new files from looked-up or imported records (`survey add`,
`new`, `import`), and new texts for files already there (`survey refresh --write`)."""

from __future__ import annotations

import datetime
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from survey.content.load import PAPERS_DIR
from survey.content.yaml_source import read_regular_file
from survey.contribute.citekey import make_key
from survey.contribute.lookup import Record
from survey.contribute.paper_file import scaffold
from survey.files import place_new, write_atomic
from survey.model import Survey
from survey.publish.signals import terminate_as_interrupt

STAGING_PREFIX = ".import-"  # a dot-folder in content/papers: paper_files() does not list it


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
        with terminate_as_interrupt():
            for path, text in texts:
                (staging / path.name).write_text(text, encoding="utf-8")
            for path, _ in texts:
                place_new(staging / path.name, path)
                placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [path for path, _ in texts]


def rewrite_papers(changes: list[tuple[Path, str, str]]) -> None:
    """Replace each file's text (path, the text read, the new text), all or none: a file that changed
    since it was read is refused before anything is written; each file is then replaced in one step
    (files.write_atomic), and on any failure or interrupt the files already replaced get their old
    text back."""
    for path, old, _ in changes:
        if read_regular_file(path).decode("utf-8") != old:
            raise OSError(f"{path} changed while it was being looked at; run the command again")
    replaced: list[tuple[Path, str]] = []
    try:
        with terminate_as_interrupt():
            for path, old, new in changes:
                write_atomic(path, new)
                replaced.append((path, old))
    except BaseException:
        for path, old in replaced:
            write_atomic(path, old)
        raise


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
