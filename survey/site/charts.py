"""Statistics charts as inline SVG, drawn at build time (no chart library, no script, no CDN).

Each chart is a <figure> built with ElementTree, so every label is escaped by the XML writer. The
SVG has a <title> and a <desc> that reads the data out for screen readers: it is role="img", or,
when its bars link to the explorer filtered on them, a group of links described by the <desc>.
Colours are CSS classes (theme/stylesheets/survey.css maps them to variables per colour scheme) and
text uses currentColor, so the same markup reads well in light and dark mode.

Charts are narrow (WIDTH) and the stylesheet shows them at most a little larger than drawn, so
their 13-unit text stays at least 11 px on a 390 px phone, where they fill the column; every
number is printed, none needs a hover.
"""

from __future__ import annotations

import math
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from survey.model import Paper, Survey
from survey.text import one_line, xml_line

PALETTE = 8  # colour classes survey-chart-c0 .. c7 in the stylesheet
WIDTH = 400  # 13-unit text is 11.6 px where a 390 px phone shows it 358 px wide
BAR = 14  # height of a horizontal bar
ROW = 38  # distance between horizontal bars: the label sits above its bar
LABEL = 0  # where horizontal bars start (their labels sit above them)
YEAR_LABEL = 40  # room a year label needs under its column
# How a chart links a bar to the explorer: query parameters in, the link's address out.
Link = Callable[[dict[str, str]], str]
# SVG links use xlink:href, not href: Material's instant navigation assigns to the href of every
# element with an href attribute, which an SVG <a> does not allow (a script error on every page).
XLINK = {"xmlns:xlink": "http://www.w3.org/1999/xlink"}
HREF = "xlink:href"
_YEAR = re.compile(r"\s*\b(19|20)\d\d\b")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # what the bar's end says, e.g. "12" or "30% (12 of 40)"
    colour: int
    query: dict[str, str] | None = None  # the explorer's filters that show the bar's papers


def venue_series(paper: Paper) -> str:
    """The venue without its year ("ICLR 2024" -> "ICLR"); preprints count as arXiv."""
    if not paper.venue_text:
        return "arXiv"
    # Invisible characters are dropped as on the pages, so every writer agrees on the name.
    visible = one_line(paper.venue_text)
    return " ".join(_YEAR.sub("", visible).split()) or visible or "arXiv"


def papers_per_year(survey: Survey, chart_id: str, link: Link | None = None) -> Markup:
    """Stacked columns: papers per year, each column split by top-level category."""
    tops = list(survey.roots)
    colour = {top.id: i % PALETTE for i, top in enumerate(tops)}
    counts: Counter[tuple[int, str]] = Counter()
    for paper in survey.papers:
        category = survey.category(paper.category)
        counts[(paper.year, category.top.id if category else "")] += 1
    years = sorted({year for year, _ in counts})
    years = list(range(years[0], years[-1] + 1)) if years else []
    totals = {year: sum(counts[(year, top.id)] for top in tops) for year in years}
    peak = max(totals.values(), default=0) or 1
    height, top_pad, bottom = 260, 20, 28
    plot = height - top_pad - bottom
    step = (WIDTH - 40) / max(len(years), 1)
    label_every = math.ceil(YEAR_LABEL / step)  # keep year labels from overlapping
    summary = "; ".join(
        f"{year}: {totals[year]} " + ("paper" if totals[year] == 1 else "papers")
        + (" (" + ", ".join(f"{t.title} {counts[(year, t.id)]}" for t in tops if counts[(year, t.id)]) + ")" if totals[year] else "")
        for year in years
    )
    svg, title = _svg(chart_id, "Papers per year, by top-level category", summary + "." if years else "No papers yet.", height, link)
    _line(svg, 30, top_pad + plot, WIDTH - 10, top_pad + plot)
    for i, year in enumerate(years):
        x = 30 + i * step + step * 0.15
        y: float = top_pad + plot
        for top in tops:
            n = counts[(year, top.id)]
            if not n:
                continue
            h = plot * n / peak
            y -= h
            query = {"category": top.id, "from": str(year), "to": str(year)}
            parent = _link(svg, link, query, f"{year}, {top.title}: {n} " + ("paper" if n == 1 else "papers"))
            rect = _rect(parent, x, y, step * 0.7, h, colour[top.id])
            ET.SubElement(rect, "title").text = xml_line(f"{year}, {top.title}: {n}")
        if totals[year]:
            _label(svg, x + step * 0.35, y - 4, str(totals[year]), "middle")
        if i % label_every == 0:
            _label(svg, x + step * 0.35, top_pad + plot + 18, str(year), "middle")
    # The legend counts each top-level category's papers, so every number is on the page.
    legend = [(f"{top.title} ({sum(counts[(year, top.id)] for year in years)})", colour[top.id]) for top in tops]
    return _figure(svg, title, legend)


