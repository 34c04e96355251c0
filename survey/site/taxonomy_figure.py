"""The taxonomy figure survey papers open with: the category tree, and in each leaf the short names
of its papers, drawn at build time as SVG with ElementTree (every text escaped by the XML writer).

One layout, two uses: embedded on the home page (site CSS restyles it per colour scheme; in a
column narrower than the figure, as on a phone, an outline of the same tree takes its place; only
the category boxes are tab stops) and the standalone ``taxonomy.svg`` download for a survey's own
paper (fixed light colours as presentation attributes, a caption line, absolute links when the
site's URL is known). Text is measured with Helvetica's widths, generously (see text_width), so it fits in
whichever sans-serif font shows it.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from survey import urls
from survey.model import Category, Paper, Survey
from survey.names import family_name
from survey.site.charts import HREF, PALETTE, XLINK
from survey.text import one_line, xml_line
from survey.urls import Publishing

DOWNLOAD = urls.TAXONOMY_SVG
NAMES_PER_LEAF = 24  # a larger leaf ends in "+ N more", so the figure stays a figure at 10,000 papers
FONT = 12  # names
NODE_FONT = 12.5  # category boxes (bold)
LINE = 16  # line height
PAD = 6  # inside boxes
GAP = 8  # between leaf rows
COLUMN = 160  # a category box
ELBOW = 18  # room for the connectors between columns
ROOT = 34  # the rotated survey title
NAMES = 440  # the names box of a leaf at the deepest level; shallower leaves get more
FAMILY = "Helvetica, Arial, 'Liberation Sans', sans-serif"
# The standalone file cannot use the site's CSS: survey.css's light palette, as fixed colours.
LIGHT = ("#3f51b5", "#b07800", "#009e73", "#b4558a", "#0072b2", "#d55e00", "#8c6d31", "#6b6b6b")
INK = "#1f1f1f"
MARGIN = 4  # around the drawing

# Helvetica's advance widths (thousandths of an em) for printable ASCII, from its AFM file.
_WIDTHS = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, *[556] * 10, 278, 278, 584, 584, 584, 556,
     1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944,
     667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
     556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584),
    strict=True,
))
# "LongLoRA: Efficient …" and "MAGMA -- Multimodal …": a name ends at a colon or a spaced dash.
_HEAD = re.compile(r"\s*:\s*|\s+(?:--|—|–)\s+")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of text: Helvetica's, widened to what DejaVu Sans (where Helvetica,
    Arial and Liberation Sans are missing, as on many Linux machines) sets; wide East Asian
    characters take an em. So text fits in every font the figure may be shown in."""
    units = sum(_WIDTHS.get(c) or (1000 if unicodedata.east_asian_width(c) in "WF" else 600) for c in text)
    return units * size / 1000 * (1.16 * 1.1 if bold else 1.16)


def short_name(paper: Paper) -> str:
    """The paper's own name: its ``short_name``, else the title's head ("LongLoRA: …" -> LongLoRA)
    when it reads as a name (at most three words), else "Family et al. (year)"."""
    if paper.short_name:
        return one_line(paper.short_name)
    title = one_line(paper.title)
    head, *rest = _HEAD.split(title, maxsplit=1)
    if rest and head and len(head.split()) <= 3 and len(head) <= 28:
        return head
    if not paper.authors:
        words = title.split()
        return " ".join(words[:4]) + (" …" if len(words) > 4 else "")
    families = [one_line(family_name(name)) for name in paper.authors[:2]]
    who = families[0] if len(paper.authors) == 1 else " and ".join(families) if len(paper.authors) == 2 else f"{families[0]} et al."
    return f"{who} ({paper.year})"


@dataclass(frozen=True)
class _Entry:
    text: str
    target: str | None  # the page it links to
    tooltip: str | None = None


@dataclass
class _Node:
    category: Category
    lines: list[str]
    colour: int
    children: list[_Node] = field(default_factory=list)
    names: list[list[_Entry]] = field(default_factory=list)  # the leaf's names, line by line
    height: float = 0  # of the whole subtree


