"""Structured author names, as CSL-JSON and RIS want them (the reading styles of the paper pages
are formatted from the CSL-JSON: outputs/reading_styles.py).

Plain text; whoever prints it escapes it for their format.
"""

from __future__ import annotations

from functools import lru_cache

from pybtex.database import Person

from survey.names import is_organisation


def name_parts(name: str) -> dict[str, str]:
    """CSL-style name: {"family", "given"} for a person, {"literal"} for an organisation or mononym."""
    return dict(_name_parts(name))  # a copy: the caller may change it


@lru_cache(maxsize=1 << 16)  # parsed once per distinct name: authors recur, and RIS and CSL-JSON both ask
def _name_parts(name: str) -> tuple[tuple[str, str], ...]:
    return tuple(_parse_name(name).items())


def _parse_name(name: str) -> dict[str, str]:
    if is_organisation(name):
        return {"literal": name.strip()}
    person = Person(name)
    family = " ".join(person.prelast_names + person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    if not family:
        return {"literal": " ".join(name.split())}
    parts = {"family": family, "given": given}
    if person.lineage_names:
        parts["suffix"] = " ".join(person.lineage_names)
    return {k: v for k, v in parts.items() if v}
