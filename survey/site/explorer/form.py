"""The explorer's filter form, built here inert; theme/javascripts/explorer/ brings it to life.

The form shows from the first paint wherever the script runs (the stylesheet hides it without
JavaScript, where it would do nothing), so that the table below it never moves when the script is
ready; it stays inert (seen, not usable) until then, and the script hides it if the papers cannot be
loaded.

Every control names the paper field it filters (data-field: categories, tags, venue, status, year,
added, code, text, author, fact-<column key>) and how (data-match: token, equal, min, max, words,
names), so the script stays generic. Each facet is a group of checkboxes sharing one query
parameter: values of one facet widen the result (OR), facets narrow it (AND). The author filter
works alike: ``author=`` names one author as written in a paper's record (compared with case,
accents and runs of spaces folded), and repeated ``author=`` parameters list the papers of any of
them; paper pages link each author to ``explore/?author=<name>``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from survey.model import Facet, Paper, Survey
from survey.site.charts import venue_series
from survey.site.explorer import export
from survey.site.tables import column_label
from survey.text import xml_line

# Query parameters of the explorer's own filters, and Material's "q" (opens its search) and "h"
# (highlights): a facet whose id clashes with one of them gets a "tag-" prefix. A column's filter
# is "col.<key>": column keys hold no "." and facet ids no "_" or ".", so it never clashes.
FIXED_PARAMS = frozenset({"search", "category", "venue", "status", "from", "to", "added", "author", "code", "sort", "columns", "q", "h"})
# Whether a paper appeared at a peer-reviewed venue (conference, journal or workshop) or is a preprint.
STATUS = {"peer-reviewed": "Peer-reviewed", "preprint": "Preprint"}
COLUMN_FILTER = "col."


def status(paper: Paper) -> str:
    return "peer-reviewed" if paper.venue else "preprint"


def facet_param(facet_id: str) -> str:
    """The query parameter that filters on a facet, as used in links: explore/?approach=lora.

    An id that is a fixed parameter, or already starts with "tag-", gets the prefix: the mapping
    stays one to one (facets "venue" and "tag-venue" filter through tag-venue and tag-tag-venue)."""
    return f"tag-{facet_id}" if facet_id in FIXED_PARAMS or facet_id.startswith("tag-") else facet_id


@dataclass(frozen=True)
class ExtraColumn:
    """A column the reader can add to the explorer: an evidence column, or a category column."""

    key: str
    label: str
    group: str  # "Evidence" or "Category columns"
    papers: int  # how many papers give it


def extra_columns(survey: Survey) -> list[ExtraColumn]:
    """The survey-wide tables' columns first (the evidence), then the category columns that some
    paper fills, most used first. A key's label is the one most categories give it."""
    given = Counter(key for paper in survey.papers for key in paper.facts)
    found: list[ExtraColumn] = []
    for spec in survey.tables:
        for column in spec.columns:
            if given[column.key] and column.key not in {c.key for c in found}:
                found.append(ExtraColumn(column.key, column_label(column), "Evidence", given[column.key]))
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for category in survey.categories():
        if category.is_leaf:
            for column in category.columns:
                labels[column.key][column_label(column)] += 1
    taken = {c.key for c in found}
    rest = [
        ExtraColumn(key, min(names, key=lambda name: (-names[name], name)), "Category columns", given[key])
        for key, names in labels.items() if given[key] and key not in taken
    ]
    return found + sorted(rest, key=lambda c: (-c.papers, c.label.casefold(), c.key))