class Layout:
    """Measures the tree once (first pass); then draws it into an <svg> (second pass), as many times
    as there are figures (the page's and the download), each with its own links."""

    def __init__(self, survey: Survey):
        self.survey = survey
        self.href: Callable[[str], str] = str  # set by draw(): links differ per figure, the layout does not
        # Papers per category (its descendants' too) and per leaf, counted in one pass over the papers.
        self.counts = Counter(cid for p in survey.papers for cid in survey.category_path(p))
        self.in_leaf: dict[str, list[Paper]] = defaultdict(list)
        for paper in survey.papers:
            self.in_leaf[paper.category].append(paper)
        self.depth = max((len(c.ancestors) + 1 for c in survey.categories()), default=1)
        self.width = shown_width(self.depth) - 2 * MARGIN
        self.shown = 0
        self.roots = [self._measure(root, i % PALETTE) for i, root in enumerate(survey.roots)]
        self.height = sum(r.height for r in self.roots) + GAP * max(len(self.roots) - 1, 0)

    def _measure(self, category: Category, colour: int) -> _Node:
        count = self.counts[category.id]
        node = _Node(category, _wrap(f"{one_line(category.title)} ({count})", COLUMN - 2 * PAD, NODE_FONT, bold=True), colour)
        own = len(node.lines) * LINE + 2 * PAD
        if category.children:
            node.children = [self._measure(child, colour) for child in category.children]
            node.height = max(own, sum(c.height for c in node.children) + GAP * (len(node.children) - 1))
        else:
            papers = self.leaf_papers(category)
            self.shown += min(len(papers), NAMES_PER_LEAF)
            node.names = self._names(category, papers)
            node.height = max(own, len(node.names) * LINE + 2 * PAD)
        return node

    def leaf_papers(self, leaf: Category) -> list[Paper]:
        """A leaf's papers in the order the figure names them: oldest first, then by name."""
        return sorted(self.in_leaf[leaf.id], key=lambda p: (p.year, short_name(p).casefold()))

    def _names_width(self, leaf: Category) -> float:
        return self.width - self._names_x(leaf) - 2 * PAD

    def _names_x(self, leaf: Category) -> float:
        return ROOT + (len(leaf.ancestors) + 1) * (COLUMN + ELBOW)

    def _names(self, leaf: Category, papers: list[Paper]) -> list[list[_Entry]]:
        width = self._names_width(leaf)
        entries = [
            _Entry(_cut(short_name(p), width), urls.paper_page(p), f"{one_line(p.title)} ({p.year})") for p in papers[:NAMES_PER_LEAF]
        ]
        if len(papers) > NAMES_PER_LEAF:
            entries.append(_Entry(f"+ {len(papers) - NAMES_PER_LEAF} more", urls.category_page(leaf)))
        lines: list[list[_Entry]] = []
        used = width
        for entry in entries:
            wide = text_width(entry.text + ", ", FONT)
            if used + wide > width and used > 0:
                lines.append([])
                used = 0
            lines[-1].append(entry)
            used += wide
        return lines or [[_Entry("no papers yet", None)]]

    def draw(self, svg: ET.Element, top: float, href: Callable[[str], str]) -> None:
        self.href = href
        # The survey itself: a tall box on the left, its title turned to read upwards.
        middle, centre = top + self.height / 2, (ROOT - ELBOW / 2) / 2
        root = ET.SubElement(svg, "g", {"class": "survey-taxonomy__root"})
        _box(root, 0, top, ROOT - ELBOW / 2, self.height, "#ffffff", INK)
        name = _cut(one_line(self.survey.title), self.height - 2 * PAD, NODE_FONT, bold=True)
        title = _text(root, centre, middle, name, NODE_FONT, anchor="middle", bold=True)
        title.set("transform", f"rotate(-90 {centre:.1f} {middle:.1f})")
        title.set("dominant-baseline", "central")
        y = top
        for node in self.roots:
            _connector(svg, ROOT - ELBOW / 2, middle, ROOT, y + node.height / 2)
            self._place(svg, node, y, ROOT)
            y += node.height + GAP

    def _place(self, svg: ET.Element, node: _Node, top: float, x: float) -> None:
        group = ET.SubElement(svg, "g", {"class": f"survey-taxonomy__branch survey-chart-c{node.colour}"})
        own = len(node.lines) * LINE + 2 * PAD
        box_top = top + (node.height - own) / 2
        link = ET.SubElement(group, "a", {HREF: self.href(urls.category_page(node.category)), "class": "survey-taxonomy__node"})
        _box(link, x, box_top, COLUMN, own, _tint(LIGHT[node.colour]), LIGHT[node.colour])
        for i, line in enumerate(node.lines):
            _text(link, x + PAD, box_top + PAD + (i + 0.78) * LINE, line, NODE_FONT, bold=True)
        mid = box_top + own / 2
        right = x + COLUMN
        if node.children:
            children = sum(c.height for c in node.children) + GAP * (len(node.children) - 1)
            y = top + (node.height - children) / 2
            for child in node.children:
                _connector(group, right, mid, right + ELBOW, y + child.height / 2)
                self._place(group, child, y, right + ELBOW)
                y += child.height + GAP
            return
        names_x = self._names_x(node.category)
        inner = len(node.names) * LINE + 2 * PAD
        names_top = top + (node.height - inner) / 2
        _connector(group, right, mid, names_x, mid)
        _box(group, names_x, names_top, self.width - names_x, inner, "#ffffff", LIGHT[node.colour], cls="survey-taxonomy__names")
        for i, entries in enumerate(node.names):
            text = _text(group, names_x + PAD, names_top + PAD + (i + 0.75) * LINE, "", FONT)
            for j, entry in enumerate(entries):
                holder = text if entry.target is None else ET.SubElement(text, "a", {HREF: self.href(entry.target)})
                if entry.tooltip:
                    ET.SubElement(holder, "title").text = xml_line(entry.tooltip)
                name = ET.SubElement(holder, "tspan")
                name.text = xml_line(entry.text)
                last = i == len(node.names) - 1 and j == len(entries) - 1
                (holder if holder is not text else name).tail = None if last else ", "


