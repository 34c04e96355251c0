"""Paper files as text: the canonical form (`survey fmt`) and new scaffolds (`survey add`/`new`).

ruamel.yaml round-trips comments, so formatting keeps what contributors wrote beside a field;
where it would drop one (inside a flow list, say), the file is left as it is.

The canonical style leaves a contributor no choices, so two people's files look the same: lists
and mappings in block style, one item a line; text plain where YAML allows, else in single
quotes, else in double quotes (ruamel.yaml's order, decided by the value alone); text holding a
line break as a literal block (``|``).
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from survey.content.schemas import schema_text
from survey.content.yaml_source import parse_yaml, read_regular_file
from survey.contribute import guide
from survey.errors import Problem, SurveyError
from survey.model import Survey

_FAST_LOADER = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)

# The editor schema made from survey.yaml (survey/content/editor_schema.py), beside it.
SCHEMA_COMMENT = "# yaml-language-server: $schema=../paper.schema.json"
_ANY_SCHEMA_COMMENT = "# yaml-language-server: $schema="
FIELD_ORDER: list[str] = list(json.loads(schema_text("paper"))["properties"])
WIDTH = 100


class Unformattable(SurveyError, ValueError):
    """Formatting would lose part of the file, so it stays as it is."""


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
    text, old_guide = guide.split(text)  # formatted apart, then put back at the end
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
    _settle_style(data)
    result = _dump(y, data)
    values = _safe_load(text)  # what the file says; the canonical form must say the same
    if _safe_load(result) != values:
        # ruamel.yaml can fold a double-quoted scalar right after an escaped backslash, which
        # changes the text; such a file keeps its long lines unfolded.
        y.width = 10**6
        result = _dump(y, data)
        if _safe_load(result) != values:
            raise Unformattable("formatting would change what a value says")
    _check_comments_kept(text, result)
    if result.startswith(_ANY_SCHEMA_COMMENT):  # an older path: the current one replaces it
        result = result.split("\n", 1)[1]
    result = SCHEMA_COMMENT + "\n" + result
    if old_guide and not guide.filled(values):
        result += guide.guide(survey, values) if survey is not None else old_guide
    return result


def _settle_style(node: object) -> None:
    """Block style for every list and mapping; text keeps no quoting or block style of its own."""
    if isinstance(node, CommentedMap | CommentedSeq):
        node.fa.set_block_style()
        for key in range(len(node)) if isinstance(node, CommentedSeq) else list(node):
            value = node[key]
            if isinstance(value, str):
                node[key] = LiteralScalarString(value) if "\n" in value else str(value)
            else:
                _settle_style(value)


def _check_comments_kept(text: str, result: str) -> None:
    """ruamel.yaml drops some comments (between a key and its value on a line of its own) and moves
    those inside a flow list ([a, # b ...]) to a line where they say something else; refuse rather
    than lose or misplace what a contributor wrote."""
    kept = Counter(comment for _, comment, _ in _comments(result))
    for line, comment, in_flow in _comments(text):
        if in_flow or not kept[comment]:
            raise Unformattable(f"the comment on line {line} would be lost ({comment}); move it to a line of its own above the field")
        kept[comment] -= 1


def _comments(text: str) -> list[tuple[int, str, bool]]:
    """Each comment with its line number and whether it sits inside a flow list or mapping. No YAML
    token holds a comment, so they are the `#` runs between tokens."""
    found, end, depth = [], 0, 0
    for token in pyyaml.scan(text, Loader=_FAST_LOADER):  # libyaml: 20x faster
        for match in re.finditer(r"#.*", text[end : token.start_mark.index]):
            found.append((text.count("\n", 0, end + match.start()) + 1, match.group().rstrip(), depth > 0))
        end = token.end_mark.index
        if isinstance(token, pyyaml.FlowSequenceStartToken | pyyaml.FlowMappingStartToken):
            depth += 1
        elif isinstance(token, pyyaml.FlowSequenceEndToken | pyyaml.FlowMappingEndToken):
            depth -= 1
    return found


def _dump(y: YAML, data: CommentedMap) -> str:
    out = io.StringIO()
    y.dump(data, out)
    result = out.getvalue()
    # Folding leaves a space at the end of a line; in plain and quoted scalars it is not content.
    stripped = _without_blank_lines(re.sub(r"[ \t]+$", "", result, flags=re.M))
    return stripped if _safe_load(stripped) == _safe_load(result) else result


def _without_blank_lines(text: str) -> str:
    """No blank line between fields (ruamel.yaml keeps them); those inside a text value stay."""
    inside: set[int] = set()
    for token in pyyaml.scan(text, Loader=_FAST_LOADER):
        if isinstance(token, pyyaml.ScalarToken):  # a block scalar's token also spans the blank lines after it
            span = text[token.start_mark.index : token.end_mark.index].rstrip("\n")
            inside.update(range(token.start_mark.line + 1, token.start_mark.line + span.count("\n") + 1))
    return "".join(line for n, line in enumerate(text.splitlines(keepends=True)) if line.strip() or n in inside)


def scaffold(fields: Mapping[str, object], survey: Survey) -> str:
    """A new paper file: the facts we know, then a guide to what the contributor fills in."""
    data = CommentedMap((k, fields[k]) for k in FIELD_ORDER if fields.get(k) not in (None, "", []))
    out = io.StringIO()
    _yaml().dump(data, out)
    return canonical(out.getvalue(), survey) + guide.guide(survey, fields)


def _safe_load(text: str) -> Any:
    """yaml.safe_load through libyaml where PyYAML has it: the same values, several times faster."""
    return pyyaml.load(text, Loader=_FAST_LOADER)


def format_file(path: Path, survey: Survey | None) -> tuple[str, str]:
    """(current text, canonical text) of one file; ValueError if it cannot be loaded safely."""
    try:
        text = read_regular_file(path).decode("utf-8")
    except OSError as error:  # not a regular file, or too large: never read
        raise ValueError(str(error)) from None
    problems: list[Problem] = []
    if parse_yaml(text, path.as_posix(), problems) is None:
        # Past the limits (a YAML bomb) or not YAML: never handed to ruamel.yaml.
        raise ValueError(problems[0].message if problems else "cannot be read")
    return text, canonical(text, survey)


# Fields a tool may fill in an existing file; `year` only together with the venue it dates.
FILLABLE = ("venue", "year", "doi")


def with_fields(text: str, fields: dict[str, object], new_sources: list[str], survey: Survey | None) -> str:
    """A paper file's text with the empty ``fields`` filled in and ``new_sources`` appended to
    `sources`, in canonical form with its comments kept (as `survey fmt` writes it).

    It never overwrites what a maintainer wrote: a field that already holds a value (other than the
    `year` a venue comes with) raises ValueError, and so does a result that says anything else
    differently from the file."""
    body, old_guide = guide.split(text)
    data = _yaml().load(body)
    if not isinstance(data, CommentedMap):
        raise ValueError("a paper file must be a mapping of fields")
    for name, value in fields.items():
        if name not in FILLABLE:
            raise ValueError(f"{name} is not filled in by tools")
        if data.get(name) not in (None, "") and not (name == "year" and "venue" in fields):
            raise ValueError(f"{name} already holds a value ({data[name]!r}); it is left as it is")
        if name not in data:
            _keep_comments_above_their_field(data, name)
        data[name] = value
    if new_sources:
        sources = data.get("sources")
        if isinstance(sources, CommentedSeq):
            sources.extend(s for s in new_sources if s not in sources)  # the list keeps its comments
        else:
            data["sources"] = list(new_sources)
    out = io.StringIO()
    _yaml().dump(data, out)
    result = canonical(out.getvalue() + old_guide, survey)
    _check_comments_kept(body, result)  # against the file as it was: the dump above may already drop one
    expected = (_safe_load(text) or {}) | fields
    if new_sources:
        expected["sources"] = list(dict.fromkeys([*(expected.get("sources") or []), *new_sources]))
    if _safe_load(result) != expected:
        raise Unformattable("filling in the fields would change what another value says")
    return result


def _keep_comments_above_their_field(data: CommentedMap, name: str) -> None:
    """ruamel.yaml keeps the comment lines above a field as the previous field's: a field put in
    between would come out under them. They move to the new field, so that they stay above the one
    they were written for; a comment at the end of the previous field's line stays there."""
    earlier = [k for k in data if k in FIELD_ORDER and FIELD_ORDER.index(k) < FIELD_ORDER.index(name)]
    if not earlier:
        return
    previous = max(earlier, key=FIELD_ORDER.index)
    slot = data.ca.items.get(previous)
    if not slot or len(slot) < 3 or slot[2] is None or isinstance(data[previous], CommentedMap | CommentedSeq):
        return
    token = slot[2]
    end_of_line, _, below = token.value.partition("\n")
    if not below.strip():
        return
    slot[2] = CommentToken(end_of_line + "\n", token.start_mark, None) if end_of_line.strip() else None
    data.ca.items[name] = [None, None, CommentToken("\n" + below, token.start_mark, None), None]
