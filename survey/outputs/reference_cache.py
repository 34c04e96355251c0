"""The formatted references of the paper pages, kept between builds in a file of the user's cache.

citeproc-py takes 1 to 10 ms for one reference in one style (APA the slowest): the flagship's 404
papers in three styles cost about as much CPU as the rest of its build. A reference is a pure
function of the record, the style file and the processor, so each is kept under a digest of the
three: a build formats only the papers whose record changed since any earlier build on this machine.
Within a process (a `make serve` session) the file is read once.

The file is ``$SURVEY_CACHE_DIR/references.json``, else ``$XDG_CACHE_HOME/survey/…``, else
``~/.cache/survey/…``. It is only ever a shortcut: one that cannot be read is ignored, one that cannot
be written is not written, and the pages are the same bytes with or without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

FILE_NAME = "references.json"
MAX_KEPT = 65536  # references (about 300 bytes each); past this only those of the latest build are kept


def folder() -> Path:
    configured = os.environ.get("SURVEY_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "survey"


class ReferenceCache:
    """Formatted references by key; ``edition`` names the processor and style files they were made
    with (the file of another edition is ignored)."""

    def __init__(self, edition: str) -> None:
        self.edition = edition
        self.texts: dict[str, str] = {}
        self.used: set[str] = set()
        self.loaded = False
        self.changed = False

    def get(self, key: str) -> str | None:
        if not self.loaded:
            self.loaded = True
            self.texts = _read(folder() / FILE_NAME, self.edition) | self.texts
        self.used.add(key)
        return self.texts.get(key)

    def put(self, key: str, text: str) -> None:
        self.texts[key] = text
        self.used.add(key)
        self.changed = True

    def save(self) -> None:
        """Write the file if anything was formatted since it was read (atomically: a build that
        reads it meanwhile sees the old file or the new one)."""
        if not self.changed:
            return
        if len(self.texts) > MAX_KEPT:
            self.texts = {key: text for key, text in self.texts.items() if key in self.used}
        self.changed = False
        data = json.dumps({"edition": self.edition, "references": self.texts}, ensure_ascii=False, sort_keys=True)
        target = folder() / FILE_NAME
        with contextlib.suppress(OSError):  # a read-only home, a full disk: the next build formats again
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, prefix=".references-", delete=False) as out:
                temporary = Path(out.name)
                out.write(data)
            try:
                os.replace(temporary, target)
            finally:
                temporary.unlink(missing_ok=True)


def _read(path: Path, edition: str) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("edition") != edition or not isinstance(data.get("references"), dict):
        return {}
    return {key: text for key, text in data["references"].items() if isinstance(key, str) and isinstance(text, str)}
