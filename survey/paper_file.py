"""Paper files as text: the canonical form (`survey fmt`) and new scaffolds (`survey add`/`new`).

ruamel.yaml round-trips comments, so formatting keeps what contributors wrote beside a field.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from .model import Survey
from .schema_check import schema_text

SCHEMA_COMMENT = "# yaml-language-server: $schema=../../survey/schema/paper.schema.json"
FIELD_ORDER: list[str] = list(json.loads(schema_text("paper"))["properties"])
WIDTH = 100


def _yaml() -> YAML:
    y = YAML()  # round-trip mode
    y.width = WIDTH
    y.indent(mapping=2, sequence=4, offset=2)
    y.allow_unicode = True
    return y


def _ordered(mapping: CommentedMap, order: list[str]) -> CommentedMap:
    """The same mapping with keys in ``order`` (unknown keys after, as they were), comments kept."""
    keys = [k for k in order if k in mapping] + [k for k in mapping if k not in order]
    out = CommentedMap()
    for key in keys:
        out[key] = mapping[key]
        if key in mapping.ca.items:
            out.ca.items[key] = mapping.ca.items[key]
    out.ca.comment = mapping.ca.comment
    out.ca.end = mapping.ca.end
    return out


def canonical(text: str, survey: Survey | None = None) -> str:
    """The canonical form of a paper file's text; raises ValueError for text that is no mapping."""
    y = _yaml()
    data = y.load(text)
    if not isinstance(data, CommentedMap):
        raise ValueError("a paper file must be a mapping of fields")
    data = _ordered(data, FIELD_ORDER)
    if survey is not None:
        if isinstance(data.get("tags"), CommentedMap):
            data["tags"] = _ordered(data["tags"], [f.id for f in survey.facets])
        category = survey.category(data.get("category")) if isinstance(data.get("category"), str) else None
        if category is not None and isinstance(data.get("facts"), CommentedMap):
            data["facts"] = _ordered(data["facts"], [c.key for c in category.columns] + [c.key for t in survey.tables for c in t.columns])
    result = _dump(y, data)
    if pyyaml.safe_load(result) != pyyaml.safe_load(text):
        # ruamel.yaml can fold a double-quoted scalar right after an escaped backslash, which
        # changes the text; such a file keeps its long lines unfolded.
        y.width = 10**6
        result = _dump(y, data)
        if pyyaml.safe_load(result) != pyyaml.safe_load(text):
            raise ValueError("cannot be formatted without changing its content")
    if not result.startswith(SCHEMA_COMMENT):
        result = SCHEMA_COMMENT + "\n" + result
    return result


def _dump(y: YAML, data: CommentedMap) -> str:
    out = io.StringIO()
    y.dump(data, out)
    result = out.getvalue()
    # Folding leaves a space at the end of a line; in plain and quoted scalars it is not content.
    stripped = re.sub(r"[ \t]+$", "", result, flags=re.M)
    return stripped if pyyaml.safe_load(stripped) == pyyaml.safe_load(result) else result


def scaffold(fields: dict, survey: Survey) -> str:
    """A new paper file: the facts we know, then a guide to what the contributor fills in."""
    data = CommentedMap((k, fields[k]) for k in FIELD_ORDER if fields.get(k) not in (None, "", []))
    out = io.StringIO()
    _yaml().dump(data, out)
    return canonical(out.getvalue(), survey) + _guide(survey)


def _guide(survey: Survey) -> str:
    lines = [
        "",
        "# ---- Fill in the fields below (remove the leading '# '), then run `survey check`. ----",
        "# tldr: One sentence in your own words: what the paper does or finds.",
        "# category: the id of one leaf category:",
    ]
    for category in survey.categories():
        if category.is_leaf:
            lines.append(f"#   {category.id:28} {category.title}")
    lines.append("# tags: at least one value for each facet:")
    for facet in survey.facets:
        lines.append(f"#   {facet.id}: [{', '.join(facet.values)}]")
    lines.append("# facts: values for your category's table columns (see content/survey.yaml),")
    lines.append("#   only where the abstract states them.")
    return "\n".join(lines) + "\n"


def format_file(path: Path, survey: Survey | None) -> tuple[str, str]:
    """(current text, canonical text) of one file."""
    text = path.read_text(encoding="utf-8")
    return text, canonical(text, survey)