def _wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        # A word too long for a line breaks after its hyphens ("Retrieval-" / "augmented").
        parts = [word] if text_width(word, size, bold) <= width else re.findall(r"[^-]+-*|-+", word)
        for i, part in enumerate(parts):
            joined = f"{lines[-1]}{part}" if i else f"{lines[-1]} {part}" if lines else part
            if lines and text_width(joined, size, bold) <= width:
                lines[-1] = joined
            else:
                lines.append(_cut(part, width, size, bold))
    return lines or [""]


def _cut(text: str, width: float, size: float = FONT, bold: bool = False) -> str:
    """The text, shortened with … to fit ``width``."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _tint(colour: str, share: float = 0.14) -> str:
    """``colour`` mixed into white: a box's fill in the standalone file."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


def _box(
    parent: ET.Element, x: float, y: float, width: float, height: float, fill: str, stroke: str, cls: str = "survey-taxonomy__box"
) -> None:
    attributes = {"x": x, "y": y, "width": width, "height": height}
    ET.SubElement(
        parent,
        "rect",
        {k: f"{v:.1f}" for k, v in attributes.items()} | {"rx": "4", "fill": fill, "stroke": stroke, "stroke-width": "1.2", "class": cls},
    )


def _connector(parent: ET.Element, x1: float, y1: float, x2: float, y2: float) -> None:
    middle = (x1 + x2) / 2
    d = f"M{x1:.1f} {y1:.1f}H{middle:.1f}V{y2:.1f}H{x2:.1f}"
    ET.SubElement(parent, "path", {"d": d, "fill": "none", "stroke": "#8a8a8a", "stroke-width": "1", "class": "survey-taxonomy__edge"})


def _text(parent: ET.Element, x: float, y: float, text: str, size: float, anchor: str = "start", bold: bool = False) -> ET.Element:
    attributes = {"x": f"{x:.1f}", "y": f"{y:.1f}", "font-size": f"{size:g}", "fill": INK}
    if anchor != "start":
        attributes["text-anchor"] = anchor
    if bold:
        attributes["font-weight"] = "bold"
    element = ET.SubElement(parent, "text", attributes)
    element.text = xml_line(text) or None
    return element


def _svg(layout: Layout, href: Callable[[str], str], caption: str | None) -> ET.Element:
    survey = layout.survey
    margin = MARGIN
    below = 2 * LINE if caption else 0
    width, height = layout.width + 2 * margin, layout.height + 2 * margin + below
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            **XLINK,
            "class": "survey-taxonomy__svg",
            "width": f"{width:.0f}",
            "height": f"{height:.0f}",
            "viewBox": f"{-margin} {-margin} {width:.0f} {height:.0f}",
            "font-family": FAMILY,
            "aria-labelledby": "survey-taxonomy-title",
        },
    )
    ET.SubElement(svg, "title", id="survey-taxonomy-title").text = xml_line(f"Taxonomy of {one_line(survey.title)}")
    if caption:
        ET.SubElement(svg, "rect", {"x": f"{-margin}", "y": f"{-margin}", "width": "100%", "height": "100%", "fill": "#ffffff"})
    layout.draw(svg, 0, href)
    if caption:
        _text(svg, 0, layout.height + 1.5 * LINE, caption, FONT)
    return svg


