"""One venue matcher: the registry venue (and year) a venue name names, however an exporter wrote it.

Used by `survey check` (to say which id to write), `import`, `add`, `new` and `refresh`. Names are
compared by their skeleton: lower case, without years, edition numbers ("62nd", "Eleventh"),
volumes ("Volume 1: Long Papers", "Systems 35"), "Proceedings of the", parentheses and
punctuation. So "Proceedings of the 2023 Conference on Empirical Methods in Natural Language
Processing" finds the registry's "Proceedings of the {year} Conference on ...", and DBLP's "The
Eleventh International Conference on Learning Representations, ICLR 2023" finds ICLR. Only a name the
registry gives (id, short name, name, alias, edition) matches: a workshop the registry does not
list stays unmatched, whichever conference it is held at.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from survey.model import Venue

_UNITS = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
_TEENS = "tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SPELLED = rf"(?:(?:{_TENS})[- ]?(?:{_UNITS})|(?:twent|thirt|fort|fift|sixt|sevent|eight|ninet)ieth|{_TEENS}|{_UNITS})"
_ORDINAL = re.compile(rf"\b(?:[0-9]+(?:st|nd|rd|th)|{_SPELLED})\b", re.I)
# A year: 2023, and the short forms ICLR'24, ICLR ’24.
_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])|[\s]?['’]([0-9]{2})(?![0-9])")
_VOLUME = re.compile(r"\bvolume\s+[0-9ivx]+(?:\s*:\s*[a-z ]*?papers)?\b|\b(?:long|short|main)\s+papers?\b", re.I)
_PROCEEDINGS = re.compile(r"^(?:in\s+)?(?:proc(?:eedings|\.)?\s+(?:of\s+)?)?", re.I)
# "... Linguistics and the 11th International Joint Conference on ..." : the first of a joint conference.
_JOINT = re.compile(rf"\s+and\s+(?:the\s+)?(?:[0-9]+(?:st|nd|rd|th)|{_SPELLED})\s.*$", re.I)
_PARTNER = re.compile(r"[-/]\s*ijcnlp\b", re.I)  # ACL-IJCNLP 2021, EMNLP-IJCNLP: the conference joined to IJCNLP
_PUNCTUATION = re.compile(r"[^\w&]+")
_THE = re.compile(r"\bthe\b")


@lru_cache(maxsize=8192)  # a list names the same few venues again and again
def skeleton(name: str, *, ordinals: bool = False) -> str:
    """What two spellings of one venue's name have in common (see the module's docstring); with
    ``ordinals``, edition numbers stay ("62nd"), to tell an edition's year."""
    text = _PROCEEDINGS.sub("", name.strip(), count=1)
    text = re.sub(r"\([^()]*\)", " ", text)  # (EMNLP), (Volume 1: Long Papers), (LREC-COLING 2024)
    text = _VOLUME.sub(" ", text)
    text = _YEAR.sub(" ", text) if ordinals else _ORDINAL.sub(" ", _YEAR.sub(" ", text))
    text = _PUNCTUATION.sub(" ", text.casefold().replace("&", " and "))
    text = re.sub(r"\b[0-9]+\b", " ", _THE.sub(" ", text))  # a volume: "Systems 35"
    text = _PROCEEDINGS.sub("", " ".join(text.split()), count=1)
    return " ".join(text.split())


def year_in(text: str) -> int | None:
    """The one year a name gives (2023, '23); None for none or several."""
    years = set()
    for match in _YEAR.finditer(text):
        years.add(int(match.group(1)) if match.group(1) else 2000 + int(match.group(2)))
    return years.pop() if len(years) == 1 else None


def _candidates(text: str) -> Iterator[str]:
    """The whole name first, then its parts as exporters append to it: DBLP's ", ICLR 2023,
    Kigali, Rwanda", a subtitle after a colon ("Systems 36: Annual Conference ..."), a joint
    conference's second half, a parenthesised short name."""
    text = " ".join(text.split())
    yield text
    yield text.split(",", 1)[0]
    yield text.split(":", 1)[0]
    yield _JOINT.sub("", text)
    yield _PARTNER.sub("", text)
    yield from re.findall(r"\(([^()]+)\)", text)
    parts = [p.strip() for p in text.split(",")]
    yield from parts
    yield from (_PARTNER.sub("", p) for p in parts)


class VenueMatcher:
    """An index of a registry's names, built once per survey."""

    def __init__(self, venues: Iterable[Venue]) -> None:
        self._exact: dict[str, tuple[Venue, int | None]] = {}
        self._skeletons: dict[str, tuple[Venue, int | None]] = {}
        for venue in venues:
            for year in venue.editions:
                self._exact.setdefault(_fold(venue.name_in(year)), (venue, year))
                key = skeleton(venue.name_in(year), ordinals=True)
                if key != skeleton(venue.name_in(year)):  # "62nd Annual Meeting ..." is 2024's, however its volume is written
                    self._skeletons.setdefault(key, (venue, year))
            for name in (venue.id, venue.short, venue.name, *venue.aliases, *venue.editions.values()):
                self._exact.setdefault(_fold(name), (venue, None))
                if key := skeleton(name.replace("{year}", " ")):
                    self._skeletons.setdefault(key, (venue, None))

    def match(self, text: str) -> tuple[Venue, int | None] | None:
        """The registry venue ``text`` names, with the year it gives (or its edition's year; None
        when it gives none); None when no name matches."""
        workshop = "workshop" in text.casefold()  # held at a conference, but not its main proceedings
        for candidate in dict.fromkeys(c.strip(" .;") for c in _candidates(text)):
            if not candidate:
                continue
            found = self._exact.get(_fold(candidate)) or self._skeletons.get(skeleton(candidate, ordinals=True))
            venue, edition = found or self._skeletons.get(skeleton(candidate)) or (None, None)
            if venue is not None and (venue.type == "workshop" or not workshop):
                return venue, year_in(candidate) or edition or year_in(text)
        return None


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()
