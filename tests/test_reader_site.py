"""The reader's pages in a real mkdocs build of the test survey: paper pages (meta tags, the Cite
block, author and venue links, related papers, tag links), the explorer's page, data and plain tables, the statistics charts,
downloads and home."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build, run, search_index

from survey.site.explorer import facet_param

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow


class Elements(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag: str, **match: str) -> list[dict[str, str | None]]:
        def name(key: str) -> str:  # class_ -> class, data_x -> data-x
            return key.rstrip("_").replace("_", "-")

        return [a for t, a in self.found if t == tag and all(a.get(name(k)) == v for k, v in match.items())]


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def _section(html: str, heading_id: str) -> str:
    return html.split(f'id="{heading_id}"', 1)[1].split("<h2", 1)[0]


def _headed(html: str, heading: str) -> str:
    """What follows a heading without an id (the paper page's, kept in one search document)."""
    return html.split(f"<h2>{heading}</h2>", 1)[1].split("<h2", 1)[0]


@pytest.fixture(scope="module")
def site(built_test_survey: Path) -> Path:
    return built_test_survey / "site"


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_paper_page_has_google_scholar_meta_tags(site: Path) -> None:
    meta = [(m["name"], m["content"]) for m in Elements(_page(site, "papers/hu2021lora")).all("meta") if (m.get("name") or "").startswith("citation_")]
    assert meta[:8] == [
        ("citation_title", "LoRA: Low-Rank Adaptation of Large Language Models"),
        ("citation_author", "Edward J. Hu"),
        ("citation_author", "Yelong Shen"),
        ("citation_author", "Phillip Wallis"),
        ("citation_publication_date", "2021/06/17"),
        ("citation_conference_title", "ICLR 2022"),
        ("citation_arxiv_id", "2106.09685"),
        ("citation_pdf_url", "https://arxiv.org/pdf/2106.09685"),
    ]
    other = dict(m for m in Elements(_page(site, "papers/muller2024german")).all("meta") for m in [(m.get("name"), m.get("content"))])
    assert other["citation_title"] == "German & Polish 100% {Special} $chars$ #1 ~ ^ _under \\back: Assessing BERT"
    assert other["citation_journal_title"] == "ACM Transactions on Software Engineering and Methodology"
    assert other["citation_doi"] == "10.1145/1234567.890"
    assert other["citation_pdf_url"] == "https://arxiv.org/pdf/2401.00001"  # from the arXiv id


def test_paper_page_cite_block_related_and_tag_links(site: Path) -> None:
    page = _page(site, "papers/hu2021lora")
    cite = _section(page, "cite")
    assert _text(cite.split('id="cite-acl"', 1)[1].split(">", 1)[1].split("</dd>", 1)[0]) == (
        "Edward J. Hu, Yelong Shen, and Phillip Wallis. 2021. LoRA: Low-Rank Adaptation of Large Language Models. In ICLR 2022.")
    buttons = Elements(cite).all("button")
    assert [b["data-clipboard-target"] for b in buttons] == ["#cite-bibtex code", "#cite-apa", "#cite-acl", "#cite-ieee"]
    assert all(b["type"] == "button" and b["class"].startswith("md-button") for b in buttons)
    assert page.index('id="cite"') < page.index("<h2>Abstract</h2>")  # near the top
    related = [a for a in Elements(_section(page, "related-papers").split("</ul>", 1)[0]).all("a") if a.get("class") != "headerlink"]
    assert related and all(re.fullmatch(r"\.\./(interp2023|muller2024german)/", a["href"]) for a in related)
    tags = [a["href"] for a in Elements(_headed(page, "Classification")).all("a")]
    assert tags == ["../../adaptation/peft/", "../../explore/?approach=lora", "../../explore/?modality=text"]
    assert Elements(cite).all("a", download="hu2021lora.bib")[0]["href"] == "../hu2021lora.bib"
    assert Elements(cite).all("a", download="hu2021lora.ris")[0]["href"] == "../hu2021lora.ris"


def test_paper_page_links_each_author_to_the_explorer_and_the_venue_to_its_page(site: Path) -> None:
    page = _page(site, "papers/muller2024german")
    authors = page.split('<p class="survey-authors">', 1)[1].split("</p>", 1)[0]
    assert [a["href"] for a in Elements(authors).all("a")] == [
        "../../explore/?author=J%C3%BCrgen%20M%C3%BCller", "../../explore/?author=Piotr%20Mi%C5%82o%C5%9B", "../../explore/?author=01.AI"]
    assert _text(authors) == "Jürgen Müller, Piotr Miłoś, 01.AI"
    venue = page.split("<strong>Venue:</strong> ", 1)[1].split("</p>", 1)[0]
    assert Elements(venue).all("a")[0]["href"] == "https://doi.org/10.1145/1234567.890"  # its DOI: the record names no other page
    assert _text(venue) == "ACM Transactions on Software Engineering and Methodology"
    lora = _page(site, "papers/hu2021lora")  # its url is arXiv's and it has no DOI: the venue stays text
    assert "<strong>Venue:</strong> ICLR 2022</p>" in lora


def test_explorer_is_a_form_an_empty_table_and_data_files_with_plain_tables_beside(site: Path) -> None:
    page = _page(site, "explore")
    elements = Elements(page)
    (form,) = elements.all("form", class_="survey-explorer")
    assert "inert" in form and "hidden" not in form  # seen from the first paint, usable once the script is ready
    (table,) = elements.all("table")
    assert "hidden" in table and table["data-survey-data"] == "data/"  # the script fills it from explore/data/
    assert re.findall(r"<tr>", page) == ["<tr>"]  # the header row: no paper is in the page
    assert [a["href"] for a in elements.all("a") if "all/" in (a.get("href") or "")] == ["all/1/"]
    index = json.loads((site / "explore" / "data" / "index.json").read_text(encoding="utf-8"))
    rows = json.loads((site / "explore" / "data" / "papers-0.json").read_text(encoding="utf-8"))
    assert [row[0] for row in rows] == ["muller2024german", "interp2023", "hu2021lora"]  # newest first
    assert index["paper"] == "../papers/{key}/" and index["categories"][1][3] == "../adaptation/peft/"  # links as served
    lora = 2
    assert [index["tags"][t] for t in index["tagged"][lora]] == ["approach=lora", "modality=text"]
    assert (index["year"][lora], index["venues"][index["venue"][lora]], index["flags"][lora]) == (2021, "ICLR", 1)
    assert rows[0][1].startswith("German & Polish 100% {Special} $chars$ #1 ~ ^ _under \\back")
    groups = [g["data-group"] for g in elements.all("div") if "data-group" in g]
    assert groups == ["category", "approach", "modality", "venue", "status", "columns"]
    assert [s["name"] for s in elements.all("select")] == ["from", "to", "added"]
    options = [box["value"] for box in elements.all("input", type="checkbox", name="approach")]
    assert options == ["in-context-learning", "lora", "full-fine-tuning"]
    plain = _page(site, "explore/all/1")
    links = [a["href"] for a in Elements(plain).all("a") if (a.get("href") or "").startswith("../../../papers/")]
    assert links == ["../../../papers/muller2024german/", "../../../papers/interp2023/", "../../../papers/hu2021lora/"]


def test_explorer_parameters_never_clash(site: Path) -> None:
    assert facet_param("approach") == "approach"
    assert facet_param("venue") == "tag-venue" and facet_param("q") == "tag-q"  # q would open Material's search
    indexed = search_index(site)
    assert "/papers/hu2021lora/" in indexed and "/explore/" not in indexed  # no page repeating every paper


def test_statistics_page_has_accessible_inline_charts(site: Path) -> None:
    page = _page(site, "statistics")
    svgs = re.findall(r'<svg[^>]*class="survey-chart__svg".*?</svg>', page, re.S)
    assert len(svgs) == 4
    for svg in svgs:
        attributes = Elements(svg).all("svg")[0]
        assert attributes["role"] == "group"  # its bars are links to the explorer (survey/site/charts.py)
        title_id, desc_id = attributes["aria-labelledby"], attributes["aria-describedby"]
        assert f'<title id="{title_id}">' in svg and f'<desc id="{desc_id}">' in svg
        assert "<rect" in svg and "fill=" not in svg  # colours come from the stylesheet
    descriptions = [_text(d) for d in re.findall(r"<desc[^>]*>(.*?)</desc>", page, re.S)]
    assert descriptions[0].startswith("2021: 1 paper (Adaptation 1); 2022: 0 papers; 2023: 1 paper (Long context 1); 2024: 1 paper")
    assert descriptions[1] == "Parameter-efficient tuning: 1; Comparisons: 1; Position interpolation: 1."
    assert descriptions[2] == "ACM Transactions on Software Engineering and Methodology: 1; arXiv: 1; ICLR: 1."  # ties by name
    assert descriptions[3].startswith("All years: 33% (1 of 3); 2021: 100% (1 of 1)")
    css = (site / "stylesheets" / "survey.css").read_text(encoding="utf-8")
    assert '[data-md-color-scheme="slate"]' in css and ".survey-chart-c0" in css


def test_downloads_page_links_every_export(site: Path) -> None:
    page = _page(site, "downloads")
    links = {a["href"] for a in Elements(page).all("a")}
    for name in ("survey.bib", "survey-full.bib", "papers.json", "papers.csl.json", "feed.xml", "bib/peft.bib"):
        assert f"../{name}" in links, name
        assert (site / name).is_file()
    fields = _text(_section(page, "data"))
    assert "related" in fields and "keys of the most similar papers" in fields


def test_home_has_newest_additions_taxonomy_and_citation(site: Path) -> None:
    page = _page(site, "")
    newest = [a["href"] for a in Elements(_section(page, "newest-additions")).all("a")]
    # Newest added, then newest paper; then all of them in the explorer, sorted the same way.
    assert newest == ["papers/muller2024german/", "papers/hu2021lora/", "papers/interp2023/", "explore/?sort=-added", "feed.xml"]
    contents = _text(_section(page, "contents"))
    assert "Parameter-efficient tuning (1)" in contents and "Adaptation (2)" in contents
    assert "@misc{test-survey," in _text(_section(page, "how-to-cite"))
    assert Elements(page).all("link", rel="alternate", type="application/atom+xml")[0]["href"] == "feed.xml"


def test_home_names_the_ten_newest_additions_as_the_feed_does(tmp_path: Path) -> None:
    """A survey of 13 real papers over three days (the flagship snapshot and four later papers, see
    tests/data/newest-additions): the latest 10 by title and date, newest first, then the explorer
    sorted by date added; the feed's first entries are the same papers on the same days."""
    project = copy_project(tmp_path / "project")
    content = project / "content"  # its pages/ kept: the snapshot's survey and papers in place of the test survey's
    shutil.rmtree(content / "papers")
    shutil.copytree(project / "flagship-snapshot" / "papers", content / "papers")
    for name in ("survey.yaml", "paper.schema.json"):
        shutil.copy2(project / "flagship-snapshot" / name, content / name)
    for path in (project / "newest-additions").glob("*.yaml"):
        shutil.copy2(path, content / "papers" / path.name)
    result = run(["-m", "mkdocs", "build"], project)  # not --strict: the snapshot's reference pages cite papers it leaves out
    assert result.returncode == 0, result.stderr
    section = _section(_page(project / "site", ""), "newest-additions")
    items = [_text(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]
    listed = [re.fullmatch(r"(.+) \((\d{4})\), added (\d{4}-\d\d-\d\d)", item).group(1, 3) for item in items]
    assert len(listed) == 10 and [day for _, day in listed] == ["2026-12-07"] * 4 + ["2026-11-28"] * 5 + ["2026-11-26"]
    assert listed[0] == ("L-Eval: Instituting Standardized Evaluation for Long Context Language Models", "2026-12-07")
    links = [a["href"] for a in Elements(section).all("a")]
    assert links[:10] == [f"papers/{key}/" for key in ("an2024leval", "bertsch2023unlimiformer", "alayrac2022flamingo",
                                                       "aghajanyan2021intrinsic", "hu2021lora", "ouyang2022training", "press2021train",
                                                       "su2021roformer", "houlsby2019parameterefficient", "barnett2024finetuning")]
    assert links[10:] == ["explore/?sort=-added", "feed.xml"]
    assert "All 13 papers by date added, newest first" in _text(section)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.parse(project / "site" / "feed.xml").getroot().findall(f"{atom}entry")
    assert [(e.findtext(f"{atom}title"), e.findtext(f"{atom}updated")[:10]) for e in entries[:10]] == listed


def test_hostile_titles_stay_text_in_meta_tags_and_charts(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    title = 'Q"uote\' <script>alert(1)</script> & {{ x }}\u2028line 😀'
    venue = "Venue <b>|</b> \"x\" `tick` *s*"
    path = project / "content" / "papers" / "hu2021lora.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('title: "LoRA: Low-Rank Adaptation of Large Language Models"', f"title: {_yaml(title)}")
    path.write_text(text.replace("venue: ICLR 2022", f"venue: {_yaml(venue)}"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = _page(site, "papers/hu2021lora")
    assert "<script>alert" not in page
    meta = {m["name"]: m["content"] for m in Elements(page).all("meta") if m.get("name")}
    assert meta["citation_title"] == title.replace("\u2028", " ")  # folded to one line like every title
    assert meta["citation_conference_title"] == venue
    rows = json.loads((site / "explore" / "data" / "papers-0.json").read_text(encoding="utf-8"))
    assert rows[2][:4] == ["hu2021lora", title.replace("\u2028", " "), ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"], venue]
    index = json.loads((site / "explore" / "data" / "index.json").read_text(encoding="utf-8"))
    assert index["venues"][index["venue"][2]] == venue
    plain = _page(site, "explore/all/1")
    assert len(re.findall(r"<tr>", plain)) == 4  # the | in the venue did not split a row
    charts = _page(site, "statistics")
    assert "<b>" not in charts and "Venue &lt;b&gt;|&lt;/b&gt;" in charts


def _yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
