"""Statistics charts (survey/site/charts.py) without a build: bars, labels and text alternatives.

Each chart is parsed as XML (ElementTree): its bars and labels are compared with counts worked out
here from the papers, and its <desc> with the data read out in words.
"""

from __future__ import annotations

import copy
import dataclasses
import xml.etree.ElementTree as ET

import pytest
from conftest import make_paper, site_markdown, small_survey

from survey.site import charts

SVG = "{http://www.w3.org/2000/svg}"
PLOT = 260 - 20 - 28  # the height of the year chart's plot area
ROOM = charts.WIDTH - charts.LABEL - 130  # the longest horizontal bar


@pytest.fixture(scope="module")
def survey():
    return small_survey()


@pytest.fixture(scope="module")
def several(survey):
    """Four papers in 2021 (three under Adaptation), none in 2022, two in 2023 (Long context)."""
    papers = [
        make_paper("a1", year=2021, category="peft", venue="ICLR 2022", code="https://example.org/a1"),
        make_paper("a2", year=2021, category="peft", venue="ICLR 2021"),
        make_paper("a3", year=2021, category="comparisons", venue="EMNLP 2021", code="https://example.org/a3"),
        make_paper("c1", year=2021, category="position"),
        make_paper("c2", year=2023, category="position", venue="NeurIPS 2023", code="https://example.org/c2"),
        make_paper("c3", year=2023, category="position"),
    ]
    return dataclasses.replace(survey, papers=papers)


def _parse(figure) -> ET.Element:
    html = str(figure)
    assert "\n" not in html  # one line: a raw HTML block in Markdown ends at a blank line
    return ET.fromstring(html)


def _svg(figure: ET.Element) -> ET.Element:
    return figure.find(f"{SVG}svg")


def _desc(figure: ET.Element) -> str:
    return _svg(figure).find(f"{SVG}desc").text


def _rects(figure: ET.Element) -> list[dict[str, str]]:
    return [rect.attrib | {"title": rect.find(f"{SVG}title").text} for rect in _svg(figure).iter(f"{SVG}rect")]


def _texts(figure: ET.Element) -> list[str]:
    return [text.text for text in _svg(figure).findall(f"{SVG}text")]


def _legend(figure: ET.Element) -> list[tuple[str, str]]:
    return [(li[0].get("class"), li[1].text) for li in figure.iter("li")]


# Text alternatives


@pytest.mark.parametrize("draw", [charts.papers_per_year, charts.papers_per_category, charts.top_venues, charts.code_share])
def test_every_chart_is_an_image_labelled_by_its_title_and_description(several, draw) -> None:
    figure = _parse(draw(several, "chart-x"))
    svg = _svg(figure)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-x-title chart-x-desc"
    assert svg.find(f"{SVG}title").get("id") == "chart-x-title"
    assert svg.find(f"{SVG}desc").get("id") == "chart-x-desc"
    assert svg.find(f"{SVG}title").text == figure.find("figcaption/strong").text
    assert len(_desc(figure)) > 20


def test_markdown_passes_a_chart_through_whole(several) -> None:
    for draw in (charts.papers_per_year, charts.top_venues):
        html = str(draw(several, "c"))
        converted = site_markdown(html).css("figure")
        assert len(converted) == 1
        assert len(converted[0].css("rect")) == html.count("<rect ")
        assert converted[0].css_first("desc").text() == _desc(ET.fromstring(html))


# Papers per year


def test_papers_per_year_reads_out_every_year_and_category(several) -> None:
    figure = _parse(charts.papers_per_year(several, "y"))
    assert _desc(figure) == "2021: 4 papers (Adaptation 3, Long context 1); 2022: 0 papers; 2023: 2 papers (Long context 2)."
    assert figure.find("figcaption/strong").text == "Papers per year, by top-level category"
    # The legend counts each category's papers: every number shows without a hover.
    assert _legend(figure) == [("survey-chart__swatch survey-chart-c0", "Adaptation (3)"), ("survey-chart__swatch survey-chart-c1", "Long context (3)")]


def test_papers_per_year_stacks_bars_in_proportion(several) -> None:
    rects = _rects(_parse(charts.papers_per_year(several, "y")))
    assert [(r["title"], r["class"]) for r in rects] == [
        ("2021, Adaptation: 3", "survey-chart-c0"), ("2021, Long context: 1", "survey-chart-c1"), ("2023, Long context: 2", "survey-chart-c1"),
    ]
    heights = [float(r["height"]) for r in rects]
    assert heights == pytest.approx([PLOT * 3 / 4, PLOT * 1 / 4, PLOT * 2 / 4], abs=0.05)
    # Stacked: the second part of 2021 sits on the first; the whole 2021 column fills the plot.
    assert float(rects[1]["y"]) + heights[1] == pytest.approx(float(rects[0]["y"]), abs=0.1)
    assert float(rects[1]["y"]) == pytest.approx(20, abs=0.1)
    assert rects[0]["x"] == rects[1]["x"] != rects[2]["x"]


