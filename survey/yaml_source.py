"""Load YAML while remembering where every key and value stands in the file.

PyYAML's composer gives nodes with marks; we build plain Python values from them and keep a map
from each value's path (``("authors", 0)``) to its line and column, so later stages can point a
contributor at the exact place of a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

PathKey = tuple[str | int, ...]
_SURROGATE = re.compile("[\ud800-\udfff]")


# libyaml's parser, where PyYAML was built with it, is about ten times faster than the pure one.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """A safe loader that leaves dates as strings: the schema checks their format itself."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Located:
    """A loaded document: its data plus the 1-based (line, column) of every value and key."""

    path: str
    data: Any
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, at: PathKey, *, key: bool = False) -> tuple[int, int]:
        """Position of the value (or key) at ``at``, or of its nearest known ancestor."""
        table = self.keys if key and at in self.keys else self.values
        at = tuple(at)
        while at and at not in table:
            at = at[:-1]
            table = self.values
        return table.get(at, (1, 1))

    def problem(self, at: PathKey, message: str, *, key: bool = False, name: str | None = None) -> Problem:
        line, column = self.where(at, key=key)
        return Problem(self.path, line, column, name if name is not None else field_name(at), message)


def field_name(at: PathKey) -> str:
    """``("tags", "approach", 1)`` -> ``tags.approach[1]``."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, located: Located, problems: list[Problem]):
        self.located = located
        self.problems = problems
        self.constructor = _Loader("")

    def build(self, node: yaml.Node, at: PathKey) -> Any:
        self.located.values[at] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.constructor.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    self.problems.append(self.located.problem(at, f"keys must be plain words (got {key!r})"))
                    continue
                key = str(key)
                if key in out:
                    line, column = _mark(key_node)
                    name = field_name(at + (key,))
                    self.problems.append(Problem(self.located.path, line, column, name, "duplicate field"))
                self.located.keys[at + (key,)] = _mark(key_node)
                out[key] = self.build(value_node, at + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, at + (i,)) for i, item in enumerate(node.value)]
        value = self.constructor.construct_object(node, deep=True)
        if isinstance(value, str) and _SURROGATE.search(value):
            # "\ud83d\ude00" in a double-quoted string: join escaped pairs, refuse lone halves.
            try:
                value = value.encode("utf-16", "surrogatepass").decode("utf-16")
            except UnicodeDecodeError:
                self.problems.append(self.located.problem(at, "contains a lone UTF-16 surrogate escape (\\uD800-\\uDFFF); write the character itself"))
                value = _SURROGATE.sub("\ufffd", value)
        return value


def _place(error: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = error.problem_mark or error.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def load_yaml(path: Path, display: str, problems: list[Problem]) -> Located | None:
    """Load one YAML file; on failure append problems and return None."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, 1, 1, "", f"file is not valid UTF-8 ({exc.reason} at byte {exc.start})"))
        return None
    except OSError as exc:
        problems.append(Problem(display, 1, 1, "", f"cannot read file ({exc.strerror})"))
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        problems.append(Problem(display, *_place(exc), "", f"YAML syntax error: {what}"))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(display, 1, 1, "", f"YAML error: {exc}"))
        return None
    if node is None:
        problems.append(Problem(display, 1, 1, "", "file is empty"))
        return None
    located = Located(display, None)
    try:
        located.data = _Builder(located, problems).build(node, ())
    except yaml.MarkedYAMLError as exc:  # a value no safe constructor takes: '=', '!!python/...'
        problems.append(Problem(display, *_place(exc), "", f"YAML value not allowed: {exc.problem or exc.context}"))
        return None
    return located
