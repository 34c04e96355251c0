"""The backstop: generated pages, parsed as a browser parses them, hold only the markup we allow.

Escaping is the defence; this check catches a mistake in it before a visitor does. It parses with
Lexbor (through selectolax), an HTML5 parser that follows the WHATWG algorithm browsers use, so a
payload that slips past a naive parser is seen here the way a browser would see it. It is at least
as strict as GitHub's sanitizer (html-pipeline's SanitizationFilter; tests/data/backstop_cases.yaml
sets the two side by side), and stricter on whole pages.

Two checks:
- ``content_problems``: the HTML the generator made for a page's content (after Markdown, before
  the theme). Only an allowlist of elements and attributes; no ``style`` attribute (classes only);
  links only to http(s), mailto or relative addresses, opening elsewhere only as ``_blank`` with
  ``noopener``; images and other resources only from the site itself; the explorer's controls and
  nothing else of a form; ids and names that cannot shadow what a script of the page reads.
- ``page_problems``: the whole page the theme wrote. No event-handler attribute and no
  ``javascript:``/``data:`` address anywhere; no frame, plugin or ``<base>``; no SVG animation of
  an address; no id twice; and no script, stylesheet, ``<style>``, resource ``<link>``,
  ``<meta http-equiv>`` or file from another host that the theme's own 404 page (built first, with
  no content of ours) lacks.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode

from survey.publish.dom_names import FORM_PROPERTIES
from survey.publish.theme_markup import ThemeMarkup, as_browser_reads, url_is_local

# What Python-Markdown (with the extensions in mkdocs.yml), our templates, the SVG charts and the
# taxonomy figure make. The form elements are the explorer's filters (site/explorer/form.py), inert
# (seen, not usable) until its script is ready.
CONTENT_ELEMENTS = frozenset(
    "a abbr b blockquote br caption code col colgroup dd del details div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img kbd li mark ol p pre s small span strong sub summary sup "
    "table tbody td tfoot th thead tr u ul "
    "form input label option select button fieldset legend "
    "svg g rect line path circle polyline text tspan title desc".split()
)
CONTENT_ATTRIBUTES = frozenset(
    "align alt class colspan download for height hidden href id inert lang name placeholder rel role rowspan "
    "scope src start tabindex target title type value width autocomplete checked selected required "
    "viewbox xmlns x y x1 x2 y1 y2 d fill stroke stroke-width text-anchor transform points r cx cy "
    "dominant-baseline font-size font-family font-weight rx xmlns:xlink xlink:href".split()
)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "background", "data", "srcset", "ping"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Attributes that make the browser fetch something as the page loads (on <a>, href waits for a click).
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "href", "xlink:href"})
# The controls the explorer writes (site/explorer/form.py): its filters are checkboxes and search
# fields, its buttons toggle a panel, undo a filter or reset the form. Nothing sends the form, and a
# password field, file picker or submit button has no place on a generated page.
CONTROL_TYPES = {"input": frozenset({"checkbox", "search"}), "button": frozenset({"button", "reset"})}
CONTROLS = frozenset({"input", "select", "textarea", "button"})  # the elements a name belongs to
ALIGNS = frozenset({"left", "right", "center"})  # Markdown tables' column alignment (use_align_attribute)
# Ids as the generator writes them (heading slugs, chart-…, survey-filter-…). Outside this pattern
# lie every global the theme's scripts read (Material's __md_scope, document$, keyboard$), every
# id of Material's own (__config, __drawer, __nav_1), __proto__, and every
# camel-cased DOM property (getElementById). Python-Markdown numbers a heading it cannot spell in
# ASCII (a title in Chinese) "_1", "_2": those too. Names may also hold a dot (col.tasks).
ID = re.compile(r"[a-z0-9][a-z0-9_-]*|_[0-9]+")
NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
FRAMES = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe", "base"})
ANIMATIONS = frozenset({"animate", "set", "animatetransform", "animatemotion"})


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


@lru_cache(maxsize=1 << 14)  # every page repeats the theme's and the sidebar's addresses
def url_is_safe(value: str) -> bool:
    """Relative, or absolute with an allowed scheme, as the browser will read it."""
    cleaned = as_browser_reads(value)
    scheme = urllib.parse.urlsplit(cleaned).scheme if ":" in cleaned.split("/", 1)[0] else ""
    return scheme == "" or scheme.lower() in SAFE_SCHEMES


def _attribute_problems(node: LexborNode, attributes: dict[str, str | None]) -> list[str]:
    """What no page may hold: event handlers, scripts in addresses, links that reach the opener.
    (``attributes``: the node's, read once by the caller; selectolax builds the dict at each read.)"""
    problems = []
    for name, value in attributes.items():
        lowered = name.lower()
        url = value or ""  # None for an attribute written without a value
        if lowered.startswith("on"):
            problems.append(f"{_describe(node)} has an event handler attribute '{name}'")
        elif lowered in URL_ATTRIBUTES and not url_is_safe(url):
            problems.append(f"{_describe(node)} has {name}={url[:60]!r}, an address that is not http(s) or relative")
        elif lowered == "target":
            rel = (attributes.get("rel") or "").lower().split()
            if url.strip().lower() != "_blank" or "noopener" not in rel:
                problems.append(f"{_describe(node)} has target={url[:30]!r}: only _blank, with rel=noopener")
    return problems


def _inside_form(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag == "form":
            return True
        parent = parent.parent
    return False


def _content_attribute_problems(node: LexborNode, attributes: dict[str, str | None]) -> list[str]:
    """What a generated page's content may not hold beyond what no page may hold."""
    tag = node.tag or ""
    found = (_attribute_problem(node, tag, name, value or "") for name, value in attributes.items())
    problems = [problem for problem in found if problem]
    if tag in CONTROL_TYPES and "type" not in attributes:
        problems.append(f"{_describe(node)} has no type: generated controls are {', '.join(sorted(CONTROL_TYPES[tag]))}")
    return problems


def _attribute_problem(node: LexborNode, tag: str, name: str, text: str) -> str | None:
    lowered = name.lower()
    if lowered == "style":
        hint = " (Markdown tables align by use_align_attribute: true, under tables in mkdocs.yml)" if tag in ("td", "th") else ""
        return f"{_describe(node)} has a style attribute: generated content is styled by classes only{hint}"
    if lowered not in CONTENT_ATTRIBUTES and not lowered.startswith(("data-", "aria-", "on")):
        return f"{_describe(node)} has an attribute '{name}' generated pages may not hold"
    if lowered in RESOURCE_ATTRIBUTES and tag != "a" and not url_is_local(text):
        return f"{_describe(node)} has {name}={text[:60]!r}: the site loads nothing from other hosts"
    if lowered == "id" and not ID.fullmatch(text):
        return f"{_describe(node)} has id={text[:40]!r}: generated ids are lower-case words and hyphens"
    if lowered == "name" and (tag not in CONTROLS or not NAME.fullmatch(text)):
        return f"{_describe(node)} has name={text[:40]!r}: only a form control has a name, of lower-case words"
    if lowered in ("id", "name") and text in FORM_PROPERTIES and _inside_form(node):
        return f"{_describe(node)} has {lowered}={text!r}, which would hide the form's own {text!r}"
    if lowered == "type" and tag in CONTROL_TYPES and text.lower() not in CONTROL_TYPES[tag]:
        return f"{_describe(node)} has type={text[:20]!r}: generated controls are {', '.join(sorted(CONTROL_TYPES[tag]))}"
    if lowered == "align" and (tag not in ("td", "th") or text.lower() not in ALIGNS):
        return f"{_describe(node)} has align={text[:20]!r}: only table cells are aligned"
    return None


def content_problems(html: str) -> list[str]:
    """Everything wrong with a page's content HTML, one line each (empty when it is sound)."""
    problems = []
    for node in _elements(_parse(html)):
        if node.tag in ("html", "head", "body"):
            continue  # added by the parser around a fragment
        if node.tag not in CONTENT_ELEMENTS:
            problems.append(f"{_describe(node)} is not an element generated pages may hold")
            continue
        attributes = node.attributes
        problems += _content_attribute_problems(node, attributes)
        problems += _attribute_problems(node, attributes)
    return problems


def _element_problems(node: LexborNode) -> list[str]:
    """Elements no page of the site holds, wherever they stand: frames and plugins (an <iframe
    srcdoc> is a page of its own), <base> (it moves every relative address), and SVG animation
    that rewrites an address after the check has read it."""
    tag = (node.tag or "").lower()
    if tag in FRAMES:
        return [f"{_describe(node)}: no page of the site embeds another or moves its base"]
    if tag in ANIMATIONS:
        attributes = node.attributes
        target = (attributes.get("attributeName") or attributes.get("attributename") or "").strip().lower()
        values = [attributes.get(name) or "" for name in ("values", "to", "from", "by")]
        if target in ("href", "xlink:href") or not all(url_is_safe(part) for value in values for part in value.split(";")):
            return [f"{_describe(node)} animates an address or to a script (attributeName={target!r})"]
    return []


def page_problems(html: str, page_dir: str, theme: ThemeMarkup | None, verified: set[bytes] | None = None) -> list[str]:
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
    problems = []
    ids: Counter[str] = Counter()
    for node in _elements(tree):
        problems += _element_problems(node)
        attributes = node.attributes
        problems += _attribute_problems(node, attributes)
        if "id" in attributes:
            ids[attributes["id"] or ""] += 1
    # getElementById and querySelector answer the first: a second element with an id the theme's
    # script looks for (Material's __config) would be read in its place.
    problems += [f"the id {name[:40]!r} appears {count} times on the page" for name, count in sorted(ids.items()) if count > 1]
    if theme is not None:
        problems += theme.extra(tree, page_dir)
    if verified is not None and not problems:
        verified.update(seen)
    return problems
