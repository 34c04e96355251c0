"""Author names: families for cite keys, organisations kept whole, ASCII folding."""

from __future__ import annotations

import re
import unicodedata

from pybtex.database import Person

# Letters that Unicode does not decompose into a base letter plus an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE",
                       "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ð": "d", "þ": "th", "ı": "i"})


def ascii_fold(text: str) -> str:
    """'Miłoś' -> 'Milos'; characters with no Latin form are dropped."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in decomposed if ord(c) < 128 and not unicodedata.combining(c))


def is_organisation(name: str) -> bool:
    """A one-word name such as '01.AI' is an organisation (or a mononym): BibTeX keeps it whole."""
    return len(name.split()) == 1


def family_name(name: str) -> str:
    if is_organisation(name):
        return name.strip()
    person = Person(name)
    return " ".join(person.last_names) or name.split()[-1]


def slug(text: str) -> str:
    """Lowercase ASCII letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", ascii_fold(text).lower())
