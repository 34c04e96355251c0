"""Comparison tables: which rows and cells a category shows, as escaped cells (inline HTML, valid in
Markdown too), written as an HTML table or a Markdown one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from survey.model import Column, FactValue, Paper, Survey, Table
from survey.site.markup import inline, link

EMPTY = Markup("–")  # en dash: the paper's abstract does not say


@dataclass(frozen=True)
class TableView:
    headers: list[Markup]
    rows: list[list[Markup]]

    def markdown(self) -> Markup:
        """A Markdown table; every cell is already escaped, so joining cannot create syntax."""
        lines = ["| " + " | ".join(self.headers) + " |", "|" + " --- |" * len(self.headers)]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return Markup("\n".join(lines))

    def html(self) -> Markup:
        """The HTML table Python-Markdown makes of markdown(), at a twentieth of its cost."""
        head = "".join(f"<th>{cell}</th>" for cell in self.headers)
        body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in self.rows)
        return Markup(f"<table>\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{body}\n</tbody>\n</table>")


def column_label(column: Column) -> str:
    return f"{column.label} ({column.unit})" if column.unit else column.label


def header(column: Column) -> Markup:
    return inline(column_label(column))


def cell(value: FactValue | None, column: Column) -> Markup:
    if value is None or value == "" or value == ():
        return EMPTY
    if column.type == "bool":
        return Markup("yes" if value else "no")
    if column.type == "number":
        return inline(f"{value:,}")  # every digit the file gives: 1,234,567.5, 0.01
    if column.type == "list":
        # Facts are checked against the paper's category column, and a table column takes the type
        # of the category columns of its key (content.rules), so a list column holds a list.
        assert isinstance(value, tuple), f"a list column '{column.key}' holds {value!r}"
        return inline(", ".join(value))
    if column.type == "url":
        return link(str(value), "link")
    return inline(value)


def plain(value: FactValue, column: Column) -> str:
    """A fact as plain text, as its cell shows it (a URL as itself): for the explorer's columns,
    which the script fills with text, never markup."""
    if column.type == "bool":
        return "yes" if value else "no"
    if column.type == "number":
        return f"{value:,}"
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


LeadColumn = tuple[str, Callable[[Paper], Markup]]


def year_cell(paper: Paper) -> Markup:
    return Markup(str(paper.year))


def venue_cell(paper: Paper) -> Markup:
    return inline(paper.venue_text) if paper.venue_text else Markup("arXiv")


def authors_cell(paper: Paper) -> Markup:
    names = paper.authors
    if not names:
        return EMPTY
    return inline(names[0] + (" et al." if len(names) > 2 else f" and {names[1]}" if len(names) == 2 else ""))


STANDARD_LEAD: tuple[LeadColumn, ...] = (("Year", year_cell), ("Venue", venue_cell))


def paper_table(
    papers: list[Paper],
    columns: tuple[Column, ...],
    paper_link: Callable[[Paper], str],
    lead: tuple[LeadColumn, ...] = STANDARD_LEAD,
) -> TableView:
    """One row per paper: its title (a link to its page, at the address ``paper_link`` gives), then
    the ``lead`` cells, then ``columns``."""
    headers = [Markup("Paper")] + [Markup(label) for label, _ in lead] + [header(c) for c in columns]
    rows = []
    for paper in papers:
        row = [link(paper_link(paper), paper.title)]
        row += [make(paper) for _, make in lead]
        row += [cell(paper.facts.get(c.key), c) for c in columns]
        rows.append(row)
    return TableView(headers, rows)


Fact = tuple[Markup, Markup]  # (label, value), both escaped


def paper_facts(paper: Paper, columns: tuple[Column, ...]) -> list[Fact]:
    """A paper's row of a table as labelled values, for its own page."""
    return [(header(c), cell(paper.facts.get(c.key), c)) for c in columns]


def tables_joined(survey: Survey, paper: Paper) -> list[Table]:
    """The survey-wide tables (evidence) a paper gives facts for."""
    return [spec for spec in survey.tables if any(c.key in paper.facts for c in spec.columns)]
