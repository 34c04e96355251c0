"""Author names: families for cite keys, organisations kept whole."""

from __future__ import annotations

from functools import lru_cache

from pybtex.database import Person


def is_organisation(name: str) -> bool:
    """A one-word name such as '01.AI' is an organisation (or a mononym): BibTeX keeps it whole."""
    return len(name.split()) == 1


@lru_cache(maxsize=1 << 16)  # parsing a name is pybtex's slowest step, and names recur (figure, keys, tables)
def family_name(name: str) -> str:
    if is_organisation(name):
        return name.strip()
    person = Person(name)
    return " ".join(person.last_names) or name.split()[-1]

