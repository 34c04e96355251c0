"""Load YAML while remembering where every key and value stands in the file.

PyYAML's composer gives nodes with marks; we build plain Python values from them and keep a map
from each value's path (``("authors", 0)``) to its line and column, so later stages can point a
contributor at the exact place of a problem.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from survey.errors import ERROR, Problem, Severity, SurveyError, excerpt

PathKey = tuple[str | int, ...]

# Limits for hostile files. A paper file is a few kilobytes; the largest real abstract is a few
# thousand characters, and a 1 MB one still loads. Aliases let 400 bytes expand into billions of
# values ("billion laughs"), so the values built are counted, not the bytes read.
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_ALIASES = 100
MAX_VALUES = 100_000
MAX_DEPTH = 32
# Numbers a table or a BibTeX field can show. YAML 1.1 reads 0x, 0b, 0-octal (0777) and sexagesimal
# (1:30:00) integers without Python's 4,300-digit limit, so a 3,700-digit hexadecimal number loaded and then
# failed the build where it was printed; 10^15 is past any count a paper reports (parameters, tokens)
# and every integer below it is exact as a float (JavaScript, JSON readers).
MAX_NUMBER = 10**15
_PRINTABLE_BITS = 10_000  # about 3,000 digits: a number this long is still quoted in a message
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

    def problem(self, at: PathKey, message: str, *, key: bool = False, name: str | None = None, severity: Severity = ERROR) -> Problem:
        line, column = self.where(at, key=key)
        return Problem(self.path, line, column, name if name is not None else field_name(at), message, severity)


def field_name(at: PathKey) -> str:
    """``("tags", "approach", 1)`` -> ``tags.approach[1]``."""
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class TooLarge(SurveyError):
    """The document goes past one of the limits above; the message says which, ``line`` and
    ``column`` where."""

    line: int

    def __init__(self, message: str, mark: tuple[int, int]):
        super().__init__(message, line=mark[0])
        self.column = mark[1]


class _Builder:
    def __init__(self, located: Located, problems: list[Problem]):
        self.located = located
        self.problems = problems
        self.constructor = _Loader("")
        self.seen: set[int] = set()
        self.aliases = 0
        self.count = 0

    def _count(self, node: yaml.Node, at: PathKey) -> None:
        # An alias is the same node object met again (the composer shares it).
        if isinstance(node, yaml.CollectionNode):
            if id(node) in self.seen:
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise TooLarge(f"more than {MAX_ALIASES} aliases (*name): a paper file needs none", _mark(node))
            self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_VALUES:
            raise TooLarge(f"more than {MAX_VALUES:,} values once aliases are expanded", _mark(node))
        if len(at) > MAX_DEPTH:
            raise TooLarge(f"nested more than {MAX_DEPTH} levels deep", _mark(node))

    def build(self, node: yaml.Node, at: PathKey) -> Any:
        self._count(node, at)
        self.located.values[at] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, at)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, at + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, at)

    def _mapping(self, node: yaml.MappingNode, at: PathKey) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.constructor.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool) or (isinstance(key, int) and abs(key) >= MAX_NUMBER):
                line, column = _mark(key_node)
                self.problems.append(
                    Problem(self.located.path, line, column, field_name(at), f"keys must be plain words (got {excerpt(key)})")
                )
                continue
            key = str(key)
            if key in out:
                line, column = _mark(key_node)
                name = field_name(at + (key,))
                self.problems.append(Problem(self.located.path, line, column, name, "duplicate field"))
            self.located.keys[at + (key,)] = _mark(key_node)
            out[key] = self.build(value_node, at + (key,))
        return out

    def _scalar(self, node: yaml.Node, at: PathKey) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except ValueError:  # Python refuses to read an integer of more than 4,300 digits
            self.problems.append(self.located.problem(at, "is a number too long to read"))
            return node.value[:20] + "..."
        if isinstance(value, float) and not math.isfinite(value):
            self.problems.append(self.located.problem(at, f"must be a finite number (got {node.value})"))
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= MAX_NUMBER:
            message = f"is out of range: a number must be between -10^15 and 10^15 (got {excerpt(node.value)})"
            self.problems.append(self.located.problem(at, message))
            if isinstance(value, int) and value.bit_length() > _PRINTABLE_BITS:
                return node.value[:20] + "..."  # Python cannot print it: later messages quote its text
        if isinstance(value, str) and _SURROGATE.search(value):
            # "\ud83d\ude00" in a double-quoted string: join escaped pairs, refuse lone halves.
            try:
                value = value.encode("utf-16", "surrogatepass").decode("utf-16")
            except UnicodeDecodeError:
                self.problems.append(
                    self.located.problem(at, "contains a lone UTF-16 surrogate escape (\\uD800-\\uDFFF); write the character itself")
                )
                value = _SURROGATE.sub("\ufffd", value)
        return value


def _place(error: yaml.MarkedYAMLError) -> tuple[int, int]:
    mark = error.problem_mark or error.context_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; OSError (with a reason a contributor
    can act on) for anything else. A symbolic link, a device or a FIFO is refused without reading
    it: a link to /etc/passwd would print it in a message, one to /dev/zero would never end."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if os.path.islink(path):
            raise OSError("file is a symbolic link; content files must be regular files (not read)") from None
        raise OSError(f"cannot read file ({exc.strerror})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError("file is not a regular file (not read)")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise OSError(f"file is larger than {limit // (1024 * 1024)} MB (not read)")
    return data


# Files parsed without problems, by the name they are shown as: (text, result). Nothing changes a
# Located after parsing, so one may be handed out again for the same text.
ParseCache = dict[str, tuple[str, "Located"]]


def load_yaml(path: Path, display: str, problems: list[Problem], cache: ParseCache | None = None) -> Located | None:
    """Load one YAML file; on failure append problems and return None. With ``cache`` (`make
    serve`, which loads every file at each rebuild), unchanged text is not parsed again."""
    try:
        text = read_regular_file(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(display, 1, 1, "", f"file is not valid UTF-8 ({exc.reason} at byte {exc.start})"))
        return None
    except OSError as exc:
        problems.append(Problem(display, 1, 1, "", str(exc)))
        return None
    cached = cache.get(display) if cache is not None else None
    if cached is not None and cached[0] == text:
        return cached[1]
    found: list[Problem] = []
    located = parse_yaml(text, display, found)
    problems += found
    if cache is not None and located is not None and not found:
        cache[display] = (text, located)
    return located


def parse_yaml(text: str, display: str, problems: list[Problem]) -> Located | None:
    """Parse YAML text already read, within the limits above; on failure append problems, return None."""
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
    except TooLarge as exc:
        problems.append(Problem(display, exc.line, exc.column, "", f"file refused: {exc}"))
        return None
    return located
