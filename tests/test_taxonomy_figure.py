"""The taxonomy figure (survey/site/taxonomy_figure.py) and the statistics charts' links, without a
build: short names, the tree's boxes and links, the caption's count, hostile text, the download."""

from __future__ import annotations

import copy
import dataclasses
import re
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
from conftest import DATA, ROOT, make_paper, site_markdown, small_survey

from survey import urls
from survey.build import build_site
from survey.publish.html_check import content_problems
from survey.site import charts, taxonomy_figure
from survey.urls import Publishing

SVG = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def survey():
    return small_survey()


def _svg(figure) -> ET.Element:
    html = str(figure)
    assert "\n" not in html  # one line: a raw HTML block in Markdown ends at a blank line
    return ET.fromstring(html).find(f".//{SVG}svg")


def _visible(element: ET.Element) -> str:
    """The text an element shows: its tooltips (<title>) left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != f"{SVG}title":
            parts.append(_visible(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _links(svg: ET.Element) -> dict[str, str]:
    """Each link's address -> its visible text."""
    # A box's lines are <text> elements of their own: read with a space between them.
    return {a.get(HREF): " ".join(_visible(t) for t in a.findall(f"{SVG}text")) or _visible(a) for a in svg.iter(f"{SVG}a")}


# Short names


@pytest.mark.parametrize(("fields", "name"), [
    ({"title": "LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models"}, "LongLoRA"),
    ({"title": "P-Tuning v2: Prompt Tuning Can Be Comparable to Fine-tuning"}, "P-Tuning v2"),
    ({"title": "MAGMA -- Multimodal Augmentation of Generative Models"}, "MAGMA"),
    ({"title": "Se^2: Sequential Example Selection"}, "Se^2"),
    # A head of four words or more is a title, not a name: the authors and the year stand in.
    ({"title": "Few-shot Fine-tuning vs. In-context Learning: A Fair Comparison", "authors": ("Marius Mosbach", "Tiago Pimentel", "X Y")},
     "Mosbach et al. (2024)"),
    ({"title": "Symbol tuning improves in-context learning", "authors": ("Jerry Wei", "Le Hou")}, "Wei and Hou (2024)"),
    ({"title": "Convolutional Neural Networks for Sentence Classification", "authors": ("Yoon Kim",)}, "Kim (2024)"),
    ({"title": "A Title Without Any Authors At All"}, "A Title Without Any …"),
    ({"title": "LLM Maybe LongLM: Self-Extend LLM Context Window", "short_name": "Self-Extend"}, "Self-Extend"),
    ({"title": "Bad\u202e: x", "short_name": " Two\n\nLines\u200b "}, "Two Lines"),
])
def test_short_names(fields, name) -> None:
    assert taxonomy_figure.short_name(make_paper("p", **fields)) == name


# The tree


def test_every_category_and_paper_links_to_its_page(survey) -> None:
    svg = _svg(taxonomy_figure.embedded(survey, urls.HOME, Publishing()))
    links = _links(svg)
    assert links["adaptation/"] == "Adaptation (2)" and links["adaptation/peft/"] == "Parameter-efficient tuning (1)"
    assert links["context/position/"] == "Position interpolation (1)"
    assert links["papers/hu2021lora/"] == "LoRA"
    assert links["papers/interp2023/"] == "Position Interpolation Without Authors"  # no colon, no authors: its first four words
    assert links["papers/muller2024german/"] == "Müller et al. (2024)"
    # Each name's tooltip is the paper's whole title.
    lora = next(a for a in svg.iter(f"{SVG}a") if a.get(HREF) == "papers/hu2021lora/")
    assert lora.find(f"{SVG}title").text == "LoRA: Low-Rank Adaptation of Large Language Models (2021)"
    assert svg.find(f"{SVG}title").text == "Taxonomy of Test Survey"


def test_links_follow_the_sites_addresses() -> None:
    assert urls.page_url("adaptation/peft.md", "index.md", Publishing(directory_urls=False)) == "adaptation/peft.html"
    assert urls.page_url("explore.md", "statistics.md", Publishing()) == "../explore/"
    assert urls.page_url("index.md", "statistics.md", Publishing()) == "../"
    assert urls.page_url("papers/a.md", "taxonomy.svg", Publishing("https://example.org/s/"), absolute=True) == "https://example.org/s/papers/a/"


def test_the_figure_is_allowed_markup_and_survives_markdown(survey) -> None:
    html = str(taxonomy_figure.embedded(survey, urls.HOME, Publishing()))
    assert content_problems(html) == []
    tree = site_markdown(html)
    # Every link is the figure's, the outline's or the download's.
    assert len(tree.css("figure")) == 1 and len(tree.css("svg a")) + len(tree.css(".survey-taxonomy__outline a")) == html.count("<a ") - 1
    assert all("xlink:href" in a.attributes and "href" not in a.attributes for a in tree.css("svg a"))  # see charts.HREF
    caption = tree.css_first("figcaption")
    assert caption.text().startswith("The taxonomy of Test Survey: all 3 papers in 3 categories")
    assert caption.css_first("a").attributes == {"href": "taxonomy.svg", "download": "taxonomy.svg"}


