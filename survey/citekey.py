"""Cite keys like ``li2024autoflow``: chosen once, stored in the paper's file, never changed."""

from __future__ import annotations

import re
from typing import Iterable

from .names import family_name, slug

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


def make_key(authors: Iterable[str], year: int | None, title: str, taken: Iterable[str] = ()) -> str:
    """``family + year + word``, with a, b, ... appended when that key is taken."""
    authors = list(authors)
    word = first_significant_word(title)
    family = slug(family_name(authors[0])) if authors else ""
    base = f"{family or word}{year or ''}{word if family else ''}"
    taken = set(taken)
    if base not in taken:
        return base
    for suffix in "abcdefghijklmnopqrstuvwxyz":
        if base + suffix not in taken:
            return base + suffix
    raise ValueError(f"no free cite key for {base}")
