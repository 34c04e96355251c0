"""The format of survey.yaml: `format: N` says which rules a survey's content was written for.

A survey pins the generator (survey-site) and upgrades it when it chooses; `survey check` then
says what the new version requires of the content. A survey.yaml without the line is format 1,
the format every survey had before the line existed. A survey.yaml newer than this generator is
refused with what to do; an older one gets each change since, as a problem at its `format` line.
"""

from __future__ import annotations

from survey import __version__
from survey.content.yaml_source import Located
from survey.errors import WARNING, Problem

FORMAT = 1  # what this version of the generator reads and writes (survey init)

# What each format asks of content written for the one before: format -> what to change.
CHANGES: dict[int, str] = {}


def check(doc: Located) -> list[Problem]:
    """Problems with survey.yaml's format: too new is an error, missing or older a warning per change."""
    data = doc.data if isinstance(doc.data, dict) else {}
    written = data.get("format", 1)  # a survey.yaml without the line predates it: format 1
    if not isinstance(written, int) or isinstance(written, bool):
        return []  # the schema says what is wrong with it
    if written > FORMAT:
        return [doc.problem(("format",), f"format {written} is newer than survey-site {__version__} reads (format {FORMAT}): "
                                         "upgrade it (pip install -U survey-site, or the version your requirements pin)")]
    return [doc.problem(("format",), f"format {number} asks: {CHANGES[number]}; then set `format: {number}`", severity=WARNING)
            for number in range(written + 1, FORMAT + 1) if number in CHANGES]
