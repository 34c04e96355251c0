"""Put untrusted text into Markdown so that it can only ever show as text.

Every character that Markdown, its extensions, HTML or a template could read as syntax is written
as an HTML character reference: Python-Markdown passes references through untouched, and the
browser shows the character. Text from paper files goes through here and nothing else.
"""

from __future__ import annotations

import sys
import unicodedata
from functools import cache

from markupsafe import Markup

_SYNTAX = "\\`*_{}[]()<>#+-.!|&~^=:\"'$"


@cache
def _tables() -> tuple[dict[int, str | None], dict[int, str | None]]:
    """(drop the invisible, escape as well), built on first use: a scan of all of Unicode for
    controls and invisible formatting characters (direction overrides, zero-width marks), which are
    dropped; tabs and line breaks become spaces. str.translate then runs in C."""
    invisible = {
        code: (" " if chr(code) in "\t\n\r" else None)
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf")
    }
    return invisible, {**invisible, **{ord(c): f"&#{ord(c)};" for c in _SYNTAX}}


def one_line(text: object) -> str:
    """Plain text for one line: controls and invisible direction overrides dropped, space folded."""
    return " ".join(str(text).translate(_tables()[0]).split())


def inline(text: object) -> Markup:
    """Text for one line (a table cell, a heading, a list item): white space folded."""
    return Markup(" ".join(str(text).translate(_tables()[1]).split()))


def paragraphs(text: str) -> Markup:
    """Text of several paragraphs (an abstract): blank lines separate paragraphs."""
    parts = [inline(part) for part in str(text).replace("\r\n", "\n").split("\n\n") if part.strip()]
    return Markup("\n\n".join(parts))


# In an attribute value, only what could end the attribute or start an inline Markdown pattern
# (links, emphasis, code, attr_list, tables' cell bars) needs a reference: URLs stay readable.
_ATTRIBUTE_SYNTAX = "\\`*_{}[]()<>!|&~\"'"


@cache
def _attribute_table() -> dict[int, str | None]:
    return {**_tables()[0], **{ord(c): f"&#{ord(c)};" for c in _ATTRIBUTE_SYNTAX}}


def attribute(value: str) -> Markup:
    """A value for a double-quoted HTML attribute in Markdown. Python-Markdown runs its inline
    patterns inside raw HTML tags too, so quoting alone is not enough: a URL holding ``[a](x)``
    would become a nested link whose own quote closes this attribute."""
    return Markup(" ".join(str(value).translate(_attribute_table()).split()))


def link(url: str, label: object, *, cls: str | None = None) -> Markup:
    """An HTML link; ``url`` has been checked by survey.identifiers, and is escaped here anyway."""
    attrs = f' class="{attribute(cls)}"' if cls else ""
    return Markup(f'<a href="{attribute(url)}"{attrs}>{inline(label)}</a>')
