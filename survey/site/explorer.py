"""The paper explorer: one table of every paper, plus what theme/javascripts/survey.js filters on.

Without JavaScript the page is the plain full table. Each row's first cell carries a hidden marker
whose data-* attributes hold the values the filters compare (categories with their ancestors, tags
as facet=value, year, venue, code, and the searchable text), so the script needs no second copy of
the data and no fetch. The filter form is built here, hidden; the script reveals it. Every control
names the row attribute it filters (data-field) and how (data-match), so the script stays generic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from typing import Callable

from markupsafe import Markup

from survey.site.charts import venue_series
from survey.text import xml_line
from survey.site.markup import inline, link
from survey.model import Facet, Paper, Survey, paper_order
from survey.site.tables import EMPTY, TableView, authors_cell, venue_cell, year_cell

# Query parameters of the explorer's own filters, and Material's "q" (opens its search) and "h"
# (highlights): a facet whose id clashes with one of them gets a "tag-" prefix.
FIXED_PARAMS = frozenset({"search", "category", "venue", "from", "to", "code", "sort", "q", "h"})
INDENT = "\u2003"  # an em space: sub-categories are indented in the category list


def facet_param(facet_id: str) -> str:
    """The query parameter that filters on a facet, as used in links: explore/?approach=lora.

    An id that is a fixed parameter, or already starts with "tag-", gets the prefix: the mapping
    stays one to one (facets "venue" and "tag-venue" filter through tag-venue and tag-tag-venue)."""
    return f"tag-{facet_id}" if facet_id in FIXED_PARAMS or facet_id.startswith("tag-") else facet_id


def marker(survey: Survey, paper: Paper) -> Markup:
    """The hidden element with the row's filter values, escaped for an attribute inside Markdown."""
    tags = " ".join(f"{facet}={value}" for facet, values in sorted(paper.tags.items()) for value in values)
    values = {
        "data-survey-paper": paper.key,
        "data-year": str(paper.year),
        "data-venue": venue_series(paper),
        "data-categories": " ".join(survey.category_path(paper)),
        "data-tags": tags,
        "data-code": "1" if paper.code else "",
        "data-text": " ".join([paper.title, *paper.authors, paper.tldr]),
    }
    # inline() turns every character Markdown, HTML or an attribute could read as syntax into a
    # character reference, which the browser decodes back into the attribute's value.
    attributes = " ".join(f'{name}="{inline(value)}"' for name, value in values.items())
    return Markup(f"<span hidden {attributes}></span>")


def table(survey: Survey, paper_link: Callable[[Paper], str], category_link: Callable[[Paper], Markup]) -> TableView:
    headers = [Markup(h) for h in ("Paper", "Authors", "Year", "Venue", "Category", "Code", "TL;DR")]
    rows = []
    for paper in sorted(survey.papers, key=paper_order):
        title = Markup(f"{marker(survey, paper)}[{inline(paper.title)}]({paper_link(paper)})")
        code = link(paper.code, "code") if paper.code else EMPTY
        rows.append([title, authors_cell(paper), year_cell(paper), venue_cell(paper), category_link(paper), code, inline(paper.tldr)])
    return TableView(headers, rows)


def filter_form(survey: Survey) -> Markup:
    """The filter controls, hidden until the script shows them (they do nothing without it)."""
    form = ET.Element("form", {"class": "survey-explorer", "hidden": "hidden", "role": "search", "aria-label": "Filter the papers"})
    fields = ET.SubElement(form, "div", {"class": "survey-explorer__fields"})
    search = _field(fields, "Search", "survey-explorer__search")
    ET.SubElement(search, "input", {"type": "search", "name": "search", "data-field": "text", "data-match": "words",
                                    "placeholder": "Title, author or TL;DR", "autocomplete": "off"})

    in_category = Counter(c for p in survey.papers for c in survey.category_path(p))
    options = [("", "Any")] + [
        (c.id, INDENT * len(c.ancestors) + f"{c.title} ({in_category[c.id]})") for c in survey.categories() if in_category[c.id]
    ]
    _select(fields, "Category", "category", "categories", "token", options)

    for facet in survey.facets:
        _facet_select(fields, survey, facet)

    venues = Counter(venue_series(p) for p in survey.papers)
    options = [("", "Any")] + [(v, f"{v} ({n})") for v, n in sorted(venues.items(), key=lambda vn: (vn[0].casefold(), vn[0]))]
    _select(fields, "Venue", "venue", "venue", "equal", options)

    years = sorted({p.year for p in survey.papers})
    _select(fields, "From year", "from", "year", "min", [("", "Any")] + [(str(y), str(y)) for y in years])
    _select(fields, "To year", "to", "year", "max", [("", "Any")] + [(str(y), str(y)) for y in years])

    code = ET.SubElement(fields, "label", {"class": "survey-explorer__check"})
    ET.SubElement(code, "input", {"type": "checkbox", "name": "code", "value": "1", "data-field": "code", "data-match": "equal"})
    ET.SubElement(code, "span").text = "Has code"
    ET.SubElement(fields, "button", {"type": "reset", "class": "md-button"}).text = "Clear filters"
    ET.SubElement(form, "p", {"class": "survey-explorer__count", "role": "status"}).text = f"{len(survey.papers)} papers"
    # One line (no blank line may end Markdown's raw HTML block early); HTML output for <input>.
    return Markup(ET.tostring(form, encoding="unicode", method="html"))


def _facet_select(parent: ET.Element, survey: Survey, facet: Facet) -> None:
    used = Counter(v for p in survey.papers for v in p.tags.get(facet.id, ()))
    options = [("", "Any")] + [(value, f"{label} ({used[value]})") for value, label in facet.values.items() if used[value]]
    _select(parent, facet.label, facet_param(facet.id), "tags", "token", options, prefix=f"{facet.id}=")


def _field(parent: ET.Element, label: str, cls: str = "") -> ET.Element:
    element = ET.SubElement(parent, "label", {"class": f"survey-explorer__field {cls}".strip()})
    ET.SubElement(element, "span").text = _one_line(label)
    return element


def _select(parent: ET.Element, label: str, name: str, field: str, match: str, options: list[tuple[str, str]], prefix: str = "") -> None:
    attributes = {"name": name, "data-field": field, "data-match": match}
    if prefix:
        attributes["data-prefix"] = prefix
    select = ET.SubElement(_field(parent, label), "select", attributes)
    for value, text in options:
        ET.SubElement(select, "option", {"value": _one_line(value)}).text = _one_line(text)


def _one_line(text: str) -> str:
    """Folded to one line (a blank line would end Markdown's raw HTML block); a leading indent stays."""
    body = text.lstrip(INDENT)
    return INDENT * (len(text) - len(body)) + xml_line(body)
