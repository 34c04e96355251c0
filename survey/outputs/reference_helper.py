"""A second process that formats the references no earlier build kept, from the last one backwards,
while this one renders everything else and formats them from the first one forwards.

A cold build's references are most of its generator (2.4 s of CPU for the flagship's 404 papers in
three styles), and mkdocs keeps one core of two busy. The two processes meet in the middle: this one
takes a reference the helper has sent, else formats it itself; once it finds one sent, every later one
was sent before it (the helper works backwards), so the helper is stopped. A helper that fails, or
is slow on a busy machine, changes nothing but the time: what it has not sent is formatted here, to
the same text (a reference is a pure function of its record and style file).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

# Below this many references (a `make serve` rebuild after a save needs 3) starting a second Python
# with citeproc-py (about 0.2 s of CPU) costs more than it saves.
MIN_ITEMS = 60

# The helper imports this very package (the folder holding survey/ comes first on its path), whatever
# the current folder holds.
_START = "import sys; sys.path.insert(0, sys.argv[1]); from survey.outputs.csl_format import main; main()"
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])

Item = tuple[str, str, dict[str, Any]]  # key, style file, CSL-JSON record


class ReferenceHelper:
    def __init__(self, items: list[Item]) -> None:
        """``items`` in the order this process will ask for them."""
        self.sent: dict[str, str] = {}
        self.process = subprocess.Popen(
            [sys.executable, "-c", _START, _PACKAGE_PARENT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        payload = json.dumps([list(item) for item in reversed(items)], ensure_ascii=False).encode("utf-8")
        self.thread = threading.Thread(target=self._exchange, args=(payload,), name="survey-reference-helper", daemon=True)
        self.thread.start()

    def _exchange(self, payload: bytes) -> None:
        """Hand the helper its work and read what it sends (in a thread: neither side waits on a full pipe)."""
        stdin: IO[bytes] | None = self.process.stdin
        stdout: IO[bytes] | None = self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            stdin.write(payload)
            stdin.close()
            for line in stdout:
                key, text = json.loads(line)
                self.sent[key] = text
        except (OSError, ValueError):
            pass  # the helper died or was stopped: this process formats the rest

    def take(self, key: str) -> str | None:
        """The helper's text for ``key`` if it has sent it; the first one found stops the helper."""
        text = self.sent.get(key)
        if text is not None and self.process.poll() is None:
            self.stop()
        return text

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait()
        self.thread.join()
        if self.process.stdout is not None:
            self.process.stdout.close()