def caption(survey: Survey, layout: Layout | None = None) -> str:
    """How many papers the figure shows, in how many categories."""
    shown = (layout or Layout(survey)).shown
    total = len(survey.papers)
    leaves = sum(1 for c in survey.categories() if c.is_leaf)
    papers = f"all {total} papers" if shown == total else f"{shown} of its {total} papers"
    if total == 1:
        papers = "its one paper"
    return f"The taxonomy of {one_line(survey.title)}: {papers} in {leaves} categories, each by its short name."


def standalone(survey: Survey, publishing: Publishing, layout: Layout | None = None) -> bytes:
    """taxonomy.svg: a file for a paper, linking to the site's pages (absolute with a site_url)."""
    layout = layout or Layout(survey)
    svg = _svg(layout, lambda target: urls.page_url(target, DOWNLOAD, publishing, absolute=True), caption(survey, layout))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{ET.tostring(svg, encoding="unicode")}\n'.encode()


# The outline: where the figure is wider than the column (a phone), the home page shows the same
# tree as nested <details>, each category's <summary> its title and count; opened, a link to its page,
# then its sub-categories, or in a leaf the names the figure shows. Native disclosure widgets work by
# keyboard, with a screen reader and without JavaScript.


def outline(layout: Layout, href: Callable[[str], str]) -> ET.Element:
    """The tree as nested lists of <details>, every category closed."""
    # Left out of the search index, as the figure's SVG text is: searching an author's name finds
    # the paper's page, not the home page that names it "Müller et al. (2024)".
    tree = ET.Element("ul", {"class": "survey-taxonomy__outline", "data-pagefind-ignore": ""})
    for i, root in enumerate(layout.survey.roots):
        _branch(ET.SubElement(tree, "li"), root, layout, href, i % PALETTE)  # each branch in the figure's colour
    return tree


def _branch(item: ET.Element, category: Category, layout: Layout, href: Callable[[str], str], colour: int) -> None:
    count = layout.counts[category.id]
    title = one_line(category.title)
    details = ET.SubElement(item, "details", {"class": f"survey-taxonomy__branch survey-chart-c{colour}"})
    ET.SubElement(details, "summary").text = xml_line(f"{title} ({count})")
    inside = ET.SubElement(details, "ul")
    page = ET.SubElement(ET.SubElement(inside, "li"), "a", {"href": href(urls.category_page(category))})
    words = f"All {count} papers in {title}" if count > 1 else f"The {count} paper in {title}" if count else f"{title}: no papers yet"
    page.text = xml_line(words)
    for child in category.children:
        _branch(ET.SubElement(inside, "li"), child, layout, href, colour)
    if category.children:
        return
    papers = layout.leaf_papers(category)
    for paper in papers[:NAMES_PER_LEAF]:
        link = ET.SubElement(ET.SubElement(inside, "li"), "a", {"href": href(urls.paper_page(paper))})
        link.text = xml_line(short_name(paper))
    if len(papers) > NAMES_PER_LEAF:  # the rest are on the category's page, linked first
        ET.SubElement(inside, "li").text = f"+ {len(papers) - NAMES_PER_LEAF} more"


def embedded(survey: Survey, page: str, publishing: Publishing, layout: Layout | None = None) -> Markup:
    """The figure for a page, a caption and the download; and the same tree as an outline, shown
    instead where the figure is wider than the column (figures.css picks one by the figure's depth)."""
    layout = layout or Layout(survey)
    href = lambda target: urls.page_url(target, page, publishing)  # noqa: E731
    svg = _svg(layout, href, None)
    for name in svg.iter("a"):
        if "survey-taxonomy__node" not in name.get("class", ""):
            name.set("tabindex", "-1")  # a paper's name: clicked, not tabbed to (its category's page lists it)
    figure = ET.Element("figure", {"class": f"survey-taxonomy survey-taxonomy--depth-{layout.depth}"})
    ET.SubElement(figure, "div", {"class": "survey-taxonomy__scroll"}).append(svg)
    figure.append(outline(layout, href))
    figcaption = ET.SubElement(figure, "figcaption")
    figcaption.text = xml_line(caption(survey, layout)) + " "
    download = ET.SubElement(figcaption, "a", {"href": urls.relative(DOWNLOAD, page), "download": DOWNLOAD})
    download.text = "Download the figure (SVG)"
    # One line: a blank line would end Markdown's raw HTML block. HTML output writes end tags.
    return Markup(ET.tostring(figure, encoding="unicode", method="html"))


def shown_width(depth: int) -> int:
    """The width in CSS pixels a figure of a tree ``depth`` levels deep takes on a page, margins
    included: figures.css shows it in a column at least this wide, else the outline."""
    return ROOT + depth * (COLUMN + ELBOW) + NAMES + 2 * MARGIN
