"""The largest survey the generator is measured to handle, checked before any paper file is read.

Past these limits a build would not fail cleanly: it would run for a long time and then run out of
memory part-way, or be killed. So the count and total size of the paper files are checked first,
and a survey over either limit is refused with a message naming the limit, before anything is
parsed or written. The figures behind them are on the Performance page (benchmarks/run.py): the
generator alone finishes 100,000 synthetic papers (about 200 MB of YAML) on a machine of 24 GB,
peaking at a few GB; nothing larger has been measured. A maintainer with a larger machine can raise
them through the environment variables below.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from survey.errors import ContentError, Problem

PAPERS_VARIABLE = "SURVEY_MAX_PAPERS"
BYTES_VARIABLE = "SURVEY_MAX_CONTENT_MB"


@dataclass(frozen=True)
class Limits:
    papers: int = 100_000
    content_mb: int = 512  # the paper files together

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, or what SURVEY_MAX_PAPERS and SURVEY_MAX_CONTENT_MB set (whole numbers)."""
        default = cls()
        return cls(_number(PAPERS_VARIABLE, default.papers), _number(BYTES_VARIABLE, default.content_mb))


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit():
        raise ContentError([Problem(name, 1, 1, "", f"the environment variable {name} must be a whole number (got {value[:20]!r})")])
    return int(value)


def check(files: Sequence[Path], folder: str, limits: Limits | None = None) -> None:
    """Raise ContentError naming each limit that ``files`` (the paper files, shown as ``folder``) pass."""
    limits = limits or Limits.from_environment()
    problems = []
    if len(files) > limits.papers:
        problems.append(Problem(folder, 1, 1, "", (
            f"{len(files):,} paper files, more than the {limits.papers:,} this generator is measured to build "
            f"(the limit is set by {PAPERS_VARIABLE}; see the Performance page before raising it)")))
    size = sum(path.lstat().st_size for path in files)  # lstat: a symbolic link is refused later, by name, unread
    if size > limits.content_mb * 2**20:
        problems.append(Problem(folder, 1, 1, "", (
            f"{size / 2**20:,.0f} MB of paper files, more than the {limits.content_mb:,} MB this generator is measured to build "
            f"(the limit is set by {BYTES_VARIABLE}; see the Performance page before raising it)")))
    if problems:
        raise ContentError(problems)
