"""Write a whole folder beside its final place, then swap it in: readers never see half of one.

The swap is one step where the system has one (Linux renameat2 RENAME_EXCHANGE), so a crash leaves
the old or the new folder in place, never none. Elsewhere it is two renames, and a crash between
them is repaired by the next StagedFolder, which puts the old folder back.

Each StagedFolder works in its own ``.NAME.new-XXXX`` folder beside ``NAME`` and holds a lock on it
while it lives. The system drops the lock when the process dies, so the next StagedFolder removes
exactly what dead builds left, never a running build's folder.
"""

from __future__ import annotations

import errno
import functools
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no locks; a leftover is told by its age alone
    fcntl = None  # type: ignore[assignment]

# A folder this young may be one another build has just created and not yet locked.
MIN_AGE_SECONDS = 60


class StagedFolder:
    """``path`` is where to write; ``commit()`` puts it in place of ``final`` and keeps the old one
    until ``cleanup()``, so that ``rollback()`` can still bring it back."""

    def __init__(self, final: Path):
        self.final = Path(final).resolve()
        self.final.parent.mkdir(parents=True, exist_ok=True)
        recover(self.final)
        self._own = Path(tempfile.mkdtemp(prefix=_prefix(self.final), dir=self.final.parent))
        self._lock = _lock(self._own)
        self.path = self._own / "new"  # after an exchange, it holds the previous folder
        self.path.mkdir()
        self._old = self._own / "old"  # the previous folder between two renames
        self._committed = False

    def commit(self) -> None:
        if self.final.exists():
            if _exchange(self.path, self.final):  # the previous folder is now at self.path
                self._committed = True
                return
            os.replace(self.final, self._old)  # a crash until the next line is repaired by recover()
        os.replace(self.path, self.final)
        self._committed = True

    def rollback(self) -> None:
        """Undo ``commit()`` (or drop what was staged): ``final`` is as it was before."""
        if self._committed:
            if self.path.exists():  # it was an exchange
                if not _exchange(self.path, self.final):
                    raise OSError(f"{self.final}: cannot swap the previous folder back")
            else:
                os.replace(self.final, self.path)  # a crash until the next line is repaired by recover()
                if self._old.exists():
                    os.replace(self._old, self.final)
            self._committed = False
        self.cleanup()

    def cleanup(self) -> None:
        if self._old.exists() and not self.final.exists():
            os.replace(self._old, self.final)  # commit() failed between its two renames
        shutil.rmtree(self._own, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def write_files(files: Iterable[tuple[str, bytes]], out: Path) -> None:
    """Write (path, bytes) pairs to a fresh folder beside ``out``, then swap it in: a reader of
    ``out`` sees the old folder or the new one, never half of one."""
    folder = StagedFolder(out)
    try:
        for path, content in files:
            target = folder.path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        folder.commit()
    except BaseException:
        folder.rollback()
        raise
    folder.cleanup()


def recover(final: Path) -> None:
    """Repair what killed builds left beside ``final``: if ``final`` is missing, put back the old
    folder a build had moved aside; then remove every folder no live build holds."""
    for leftover in sorted(final.parent.glob(_prefix(final) + "*"), key=_mtime, reverse=True):
        if not final.exists() and (leftover / "old").is_dir():
            # The build locked its folder before moving final away: unlocked means it died.
            _unless_in_use(leftover, functools.partial(os.replace, leftover / "old", final), min_age=0)
        _unless_in_use(leftover, functools.partial(shutil.rmtree, leftover, ignore_errors=True), min_age=MIN_AGE_SECONDS)


def _prefix(final: Path) -> str:
    return f".{final.name}.new-"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _lock(path: Path) -> int | None:
    """An open descriptor holding a lock on ``path``: the system drops it when the process dies."""
    if fcntl is None:
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _unless_in_use(path: Path, action: Callable[[], None], min_age: float) -> None:
    """Run ``action`` on a leftover unless a live build holds it."""
    if time.time() - _mtime(path) < min_age:
        return
    try:
        fd = _lock(path)
    except (BlockingIOError, FileNotFoundError):
        return  # locked: its build is running; gone: another build removed it first
    try:
        action()
    finally:
        if fd is not None:
            os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system or the file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2  # from <fcntl.h> and <linux/fs.h>
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS):  # a file system without it; a kernel before 3.15
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    if sys.platform != "linux":
        return None
    import ctypes  # here, not at the top: commands that never swap a folder do not load it

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+, musl 1.2.2+
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function
