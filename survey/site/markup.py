"""Put untrusted text into Markdown or HTML so that it can only ever show as text.

Every character that Markdown, its extensions, HTML or a template could read as syntax is written
as an HTML character reference: Python-Markdown passes references through untouched, and the
browser shows the character. Text from paper files goes through here and nothing else. The same
escaped text is valid in the pages written as finished HTML (heading, code_block, html_paragraphs).
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from markupsafe import Markup

from survey.text import visible


def _ascii_table(syntax: str) -> dict[int, str]:
    """A str.translate table over all of ASCII (a character mapped to itself unless it is
    ``syntax``, then to its character reference): a character found in the table costs str.translate
    no KeyError, which made escaping several times slower. Invisible characters go first (survey.text)."""
    return {code: f"&#{code};" if chr(code) in syntax else chr(code) for code in range(128)}


_ESCAPES = _ascii_table("\\`*_{}[]()<>#+-.!|&~^=:\"'$")


def inline(text: object) -> Markup:
    """Text for one line (a table cell, a heading, a list item): white space folded."""
    return Markup(" ".join(visible(str(text)).translate(_ESCAPES).split()))


def paragraphs(text: str) -> Markup:
    """Text of several paragraphs (an abstract): blank lines separate paragraphs."""
    parts = [inline(part) for part in str(text).replace("\r\n", "\n").split("\n\n") if part.strip()]
    return Markup("\n\n".join(parts))


# In an attribute value, only what could end the attribute or start an inline Markdown pattern
# (links, emphasis, code, attr_list, tables' cell bars) needs a reference: URLs stay readable.
_ATTRIBUTE_ESCAPES = _ascii_table("\\`*_{}[]()<>!|&~\"'")


def attribute(value: str) -> Markup:
    """A value for a double-quoted HTML attribute in Markdown. Python-Markdown runs its inline
    patterns inside raw HTML tags too, so quoting alone is not enough: a URL holding ``[a](x)``
    would become a nested link whose own quote closes this attribute."""
    return Markup(" ".join(visible(str(value)).translate(_ATTRIBUTE_ESCAPES).split()))


def link(url: str, label: object, *, cls: str | None = None) -> Markup:
    """An HTML link; ``url`` has been checked by survey.identifiers, and is escaped here anyway."""
    attrs = f' class="{attribute(cls)}"' if cls else ""
    return Markup(f'<a href="{attribute(url)}"{attrs}>{inline(label)}</a>')


def html_paragraphs(text: str) -> Markup:
    """Text of several paragraphs as HTML ``<p>`` elements: blank lines separate paragraphs."""
    parts = [inline(part) for part in str(text).replace("\r\n", "\n").split("\n\n") if part.strip()]
    return Markup("\n".join(f"<p>{part}</p>" for part in parts))


def heading(level: int, title: object, anchor: str, attributes: str = "") -> Markup:
    """A heading with an id and a permalink, as Python-Markdown's toc extension writes one (the
    plugin reads these back into the page's table of contents). ``anchor`` and ``attributes`` are
    the template's own literals, never content."""
    extra = f" {attributes}" if attributes else ""
    return Markup(
        f'<h{level}{extra} id="{anchor}">{inline(title)}'
        f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h{level}>'
    )


def code_block(code: str) -> Markup:
    """A code block as the theme styles and copies one (Material's copy button reads ``pre > code``);
    not highlighted: Pygments cost more than the rest of a paper page."""
    return Markup(f'<div class="highlight"><pre><span></span><code>{html.escape(code.rstrip(), quote=False)}\n</code></pre></div>')


def anchor(title: str) -> str:
    """The id Python-Markdown's toc extension gives a heading with this text (its slugify), so
    that links to the headings of pages it used to convert still land. ASCII word characters and
    hyphens only: safe in an attribute as it is. It starts with a letter or digit, as the backstop
    wants of generated ids: "__config" would be the id of Material's settings, read in their place."""
    text = unicodedata.normalize("NFKD", html.unescape(str(inline(title)))).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text).strip().lower()).lstrip("_-") or "section"


# What heading() writes, read back: the level, the id and the title of each heading with a permalink.
_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)<a class="headerlink"', re.S)


def toc_tokens(html: str) -> list[Any]:
    """The table of contents of HTML the generator wrote (heading() above), as Python-Markdown's toc
    extension gives it to mkdocs: headings with a permalink, nested by level."""
    tokens: list[Any] = []
    open_: list[Any] = []  # the innermost token of each level still open
    for level, anchor_id, title in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor_id, "name": title, "children": []}
        while open_ and open_[-1]["level"] >= token["level"]:
            open_.pop()
        (open_[-1]["children"] if open_ else tokens).append(token)
        open_.append(token)
    return tokens


_ANCHOR = re.compile(r'\bid="([^"]+)"')


def anchor_ids(html: str) -> set[str]:
    """The ids finished HTML holds, which links into its page may name."""
    return set(_ANCHOR.findall(html))