def filter_form(survey: Survey) -> Markup:
    """The filter controls, inert until the script is ready (they do nothing without it)."""
    form = ET.Element("form", {"class": "survey-explorer", "inert": "inert", "role": "search", "aria-label": "Filter the papers"})
    fields = ET.SubElement(form, "div", {"class": "survey-explorer__fields"})
    search = _field(fields, "Search", "survey-explorer__search")
    ET.SubElement(search, "input", {"type": "search", "name": "search", "data-field": "text", "data-match": "words",
                                    "placeholder": "Title, author or TL;DR", "autocomplete": "off"})

    in_category = Counter(c for p in survey.papers for c in survey.category_path(p))
    options = [(c.id, c.title, in_category[c.id], len(c.ancestors)) for c in survey.categories() if in_category[c.id]]
    _choices(fields, "Category", "category", {"data-field": "categories", "data-match": "token"}, options)

    for facet in survey.facets:
        _facet_choices(fields, survey, facet)

    venues = Counter(venue_series(p) for p in survey.papers)
    options = [(v, v, n, 0) for v, n in sorted(venues.items(), key=lambda vn: (vn[0].casefold(), vn[0]))]
    _choices(fields, "Venue", "venue", {"data-field": "venue", "data-match": "equal"}, options)

    statuses = Counter(status(p) for p in survey.papers)
    options = [(value, label, statuses[value], 0) for value, label in STATUS.items() if statuses[value]]
    _choices(fields, "Publication", "status", {"data-field": "status", "data-match": "equal"}, options)

    years = sorted({p.year for p in survey.papers})
    _select(fields, "From year", "from", "year", "min", [("", "Any")] + [(str(y), str(y)) for y in years])
    _select(fields, "To year", "to", "year", "max", [("", "Any")] + [(str(y), str(y)) for y in years])
    dates = sorted({p.added for p in survey.papers}, reverse=True)  # the latest first: what a returning reader wants
    _select(fields, "Added since", "added", "added", "min", [("", "Any date")] + [(d, d) for d in dates])
    _author(fields)

    code = ET.SubElement(fields, "label", {"class": "survey-explorer__check"})
    ET.SubElement(code, "input", {"type": "checkbox", "name": "code", "value": "1", "data-field": "code", "data-match": "equal"})
    ET.SubElement(code, "span").text = "Has code"
    ET.SubElement(code, "span", {"class": "survey-facet__count"}).text = f"({sum(1 for p in survey.papers if p.code)})"

    columns = extra_columns(survey)
    if columns:
        _column_choices(fields, columns)
    ET.SubElement(fields, "button", {"type": "reset", "class": "md-button"}).text = "Clear filters"
    ET.SubElement(form, "p", {"class": "survey-explorer__count", "role": "status"}).text = f"{len(survey.papers)} papers"
    export.controls(form, len(survey.papers))
    empty = ET.SubElement(form, "div", {"class": "survey-explorer__empty", "hidden": "hidden"})
    ET.SubElement(empty, "p").text = "No paper matches all these filters."
    ET.SubElement(empty, "button", {"type": "button", "class": "md-button", "data-survey-undo": ""}).text = "Clear the last filter"
    # One line (no blank line may end Markdown's raw HTML block early); HTML output for <input>.
    return Markup(ET.tostring(form, encoding="unicode", method="html"))


def _facet_choices(parent: ET.Element, survey: Survey, facet: Facet) -> None:
    used = Counter(v for p in survey.papers for v in p.tags.get(facet.id, ()))
    options = [(value, label, used[value], 0) for value, label in facet.values.items() if used[value]]
    attributes = {"data-field": "tags", "data-match": "token", "data-prefix": f"{facet.id}="}
    _choices(parent, facet.label, facet_param(facet.id), attributes, options)


def _panel(parent: ET.Element, label: str, name: str, cls: str = "") -> ET.Element:
    """A button that shows and hides a group of checkboxes (a fieldset named by its legend)."""
    group = ET.SubElement(parent, "div", {"class": f"survey-facet {cls}".strip(), "data-group": name})
    panel_id = f"survey-filter-{name}"
    toggle = ET.SubElement(group, "button", {"type": "button", "class": "survey-facet__toggle", "aria-expanded": "false",
                                             "aria-controls": panel_id})
    ET.SubElement(toggle, "span", {"class": "survey-facet__name"}).text = xml_line(label)
    ET.SubElement(toggle, "span", {"class": "survey-facet__chosen"})
    panel = ET.SubElement(group, "fieldset", {"class": "survey-facet__panel", "id": panel_id, "hidden": "hidden"})
    ET.SubElement(panel, "legend", {"class": "survey-facet__legend"}).text = xml_line(label)
    return panel