def papers_per_category(survey: Survey, chart_id: str, link: Link | None = None) -> Markup:
    """Horizontal bars: papers in each leaf category, grouped and coloured by top-level category."""
    bars = []
    for i, top in enumerate(survey.roots):
        for leaf in (c for c in top.walk() if c.is_leaf):
            n = len(survey.papers_in(leaf))
            bars.append(Bar(leaf.title, n, str(n), i % PALETTE, {"category": leaf.id}))
    legend = [(top.title, i % PALETTE) for i, top in enumerate(survey.roots)]
    return _bars(chart_id, "Papers per category", bars, legend, link=link)


def top_venues(survey: Survey, chart_id: str, count: int = 12, link: Link | None = None) -> Markup:
    """Horizontal bars: the venues with most papers (years merged), preprints as arXiv."""
    series = Counter(venue_series(p) for p in survey.papers)
    ranked = sorted(series.items(), key=lambda kv: (-kv[1], kv[0].casefold(), kv[0]))[:count]
    bars = [Bar(name, n, str(n), 0, {"venue": name}) for name, n in ranked]
    return _bars(chart_id, f"Top {len(bars)} venues (years merged; preprints as arXiv)", bars, [], link=link)


def code_share(survey: Survey, chart_id: str, link: Link | None = None) -> Markup:
    """Horizontal bars: the share of papers with a code link, overall and per year."""
    groups = [("All years", survey.papers)] + [
        (str(year), [p for p in survey.papers if p.year == year]) for year in sorted({p.year for p in survey.papers})
    ]
    bars = []
    for label, papers in groups:
        with_code = sum(1 for p in papers if p.code)
        share = 100 * with_code / len(papers) if papers else 0
        query = {"code": "1"} | ({} if label == "All years" else {"from": label, "to": label})
        bars.append(Bar(label, share, f"{share:.0f}% ({with_code} of {len(papers)})", 0 if label == "All years" else 1, query))
    return _bars(chart_id, "Share of papers with a code link", bars, [], maximum=100, link=link)


def _bars(
    chart_id: str, heading: str, bars: list[Bar], legend: list[tuple[str, int]], maximum: float | None = None, link: Link | None = None,
) -> Markup:
    peak = maximum or max((b.value for b in bars), default=0) or 1
    height = len(bars) * ROW + 4
    summary = "; ".join(f"{b.label}: {b.text}" for b in bars)
    svg, title = _svg(chart_id, heading, summary + "." if bars else "No papers yet.", height, link)
    room = WIDTH - LABEL - 130  # leave space after the longest bar for its text
    for i, bar in enumerate(bars):
        y = 20 + i * ROW  # the bar; its label sits on the line above it
        parent = _link(svg, link, bar.query, f"{bar.label}: {bar.text}")
        label = bar.label if len(bar.label) <= 44 else bar.label[:43] + "…"
        text = _label(parent, LABEL, y - 5, label, "start")
        if label != bar.label:
            ET.SubElement(text, "title").text = xml_line(bar.label)
        width = max(room * bar.value / peak, 1 if bar.value else 0)
        rect = _rect(parent, LABEL, y, width, BAR, bar.colour)
        ET.SubElement(rect, "title").text = xml_line(f"{bar.label}: {bar.text}")
        _label(parent, LABEL + width + 6, y + BAR - 2, bar.text, "start")
    return _figure(svg, title, legend)


