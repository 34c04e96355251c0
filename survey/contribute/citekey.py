"""Cite keys like ``li2024autoflow``: chosen once, stored in the paper's file, never changed."""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Iterator

from survey.names import family_name
from survey.text import slug

# Words that never make a key: articles, prepositions and filler at the start of titles.
STOPWORDS = frozenset(
    "a an the on of in for to and or with by from at as is are be via towards toward do does can "
    "how what when why which who we our its it into not no yet beyond more less than one".split()
)


def first_significant_word(title: str) -> str:
    for word in re.split(r"[\s:–—/]+", title):
        cleaned = slug(word)
        if cleaned and word.lower().strip(".,;:!?'\"()") not in STOPWORDS and not cleaned.isdigit():
            return cleaned
    return "paper"


def _suffixes() -> Iterator[str]:
    """'', a, ..., z, then aa, ab, ..., zz, aaa, ...: the first 27 are the suffixes keys always had."""
    yield ""
    for length in itertools.count(1):
        for letters in itertools.product(string.ascii_lowercase, repeat=length):
            yield "".join(letters)


def base_key(authors: Iterable[str], year: int | None, title: str) -> str:
    """``family + year + word``, before any suffix."""
    authors = list(authors)
    word = first_significant_word(title)
    family = slug(family_name(authors[0])) if authors else ""
    return f"{family or word}{year or ''}{word if family else ''}"


class CiteKeys:
    """The keys taken so far. ``new`` resumes each base's suffixes where its last key stopped (keys
    are only ever added), so 10,000 papers sharing one base cost one step each, not 10,000."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self._suffixes: dict[str, Iterator[str]] = {}

    def new(self, authors: Iterable[str], year: int | None, title: str) -> str:
        base = base_key(authors, year, title)
        suffixes = self._suffixes.setdefault(base, _suffixes())
        key = next(base + s for s in suffixes if base + s not in self.taken)
        self.taken.add(key)
        return key


def make_key(authors: Iterable[str], year: int | None, title: str, taken: Iterable[str] = ()) -> str:
    """The base key, with a, b, ..., z, aa, ab, ... appended when it is taken."""
    return CiteKeys(taken).new(authors, year, title)
