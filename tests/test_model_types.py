"""The model's closed vocabularies are Literal types that mypy checks; the JSON Schema that validates
survey.yaml enumerates the same words, so what the schema accepts the model can hold."""

from __future__ import annotations

import dataclasses
import json
from typing import get_args

import pytest
from conftest import ROOT

from survey.errors import ERROR, WARNING, Severity
from survey.model import ColumnType, Paper, Venue, VenueType


def _schema() -> dict:
    return json.loads((ROOT / "survey" / "schema" / "survey.schema.json").read_text(encoding="utf-8"))


def test_the_schema_and_the_model_name_the_same_types() -> None:
    schema = _schema()
    assert schema["$defs"]["columns"]["items"]["properties"]["type"]["enum"] == list(get_args(ColumnType))
    assert schema["properties"]["venues"]["items"]["properties"]["type"]["enum"] == list(get_args(VenueType))
    assert [ERROR, WARNING] == list(get_args(Severity))


def test_a_paper_is_frozen_and_keeps_its_venue_id() -> None:
    venue = Venue("iclr", "International Conference on Learning Representations", "ICLR", "conference")
    paper = dataclasses.replace(Paper("k", "T", 2024, "c", "One sentence.", "2024-01-01", venue="iclr"), published_in=venue)
    assert (paper.venue, paper.venue_text, paper.venue_name) == ("iclr", "ICLR 2024", "International Conference on Learning Representations")
    with pytest.raises(dataclasses.FrozenInstanceError):
        paper.venue = "ICLR 2024"  # type: ignore[misc]