def test_a_large_leaf_shows_its_first_names_and_how_many_more(survey) -> None:
    papers = [make_paper(f"p{i:03}", title=f"Name{i:03}: A paper", year=2000 + i % 20) for i in range(30)]
    big = dataclasses.replace(survey, papers=papers)
    svg = _svg(taxonomy_figure.embedded(big, urls.HOME, Publishing()))
    names = [a for a in svg.iter(f"{SVG}a") if a.get(HREF, "").startswith("papers/")]
    assert len(names) == taxonomy_figure.NAMES_PER_LEAF
    assert _links(svg)["adaptation/peft/"] == "+ 6 more"  # the leaf's box links there too: the last text wins
    assert taxonomy_figure.caption(big).startswith(f"The taxonomy of Test Survey: {taxonomy_figure.NAMES_PER_LEAF} of its 30 papers")


def test_text_fits_its_box(survey) -> None:
    long = dataclasses.replace(survey, papers=[make_paper(f"k{i}", title=f"{'W' * 30}{i}: x") for i in range(12)])
    svg = _svg(taxonomy_figure.embedded(long, urls.HOME, Publishing()))
    width = float(svg.get("width"))
    texts = [text for text in svg.iter(f"{SVG}text") if not text.get("transform")]  # not the survey's title, turned upwards
    assert any(_visible(text).startswith("W" * 10) for text in texts)  # the long titles are among them
    for text in texts:
        content = _visible(text)
        assert float(text.get("x")) + taxonomy_figure.text_width(content, float(text.get("font-size"))) <= width


def test_hostile_text_stays_text(survey) -> None:
    hostile = '</text><script>alert(1)</script> <a href="javascript:x">"q"\n\nB\u202e'
    edited = dataclasses.replace(copy.deepcopy(survey), title=hostile, papers=[make_paper("h", title=hostile + ": t", short_name=hostile[:40])])
    edited.category("peft").title = hostile
    html = str(taxonomy_figure.embedded(edited, urls.HOME, Publishing()))
    assert "\u202e" not in html and "<script" not in html
    assert content_problems(html) == []
    tree = site_markdown(html)
    assert tree.css("script") == []
    tree_links = ["adaptation/", "adaptation/peft/", "papers/h/", "adaptation/comparisons/", "context/", "context/position/"]
    assert [a.attributes["xlink:href"] for a in tree.css("svg a")] == tree_links
    assert [a.attributes["href"] for a in tree.css(".survey-taxonomy__outline a")] == tree_links
    assert "</text><script>alert" in tree.css_first("svg a[href='adaptation/peft/'] text").text()  # shown as text
    assert tree.css(".survey-taxonomy__outline summary")[1].text().startswith("</text><script>alert")
    ET.fromstring(taxonomy_figure.standalone(edited, Publishing()))  # well-formed XML


def test_the_download_is_a_standalone_svg_with_absolute_links(survey) -> None:
    data = taxonomy_figure.standalone(survey, Publishing("https://example.org/survey/"))
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')
    svg = ET.fromstring(data)
    assert "https://example.org/survey/papers/hu2021lora/" in _links(svg)
    texts = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]
    assert texts[-1] == taxonomy_figure.caption(survey)  # the caption is part of the file
    assert all(t.get("fill") for t in svg.iter(f"{SVG}text"))  # colours fixed: no stylesheet comes with it


def test_the_site_has_the_figure_on_home_and_as_a_download() -> None:
    site = build_site(DATA / "content")
    downloads = {d.path: d.content for d in site.downloads}
    assert downloads["taxonomy.svg"] == taxonomy_figure.standalone(small_survey(), Publishing())
    home = next(p for p in site.pages if p.path == urls.HOME).markdown
    assert '<figure class="survey-taxonomy survey-taxonomy--depth-2">' in home and home.index("## Taxonomy") < home.index("## Contents")


# By keyboard and on a phone


def test_only_the_category_boxes_are_tab_stops(survey) -> None:
    svg = _svg(taxonomy_figure.embedded(survey, urls.HOME, Publishing()))
    links = list(svg.iter(f"{SVG}a"))
    nodes = [a for a in links if a.get("class") == "survey-taxonomy__node"]
    assert len(nodes) == len(list(survey.categories())) == 5 and all(a.get("tabindex") is None for a in nodes)
    names = [a for a in links if a not in nodes]
    assert [a.get(HREF) for a in names] == ["papers/hu2021lora/", "papers/muller2024german/", "papers/interp2023/"]
    assert all(a.get("tabindex") == "-1" for a in names)  # clicked, not tabbed to
    assert taxonomy_figure.standalone(survey, Publishing()).count(b"tabindex") == 0  # the download is a drawing, not a page


