"""Structured author names, as CSL-JSON and RIS want them (the reading styles of the paper pages
are formatted from the CSL-JSON: outputs/reading_styles.py).

Plain text; whoever prints it escapes it for their format.
"""

from __future__ import annotations

from pybtex.database import Person

from survey.names import is_organisation


def name_parts(name: str) -> dict[str, str]:
    """CSL-style name: {"family", "given"} for a person, {"literal"} for an organisation or mononym."""
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
