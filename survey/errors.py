"""Problems found in content, each carrying file, line, column and field."""

from __future__ import annotations

import json
from dataclasses import dataclass

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


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, printed as ``path:line:column: field: message``."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command: an annotation on the pull request's line."""
        message = f"{self.field}: {self.message}" if self.field else self.message
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line},col={self.column}::{message}"


class ContentError(Exception):
    """Raised once with every problem found, so a contributor can fix them all in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{count} problem{'s' if count != 1 else ''} found.")
        return "\n".join(lines)
