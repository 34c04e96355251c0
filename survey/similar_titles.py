"""Near-identical titles: the same paper entered twice under slightly different spellings.

Titles are compared after normalising (case, accents, punctuation, articles). Exact normal forms
match at once; otherwise only titles that share their first or last three words are compared
closely, so a survey of 10,000 papers is not compared pair by pair.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from typing import Iterable, TypeVar

from .names import ascii_fold

T = TypeVar("T")
THRESHOLD = 0.93  # SequenceMatcher ratio: typos and punctuation, not different papers
_FILLER = {"a", "an", "the", "of", "for", "and", "on", "in", "to", "with", "via"}


def normalise(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", ascii_fold(title).lower())
    return " ".join(w for w in words if w not in _FILLER)


def _blocks(norm: str) -> list[str]:
    words = norm.split()
    return ["^" + " ".join(words[:3]), "$" + " ".join(words[-3:])]


def similar(a: str, b: str) -> bool:
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= THRESHOLD


def near_duplicates(items: Iterable[tuple[T, str]]) -> list[tuple[T, T]]:
    """Pairs (earlier, later) of items whose titles are near-identical, in input order."""
    seen: dict[str, list[tuple[int, T, str]]] = defaultdict(list)
    pairs: list[tuple[T, T]] = []
    for index, (item, title) in enumerate(items):
        norm = normalise(title)
        matched: dict[int, T] = {}
        for block in _blocks(norm):
            for other_index, other, other_norm in seen[block]:
                if other_index not in matched and similar(norm, other_norm):
                    matched[other_index] = other
        pairs += [(matched[i], item) for i in sorted(matched)]
        for block in _blocks(norm):
            seen[block].append((index, item, norm))
    return pairs


def find_similar(title: str, items: Iterable[tuple[T, str]]) -> T | None:
    """The first item whose title is near-identical to ``title``."""
    norm = normalise(title)
    return next((item for item, other in items if similar(norm, normalise(other))), None)