def test_papers_per_year_labels_each_year_and_each_column_total(several) -> None:
    texts = _texts(_parse(charts.papers_per_year(several, "y")))
    assert texts == ["4", "2021", "2022", "2", "2023"]


def test_the_test_survey_has_a_gap_year(survey) -> None:
    figure = _parse(charts.papers_per_year(survey, "y"))
    assert _desc(figure) == "2021: 1 paper (Adaptation 1); 2022: 0 papers; 2023: 1 paper (Long context 1); 2024: 1 paper (Adaptation 1)."
    assert [r["title"] for r in _rects(figure)] == ["2021, Adaptation: 1", "2023, Long context: 1", "2024, Adaptation: 1"]


def test_many_years_label_only_some_years(survey) -> None:
    papers = [make_paper(f"p{year}", year=year) for year in range(1990, 2030)]  # 40 years
    texts = _texts(_parse(charts.papers_per_year(dataclasses.replace(survey, papers=papers), "y")))
    years = [t for t in texts if t != "1"]
    every = 5  # 40 columns of 9 units: a year label needs 40 units (charts.YEAR_LABEL) to stay clear of the next
    assert (charts.WIDTH - 40) / 40 * every >= charts.YEAR_LABEL > (charts.WIDTH - 40) / 40 * (every - 1)
    assert years == [str(y) for y in range(1990, 2030, every)]
    assert texts.count("1") == 40


def test_papers_per_year_of_an_empty_survey_still_says_something(survey) -> None:
    figure = _parse(charts.papers_per_year(dataclasses.replace(survey, papers=[]), "y"))
    assert _rects(figure) == []
    assert _desc(figure).strip(". ")


# Papers per category


def test_papers_per_category_has_one_bar_per_leaf_in_taxonomy_order(several) -> None:
    figure = _parse(charts.papers_per_category(several, "c"))
    assert _desc(figure) == "Parameter-efficient tuning: 2; Comparisons: 1; Position interpolation: 3."
    rects = _rects(figure)
    assert [(r["title"], r["class"]) for r in rects] == [
        ("Parameter-efficient tuning: 2", "survey-chart-c0"), ("Comparisons: 1", "survey-chart-c0"),
        ("Position interpolation: 3", "survey-chart-c1"),
    ]
    assert [float(r["width"]) for r in rects] == pytest.approx([ROOM * 2 / 3, ROOM / 3, ROOM], abs=0.05)
    assert _texts(figure) == ["Parameter-efficient tuning", "2", "Comparisons", "1", "Position interpolation", "3"]
    assert _legend(figure) == [("survey-chart__swatch survey-chart-c0", "Adaptation"), ("survey-chart__swatch survey-chart-c1", "Long context")]


def test_an_empty_category_has_a_zero_bar(survey) -> None:
    figure = _parse(charts.papers_per_category(dataclasses.replace(survey, papers=[make_paper("a", category="peft")]), "c"))
    assert [(r["title"], r["width"]) for r in _rects(figure)] == [
        ("Parameter-efficient tuning: 1", f"{ROOM:.1f}"), ("Comparisons: 0", "0.0"), ("Position interpolation: 0", "0.0"),
    ]


# Top venues


@pytest.mark.parametrize(("venue", "series"), [
    (None, "arXiv"),
    ("", "arXiv"),
    ("ICLR 2024", "ICLR"),
    ("Findings of EMNLP 2023", "Findings of EMNLP"),
    ("NeurIPS 2022 Workshops", "NeurIPS Workshops"),
    ("2023", "2023"),
    ("TMLR", "TMLR"),
    ("ICLR\u202e 2024", "ICLR"),
    ("A\n\nB 1999", "A B"),
    ("\u202e\u200b", "arXiv"),
])
def test_venue_series_drops_the_year_and_invisible_characters(venue, series) -> None:
    assert charts.venue_series(make_paper("p", venue=venue)) == series


