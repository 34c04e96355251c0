"""The backstop: generated pages, parsed as a browser parses them, hold only the markup we allow.

Escaping is the defence; this check catches a mistake in it before a visitor does. It parses with
Lexbor (through selectolax), an HTML5 parser that follows the WHATWG algorithm browsers use, so a
payload that slips past a naive parser is seen here the way a browser would see it.

Two checks:
- ``content_problems``: the HTML the generator made for a page's content (after Markdown, before
  the theme). Only an allowlist of elements and attributes; links only to http(s), mailto or
  relative addresses. No scripts, styles, frames or event handlers at all.
- ``page_problems``: the whole page the theme wrote. No event-handler attribute and no
  ``javascript:``/``data:`` address anywhere, and no script that the theme's own 404 page (built
  first, with no content of ours) does not have.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

# What Python-Markdown (with the extensions in mkdocs.yml), our templates, the SVG charts and the
# taxonomy figure make.
CONTENT_ELEMENTS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img kbd li mark ol p pre s small span strong sub summary sup "
    "table tbody td tfoot th thead tr u ul "
    "form input label option select button fieldset legend "
    "svg g rect line path circle polyline text tspan title desc".split()
)
CONTENT_ATTRIBUTES = frozenset(
    "alt class colspan download for height hidden href id lang name placeholder rel role rowspan "
    "scope src start style tabindex target title type value width autocomplete checked selected required "
    "viewbox xmlns x y x1 x2 y1 y2 d fill stroke stroke-width text-anchor transform points r cx cy "
    "dominant-baseline font-size font-family font-weight rx xmlns:xlink xlink:href".split()
)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background", "data", "srcset", "ping"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def _parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def _elements(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    root = tree.root
    if root is None:
        return
    for node in root.traverse(include_text=False):
        # Lexbor names no tag for a node it has no name for: kept, so the checks fail closed on it.
        if node.tag is None or not node.tag.startswith(("-", "#")):
            yield node


def _describe(node: LexborNode) -> str:
    return f"<{node.tag}>"


def url_is_safe(value: str) -> bool:
    """Relative, or absolute with an allowed scheme, as the browser will read it: it strips ASCII
    white space and control characters from a URL before it looks for the scheme."""
    cleaned = "".join(c for c in value if ord(c) > 0x20 and c != "\x7f")
    scheme = urllib.parse.urlsplit(cleaned).scheme if ":" in cleaned.split("/", 1)[0] else ""
    return scheme == "" or scheme.lower() in SAFE_SCHEMES


def _attribute_problems(node: LexborNode) -> list[str]:
    problems = []
    for name, value in node.attributes.items():
        lowered = name.lower()
        url = value or ""  # None for an attribute written without a value
        if lowered.startswith("on"):
            problems.append(f"{_describe(node)} has an event handler attribute '{name}'")
        elif lowered in URL_ATTRIBUTES and not url_is_safe(url):
            problems.append(f"{_describe(node)} has {name}={url[:60]!r}, an address that is not http(s) or relative")
    return problems


def content_problems(html: str) -> list[str]:
    """Everything wrong with a page's content HTML, one line each (empty when it is sound)."""
    problems = []
    for node in _elements(_parse(html)):
        if node.tag in ("html", "head", "body"):
            continue  # added by the parser around a fragment
        if node.tag not in CONTENT_ELEMENTS:
            problems.append(f"{_describe(node)} is not an element generated pages may hold")
            continue
        for name in node.attributes:
            lowered = name.lower()
            if lowered not in CONTENT_ATTRIBUTES and not lowered.startswith(("data-", "aria-", "on")):
                problems.append(f"{_describe(node)} has an attribute '{name}' generated pages may not hold")
        style = (node.attributes.get("style") or "").lower()
        if "url(" in style or "expression(" in style or "@import" in style:
            problems.append(f"{_describe(node)} has a style that loads or runs something")
        problems += _attribute_problems(node)
    return problems


@dataclass(frozen=True)
class ThemeScripts:
    """The theme's scripts, from a page of the theme's own, with the page's base path taken out."""

    scripts: Counter[tuple[str, str]]

    @classmethod
    def from_page(cls, html: str, page_dir: str = "", root: str = "/") -> ThemeScripts:
        """``root``: the path of the site's address (mkdocs.yml's site_url), which the 404 page's
        addresses start with, since it is served from any folder: "/survey/assets/x.js"."""
        return cls(Counter(_scripts(_parse(html), page_dir, root)))


_BASE_IN_SCRIPT = re.compile(r'new URL\("[^"\\]*",location\)')


def _scripts(tree: LexborHTMLParser, page_dir: str, root: str = "/") -> list[tuple[str, str]]:
    found = []
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").lower()
        if kind == "application/json":
            found.append(("data", script.attributes.get("id") or ""))  # not run; Material's config
        elif script.attributes.get("src") is not None:
            src = script.attributes["src"] or ""
            # "../../assets/x.js" on papers/a/, "/assets/x.js" on the 404 page: the same file.
            if src.startswith("/"):
                target = (src[len(root):] if src.startswith(root) else src).lstrip("/")
            else:
                target = posixpath.normpath(posixpath.join(page_dir, src))
            found.append(("src", target))
        else:
            # Material's first script sets the page's base: new URL("../..",location).
            found.append(("inline", _BASE_IN_SCRIPT.sub('new URL("<base>",location)', script.text() or "")))
    return found


def page_problems(html: str, page_dir: str, theme: ThemeScripts | None, verified: set[bytes] | None = None) -> list[str]:
    """Everything wrong with a whole page as written by the theme (``page_dir``: its folder in the site).

    ``verified``: digests of navigation sidebars already checked on a sound page of this build.
    Every page repeats the sidebar (half a page's elements) and most repeat it byte for byte, so a
    sidebar seen before is not walked again; this set gains the sidebars of a page found sound.
    """
    tree = _parse(html)
    seen = []
    if verified is not None:
        for nav in tree.css("nav.md-nav--primary"):
            digest = hashlib.blake2b((nav.html or "").encode("utf-8"), digest_size=16).digest()
            if digest in verified:
                nav.decompose()
            else:
                seen.append(digest)
    problems = [problem for node in _elements(tree) for problem in _attribute_problems(node)]
    if theme is not None:
        extra = Counter(_scripts(tree, page_dir)) - theme.scripts
        for kind, text in extra:
            problems.append(f"a <script> the theme did not put there ({kind}: {text[:60]!r})")
    if verified is not None and not problems:
        verified.update(seen)
    return problems
