"""Put untrusted text into Markdown so that it can only ever show as text.

Every character that Markdown, its extensions, HTML or a template could read as syntax is written
as an HTML character reference: Python-Markdown passes references through untouched, and the
browser shows the character. Text from paper files goes through here and nothing else.
"""

from __future__ import annotations

import html
import unicodedata

from markupsafe import Markup

_SYNTAX = set("\\`*_{}[]()<>#+-.!|&~^=:\"'$")


def _char(c: str) -> str:
    if c in _SYNTAX:
        return f"&#{ord(c)};"
    if unicodedata.category(c) in ("Cc", "Cf"):
        return " " if c in "\t\n\r" else ""  # controls and invisible direction overrides are dropped
    return c


def one_line(text: object) -> str:
    """Plain text for one line: controls and invisible direction overrides dropped, space folded."""
    kept = "".join(c for c in str(text) if unicodedata.category(c) not in ("Cc", "Cf") or c in "\t\n\r")
    return " ".join(kept.split())


def inline(text: object) -> Markup:
    """Text for one line (a table cell, a heading, a list item): white space folded."""
    return Markup("".join(_char(c) for c in " ".join(str(text).split())))


def paragraphs(text: str) -> Markup:
    """Text of several paragraphs (an abstract): blank lines separate paragraphs."""
    parts = [inline(part) for part in str(text).replace("\r\n", "\n").split("\n\n") if part.strip()]
    return Markup("\n\n".join(parts))


def link(url: str, label: object, *, cls: str | None = None) -> Markup:
    """An HTML link whose URL the schema has already limited to http(s)."""
    attrs = f' class="{html.escape(cls)}"' if cls else ""
    return Markup(f'<a href="{html.escape(url, quote=True)}"{attrs}>{inline(label)}</a>')
