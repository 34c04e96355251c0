"""Comparison tables (survey/site/tables.py) without a build: cells by column type, lead columns, rows.

Tables reach the page as Markdown, so most checks convert them with the site's Markdown extensions and
read the cells as a browser would (selectolax).
"""

from __future__ import annotations

import dataclasses

import pytest
from conftest import make_paper, site_markdown, small_survey
from markupsafe import Markup

from survey.model import Column
from survey.site import tables

TEXT = Column("method", "Method", "text")
NUMBER = Column("params", "Trainable parameters", "number", "%")
BOOL = Column("gpu", "Needs a GPU", "bool")
LIST = Column("models", "Base models", "list")
URL = Column("demo", "Demo", "url")


@pytest.fixture(scope="module")
def survey():
    return small_survey()


def _link(paper) -> str:
    return f"../papers/{paper.key}/"


def _html(view: tables.TableView):
    return site_markdown(view.markdown())


def _cells(view: tables.TableView) -> list[list[str]]:
    return [[td.text() for td in tr.css("td")] for tr in _html(view).css("tbody tr")]


def _cell_text(value, column: Column) -> str:
    """A cell as the reader sees it, after Markdown and the browser."""
    view = tables.paper_table([make_paper("p", facts={column.key: value})], (column,), _link, lead=())
    return _cells(view)[0][1]


# Cells by column type


@pytest.mark.parametrize(("value", "column", "shown"), [
    ("LoRA", TEXT, "LoRA"),
    ("a *b* _c_ `d` [e](f) <i>g</i> | h", TEXT, "a *b* _c_ `d` [e](f) <i>g</i> | h"),
    (32768, NUMBER, "32,768"),
    (1234567, NUMBER, "1,234,567"),
    (0, NUMBER, "0"),
    (0.01, NUMBER, "0.01"),
    (-2.5, NUMBER, "-2.5"),
    (True, BOOL, "yes"),
    (False, BOOL, "no"),
    (("GPT-3 175B", "RoBERTa"), LIST, "GPT-3 175B, RoBERTa"),
    (("only one",), LIST, "only one"),
])
def test_a_cell_shows_its_value_by_column_type(value, column, shown) -> None:
    assert _cell_text(value, column) == shown


@pytest.mark.parametrize("column", [TEXT, NUMBER, BOOL, LIST, URL])
@pytest.mark.parametrize("value", [None, "", ()])
def test_a_missing_or_empty_fact_is_a_dash(value, column) -> None:
    assert tables.cell(value, column) == "–"


def test_a_missing_fact_in_a_table_is_a_dash_and_other_cells_stay(survey) -> None:
    peft = survey.category("peft")
    [hu] = survey.papers_in(peft)
    assert _cells(tables.paper_table([hu], peft.columns, _link)) == [
        ["LoRA: Low-Rank Adaptation of Large Language Models", "2021", "ICLR 2022", "LoRA", "0.01", "GPT-3 175B, RoBERTa", "–"],
    ]


def test_a_url_cell_is_one_link_to_exactly_that_url() -> None:
    url = "https://example.org/a_(b)*c*/[d]?e=1&f=`g`#h"
    view = tables.paper_table([make_paper("p", facts={"demo": url})], (URL,), _link, lead=())
    links = _html(view).css("tbody td:nth-child(2) a")
    assert [(a.attributes["href"], a.text()) for a in links] == [(url, "link")]


def test_a_float_fact_is_shown_without_losing_digits() -> None:
    shown = _cell_text(1234567.5, NUMBER)
    assert float(shown.replace(",", "")) == 1234567.5


# Headers and the lead columns


def test_headers_are_paper_the_lead_columns_then_the_columns_with_their_units(survey) -> None:
    view = tables.paper_table([], survey.category("peft").columns, _link)
    assert [th.text() for th in _html(view).css("thead th")] == [
        "Paper", "Year", "Venue", "Method", "Trainable parameters (%)", "Base models", "Needs a GPU",
    ]
    position = tables.paper_table([], survey.category("position").columns, _link)
    assert [th.text() for th in _html(position).css("thead th")][3:] == ["Longest context (tokens)", "Demo"]