def explorer_link(explorer: str) -> Link:
    """Links to the explorer at ``explorer`` (its address from the statistics page), filtered."""
    return lambda query: explorer + "?" + urllib.parse.urlencode(query)


def _link(svg: ET.Element, link: Link | None, query: dict[str, str] | None, name: str) -> ET.Element:
    """The element a bar is drawn into: a link to the explorer showing its papers, where there is one."""
    if link is None or query is None:
        return svg
    anchor = ET.SubElement(svg, "a", {HREF: link(query)})
    # A link's <title> names it (and is its tooltip); as element text, the writer escapes all of it.
    ET.SubElement(anchor, "title").text = xml_line(f"{name} (open in the explorer)")
    return anchor


def _svg(chart_id: str, heading: str, summary: str, height: float, link: Link | None = None) -> tuple[ET.Element, str]:
    # An image has no interactive parts: with links, the chart is a group they belong to.
    names = {"role": "img", "aria-labelledby": f"{chart_id}-title {chart_id}-desc"} if link is None else {
        "role": "group", "aria-labelledby": f"{chart_id}-title", "aria-describedby": f"{chart_id}-desc",
    }
    svg = ET.Element(
        "svg",
        {"xmlns": "http://www.w3.org/2000/svg"} | XLINK | {"class": "survey-chart__svg", "viewBox": f"0 0 {WIDTH} {height:g}"} | names,
    )
    ET.SubElement(svg, "title", id=f"{chart_id}-title").text = xml_line(heading)
    ET.SubElement(svg, "desc", id=f"{chart_id}-desc").text = xml_line(summary)
    return svg, heading


def _rect(svg: ET.Element, x: float, y: float, width: float, height: float, colour: int) -> ET.Element:
    box = {"x": x, "y": y, "width": width, "height": height}
    return ET.SubElement(svg, "rect", {k: f"{v:.1f}" for k, v in box.items()} | {"class": f"survey-chart-c{colour}"})


def _line(svg: ET.Element, x1: float, y1: float, x2: float, y2: float) -> None:
    ends = {"x1": x1, "y1": y1, "x2": x2, "y2": y2}
    ET.SubElement(svg, "line", {k: f"{v:.1f}" for k, v in ends.items()} | {"class": "survey-chart__axis"})


def _label(svg: ET.Element, x: float, y: float, text: str, anchor: str) -> ET.Element:
    element = ET.SubElement(svg, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", "text-anchor": anchor})
    element.text = xml_line(text)
    return element


def _figure(svg: ET.Element, heading: str, legend: list[tuple[str, int]]) -> Markup:
    figure = ET.Element("figure", {"class": "survey-chart"})
    figure.append(svg)
    caption = ET.SubElement(figure, "figcaption")
    ET.SubElement(caption, "strong").text = heading
    if legend:
        items = ET.SubElement(caption, "ul", {"class": "survey-chart__legend"})
        for name, colour in legend:
            item = ET.SubElement(items, "li")
            ET.SubElement(item, "span", {"class": f"survey-chart__swatch survey-chart-c{colour}", "aria-hidden": "true"}).text = ""
            ET.SubElement(item, "span").text = xml_line(name)
    # One line, no blank lines: Markdown passes a raw HTML block through untouched. HTML output
    # writes explicit end tags (HTML does not read <span/> as an empty element).
    return Markup(ET.tostring(figure, encoding="unicode", method="html"))
