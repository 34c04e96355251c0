"""The JSON Schema an editor uses for this survey's paper files, made from content/survey.yaml.

The package's schema (survey/schema/paper.schema.json) knows the shape of any paper file; this one
also enumerates this survey's leaf categories, each facet's values and each category's facts
columns with their types (``if``/``then`` on the category), with labels as descriptions, so an
editor autocompletes them and underlines a typo before anything runs. It is committed beside
survey.yaml (every paper file's ``$schema`` comment points there), published with the site, and
`survey check` fails when the committed copy no longer matches survey.yaml (`survey schema`
rewrites it).
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

from survey.content.schemas import schema_text
from survey.content.yaml_source import read_regular_file
from survey.errors import WARNING, Problem
from survey.files import write_atomic
from survey.model import Column, ColumnType, Survey

FILE = "paper.schema.json"  # in the content folder, beside survey.yaml

_COLUMN_TYPES: dict[ColumnType, dict[str, Any]] = {
    "text": {"type": "string", "minLength": 1},
    "number": {"type": "number"},
    "bool": {"type": "boolean"},
    "list": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
    "url": {"$ref": "#/$defs/url"},
}


def build(survey: Survey) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_text("paper"))
    schema["$id"] = FILE
    schema["title"] = f"A paper file of the survey '{survey.title}'"
    properties = schema["properties"]
    leaves = [c for c in survey.categories() if c.is_leaf]
    properties["category"] = {
        "enum": [c.id for c in leaves],
        # enumDescriptions: read by VS Code's YAML extension, ignored by validators.
        "enumDescriptions": [c.title for c in leaves],
        "description": "the id of one leaf category",
    }
    properties["tags"] = {
        "type": "object",
        "additionalProperties": False,
        "required": [f.id for f in survey.facets if f.required],
        "properties": {
            f.id: {
                "type": "array", "minItems": 1, "uniqueItems": True, "description": f.label,
                "items": {"enum": list(f.values), "enumDescriptions": list(f.values.values())},
            }
            for f in survey.facets
        },
    }
    if survey.venues:
        properties["venue"] = {
            "enum": list(survey.venues),
            "enumDescriptions": [f"{v.short}: {v.name}" for v in survey.venues.values()],
            "description": "the id of a venue in survey.yaml's registry; year is then the year of publication",
        }
    tables = {c.key: c for t in survey.tables for c in t.columns}
    schema["allOf"] = [
        {
            "if": {"required": ["category"], "properties": {"category": {"const": leaf.id}}},
            "then": {"properties": {"facts": _facts({**tables, **{c.key: c for c in leaf.columns}})}},
        }
        for leaf in leaves
    ]
    return schema


def _facts(columns: dict[str, Column]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {key: {**_COLUMN_TYPES[c.type], "description": c.label + (f" ({c.unit})" if c.unit else "")}
                       for key, c in columns.items()},
    }


def text(survey: Survey) -> str:
    return json.dumps(build(survey), indent=2, ensure_ascii=False) + "\n"


def check_committed(path: Path, shown: str, survey: Survey) -> list[Problem]:
    """The committed editor schema must be the one survey.yaml makes now."""
    if not os.path.lexists(path):
        return [dataclasses.replace(Problem(shown, 1, 1, "", "no editor schema yet: run `survey schema` to write it"), severity=WARNING)]
    try:
        committed = read_regular_file(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return [Problem(shown, 1, 1, "", f"cannot read the editor schema ({error})")]
    if committed != text(survey):
        return [Problem(shown, 1, 1, "", "out of date with survey.yaml: run `survey schema` to rewrite it")]
    return []


def write(path: Path, survey: Survey) -> bool:
    """Write the editor schema; False when it was already up to date."""
    new = text(survey)
    if path.is_file() and path.read_text(encoding="utf-8") == new:
        return False
    write_atomic(path, new)
    return True
