"""Where each generated page and download lives in the site, and relative links between them."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache

from survey.model import Category, Paper

HOME = "index.md"
EXPLORER = "explore.md"
EXPLORER_DATA = "explore/data/"  # the explorer's JSON files (survey/site/explorer/data.py)
EXPLORER_ALL = "explore/all/"  # the explorer's plain tables, a page of papers each, for readers without JavaScript
PAPER_PAGE = "papers/{key}.md"
STATISTICS = "statistics.md"
DOWNLOADS = "downloads.md"
SURVEY_BIB = "survey.bib"
SURVEY_FULL_BIB = "survey-full.bib"
PAPERS_JSON = "papers.json"
CSL_JSON = "papers.csl.json"
SURVEY_RIS = "survey.ris"
FEED = "feed.xml"
PAPER_SCHEMA = "schema/paper.schema.json"
TAXONOMY_SVG = "taxonomy.svg"  # the taxonomy figure, for a survey's own paper

# Folders the theme writes into, whatever the content.
THEME_FOLDERS = ("assets", "stylesheets", "javascripts")
SEARCH_INDEX = "pagefind"  # the search index's folder (survey/publish/search_index.py)


def reserved_names() -> dict[str, str]:
    """First path segments of the site's own pages and folders -> what lives there. A top-level
    category lives at /<id>/, so its id must not be one of these."""
    own = {
        EXPLORER_DATA: "the explorer's data", EXPLORER_ALL: "the explorer's plain tables",
        HOME: "the home page", EXPLORER: "the explorer", STATISTICS: "the statistics page",
        DOWNLOADS: "the downloads page", PAPER_SCHEMA: "the published schema",
        "papers/": "the paper pages", "bib/": "the per-category BibTeX files",
    }
    names = {path.split("/")[0].removesuffix(".md"): what for path, what in own.items()}
    names.update({folder: "the theme's files" for folder in THEME_FOLDERS})
    names[SEARCH_INDEX] = "the search index"
    names["404"] = "the theme's 404 page"
    return names


@dataclass(frozen=True)
class Publishing:
    """How the builder publishes pages, for the few outputs that need real URLs (the feed, papers.json).

    ``site_url`` is the site's public address, if known; ``directory_urls`` says whether a page
    ``a/b.md`` is served as ``a/b/`` (mkdocs' default) or as ``a/b.html``.
    """

    site_url: str | None = None
    directory_urls: bool = True
    # Whether the builder rewrites relative links in raw HTML as it does Markdown links (Zensical
    # does, mkdocs does not): then pages written as HTML link to source paths too.
    source_links: bool = False

    def url(self, page: str) -> str:
        """The URL of a page's source path, relative to the site root (absolute with a site_url)."""
        stem = page.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            path = stem.removesuffix("index") + ("" if self.directory_urls else "index.html")
        else:
            path = stem + ("/" if self.directory_urls else ".html")
        return (self.site_url.rstrip("/") + "/" + path) if self.site_url else path


def category_page(category: Category) -> str:
    """Top-level categories are folders (their index page); every other one is a page in its top's folder."""
    if category.parent is None:
        return f"{category.id}/index.md"
    return f"{category.top.id}/{category.id}.md"


def category_bib(category: Category) -> str:
    return f"bib/{category.id}.bib"


def category_ris(category: Category) -> str:
    return f"bib/{category.id}.ris"


def paper_page(paper: Paper) -> str:
    return PAPER_PAGE.format(key=paper.key)


def explorer_all_page(number: int) -> str:
    """The ``number``-th (from 1) of the explorer's plain tables."""
    return f"{EXPLORER_ALL}{number}.md"


def paper_bib(paper: Paper) -> str:
    return f"papers/{paper.key}.bib"


def paper_ris(paper: Paper) -> str:
    return f"papers/{paper.key}.ris"


def relative(target: str, page: str) -> str:
    """Link from ``page`` to ``target``, both paths of source files (mkdocs rewrites .md links)."""
    return relpath(target, posixpath.dirname(page) or ".")


@lru_cache(maxsize=1 << 16)  # pages link to the same addresses again and again
def page_url(target: str, origin: str, publishing: Publishing, *, absolute: bool = False) -> str:
    """The address of ``target`` (a page's source path, or a download's path) as a link written in
    raw HTML or SVG from ``origin`` (a page or a download), where mkdocs rewrites no .md link.
    With ``absolute`` and a site_url: the full URL, for a file that leaves the site."""
    local = Publishing(None, publishing.directory_urls)
    there = local.url(target) if target.endswith(".md") else target
    if absolute and publishing.site_url:
        return publishing.site_url.rstrip("/") + "/" + there
    here = local.url(origin) if origin.endswith(".md") else origin
    folder = here.rsplit("/", 1)[0] if "/" in here else ""
    link = relpath(there or ".", folder or ".")
    folder_target = there == "" or there.endswith("/")  # the home page is the site's folder
    return "./" if link == "." else link + "/" if folder_target else link


def relpath(path: str, start: str) -> str:
    """posixpath.relpath for two paths under the site's root (no "..", no leading "/"), without its
    two calls to os.getcwd: they were a tenth of the time spent rendering a site."""
    to = [part for part in path.split("/") if part not in ("", ".")]
    base = [part for part in start.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."
