"""What the theme's own pages load or run: scripts, stylesheets, ``<style>`` elements, resource
``<link>``s, ``<meta http-equiv>`` and any file from another host (an image, a poster, a sprite).
The theme's 404 page, built first and holding nothing of ours, is the reference; every page may
carry what it carries, and nothing more.

Addresses are compared as files of the site: "../../assets/x.js" on papers/a/ and "/assets/x.js"
on the 404 page (served from any folder, so its addresses start at the site's root) are one file.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

# (element, kind, what): ("<script>", "src", "assets/x.js"), ("<style>", "inline", ":root{…}").
Resource = tuple[str, str, str]

# <link> relations that load nothing: the rest (stylesheet, icon, preload, manifest, …) load a file.
NAVIGATION_RELS = frozenset({"canonical", "prev", "next", "alternate"})
SVG_LOADERS = frozenset({"image", "use", "feImage"})  # SVG elements whose href loads a file

_BASE_IN_SCRIPT = re.compile(r'new URL\("[^"\\]*",location\)')


@dataclass(frozen=True)
class ThemeMarkup:
    """The resources of a page of the theme's own."""

    resources: Counter[Resource]

    @classmethod
    def from_page(cls, html: str, page_dir: str = "", root: str = "/") -> ThemeMarkup:
        """``root``: the path of the site's address (mkdocs.yml's site_url), which the 404 page's
        addresses start with, since it is served from any folder: "/survey/assets/x.js"."""
        return cls(Counter(resources(LexborHTMLParser(html), page_dir, root)))

    def extra(self, tree: LexborHTMLParser, page_dir: str) -> list[str]:
        """What a page loads or runs that the theme's page does not, one line each."""
        found = Counter(resources(tree, page_dir)) - self.resources
        return [f"a {element} the theme did not put there ({kind}: {what[:60]!r})" for element, kind, what in found]


_BROWSER_STRIPS = re.compile("[\x00-\x20\x7f]")


def as_browser_reads(value: str) -> str:
    """A URL as the browser reads it: it strips ASCII white space and control characters first."""
    return _BROWSER_STRIPS.sub("", value)


def url_is_local(value: str) -> bool:
    """A path on this site: no scheme and no host (a browser reads "\\" as "/" in a web address,
    so "/\\evil.example/x" names another host as "//evil.example/x" does)."""
    cleaned = as_browser_reads(value).replace("\\", "/")
    return not cleaned.startswith("//") and ":" not in cleaned.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]


def _offsite(node: LexborNode) -> list[Resource]:
    """What an element loads from another host: an image, a video's poster, an SVG sprite."""
    found = []
    for name, value in node.attributes.items():
        lowered = name.lower()
        if lowered in ("src", "poster") or (lowered in ("href", "xlink:href") and node.tag in SVG_LOADERS):
            urls = [value or ""]
        elif lowered in ("srcset", "imagesrcset"):
            urls = [candidate.split()[0] for candidate in (value or "").split(",") if candidate.strip()]
        else:
            continue
        found += [(f"<{node.tag}>", lowered, url) for url in urls if not url_is_local(url)]
    return found


def _target(url: str, page_dir: str, root: str) -> str:
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^[/\\]{2}", url):
        return url  # another host's: compared as written
    if url.startswith("/"):
        return (url[len(root):] if url.startswith(root) else url).lstrip("/")
    return posixpath.normpath(posixpath.join(page_dir, url))


def resources(tree: LexborHTMLParser, page_dir: str, root: str = "/") -> list[Resource]:
    found: list[Resource] = []
    seen = set()  # Lexbor gives an element once for each selector of the list it matches
    for node in tree.css("script, style, link, meta[http-equiv], [src], [srcset], [poster], image, use, feImage"):
        if node.mem_id in seen:
            continue
        seen.add(node.mem_id)
        if node.tag not in ("script", "link"):
            found += _offsite(node)
        found += _loaded(node, page_dir, root)
    return found


def _loaded(node: LexborNode, page_dir: str, root: str) -> list[Resource]:
    """What a script, style, link or http-equiv meta element loads or runs."""
    attributes = node.attributes
    if node.tag == "script":
        if (attributes.get("type") or "").lower() == "application/json":
            return [("<script>", "data", attributes.get("id") or "")]  # not run; Material's config
        if attributes.get("src") is not None:
            return [("<script>", "src", _target(attributes["src"] or "", page_dir, root))]
        # Material's first script sets the page's base: new URL("../..",location).
        return [("<script>", "inline", _BASE_IN_SCRIPT.sub('new URL("<base>",location)', node.text() or ""))]
    if node.tag == "style":
        return [("<style>", "inline", node.text() or "")]
    if node.tag == "link":
        rels = " ".join(sorted((attributes.get("rel") or "").lower().split()))
        if not set(rels.split()) <= NAVIGATION_RELS or not rels:
            return [(f"<link rel={rels}>", "href", _target(attributes.get("href") or "", page_dir, root))]
    elif node.tag == "meta":
        equiv = (attributes.get("http-equiv") or "").strip().lower()
        return [(f"<meta http-equiv={equiv}>", "content", attributes.get("content") or "")]
    return []
