"""Put untrusted text into Markdown so that it can only ever show as text.

Every character that Markdown, its extensions, HTML or a template could read as syntax is written
as an HTML character reference: Python-Markdown passes references through untouched, and the
browser shows the character. Text from paper files goes through here and nothing else.
"""

from __future__ import annotations

from functools import cache

from markupsafe import Markup

from survey.text import invisible_table

_SYNTAX = "\\`*_{}[]()<>#+-.!|&~^=:\"'$"


@cache
def _escape_table() -> dict[int, str | None]:
    """Invisible characters dropped (survey.text), syntax written as character references."""
    return {**invisible_table(), **{ord(c): f"&#{ord(c)};" for c in _SYNTAX}}


def inline(text: object) -> Markup:
    """Text for one line (a table cell, a heading, a list item): white space folded."""
    return Markup(" ".join(str(text).translate(_escape_table()).split()))


def paragraphs(text: str) -> Markup:
    """Text of several paragraphs (an abstract): blank lines separate paragraphs."""
    parts = [inline(part) for part in str(text).replace("\r\n", "\n").split("\n\n") if part.strip()]
    return Markup("\n\n".join(parts))


# In an attribute value, only what could end the attribute or start an inline Markdown pattern
# (links, emphasis, code, attr_list, tables' cell bars) needs a reference: URLs stay readable.
_ATTRIBUTE_SYNTAX = "\\`*_{}[]()<>!|&~\"'"


@cache
def _attribute_table() -> dict[int, str | None]:
    return {**invisible_table(), **{ord(c): f"&#{ord(c)};" for c in _ATTRIBUTE_SYNTAX}}


def attribute(value: str) -> Markup:
    """A value for a double-quoted HTML attribute in Markdown. Python-Markdown runs its inline
    patterns inside raw HTML tags too, so quoting alone is not enough: a URL holding ``[a](x)``
    would become a nested link whose own quote closes this attribute."""
    return Markup(" ".join(str(value).translate(_attribute_table()).split()))


def link(url: str, label: object, *, cls: str | None = None) -> Markup:
    """An HTML link; ``url`` has been checked by survey.identifiers, and is escaped here anyway."""
    attrs = f' class="{attribute(cls)}"' if cls else ""
    return Markup(f'<a href="{attribute(url)}"{attrs}>{inline(label)}</a>')
