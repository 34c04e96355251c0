"""Near-identical titles: the same paper entered twice under slightly different spellings.

Titles are compared after normalising (case, accents, punctuation, articles, lookalike letters).
Titles are filed under a few blocks of words, and a new title is compared closely only with those
sharing a block, so a survey of 10,000 papers is not compared pair by pair.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from typing import Generic, TypeVar

from survey.text import ascii_fold

T = TypeVar("T")
THRESHOLD = 0.93  # SequenceMatcher ratio: typos and punctuation, not different papers
_FILLER = {"a", "an", "the", "of", "for", "and", "on", "in", "to", "with", "via"}
_WORD = re.compile(r"[^\W_]+")
# Cyrillic and Greek letters whose UTS #39 skeleton is one Latin letter (Unicode confusables.txt,
# version 17.0.0), lower-cased; capitals that TR39 folds to 'l' are the capital I a reader sees.
_CONFUSABLES = str.maketrans(
    "αаΑАЬΒВϲсϹСԁеҽΕЕϜԌһΗНιͺіϳјͿЈΚКΙІӏӀΜϺМΝοσϭоΟОρϱϸрΡРԛгѕЅΤТυνѵѴѡшԝԜхΧХγуүΥϒУҮΖ",
    "aaaabbbccccdeeeefghhhiiijjjjkkiilimmmnooooooppppppqrssttuvvvwwwwxxxyyyyyyyz",
)


def _word(word: str) -> str:
    """A word as compared: read as Latin when every letter can be (so 'mоdel' with a Cyrillic о
    is 'model'); a word of another script (Cyrillic, Greek, CJK) keeps its own letters."""
    mapped = word.translate(_CONFUSABLES)
    if mapped.isascii():
        return mapped.lower()
    letters = [ascii_fold(c) for c in mapped]
    return "".join(letters).lower() if all(letters) else word.casefold()


def normalise(title: str) -> str:
    words = (_word(w) for w in _WORD.findall(unicodedata.normalize("NFKC", title)))
    return " ".join(w for w in words if w not in _FILLER)


def _blocks(norm: str) -> list[str]:
    """First three words, last three, first and last: a typo in one word keeps one block intact
    (in a title of three words or fewer, only a typo in a middle word)."""
    words = norm.split()
    return ["^" + " ".join(words[:3]), "$" + " ".join(words[-3:]), f"{words[0]}^${words[-1]}"]


def _close(matcher: difflib.SequenceMatcher[str]) -> bool:
    # The quick ratios are cheap upper bounds of ratio(): most pairs stop there.
    return matcher.real_quick_ratio() >= THRESHOLD and matcher.quick_ratio() >= THRESHOLD and matcher.ratio() >= THRESHOLD


def similar(a: str, b: str) -> bool:
    """Near-identical normal forms; an empty one (a title of punctuation alone) matches nothing."""
    if not a or not b:
        return False
    return a == b or _close(difflib.SequenceMatcher(None, a, b))


class TitleIndex(Generic[T]):
    """Titles seen so far, filed by block: a look-up costs a few comparisons, not one per title.

    A block more crowded than MAX_BLOCK (200 titles beginning 'a survey of large language') is
    searched for exact matches only, so a hostile or odd list cannot make look-ups quadratic; its
    titles are still compared closely through their other blocks."""

    MAX_BLOCK = 200

    def __init__(self, items: Iterable[tuple[T, str]] = ()) -> None:
        self._blocks: dict[str, list[tuple[int, T, str]]] = defaultdict(list)
        self._exact: dict[str, list[tuple[int, T]]] = defaultdict(list)
        self._count = 0
        for item, title in items:
            self.add(item, title)

    def add(self, item: T, title: str) -> None:
        self._add(item, normalise(title))

    def matches(self, title: str) -> list[T]:
        """The items whose titles are near-identical to ``title``, in the order they were added."""
        return self._matches(normalise(title))

    def _add(self, item: T, norm: str) -> None:
        if norm:
            self._exact[norm].append((self._count, item))
            for block in _blocks(norm):
                self._blocks[block].append((self._count, item, norm))
        self._count += 1

    def _matches(self, norm: str) -> list[T]:
        if not norm:
            return []
        found: dict[int, T] = dict(self._exact.get(norm, ()))
        matcher = difflib.SequenceMatcher(None, b=norm)  # ``norm`` is analysed once for all candidates
        for block in _blocks(norm):
            members = self._blocks.get(block, ())
            for index, item, other in members if len(members) <= self.MAX_BLOCK else ():
                if index not in found:
                    matcher.set_seq1(other)
                    if _close(matcher):
                        found[index] = item
        return [found[i] for i in sorted(found)]


def near_duplicates(items: Iterable[tuple[T, str]]) -> list[tuple[T, T]]:
    """Pairs (earlier, later) of items whose titles are near-identical, in input order."""
    index: TitleIndex[T] = TitleIndex()
    pairs: list[tuple[T, T]] = []
    for item, title in items:
        norm = normalise(title)
        pairs += [(earlier, item) for earlier in index._matches(norm)]
        index._add(item, norm)
    return pairs
