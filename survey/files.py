"""Writing a file in one step: a reader, or a crash, finds the old file or the new one, never half."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path``'s text (or create it): written beside it as a dot-file (which the content
    loader does not list), then renamed over it (os.replace, one step on POSIX and Windows)."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)  # only when writing or renaming failed


def place_new(written: Path, final: Path) -> None:
    """Move a file already written to ``final``, a name no file may hold yet: FileExistsError if one
    does, never an overwrite."""
    try:
        os.link(written, final)  # one step, and fails rather than replace a file already there
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: claim the name, then fill it in one step
        final.open("x").close()
        os.replace(written, final)
