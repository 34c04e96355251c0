"""Properties over generated input: BibTeX round trips, and `survey check` never crashes."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from survey.content.load import load_content
from survey.errors import ContentError
from survey.model import Paper, Survey
from survey.outputs import bibtex, latex
from survey.text import one_line

text = st.text(min_size=1, max_size=60).map(one_line).filter(bool)


def _round_trip(paper: Paper):
    written = bibtex.entries_text({paper.key: bibtex.paper_entry(paper)})
    return parse_string(written, "bibtex").entries[paper.key]


@settings(max_examples=400, deadline=None)
@given(title=text, venue=text)
def test_any_title_and_venue_survive_bibtex(title: str, venue: str) -> None:
    entry = _round_trip(Paper(key="k", title=title, year=2024, category="c", tldr="t", added="2026-01-01", venue=venue))
    assert latex.decode(entry.fields["title"]) == title
    assert latex.decode(entry.fields["booktitle" if "booktitle" in entry.fields else "journal"]) == venue


@settings(max_examples=400, deadline=None)
@given(names=st.lists(text, min_size=1, max_size=4))
def test_any_author_names_survive_bibtex(names: list[str]) -> None:
    entry = _round_trip(Paper(key="k", title="T", year=2024, category="c", tldr="t", added="2026-01-01", authors=tuple(names)))
    people = entry.persons["author"]
    assert len(people) == len(names)
    for person, name in zip(people, names, strict=True):
        parts = person.first_names + person.middle_names + person.prelast_names + person.last_names + person.lineage_names
        assert latex.decode(" ".join(parts)) == " ".join(name.split())


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3), max_leaves=8)
FIELDS = st.sampled_from(["key", "title", "authors", "year", "date", "venue", "arxiv", "doi", "url", "pdf", "code",
                          "abstract", "tldr", "category", "tags", "facts", "added", "note", "auhtors", "extra"])


def _fresh(tmp: Path) -> Path:
    content = tmp / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(DATA / "content", content)
    return content


def _check(content: Path) -> None:
    try:
        result = load_content(content, display_root=content.parent)
    except ContentError as error:
        assert error.problems and all(p.path and p.line >= 1 and p.column >= 1 for p in error.problems)
    else:
        assert isinstance(result, Survey)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=st.dictionaries(FIELDS, VALUES, max_size=8) | VALUES)
def test_check_survives_any_yaml_document(tmp_path: Path, document) -> None:
    content = _fresh(tmp_path)
    (content / "papers" / "fuzz.yaml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    _check(content)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(lambda s: s.encode("utf-8")))
def test_check_survives_any_bytes(tmp_path: Path, raw: bytes) -> None:
    content = _fresh(tmp_path)
    (content / "papers" / "fuzz.yaml").write_bytes(raw)
    _check(content)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["title", "year", "category", "tags", "facts", "authors", "date", "url"]), value=VALUES)
def test_check_survives_any_value_in_a_good_file(tmp_path: Path, field: str, value) -> None:
    content = _fresh(tmp_path)
    path = content / "papers" / "hu2021lora.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _check(content)


@settings(max_examples=300, deadline=None)
@given(document=st.dictionaries(FIELDS, VALUES, max_size=8) | VALUES)
def test_fast_validation_agrees_with_jsonschema(document) -> None:
    from survey.content.schemas import _validator, is_valid

    assert is_valid(document, "paper") == _validator("paper").is_valid(document)


def test_fast_validation_agrees_on_real_and_near_real_papers() -> None:
    from survey.content.schemas import _validator, is_valid

    for path in sorted((DATA / "content" / "papers").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        variants = [data, {**data, "year": "2024"}, {**data, "url": "javascript:x"}, {**data, "tags": {"a": []}},
                    {**data, "facts": {"x": [1]}}, {**data, "extra": 1}, {k: v for k, v in data.items() if k != "tldr"}]
        for variant in variants:
            assert is_valid(variant, "paper") == _validator("paper").is_valid(variant), variant