def test_the_standard_lead_is_year_and_venue_and_a_preprint_counts_as_arxiv(survey) -> None:
    papers = [make_paper("a", year=2019, venue="NeurIPS 2019"), make_paper("b", year=2020)]
    assert _cells(tables.paper_table(papers, (), _link)) == [["Title of a", "2019", "NeurIPS 2019"], ["Title of b", "2020", "arXiv"]]


def test_a_lead_column_of_its_own_goes_after_the_standard_ones(survey) -> None:
    lead = tables.STANDARD_LEAD + (("Sub-category", lambda p: Markup(f"sub:{p.category}")),)
    adaptation = survey.category("adaptation")
    view = tables.paper_table(survey.papers_in(adaptation), (), _link, lead)
    assert [th.text() for th in _html(view).css("thead th")] == ["Paper", "Year", "Venue", "Sub-category"]
    assert [row[1:] for row in _cells(view)] == [
        ["2024", "ACM Transactions on Software Engineering and Methodology", "sub:comparisons"],
        ["2021", "ICLR 2022", "sub:peft"],
    ]


@pytest.mark.parametrize(("authors", "shown"), [
    ((), "–"),
    (("Ada Lovelace",), "Ada Lovelace"),
    (("Ada Lovelace", "Charles Babbage"), "Ada Lovelace and Charles Babbage"),
    (("Ada Lovelace", "Charles Babbage", "Mary Somerville", "Emmy Noether"), "Ada Lovelace et al."),
])
def test_the_authors_lead_cell(authors, shown) -> None:
    view = tables.paper_table([make_paper("p", authors=authors)], (), _link, (("Authors", tables.authors_cell),))
    assert _cells(view)[0][1] == shown


def test_the_title_links_to_the_paper_page(survey) -> None:
    view = tables.paper_table(survey.papers, (), _link, lead=())
    hrefs = [a.attributes["href"] for a in _html(view).css("tbody td:first-child a")]
    assert hrefs == ["../papers/hu2021lora/", "../papers/interp2023/", "../papers/muller2024german/"]


# Rows


def test_rows_keep_the_order_they_are_given(survey) -> None:
    papers = [make_paper("b", year=2020), make_paper("a", year=2024), make_paper("c", year=2022)]
    view = tables.paper_table(papers, (), _link, lead=())
    assert [row[0] for row in _cells(view)] == ["Title of b", "Title of a", "Title of c"]


def test_a_category_table_lists_its_papers_newest_first_then_by_title(survey) -> None:
    papers = [make_paper("k1", year=2022, title="beta"), make_paper("k2", year=2024, title="Zeta"),
              make_paper("k3", year=2022, title="Alpha"), make_paper("k4", year=2022, title="alpha"),
              make_paper("k5", year=2022, category="position", title="Aardvark")]
    peft = survey.category("peft")
    mixed = dataclasses.replace(survey, papers=papers)
    view = tables.paper_table(mixed.papers_in(peft), peft.columns, _link)
    assert [tr.css_first("a").attributes["href"] for tr in _html(view).css("tbody tr")] == [
        "../papers/k2/", "../papers/k3/", "../papers/k4/", "../papers/k1/",
    ]


# Hostile text from a paper file

HOSTILE = 'x <script>alert(1)</script> "q" | pipe\n\nsecond paragraph \u202eflipped'
SHOWN = 'x <script>alert(1)</script> "q" | pipe second paragraph flipped'


