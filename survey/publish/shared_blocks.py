"""Parts of the theme's page that come out the same on many pages, rendered once a build.

Material renders its whole frame again for every page. The costliest parts depend only on the site
and on how deep the page stands (its ``base_url``, where every relative link starts): the header's
logo and menu button, and its tools after the page's title (colour toggle, search box, repository).
The sidebar's navigation also shows where the page stands in the nav, but a page outside the nav
(every paper page) shows nothing of itself there. theme/partials/header.html and theme/main.html's
site_nav ask ``survey_shared(name)`` for a part and, when nothing is kept, render it and hand it to
``survey_shared(name, html)``; the plugin gives the templates this module's ``render`` as that.

A part is kept from the second page that renders it, and only if that page's came out the same as
the first's: a survey's custom_dir that makes a part show something of its page (its title, its
address) turns the sharing off for that part rather than showing one page's part on all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import jinja2

# The parts that show where the page stands in the nav: shared among pages outside it only.
WHERE_IN_NAV = frozenset({"nav"})


class SharedBlocks:
    """One build's shared parts, by (name, base_url)."""

    def __init__(self) -> None:
        self.in_nav: frozenset[str] = frozenset()  # the pages (source paths) in the nav
        self.first: dict[tuple[str, str], str] = {}  # a part as its first page rendered it
        self.kept: dict[tuple[str, str], str] = {}  # a part that two pages rendered alike
        self.unshared: set[tuple[str, str]] = set()  # a part that two pages rendered differently

    def start(self, in_nav: Iterable[str]) -> None:
        """A new build (the nav, the theme and the pages may all have changed): nothing kept."""
        self.in_nav = frozenset(in_nav)
        self.first.clear()
        self.kept.clear()
        self.unshared.clear()

    @jinja2.pass_context
    def render(self, context: jinja2.runtime.Context, name: str, html: Any = None) -> Any:
        """Without ``html``: the part kept for this page's depth, or None (then the template renders
        it and hands it back). With it: ``html``, kept for the next page where that is safe."""
        page = getattr(getattr(context.get("page"), "file", None), "src_uri", None)  # none on the 404 page
        if name in WHERE_IN_NAV and (page is None or page in self.in_nav):
            return html
        key = (name, str(context.get("base_url")))
        if html is None or key in self.unshared:
            return self.kept.get(key, html)
        if key not in self.first:
            self.first[key] = html
        elif self.first.pop(key) == html:
            self.kept[key] = html
        else:
            self.unshared.add(key)
        return html
