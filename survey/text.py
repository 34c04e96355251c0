"""Plain-text helpers every stage shares: one line, XML-safe, ASCII-folded, slugs.

Markup-specific escaping lives with its output (site/markup.py for Markdown, outputs/latex.py for
LaTeX); what is here only removes or folds characters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# The planes that hold controls and format characters (Cc, Cf): the BMP, the SMP and plane 14
# (tags), as every Unicode version so far; the others hold ideographs, private use or nothing.
# Scanning these three instead of all 17 takes 0.05 s instead of 0.23-0.56 s, which every
# process that writes text paid once (tests/test_text.py compares with the full scan).
_PLANES_WITH_FORMAT_CHARACTERS = (0, 1, 14)


@cache
def invisible_table() -> dict[int, str | None]:
    """A str.translate table, built on first use from the Unicode database: controls, invisible
    formatting characters (direction overrides, zero-width marks) and noncharacters (U+FFFE,
    U+FDD0…, which XML cannot hold) are dropped; tabs and line breaks become spaces. str.translate
    then runs in C."""
    table: dict[int, str | None] = {
        code: (" " if chr(code) in "\t\n\r" else None)
        for plane in _PLANES_WITH_FORMAT_CHARACTERS
        for code in range(plane << 16, (plane + 1) << 16)
        if unicodedata.category(chr(code)) in ("Cc", "Cf")
    }
    table.update(dict.fromkeys(_NONCHARACTERS, None))
    return table


# U+FDD0..U+FDEF and the last two code points of each plane.
_NONCHARACTERS = (*range(0xFDD0, 0xFDF0), *(plane << 16 | low for plane in range(17) for low in (0xFFFE, 0xFFFF)))


def one_line(text: object) -> str:
    """Plain text for one line: controls and invisible direction overrides dropped, space folded."""
    return " ".join(visible(str(text)).split())


def visible(text: str) -> str:
    """``text`` without what invisible_table drops, its tabs and line breaks as spaces. Everything
    the table holds is unprintable, so most text skips str.translate, which raises and catches a
    KeyError inside for each character the table lacks."""
    return text if text.isprintable() else text.translate(invisible_table())


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """Drop what XML 1.0 cannot hold (most control characters): ElementTree would write it as is."""
    return _NOT_XML.sub("", text)


def xml_line(text: str) -> str:
    """One line of text XML can hold: a blank line would end Markdown's raw HTML block early."""
    return " ".join(xml_safe(text).split())


# Letters that Unicode does not decompose into a base letter plus an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
                       "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i"})


def ascii_fold(text: str) -> str:
    """'Miłoś' -> 'Milos'; characters with no Latin form are dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if ord(c) < 128 and not unicodedata.combining(c))


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())


# Abbreviations whose dot does not end a sentence.
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|et al|vs|cf|approx|Fig|Eq|No)\.", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+(?=[A-Z0-9\"'(\[])")


def sentences(text: str) -> int:
    """How many sentences ``text`` holds: a sentence ends at . ! or ? before a space and a capital,
    a digit, a quote or a bracket, except after an abbreviation (e.g., vs., et al.)."""
    stripped = _ABBREVIATION.sub("", text).strip()
    return len(_SENTENCE_END.findall(stripped)) + 1 if stripped else 0


def fenced_block(code: str, language: str) -> str:
    """A Markdown fenced code block no text can close early: its fence is longer than any run of
    backticks inside (the site's pages, the suggest-a-paper pull request's body)."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code.rstrip()}\n{fence}"
