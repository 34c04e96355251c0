"""Per-file validation against the package's JSON Schemas, with messages a contributor can act on."""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from survey.content.yaml_source import Located, field_name
from survey.errors import Problem, excerpt

# Outside this package on purpose: every paper file names survey/schema/paper.schema.json for its
# editor (a "$schema" comment), so that path stays put whatever the code's layout.
SCHEMA_DIR = Path(__file__).parent.parent / "schema"

_TYPE_NAMES = {
    "object": "a mapping of fields",
    "array": "a list",
    "string": "a text",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
}


def schema_text(name: str) -> str:
    """The schema file as published (copied into the built site for editors)."""
    return (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads(schema_text(name))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@cache
def _fast_validator(name: str) -> Callable[[Any], Any]:
    """The same schema compiled to Python by fastjsonschema: ten times faster for the common case of
    a valid file, but it stops at the first error, so problems are still explained by jsonschema."""
    validate: Callable[[Any], Any] = fastjsonschema.compile(json.loads(schema_text(name)))  # raises on invalid data
    return validate


def is_valid(data: Any, schema_name: str) -> bool:
    try:
        _fast_validator(schema_name)(data)
    except Exception:  # noqa: BLE001  (JsonSchemaException, or data it cannot handle: ask jsonschema)
        return False
    return True


def check(doc: Located, schema_name: str) -> list[Problem]:
    """All schema problems of one document."""
    if is_valid(doc.data, schema_name):
        return []
    problems: list[Problem] = []
    for error in _validator(schema_name).iter_errors(doc.data):
        problems.extend(_explain(doc, error))
    return problems


def _explain(doc: Located, error: ValidationError) -> list[Problem]:
    at = tuple(error.absolute_path)
    # The stubs allow "unset" for an error made by hand, and a kind-less error for a `false`
    # sub-schema; iter_errors over these schemas (none has a `true` or `false` sub-schema) makes
    # neither, so each error names the keyword of a mapping schema that failed.
    schema, kind = error.schema, error.validator
    assert isinstance(schema, Mapping) and isinstance(kind, str), f"unexpected schema error: {error!r}"
    instance: Any = error.instance  # any JSON value
    expected: Any = error.validator_value  # the keyword's value in the schema
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        out = []
        for name in sorted(set(instance) - set(known)):
            hint = difflib.get_close_matches(name, known, n=1)
            suffix = f" (did you mean '{hint[0]}'?)" if hint else f" (known fields: {', '.join(known)})"
            out.append(doc.problem(at + (name,), "unknown field" + suffix, key=True))
        return out
    if kind == "required":
        missing = [name for name in expected if name not in instance]
        return [doc.problem(at, "required field is missing", name=field_name(at + (m,))) for m in missing]
    if kind == "anyOf":
        description = schema.get("description", "one of the allowed forms")
        return [doc.problem(at, f"expected {description} (got {excerpt(instance)})")]
    return [doc.problem(at, _message(kind, expected, schema, instance))]


def _message(kind: str, expected: Any, schema: Mapping[str, Any], instance: Any) -> str:
    description = schema.get("description")
    if kind == "type":
        names = [expected] if isinstance(expected, str) else expected
        return f"expected {' or '.join(_TYPE_NAMES.get(n, n) for n in names)} (got {excerpt(instance)})"
    if kind == "enum":
        return f"expected one of {', '.join(map(str, expected))} (got {excerpt(instance)})"
    if kind in ("minLength", "minItems", "minProperties"):
        return "must not be empty" if expected == 1 else f"needs at least {expected} (got {excerpt(instance)})"
    if kind in ("maxLength", "maxItems"):
        return f"is too long: at most {expected} {'characters' if kind == 'maxLength' else 'items'}"
    if kind in ("pattern", "minimum", "maximum", "propertyNames") and description:
        return f"expected {description} (got {excerpt(instance)})"
    if kind == "uniqueItems":
        return f"has a repeated item (got {excerpt(instance)})"
    return f"{kind} check failed (got {excerpt(instance)})"
