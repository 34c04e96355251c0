"""Where each generated page and download lives in the site, and relative links between them."""

from __future__ import annotations

import posixpath

from .model import Category, Paper

HOME = "index.md"
ALL_PAPERS = "papers/index.md"
DOWNLOADS = "downloads.md"
SURVEY_BIB = "survey.bib"
PAPER_SCHEMA = "schema/paper.schema.json"


def category_page(category: Category) -> str:
    """Top-level categories are folders (their index page); every other one is a page in its top's folder."""
    if category.parent is None:
        return f"{category.id}/index.md"
    return f"{category.top.id}/{category.id}.md"


def category_bib(category: Category) -> str:
    return f"bib/{category.id}.bib"


def paper_page(paper: Paper) -> str:
    return f"papers/{paper.key}.md"


def paper_bib(paper: Paper) -> str:
    return f"papers/{paper.key}.bib"


def relative(target: str, page: str) -> str:
    """Link from ``page`` to ``target``, both paths of source files (mkdocs rewrites .md links)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")
