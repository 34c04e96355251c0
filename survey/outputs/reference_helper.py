"""A second process that formats the references no earlier build kept, from the last one backwards,
while this one renders everything else and formats them from the first one forwards.

A cold build's references are most of its generator (1.3 s of CPU for the flagship's 404 papers in
three styles), and mkdocs keeps one core of two busy. The two processes meet in the middle: this one
takes a reference the helper has sent, else formats it itself; once it finds one sent, every later one
was sent before it (the helper works backwards), so the helper is stopped. A helper that fails, or
is slow on a busy machine, changes nothing but the time: what it has not sent is formatted here, to
the same text (a reference is a pure function of its record and style file).
"""

from __future__ import annotations

from typing import Any

from survey.second_process import SecondProcess

# Below this many references (a `make serve` rebuild after a save needs 3) starting a second Python
# with citeproc-py (about 0.1 s of CPU) costs more than it saves.
MIN_ITEMS = 60

Item = tuple[str, str, dict[str, Any]]  # key, style file, CSL-JSON record


class ReferenceHelper:
    def __init__(self, items: list[Item]) -> None:
        """``items`` in the order this process will ask for them."""
        self.sent: dict[str, str] = {}
        work = [list(item) for item in reversed(items)]
        self.process = SecondProcess.ask("survey.outputs.csl_format", "main", self._heard, work)

    def _heard(self, line: list[str]) -> None:
        key, text = line
        self.sent[key] = text

    def take(self, key: str) -> str | None:
        """The helper's text for ``key`` if it has sent it; the first one found stops the helper."""
        text = self.sent.get(key)
        if text is not None:
            self.stop()
        return text

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
