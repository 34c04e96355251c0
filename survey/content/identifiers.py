"""What a URL, a DOI and an arXiv id may look like: one definition for validation, lookups and imports.

The JSON Schema patterns say the same in regular-expression form (for editors); these functions are
the rule the generator relies on. A value that passes here is safe to put in an HTML attribute once
attribute-escaped: no white space, no control or invisible characters, no quotes or angle brackets.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.parse
from functools import lru_cache
from typing import TypeGuard

from survey.content.hosts import host_problem

# RFC 3986 forbids these anywhere in a URL; browsers percent-encode or reject them. Brackets are
# allowed only around an IPv6 host.
_URL_FORBIDDEN = set(' "<>\\^`{|}')
_URL_FORBIDDEN_PATTERN = re.compile("[" + re.escape("".join(sorted(_URL_FORBIDDEN))) + "]")
DOI = re.compile(r"10\.[0-9]{4,9}/[^\s\"'<>\[\]{}\\|^`]+\Z")
ARXIV_ID = re.compile(r"(?:[0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})\Z")
MAX_URL = 2000


def _invisible(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") or char.isspace()


@lru_cache(maxsize=1 << 14)  # a pure function of the text; links recur, and `make serve` checks them at every save
def url_problem(value: str) -> str | None:
    """Why ``value`` is not an acceptable http(s) link, or None when it is: a public host (see
    hosts.py), so that no command the tool runs over the content requests a private address."""
    if len(value) > MAX_URL:
        return f"is longer than {MAX_URL} characters"
    if value.isascii() and value.isprintable():  # the only invisible character left is " ", which is forbidden too
        found = _URL_FORBIDDEN_PATTERN.search(value)
        bad = found.group() if found else None
    else:
        bad = next((c for c in value if _invisible(c) or c in _URL_FORBIDDEN), None)
    if bad is not None:
        return f"contains {_describe(bad)}, which a URL cannot hold (percent-encode it)"
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError on a malformed port)
    except ValueError:
        return "is not a well-formed URL"
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https://"
    if not parts.hostname:
        return "has no host name"
    if "[" in value.replace(parts.netloc, "", 1) or "]" in value.replace(parts.netloc, "", 1):
        return "contains a bracket outside the host (percent-encode it as %5B / %5D)"
    return host_problem(parts.hostname)


def is_url(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and url_problem(value) is None


def is_doi(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and DOI.match(value) is not None


def is_arxiv_id(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and ARXIV_ID.match(value) is not None


def _describe(char: str) -> str:
    if char == " ":
        return "a space"
    if char.isprintable():
        return f"'{char}'"
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")