def test_hostile_text_in_every_cell_is_only_text_and_each_row_one_line() -> None:
    paper = make_paper("evil", title=HOSTILE, venue=HOSTILE, authors=(HOSTILE,),
                       facts={"method": HOSTILE, "models": (HOSTILE, "b|c")})
    lead = tables.STANDARD_LEAD + (("Authors", tables.authors_cell),)
    view = tables.paper_table([paper, make_paper("calm")], (TEXT, LIST), _link, lead)
    lines = view.markdown().split("\n")
    assert len(lines) == 4 and "\u202e" not in view.markdown()
    tree = _html(view)
    assert tree.css("script") == []
    assert [[td.text() for td in tr.css("td")] for tr in tree.css("tbody tr")] == [
        [SHOWN, "2024", SHOWN, SHOWN, SHOWN, f"{SHOWN}, b|c"],
        ["Title of calm", "2024", "arXiv", "–", "–", "–"],
    ]
    assert [a.attributes["href"] for a in tree.css("tbody a")] == ["../papers/evil/", "../papers/calm/"]


def test_a_hostile_column_label_and_unit_stay_text() -> None:
    column = Column("k", "Label <b>|</b>\n\nmore", "number", 'u"<i>')
    view = tables.paper_table([make_paper("p", facts={"k": 3})], (column,), _link, lead=())
    tree = _html(view)
    assert [th.text() for th in tree.css("thead th")] == ["Paper", 'Label <b>|</b> more (u"<i>)']
    assert tree.css("b, i") == []
    assert _cells(view) == [["Title of p", "3"]]


# A paper's row as its page shows it, and as the explorer's optional columns show it


def test_plain_text_of_a_fact_reads_as_its_cell() -> None:
    assert tables.plain(True, BOOL) == "yes" and tables.plain(False, BOOL) == "no"
    assert tables.plain(1234567.5, NUMBER) == "1,234,567.5"
    assert tables.plain(("A", "B <b>"), LIST) == "A, B <b>"  # text, escaped by whoever prints it
    assert tables.plain("https://example.org/x?a=1&b=2", URL) == "https://example.org/x?a=1&b=2"


def test_paper_facts_label_every_column_and_mark_the_missing(survey) -> None:
    lora = next(p for p in survey.papers if p.key == "hu2021lora")
    facts = tables.paper_facts(lora, survey.category("peft").columns)
    assert [(str(k), str(v)) for k, v in facts] == [
        ("Method", "LoRA"), ("Trainable parameters &#40;%&#41;", "0&#46;01"),
        ("Base models", "GPT&#45;3 175B, RoBERTa"), ("Needs a GPU", "–"),
    ]
    assert [t.id for t in tables.tables_joined(survey, lora)] == ["evidence"]
    interp = next(p for p in survey.papers if p.key == "interp2023")
    assert tables.tables_joined(survey, interp) == []


@pytest.mark.parametrize(
    "facts",
    [
        {"gpu": True, "models": ("GPT-3 <175B>", "a|b"), "demo": "https://example.org/?a=1&b=[2]"},
        {"gpu": False, "models": (), "demo": None},
        {"models": ("`x`", "*y*", "[z](javascript:alert(1))")},
    ],
)
def test_the_html_table_is_what_markdown_makes_of_the_markdown_one(survey, facts) -> None:
    """Category pages hand mkdocs the HTML table; a reader must see what the Markdown table showed."""
    from selectolax.lexbor import LexborHTMLParser

    papers = [make_paper("p", title="A <b>bold</b> | piped [title](x)", facts={k: v for k, v in facts.items() if v is not None})]
    view = tables.paper_table(papers, (BOOL, LIST, URL), _link)
    from_markdown, direct = _html(view), LexborHTMLParser(str(view.html()))

    def shown(tree) -> list[list[tuple[str, list[tuple[str, str | None]]]]]:
        return [
            [(cell.text(), [(a.text(), a.attributes.get("href")) for a in cell.css("a")]) for cell in row.css("th, td")]
            for row in tree.css("tr")
        ]

    assert shown(direct) == shown(from_markdown)
    assert len(direct.css("tbody tr")) == 1 and len(direct.css("thead th")) == 6
