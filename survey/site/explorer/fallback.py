"""The explorer without JavaScript: every paper in plain tables, PAGE_SIZE papers a page, in the
explorer's order (newest first). The explorer's page links to them; the script hides the links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from survey import urls
from survey.model import Paper
from survey.site.markup import inline, link
from survey.site.tables import EMPTY, TableView, authors_cell, venue_cell, year_cell

PAGE_SIZE = 500  # a page of about 0.4 MB: no reader gets one page of every paper


@dataclass(frozen=True)
class TablePage:
    """One page of the plain tables: its number (from 1), its path and its papers."""

    number: int
    path: str
    papers: Sequence[Paper]
    first: int  # the place of its first paper in the explorer's order, from 1

    @property
    def label(self) -> str:
        return f"{self.first:,}–{self.first + len(self.papers) - 1:,}"


def table_pages(papers: Sequence[Paper]) -> list[TablePage]:
    """The papers (in the explorer's order) cut into pages; one empty page when there is no paper."""
    starts = range(0, len(papers), PAGE_SIZE) if papers else range(1)
    return [TablePage(i + 1, urls.explorer_all_page(i + 1), papers[start:start + PAGE_SIZE], start + 1) for i, start in enumerate(starts)]


def table(papers: Sequence[Paper], paper_link: Callable[[Paper], str], category_link: Callable[[Paper], Markup]) -> TableView:
    """The TL;DR sits under the title, so the table stays narrow enough to read without scrolling."""
    headers = [Markup(h) for h in ("Paper", "Authors", "Year", "Venue", "Category", "Code")]
    rows = []
    for paper in papers:
        tldr = Markup(f'<span class="survey-tldr">{inline(paper.tldr)}</span>')
        title = link(paper_link(paper), paper.title) + tldr
        code = link(paper.code, "code") if paper.code else EMPTY
        rows.append([title, authors_cell(paper), year_cell(paper), venue_cell(paper), category_link(paper), code])
    return TableView(headers, rows)