def test_top_venues_merges_years_and_counts_preprints_as_arxiv(several) -> None:
    figure = _parse(charts.top_venues(several, "v"))
    assert figure.find("figcaption/strong").text == "Top 4 venues (years merged; preprints as arXiv)"
    assert _desc(figure) == "arXiv: 2; ICLR: 2; EMNLP: 1; NeurIPS: 1."  # ties by name, ignoring case
    rects = _rects(figure)
    assert [r["title"] for r in rects] == ["arXiv: 2", "ICLR: 2", "EMNLP: 1", "NeurIPS: 1"]
    assert [float(r["width"]) for r in rects] == pytest.approx([ROOM, ROOM, ROOM / 2, ROOM / 2], abs=0.05)
    assert _legend(figure) == []


def test_top_venues_keeps_only_the_first_ones(several) -> None:
    figure = _parse(charts.top_venues(several, "v", count=2))
    assert figure.find("figcaption/strong").text == "Top 2 venues (years merged; preprints as arXiv)"
    assert [r["title"] for r in _rects(figure)] == ["arXiv: 2", "ICLR: 2"]


def test_a_long_venue_is_cut_on_the_bar_and_whole_in_its_tooltip(survey) -> None:
    figure = _parse(charts.top_venues(survey, "v"))
    long = "ACM Transactions on Software Engineering and Methodology"
    label = next(t for t in _svg(figure).findall(f"{SVG}text") if t.text.startswith("ACM"))
    assert label.text == long[:43] + "…"
    assert label.find(f"{SVG}title").text == long
    assert f"{long}: 1" in _desc(figure)


def test_an_empty_survey_says_so(survey) -> None:
    figure = _parse(charts.top_venues(dataclasses.replace(survey, papers=[]), "v"))
    assert _desc(figure) == "No papers yet."
    assert _rects(figure) == []


# Code share


def test_code_share_overall_and_per_year(several) -> None:
    figure = _parse(charts.code_share(several, "s"))
    assert _desc(figure) == "All years: 50% (3 of 6); 2021: 50% (2 of 4); 2023: 50% (1 of 2)."
    rects = _rects(figure)
    assert [r["class"] for r in rects] == ["survey-chart-c0", "survey-chart-c1", "survey-chart-c1"]
    assert [float(r["width"]) for r in rects] == pytest.approx([ROOM / 2] * 3, abs=0.05)


def test_code_share_of_the_test_survey(survey) -> None:
    figure = _parse(charts.code_share(survey, "s"))
    assert [r["title"] for r in _rects(figure)] == ["All years: 33% (1 of 3)", "2021: 100% (1 of 1)", "2023: 0% (0 of 1)", "2024: 0% (0 of 1)"]
    assert [float(r["width"]) for r in _rects(figure)] == pytest.approx([ROOM / 3, ROOM, 0, 0], abs=0.05)


# Hostile text from a paper file

VENUE = '</text><script>alert(1)</script> "Conf" \'x\'\n\nPart two\u202e 2024'
SHOWN = '</text><script>alert(1)</script> "Conf" \'x\' Part two'


def test_a_hostile_venue_is_only_text_in_the_chart(survey) -> None:
    papers = [make_paper("a", venue=VENUE), make_paper("b", venue=VENUE.replace("2024", "2025")), make_paper("c")]
    html = str(charts.top_venues(dataclasses.replace(survey, papers=papers), "v"))
    assert "\u202e" not in html
    figure = _parse(html)
    assert [e.tag for e in _svg(figure)] == [f"{SVG}{tag}" for tag in ("title", "desc", "text", "rect", "text", "text", "rect", "text")]
    assert _desc(figure) == f"{SHOWN}: 2; arXiv: 1."
    assert [r["title"] for r in _rects(figure)] == [f"{SHOWN}: 2", "arXiv: 1"]
    assert _texts(figure)[0] == SHOWN[:43] + "…"
    tree = site_markdown(html)
    assert tree.css("script") == [] and len(tree.css("figure")) == 1


@pytest.mark.parametrize(("draw", "read_out"), [
    (charts.papers_per_year, "2021: 4 papers (Adapt <b>it</b> now 3, Long context 1)"),
    (charts.papers_per_category, 'PEFT "tuning": 2; Comparisons: 1'),
])
def test_a_category_title_with_a_blank_line_keeps_the_chart_on_one_line(several, draw, read_out) -> None:
    edited = copy.deepcopy(several)
    edited.category("adaptation").title = "Adapt <b>it</b>\n\nnow"
    edited.category("peft").title = "PEFT\n\n\"tuning\""
    figure = _parse(draw(edited, "c"))  # asserts one line
    assert read_out in _desc(figure)
    assert figure.find(".//b") is None