def test_the_outline_is_the_same_tree_closed(survey) -> None:
    html = str(taxonomy_figure.embedded(survey, urls.HOME, Publishing()))
    outline = site_markdown(html).css_first("figure > ul.survey-taxonomy__outline")
    summaries = [s.text() for s in outline.css("summary")]
    assert summaries == ["Adaptation (2)", "Parameter-efficient tuning (1)", "Comparisons (1)", "Long context (1)", "Position interpolation (1)"]
    assert all("open" not in d.attributes for d in outline.css("details"))
    peft = outline.css("details details")[0]
    assert [(a.attributes["href"], a.text()) for a in peft.css("a")] == [
        ("adaptation/peft/", "The 1 paper in Parameter-efficient tuning"), ("papers/hu2021lora/", "LoRA")]
    adaptation = outline.css_first("details")
    assert adaptation.css_first("a").text() == "All 2 papers in Adaptation"
    assert [s.text() for s in adaptation.css("details > summary")][1:] == ["Parameter-efficient tuning (1)", "Comparisons (1)"]


def test_a_large_leaf_in_the_outline_names_as_many_as_the_figure(survey) -> None:
    papers = [make_paper(f"p{i:03}", title=f"Name{i:03}: A paper", year=2000 + i % 20) for i in range(30)]
    big = dataclasses.replace(survey, papers=papers)
    tree = site_markdown(str(taxonomy_figure.embedded(big, urls.HOME, Publishing())))
    peft = tree.css(".survey-taxonomy__outline details details")[0]
    names = [a.text() for a in peft.css("a")][1:]
    svg_names = [a.css_first("tspan").text() for a in tree.css("svg a") if a.attributes["xlink:href"].startswith("papers/")]
    assert names == svg_names and len(names) == taxonomy_figure.NAMES_PER_LEAF
    assert peft.css("li")[-1].text() == "+ 6 more" and peft.css_first("a").text() == "All 30 papers in Parameter-efficient tuning"


def test_the_stylesheet_shows_the_figure_only_in_a_column_that_holds_it(survey) -> None:
    css = (ROOT / "theme" / "stylesheets" / "figures.css").read_text(encoding="utf-8")
    rules = re.findall(r"@container \(min-width: (\d+)px\) \{\s*\.md-typeset \.survey-taxonomy--depth-(\d)", css)
    assert [int(depth) for _, depth in rules] == [1, 2, 3, 4]
    for width, depth in rules:
        assert int(width) == taxonomy_figure.shown_width(int(depth))
    svg = _svg(taxonomy_figure.embedded(survey, urls.HOME, Publishing()))
    assert float(svg.get("width")) == taxonomy_figure.shown_width(2) == 838  # the test survey's tree: two levels


# Statistics: every bar links to the explorer filtered on it


def _queries(figure) -> list[dict[str, str]]:
    svg = _svg(figure)
    assert svg.get("role") == "group" and svg.get("aria-describedby")  # links are not inside an image
    hrefs = [a.get(HREF) for a in svg.iter(f"{SVG}a")]
    assert all(h.startswith("../explore/?") for h in hrefs)
    return [dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(h).query)) for h in hrefs]


def test_each_bar_links_to_the_explorer_filtered_on_it(survey) -> None:
    link = charts.explorer_link("../explore/")
    papers = [make_paper("a", venue='ICLR 2024 & "W"', code="https://example.org/a"), make_paper("b", year=2021, category="position")]
    several = dataclasses.replace(survey, papers=papers)
    assert _queries(charts.papers_per_year(several, "y", link)) == [
        {"category": "context", "from": "2021", "to": "2021"}, {"category": "adaptation", "from": "2024", "to": "2024"},
    ]
    assert _queries(charts.papers_per_category(several, "c", link)) == [{"category": c} for c in ("peft", "comparisons", "position")]
    assert _queries(charts.top_venues(several, "v", link=link)) == [{"venue": "arXiv"}, {"venue": 'ICLR & "W"'}]
    hostile = copy.deepcopy(several)
    hostile.category("peft").title = '</text><script>x</script> "q"\n\nB'
    for draw in (charts.papers_per_year, charts.papers_per_category):
        assert content_problems(str(draw(hostile, "h", link))) == []
        _svg(draw(hostile, "h", link))  # well-formed: nothing from a title in an attribute
    assert _queries(charts.code_share(several, "s", link)) == [
        {"code": "1"}, {"code": "1", "from": "2021", "to": "2021"}, {"code": "1", "from": "2024", "to": "2024"},
    ]
    bar = next(_svg(charts.papers_per_category(several, "c", link)).iter(f"{SVG}a"))
    assert bar.find(f"{SVG}title").text == "Parameter-efficient tuning: 1 (open in the explorer)"
    assert [t.text for t in bar.iter(f"{SVG}text")] == ["Parameter-efficient tuning", "1"]  # the number shows, no hover needed
