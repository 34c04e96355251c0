"""What changed since the previous build of one ``mkdocs serve --dirty`` session.

mkdocs' dirty builds render only the pages whose file reports itself modified, and a generated file
always does. This remembers each generated file's digest, so that a rebuild renders only the pages
whose content changed (a saved paper file: its page, its category, the explorer), unless something
every page shows changed (the nav, the theme, mkdocs.yml, the hand-written pages): then all of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def _digest(content: str | bytes) -> bytes:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).digest()


def fingerprint(settings: object, folders: Iterable[Path]) -> bytes:
    """A digest of what every page shows: ``settings`` (the nav, as a repr) and every file under
    ``folders`` (the theme's custom_dir, mkdocs.yml, docs_dir) by name, size and modification time."""
    hasher = hashlib.blake2b(repr(settings).encode("utf-8"), digest_size=16)
    for folder in folders:
        paths = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else [folder]
        for path in paths:
            stat = path.stat()
            hasher.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return hasher.digest()


class Rebuilds:
    def __init__(self) -> None:
        self.digests: dict[str, bytes] = {}
        self.shared = b""

    def start(self, shared: bytes) -> None:
        """A new build; ``shared`` is the fingerprint of what every page shows."""
        if shared != self.shared:
            self.digests.clear()
            self.shared = shared

    def changed(self, path: str, content: str | bytes) -> bool:
        """Whether ``path`` must be written again; remembers ``content`` for the next build."""
        digest = _digest(content)
        before = self.digests.get(path)
        self.digests[path] = digest
        return before != digest

    def forget(self) -> None:
        """After a failed build nothing is known to be on disk: the next one writes everything."""
        self.digests.clear()
        self.shared = b""
