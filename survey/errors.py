"""Problems found in content, each carrying file, line, column and field."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Final, Literal

EXCERPT = 60  # characters of an offending value quoted in a message


def excerpt(value: object) -> str:
    """A short one-line quotation of a value for a message: never a whole file, a line break or a
    control character (a message becomes a terminal line or a pull-request annotation)."""
    if isinstance(value, str):
        text = value if len(value) <= EXCERPT else value[: EXCERPT - 3] + "..."
        return repr(text)  # repr escapes line breaks, controls and invisible characters
    try:  # JSON reads like YAML's flow style: ["a", "b"], {"key": 1}
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:  # an integer too long to print (Python refuses more than 4,300 digits)
        return "a number too long to show"
    return text if len(text) <= EXCERPT else text[: EXCERPT - 3] + "..."


Severity = Literal["error", "warning"]  # also the GitHub annotation's command (::error, ::warning)
ERROR: Final = "error"
WARNING: Final = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, printed as ``path:line:column: field: message``.

    An error fails `survey check` and the build; a warning is printed and fails only with
    `--strict` (style and balance rules a contributor may not be able to settle alone)."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: warning: {what}" if self.severity == WARNING else f"{where}: {what}"

    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command: an annotation on the pull request's line.

        GitHub's toolkit escapes %, CR and LF in the message, and also ':' and ',' in properties."""
        message = f"{self.field}: {self.message}" if self.field else self.message
        title = f"survey check: {self.field}" if self.field else "survey check"
        properties = ",".join(f"{name}={_property(value)}" for name, value in
                              (("file", self.path), ("line", self.line), ("col", self.column), ("title", title)))
        return f"::{self.severity} {properties}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: object) -> str:
    return _data(str(value)).replace(":", "%3A").replace(",", "%2C")


def count(problems: list[Problem]) -> str:
    """"3 problems found." or "2 problems found (1 error, 1 warning)." """
    errors = sum(1 for p in problems if p.severity == ERROR)
    warnings = len(problems) - errors
    total = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found"
    if not warnings:
        return total + "."
    return f"{total} ({errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''})."


class SurveyError(Exception):
    """The base of every error survey raises on purpose: its message is one a person can act on, so an
    adapter prints it (no traceback) and fails. Where known it says where: ``path``, ``line``, ``field``
    (as acl-anthology's errors carry theirs), for a caller that points at the place rather than parses
    the message."""

    def __init__(self, message: str = "", *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.path, self.line, self.field = path, line, field


class ContentError(SurveyError):
    """Raised once with every problem found, so a contributor can fix them all in one go (each
    problem carries its own path, line and field)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join([str(p) for p in self.problems] + [count(self.problems)])
