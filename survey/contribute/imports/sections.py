"""The headings of an awesome list, as the categories its bullets sit under.

`survey init DIR --from README.md` files each imported bullet under the heading above it: every
heading that holds papers itself becomes a leaf, the headings above it its parents. The list's
title (its one level-1 heading) and headings that hold no papers, directly or below, are left out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from survey.contribute.imports.markdown import numbered_lines
from survey.text import ascii_fold

_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+(?P<title>.*?)[ \t]*#*[ \t]*$")
_MARKUP = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`]+|<[^>]+>")  # links keep their text; emphasis, code, HTML go


@dataclass
class Heading:
    level: int
    title: str
    line: int
    parent: Heading | None = None
    children: list[Heading] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the papers directly under it, by line


def headings(text: str) -> list[Heading]:
    """The headings outside code blocks, each with its parent (the nearest heading above it of a
    lower level); the list's title is left out when it has exactly one level-1 heading."""
    found: list[Heading] = []
    for number, line, code in numbered_lines(text):
        match = None if code else _HEADING.fullmatch(line)
        if match and (title := " ".join(_MARKUP.sub(r"\1", match["title"]).split())):
            found.append(Heading(len(match[1]), title, number))
    if sum(1 for h in found if h.level == 1) == 1 and found[0].level == 1:
        found = found[1:]
    open_: list[Heading] = []
    for heading in found:
        while open_ and open_[-1].level >= heading.level:
            open_.pop()
        heading.parent = open_[-1] if open_ else None
        open_.append(heading)
    return found


def file_papers(found: list[Heading], lines: Iterable[int]) -> list[Heading]:
    """Put each paper's line under the last heading above it; return the top headings that hold
    papers (directly or below), with only such children."""
    starts = [h.line for h in found]  # in line order
    for line in sorted(lines):
        if (at := bisect.bisect_left(starts, line)) > 0:
            found[at - 1].lines.append(line)  # the last heading above it
    holding = {id(h) for h in found if h.lines}
    for heading in found:
        if heading.lines:
            ancestor = heading.parent
            while ancestor is not None:
                holding.add(id(ancestor))
                ancestor = ancestor.parent
    kept = [h for h in found if id(h) in holding]
    for heading in kept:
        heading.children = [h for h in kept if h.parent is heading]
    return [h for h in kept if h.parent is None]


def category_id(title: str, taken: set[str]) -> str:
    """A category id from a heading: lowercase words joined by '-', made unique against ``taken``."""
    words = re.findall(r"[a-z0-9]+", ascii_fold(title).lower())
    base = "-".join(words)[:48].strip("-") or "section"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate
