"""Write a whole folder beside its final place, then swap it in: readers never see half of one."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class StagedFolder:
    """``path`` is where to write; ``commit()`` puts it in place of ``final`` and keeps the old one
    until ``cleanup()``, so that ``rollback()`` can still bring it back."""

    def __init__(self, final: Path):
        self.final = Path(final).resolve()
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.new-", dir=self.final.parent))
        self._backup: Path | None = None
        self._committed = False

    def commit(self) -> None:
        if self.final.exists():
            self._backup = Path(tempfile.mkdtemp(prefix=f".{self.final.name}.old-", dir=self.final.parent))
            os.replace(self.final, self._backup / "site")
        os.replace(self.path, self.final)
        self._committed = True

    def rollback(self) -> None:
        """Undo ``commit()`` (or drop what was staged): ``final`` is as it was before."""
        if self._committed:
            shutil.rmtree(self.final, ignore_errors=True)
            if self._backup is not None:
                os.replace(self._backup / "site", self.final)
            self._committed = False
        self.cleanup()

    def cleanup(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._backup is not None:
            shutil.rmtree(self._backup, ignore_errors=True)
            self._backup = None