def _choices(parent: ET.Element, label: str, name: str, attributes: dict[str, str], options: list[tuple[str, str, int, int]]) -> None:
    """One checkbox per value (value, label, papers, depth), all named ``name``."""
    panel = _panel(parent, label, name)
    for value, text, count, depth in options:
        option = ET.SubElement(panel, "label", {"class": "survey-facet__option", "data-depth": str(depth)})
        ET.SubElement(option, "input", {"type": "checkbox", "name": name, "value": xml_line(value), **attributes})
        ET.SubElement(option, "span", {"class": "survey-facet__label"}).text = xml_line(text)
        ET.SubElement(option, "span", {"class": "survey-facet__count"}).text = f"({count})"


def _column_choices(parent: ET.Element, columns: list[ExtraColumn]) -> None:
    """Checkboxes that add columns to the table, and for each a filter field, shown with its column."""
    panel = _panel(parent, "Columns", "columns", "survey-columns")
    group = ""
    for column in columns:
        if column.group != group:
            group = column.group
            ET.SubElement(panel, "span", {"class": "survey-facet__heading"}).text = group
        option = ET.SubElement(panel, "label", {"class": "survey-facet__option", "data-depth": "0"})
        ET.SubElement(option, "input", {"type": "checkbox", "name": "columns", "value": column.key, "data-column": column.key,
                                        "data-label": xml_line(column.label)})
        ET.SubElement(option, "span", {"class": "survey-facet__label"}).text = xml_line(column.label)
        ET.SubElement(option, "span", {"class": "survey-facet__count"}).text = f"({column.papers})"
    for column in columns:
        field = _field(parent, column.label, "survey-explorer__column-filter")
        field.set("data-column-filter", column.key)
        field.set("hidden", "hidden")
        ET.SubElement(field, "input", {"type": "search", "name": COLUMN_FILTER + column.key, "data-field": f"fact-{column.key}",
                                       "data-match": "words", "placeholder": "Words", "autocomplete": "off"})


def _author(parent: ET.Element) -> None:
    """A field that adds an author filter (Enter), and the authors filtered on, each with a button
    that removes it (the script makes them, from the field or the address)."""
    field = _field(parent, "Author", "survey-explorer__author")
    ET.SubElement(field, "input", {"type": "search", "name": "author", "data-field": "author", "data-match": "names",
                                   "placeholder": "Full name, then Enter", "autocomplete": "off"})
    ET.SubElement(parent, "ul", {"class": "survey-explorer__chips", "aria-label": "Authors filtered on", "hidden": "hidden"})


def _field(parent: ET.Element, label: str, cls: str = "") -> ET.Element:
    element = ET.SubElement(parent, "label", {"class": f"survey-explorer__field {cls}".strip()})
    ET.SubElement(element, "span").text = xml_line(label)
    return element


def _select(parent: ET.Element, label: str, name: str, field: str, match: str, options: list[tuple[str, str]]) -> None:
    select = ET.SubElement(_field(parent, label), "select", {"name": name, "data-field": field, "data-match": match})
    for value, text in options:
        ET.SubElement(select, "option", {"value": xml_line(value)}).text = xml_line(text)




HEADERS = ("Paper", "Authors", "Year", "Venue", "Category", "Code", "Added")


def shell(data: str) -> Markup:
    """The table the script fills, hidden until its first rows are in (it shows nothing without the
    script), and a line that says the papers are loading, in a box the stylesheet gives a minimum
    height (so that what follows stays put as the rows arrive). ``data``: the data folder's address."""
    loading = ET.Element("p", {"class": "survey-explorer__loading", "role": "status"})
    loading.text = "Loading the papers\u2026"
    table = ET.Element("table", {"hidden": "hidden", "data-survey-explorer": "", "data-survey-data": data})
    row = ET.SubElement(ET.SubElement(table, "thead"), "tr")
    for name in HEADERS:
        ET.SubElement(row, "th").text = name
    ET.SubElement(table, "tbody")
    results = ET.Element("div", {"class": "survey-explorer__results"})
    results.extend([loading, table])
    # One line: no blank line may end Markdown's raw HTML block early.
    return Markup(ET.tostring(results, encoding="unicode", method="html"))
