"""The model's closed vocabularies are Literal types that mypy checks; the JSON Schema that validates
survey.yaml enumerates the same words, so what the schema accepts the model can hold."""

from __future__ import annotations

import json
from typing import get_args

from conftest import ROOT

from survey.errors import ERROR, WARNING, Severity
from survey.model import ColumnType, VenueType


def _schema() -> dict:
    return json.loads((ROOT / "survey" / "schema" / "survey.schema.json").read_text(encoding="utf-8"))


def test_the_schema_and_the_model_name_the_same_types() -> None:
    schema = _schema()
    assert schema["$defs"]["columns"]["items"]["properties"]["type"]["enum"] == list(get_args(ColumnType))
    assert schema["properties"]["venues"]["items"]["properties"]["type"]["enum"] == list(get_args(VenueType))
    assert [ERROR, WARNING] == list(get_args(Severity))
