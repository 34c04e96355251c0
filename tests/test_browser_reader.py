"""The reader's site in a real browser, at a phone's width (390 px) and a desktop's (1440 px), in the
light and the dark colour scheme (behaviour that the scheme does not change: each width and each scheme
once): tables (sticky paper column, the hint of more columns, cards on
narrow screens), the explorer (several values per facet with live counts, the empty result, evidence
and category columns, a shared address painted filtered, the keyboard), paper pages (table facts,
Open Graph and canonical links, the Cite block against the BibTeX, its copy buttons, author links, the abstract's measure), search and the site's address.

The test survey is built once, with site_url set to where it is served (fixtures in conftest.py).
"""

from __future__ import annotations

import codecs
import re
from urllib.parse import parse_qsl, urljoin, urlsplit

import latexcodec  # noqa: F401 (registers the "ulatex" codec)
import pytest
from conftest import axe_violations, choose, open_explorer, rows_shown
from pybtex.database import parse_string

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow

VIEWS = [(390, "light"), (390, "dark"), (1440, "light"), (1440, "dark")]
ALL = ["muller2024german", "interp2023", "hu2021lora"]  # the explorer's order: newest first
EXTRA_COLUMNS = ["evidence_finding", "base_models", "winner", "max_context", "method", "models", "trainable_params"]


# Each width and each scheme once: for behaviour that the colour scheme does not change (filters, counts,
# search, links, downloads), while layout and what the reader sees (focus rings, axe, tables) get all four.
EACH_ONCE = [(390, "light"), (1440, "dark")]


def behaviour(test):
    """Run ``test`` in EACH_ONCE's views rather than all of VIEWS."""
    test.views = EACH_ONCE
    return test


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "view" in metafunc.fixturenames:
        views = getattr(metafunc.function, "views", VIEWS)
        metafunc.parametrize("view", views, indirect=True, ids=[f"{width}px-{scheme}" for width, scheme in views])


@pytest.fixture
def view(request, open_page):
    """A fresh page at one of the widths, in one of the colour schemes."""
    width, scheme = request.param
    page = open_page(width, scheme)
    page.width, page.scheme = width, scheme
    return page


def _goto(page, url: str) -> None:
    page.goto(url)
    expected = "slate" if page.scheme == "dark" else "default"
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected


def _query(page) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(page.url).query)


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate("e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top, right: r.right} }")


# Tables


def test_a_wide_table_keeps_the_paper_column_in_view_and_says_more_columns_exist(view, base_url: str) -> None:
    _goto(view, base_url + "adaptation/peft/")
    if view.width < 600:
        # A list of cards: the title, then year and venue on one line, then each column as a labelled line.
        rows = view.locator("article table tbody tr")
        assert rows.first.evaluate("tr => getComputedStyle(tr).display") == "flex"
        title, year, venue = (_box(view, f"article tbody td[data-survey-role='{role}']") for role in ("title", "year", "venue"))
        assert year["top"] > title["top"] and year["top"] == venue["top"] and venue["left"] > year["left"]
        labels = view.locator("article tbody td[data-label]").evaluate_all(
            "cells => cells.map((td) => getComputedStyle(td, '::before').content + td.textContent.trim())")
        assert labels == ['"Method: "LoRA', '"Trainable parameters (%): "0.01', '"Base models: "GPT-3 175B, RoBERTa', '"Needs a GPU: "–']
        assert view.evaluate("document.documentElement.scrollWidth") <= view.width  # nothing scrolls sideways
        assert view.locator(".survey-table-hint").is_hidden()
        return
    assert view.locator(".survey-table-hint").is_hidden()  # this one fits: no hint
    # Every optional column of the explorer makes a table wider than the page.
    open_explorer(view, base_url, "?" + "&".join(f"columns={key}" for key in EXTRA_COLUMNS))
    table = view.locator("article table")
    box = "document.querySelector('article table').closest('.md-typeset__scrollwrap')"
    assert view.evaluate(f"{box}.scrollWidth > {box}.clientWidth")
    hint = view.locator(".survey-table-hint")
    assert hint.is_visible() and "More columns" in hint.inner_text()
    assert view.evaluate(f"{box}.dataset.surveyScroll") == "right"  # the cut edge fades
    row = "article tbody tr[data-survey-paper]"
    first, second = _box(view, f"{row} td:nth-child(1)"), _box(view, f"{row} td:nth-child(2)")
    view.evaluate(f"{box}.scrollLeft = 300")
    view.wait_for_function(f"{box}.dataset.surveyScroll === 'right left'")
    after_first, after_second = _box(view, f"{row} td:nth-child(1)"), _box(view, f"{row} td:nth-child(2)")
    assert abs(after_first["left"] - first["left"]) <= 1  # the paper column stays (the table's border scrolls away)
    assert after_second["left"] < second["left"] - 250  # the others pass under it
    assert table.locator("thead th").first.evaluate("th => getComputedStyle(th).position") == "sticky"
    view.evaluate(f"{box}.scrollLeft = {box}.scrollWidth")
    view.wait_for_function("document.querySelector('.survey-table-hint').hidden")  # at the end: nothing more


def test_the_explorer_puts_the_tldr_under_the_title(view, base_url: str) -> None:
    open_explorer(view, base_url)
    headers = view.locator("article table thead th:visible").all_inner_texts()
    assert [h.strip(" ↕") for h in headers] == ["Paper", "Authors", "Year", "Venue", "Category", "Code", "Added"]
    cell = view.locator("article tbody tr[data-survey-paper]").first.locator("td").first
    title, tldr = cell.locator("> a"), cell.locator(".survey-tldr")
    title, tldr = (box.evaluate("e => { const r = e.getBoundingClientRect(); return {left: r.left, top: r.top} }") for box in (title, tldr))
    assert tldr["top"] > title["top"] and abs(tldr["left"] - title["left"]) < 1
    assert cell.locator(".survey-tldr").inner_text().startswith("Compares in-context learning")
    if view.width < 600:
        assert view.evaluate("document.documentElement.scrollWidth") <= view.width  # cards here too


# The explorer


def _count(page, name: str, value: str) -> str:
    return page.locator(f"input[name='{name}'][value='{value}']").locator("xpath=..").locator(".survey-facet__count").inner_text()


@behaviour
def test_several_values_of_a_facet_widen_facets_narrow_and_counts_follow(view, base_url: str) -> None:
    open_explorer(view, base_url)
    assert _count(view, "approach", "lora") == "(1)" and _count(view, "modality", "text") == "(1)"
    choose(view, "approach", "lora")
    assert rows_shown(view, ["hu2021lora"]) == ["hu2021lora"]
    choose(view, "approach", "in-context-learning")  # OR within a facet
    assert rows_shown(view, ["muller2024german", "hu2021lora"]) == ["muller2024german", "hu2021lora"]
    assert view.locator(".survey-facet[data-group='approach'] .survey-facet__chosen").inner_text() == ": 2 chosen"
    # Each option counts the papers it would give under the other facets' filters: this facet's
    # own choices do not narrow its counts.
    assert [_count(view, "approach", v) for v in ("in-context-learning", "lora", "full-fine-tuning")] == ["(1)", "(1)", "(2)"]
    assert _count(view, "category", "comparisons") == "(1)" and _count(view, "category", "position") == "(0)"
    assert "survey-facet__option--none" in view.locator("input[name='category'][value='position']").locator("xpath=..").get_attribute("class")
    choose(view, "modality", "text")  # AND across facets
    assert rows_shown(view, ["hu2021lora"]) == ["hu2021lora"]
    assert [_count(view, "approach", v) for v in ("in-context-learning", "lora", "full-fine-tuning")] == ["(0)", "(1)", "(0)"]
    assert view.locator(".survey-explorer__count").inner_text() == "1 of 3 papers"
    assert _query(view) == [("approach", "in-context-learning"), ("approach", "lora"), ("modality", "text")]
    view.reload()
    view.wait_for_selector("form.survey-explorer:not([inert])")
    assert rows_shown(view, ["hu2021lora"]) == ["hu2021lora"]
    assert view.locator("input[name='approach']:checked").count() == 2


@behaviour
def test_an_empty_result_says_so_and_clears_the_last_filter(view, base_url: str) -> None:
    open_explorer(view, base_url, "?code=1")
    empty = view.locator(".survey-explorer__empty")
    assert empty.is_hidden()
    choose(view, "category", "context")
    assert rows_shown(view, []) == []
    assert empty.is_visible() and "No paper matches" in empty.inner_text()
    undo = empty.locator("button")
    assert undo.inner_text() == "Clear the last filter (Category)"
    undo.click()
    assert rows_shown(view, ["hu2021lora"]) == ["hu2021lora"]  # code=1 stays: only the last filter went
    assert empty.is_hidden() and _query(view) == [("code", "1")]
    # From a shared address, the last filter is the address's last one.
    open_explorer(view, base_url, "?category=context&code=1")
    assert view.locator(".survey-explorer__empty button").inner_text() == "Clear the last filter (Has code)"


@behaviour
def test_evidence_and_category_columns_can_be_shown_sorted_and_filtered(view, base_url: str) -> None:
    open_explorer(view, base_url)
    view.locator(".survey-facet[data-group='columns'] .survey-facet__toggle").click()
    panel = view.locator("#survey-filter-columns")
    assert panel.locator(".survey-facet__heading").all_inner_texts() == ["Evidence", "Category columns"]
    view.locator("input[name='columns'][value='evidence_finding']").check()  # the evidence: finding
    view.locator("input[name='columns'][value='winner']").check()  # who came out ahead
    headers = [h.strip(" ↕") for h in view.locator("article thead th:visible").all_inner_texts()]
    assert headers[-2:] == ["Finding", "Came out ahead"]
    view.keyboard.press("Escape")
    view.locator("article table").scroll_into_view_if_needed()  # only the rows in view are in the page
    view.wait_for_function("document.querySelectorAll(\"article tbody td[data-survey-column='evidence_finding']\").length === 3")
    cells = view.locator("article tbody td[data-survey-column='evidence_finding']").all_inner_texts()
    assert cells == ["fine-tuning wins on German topics", "–", "LoRA matches full fine-tuning"]
    view.locator("article thead th", has_text="Finding").locator("button").click()  # sorted, the empty cell last
    assert rows_shown(view, ["muller2024german", "hu2021lora", "interp2023"]) == ["muller2024german", "hu2021lora", "interp2023"]
    view.locator("input[name='col.evidence_finding']").fill("lora matches")  # filtered, by words
    assert rows_shown(view, ["hu2021lora"]) == ["hu2021lora"]
    assert _query(view) == [("col.evidence_finding", "lora matches"), ("columns", "evidence_finding"), ("columns", "winner"),
                            ("sort", "finding")]
    view.reload()
    view.wait_for_selector("form.survey-explorer:not([inert])")
    assert rows_shown(view, ["hu2021lora"]) == ["hu2021lora"]
    assert view.locator("article tbody td[data-survey-column='winner']:visible").all_inner_texts() == ["–"]
    # A column's filter alone shows its column: the reader sees why the rows were kept.
    open_explorer(view, base_url, "?col.winner=fine")
    assert rows_shown(view, ["muller2024german"]) == ["muller2024german"]
    assert view.locator("article thead th:visible", has_text="Came out ahead").count() == 1


FRAMES = """window.__frames = [];
window.__ticks = 0;  // every frame, the table or not
(function tick() {
  window.__ticks++;
  const table = document.querySelector("article table");
  if (table) {
    const painted = table.checkVisibility();
    window.__frames.push(painted ? Array.from(table.querySelectorAll("tr[data-survey-paper]"), (r) => r.dataset.surveyPaper).join(" ") : "-");
  }
  if (window.__frames.length < 2000) requestAnimationFrame(tick);
})();"""


@pytest.mark.parametrize("held", ["javascripts/explorer/main.js", "explore/data/index.json", "explore/data/papers-0.json"])
@behaviour
def test_a_shared_address_is_filtered_from_the_first_paint(view, base_url: str, held: str) -> None:
    view.add_init_script(FRAMES)
    waiting = []
    view.route(f"**/{held}", lambda route: waiting.append(route))  # it arrives late, as on a slow line
    view.goto(base_url + "explore/?approach=lora", wait_until="commit")
    while not waiting:
        view.wait_for_timeout(20)
    ticks = view.evaluate("window.__ticks")
    view.wait_for_function(f"window.__ticks >= {ticks + 10}")  # ten frames go by while it is held back
    assert view.locator("article table").is_hidden()
    assert view.locator(".survey-explorer__loading").is_visible()  # the reader is told why
    waiting[0].continue_()
    view.wait_for_selector("form.survey-explorer:not([inert])")
    view.wait_for_function("window.__frames.includes('hu2021lora')")
    frames = view.evaluate("window.__frames")
    assert "-" in frames and set(frames) <= {"-", "hu2021lora"}, frames  # never a frame with other papers
    assert view.locator(".survey-explorer__loading").is_hidden()
    assert rows_shown(view, ["hu2021lora"]) == ["hu2021lora"]


def test_without_javascript_the_explorer_links_plain_tables_of_every_paper(browser, base_url: str) -> None:
    for width in (390, 1440):
        context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(base_url + "explore/?approach=lora")
        assert page.locator("form.survey-explorer").is_hidden()
        assert page.locator("article table").is_hidden() and page.locator(".survey-explorer__loading").is_hidden()
        pages = page.locator(".survey-explorer__pages a")
        assert pages.all_inner_texts() == ["1–3"]
        pages.first.click()
        page.wait_for_url("**/explore/all/1/")
        links = page.locator("article table tbody tr td:first-child > a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
        assert links == [f"../../../papers/{key}/" for key in ALL]  # every paper once, newest first
        assert page.locator("article table tbody tr:visible").count() == 3
        context.close()


# The focused control as the reader sees it: what it is, where, and its focus ring against the page.
FOCUSED = """() => {
    const e = document.activeElement, s = getComputedStyle(e);
    const cls = ["survey-facet__toggle", "survey-sort", "md-button"].find((c) => e.classList.contains(c)) || "";
    return {tag: e.tagName, name: e.name || "", cls, text: (e.textContent || "").trim().slice(0, 30),
            inArticle: !!e.closest("article"), outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
            colour: s.outlineColor, background: getComputedStyle(document.body).backgroundColor}
}"""


def _focused(page) -> dict:
    return page.evaluate(FOCUSED)


def test_the_keyboard_reaches_and_operates_every_control_with_a_visible_focus_ring(view, base_url: str) -> None:
    open_explorer(view, base_url)
    # Each control is read as focus reaches it (focusin: focus has moved and :focus-visible applies),
    # not by a round trip after each Tab: thirty Tabs, then one read, cut where focus leaves the article.
    view.evaluate(f"window.__focused = []; document.addEventListener('focusin', () => window.__focused.push(({FOCUSED})()))")
    view.locator("input[name='search']").focus()
    for _ in range(30):
        view.keyboard.press("Tab")
    walked = view.evaluate("window.__focused")
    assert walked and walked[0]["name"] == "search", walked  # the search box, then one control a Tab
    reached = []
    for now in walked[:30]:
        if not now["inArticle"]:
            break
        assert now["outline"] not in ("none", "") and now["width"] >= 1.5, now  # a visible ring
        assert now["colour"] != now["background"], now
        reached.append(now)
    kinds = [(r["tag"], r["name"] or r["cls"]) for r in reached]
    toggles = [r["text"] for r in reached if r["cls"] == "survey-facet__toggle"]
    assert [t.split(" ")[0] for t in toggles] == ["Category", "Approach", "Modality", "Venue", "Publication", "Columns"]
    assert ("SELECT", "from") in kinds and ("SELECT", "to") in kinds and ("INPUT", "code") in kinds
    assert ("BUTTON", "md-button") in kinds  # clear filters
    assert ("SELECT", "added") in kinds and ("INPUT", "author") in kinds
    assert sum(1 for r in reached if r["cls"] == "survey-sort") == 7  # every column header sorts

    # Operate: open a facet with Enter, tick with Space, close with Escape, sort with Enter.
    toggle = view.locator(".survey-facet[data-group='approach'] .survey-facet__toggle")
    toggle.focus()
    view.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    view.keyboard.press("Tab")
    assert _focused(view)["name"] == "approach"
    view.keyboard.press("Tab")
    view.keyboard.press("Space")  # the second value: lora
    assert rows_shown(view, ["hu2021lora"]) == ["hu2021lora"]
    view.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and _focused(view)["cls"] == "survey-facet__toggle"
    view.locator("form.survey-explorer button[type='reset']").focus()
    view.keyboard.press("Enter")
    assert rows_shown(view, ALL) == ALL
    year = view.locator("article th", has_text="Year").locator("button")
    year.focus()
    view.keyboard.press("Enter")
    assert rows_shown(view, ["hu2021lora", "interp2023", "muller2024german"]) == ["hu2021lora", "interp2023", "muller2024german"]


# Paper pages


def _meta(page, attribute: str, name: str) -> str | None:
    found = page.locator(f"head meta[{attribute}='{name}']")
    return found.get_attribute("content") if found.count() else None


@behaviour
def test_a_paper_page_lists_its_table_facts(view, base_url: str) -> None:
    _goto(view, base_url + "papers/hu2021lora/")
    items = view.evaluate("""() => {
        const heading = Array.from(document.querySelectorAll("article h2")).find((h) => h.textContent === "Table facts");
        const items = [];
        for (let next = heading.nextElementSibling; next && next.tagName !== "H2"; next = next.nextElementSibling)
            if (next.tagName === "UL") items.push(...Array.from(next.children, (li) => li.innerText));
        return items;
    }""")
    assert items == ["Method: LoRA", "Trainable parameters (%): 0.01", "Base models: GPT-3 175B, RoBERTa", "Needs a GPU: –",
                     "Finding: LoRA matches full fine-tuning"]
    assert "Evidence across the survey" in view.locator("article").inner_text()


@behaviour
def test_a_paper_page_has_open_graph_twitter_and_canonical_links(view, base_url: str) -> None:
    _goto(view, base_url + "papers/hu2021lora/")
    canonical = base_url + "papers/hu2021lora/"
    tldr = "Freezes the weights and trains low-rank update matrices, matching fine-tuning with far fewer trainable parameters."
    assert view.locator("head link[rel='canonical']").get_attribute("href") == canonical
    assert _meta(view, "property", "og:title") == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert _meta(view, "property", "og:description") == tldr
    assert _meta(view, "property", "og:site_name") == "Test Survey"
    assert _meta(view, "property", "og:url") == canonical
    assert _meta(view, "property", "og:type") == "article"
    assert _meta(view, "name", "twitter:card") == "summary"
    assert _meta(view, "name", "twitter:title") == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert _meta(view, "name", "twitter:description") == tldr
    assert _meta(view, "name", "description") == tldr
    _goto(view, base_url + "papers/muller2024german/")  # hostile characters stay text
    assert _meta(view, "property", "og:title") == "German & Polish 100% {Special} $chars$ #1 ~ ^ _under \\back: Assessing BERT"


# Text commands latexcodec does not read back, as survey/outputs/latex.py writes them.
_COMMANDS = {"textbraceleft": "{", "textbraceright": "}", "textasciicircum": "^", "textasciitilde": "~", "textbackslash": "\\", "$": "$"}


def _plain(latex: str) -> str:
    """A BibTeX field as the text it prints: LaTeX decoded, grouping braces gone, white space folded."""
    names = list(_COMMANDS)  # each held as a private-use character while the rest is decoded
    pattern = r"\{?\\(" + "|".join(map(re.escape, names)) + r")(?:\{\}|\}| (?=\w))?"
    held = re.sub(pattern, lambda m: chr(0xE000 + names.index(m.group(1))), latex)
    text = codecs.decode(held, "ulatex+utf8").replace("{", "").replace("}", "")
    for i, name in enumerate(names):
        text = text.replace(chr(0xE000 + i), _COMMANDS[name])
    return " ".join(text.split())


def _cite_block_agrees(page, base_url: str, key: str) -> None:
    _goto(page, base_url + f"papers/{key}/")
    link = page.locator(f"article .survey-cite a[download='{key}.bib']")
    assert link.count() == 1 and urlsplit(link.get_attribute("href")).path.endswith(f"/papers/{key}.bib")
    ris = page.locator(f"article .survey-cite a[download='{key}.ris']")
    assert ris.count() == 1 and page.request.get(urljoin(page.url, ris.get_attribute("href"))).text().startswith("TY  - ")
    bib = page.request.get(base_url + f"papers/{key}.bib").text()
    assert bib == page.locator("#cite-bibtex code").inner_text().strip() + "\n"  # the shown block is the download
    entry = parse_string(bib, "bibtex").entries[key]
    for style in ("apa", "acl", "ieee"):
        cite = page.locator(f"#cite-{style}").inner_text()
        assert _plain(entry.fields["title"]).rstrip(".") in cite, style
        assert entry.fields["year"] in cite, style
        for person in entry.persons.get("author", []):
            assert _plain(" ".join(person.last_names)) in cite, (style, person)
        for field in ("booktitle", "journal"):
            if field in entry.fields:
                assert _plain(entry.fields[field]) in cite, style


@behaviour
def test_the_cite_block_agrees_with_the_downloaded_bibtex(view, base_url: str) -> None:
    """Each paper's page in turn, in one page: a failure names its paper."""
    assert ALL
    failed = []
    for key in ALL:
        try:
            _cite_block_agrees(view, base_url, key)
        except AssertionError as error:
            failed.append(f"{key}: {error!r}")
    assert failed == []


# What the test survey's LoRA paper reads in each style (tests/test_cite.py checks the formatting).
LORA_REFERENCES = {
    "apa": "Hu, E. J., Shen, Y., & Wallis, P. (2021). LoRA: Low-Rank Adaptation of Large Language Models. ICLR 2022. "
           "https://arxiv.org/abs/2106.09685",
    "acl": "Edward J. Hu, Yelong Shen, and Phillip Wallis. 2021. LoRA: Low-Rank Adaptation of Large Language Models. In ICLR 2022.",
    "ieee": "E. J. Hu, Y. Shen, and P. Wallis, “LoRA: Low-Rank Adaptation of Large Language Models,” in ICLR 2022, 2021. "
            "[Online]. Available: https://arxiv.org/abs/2106.09685",
}


def _clipboard_after(page, button) -> str:
    page.evaluate("navigator.clipboard.writeText('')")
    button.focus()
    page.keyboard.press("Enter")  # by keyboard: a button like any other
    page.wait_for_function("navigator.clipboard.readText().then((text) => text !== '')")
    return page.evaluate("navigator.clipboard.readText()")


def test_the_cite_block_shows_without_scrolling_and_copies_each_text_exactly(open_page, base_url: str) -> None:
    page = open_page(1440, permissions=["clipboard-read", "clipboard-write"])
    page.goto(base_url + "papers/hu2021lora/")
    assert page.evaluate("window.scrollY") == 0
    box = "e => { const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom} }"
    block, styles = page.locator(".survey-cite").evaluate(box), page.locator(".survey-cite__styles").evaluate(box)
    assert 0 < block["top"] and styles["bottom"] <= 900, (block, styles)  # the buttons and the styles, at 1440 x 900
    assert page.locator("article h2").first.inner_text().startswith("Cite")  # above the abstract
    buttons = page.locator(".survey-cite .md-button")
    sizes = buttons.evaluate_all("(all) => all.map((b) => { const r = b.getBoundingClientRect(); return [b.textContent.trim(), r.width, r.height] })")
    assert [label for label, _, _ in sizes] == ["Copy BibTeX", "Download BibTeX", "Download RIS", "Copy", "Copy", "Copy"]
    assert all(width >= 24 and height >= 24 for _, width, height in sizes), sizes  # WCAG 2.5.8; they are 44 px high
    for style, expected in LORA_REFERENCES.items():
        button = page.locator(f"button[data-clipboard-target='#cite-{style}']")
        assert button.get_attribute("aria-label").startswith("Copy the ")
        assert _clipboard_after(page, button) == expected, style
    bib = page.request.get(base_url + "papers/hu2021lora.bib").text()
    assert _clipboard_after(page, page.locator(".survey-cite button", has_text="Copy BibTeX")) == bib.rstrip("\n")


@behaviour
def test_an_author_opens_the_explorer_filtered_by_that_name(view, base_url: str) -> None:
    _goto(view, base_url + "papers/muller2024german/")
    authors = view.locator("article .survey-authors a")
    assert authors.all_inner_texts() == ["Jürgen Müller", "Piotr Miłoś", "01.AI"]
    authors.nth(1).click()
    view.wait_for_url("**/explore/?author=*")
    assert urlsplit(view.url).path.endswith("/explore/") and _query(view) == [("author", "Piotr Miłoś")]


def test_paper_pages_have_no_axe_violation_of_any_impact(view, base_url: str) -> None:
    """The Cite block's list, buttons and links, in both schemes and at both widths, on the papers
    tests/test_accessibility.py's matrix leaves out: it runs axe on hu2021lora's page in these same four
    views, asking for no violation of any impact too. These two differ from it: no venue, and a title
    of LaTeX's special characters with authors' names beyond ASCII."""
    found = []
    keys = [key for key in ALL if key != "hu2021lora"]
    assert keys
    for key in keys:
        _goto(view, base_url + f"papers/{key}/")
        found += [f"{key}: {violation}" for violation in axe_violations(view)]
    assert found == []


# The longest line a block's text is set in, in characters, as laid out.
LONGEST_LINE = """(selector) => {
    const lines = new Map();
    for (const block of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const box = range.getClientRects()[0];
                if (box) lines.set(Math.round(box.top), (lines.get(Math.round(box.top)) || 0) + 1);
            }
        }
    }
    return Math.max(...lines.values());
}"""


def test_the_abstract_is_set_at_a_readable_measure(open_page, base_url: str) -> None:
    page = open_page(1440)
    page.goto(base_url + "papers/muller2024german/")  # a one-paragraph abstract of 150 characters
    longest = page.evaluate(LONGEST_LINE, "article div.survey-measure p")
    assert 50 <= longest <= 75, longest  # about 150 a line before
    assert page.evaluate("document.querySelector('article').getBoundingClientRect().width") > 900  # the page itself is wide


# Search


def _search(page, query: str) -> tuple[str, list[str]]:
    """The header's search (Pagefind's index, theme/javascripts/search.js), typed key by key: its
    summary line and each result's page."""
    field = page.locator("input.md-search__input")
    if page.width < 600 and not page.evaluate("document.querySelector('[data-md-toggle=search]').checked"):
        page.locator("label.md-header__button[for='__search']").click()  # a phone: the icon opens it
    else:
        field.click()
    field.fill("")
    field.press_sequentially(query)  # a key event each, within search.js's 150 ms pause as a fast typist's
    meta = page.locator(".md-search-result__meta")
    page.wait_for_selector(".md-search-result[aria-busy=false]", state="attached")  # the results of every word typed
    items = page.evaluate("""() => Array.from(document.querySelectorAll('.md-search-result__list > li'), (li) =>
        new URL(li.querySelector('a').href).pathname)""")
    return meta.inner_text(), items


# Each query and the paper it must find first.
FINDS = [
    ("2106.09685", "hu2021lora"),  # an arXiv id
    ("10.1145/1234567.890", "muller2024german"),  # a DOI
    ("Wallis", "hu2021lora"),  # an author's family name (the third author: "et al." in tables)
    ("Müller", "muller2024german"),
    ("muller", "muller2024german"),  # Pagefind folds accents
    ("interpolation without", "interp2023"),  # words of a title
    ("paradigm", "hu2021lora"),  # a word of an abstract only
]


@behaviour
def test_search_finds_a_paper_by_identifier_or_family_name(view, base_url: str) -> None:
    """Every query in one page, each typed afresh into the box as a reader retypes it: _search waits
    for the results of its own words (aria-busy), so none reads the one before's."""
    _goto(view, base_url)
    assert FINDS
    missed = []
    for query, key in FINDS:
        _, items = _search(view, query)
        if not (items and items[0].endswith(f"/papers/{key}/")):
            missed.append(f"{query!r} should find {key} first, found {items}")
    assert missed == []


@behaviour
def test_search_shows_pages_holding_every_word_and_says_when_nothing_matches(view, base_url: str) -> None:
    _goto(view, base_url)
    # The LoRA paper has three of the words in its title; the German paper holds all four (its title
    # and its abstract): Pagefind shows only pages holding every word, so it comes first.
    summary, items = _search(view, "low-rank adaptation german")
    papers = [path for path in items if "/papers/" in path]
    assert papers == ["/papers/muller2024german/"] and summary.startswith(f"{len(items)} matching document")
    summary, items = _search(view, "zzyzx")
    assert summary == "No matching documents" and items == []


# The site's address


@behaviour
def test_the_site_url_makes_instant_navigation_sitemap_canonical_and_feed_links_work(view, base_url: str) -> None:
    asked: list[str] = []
    view.on("request", lambda request: asked.append(request.url))
    _goto(view, base_url + "papers/hu2021lora/")
    # Material takes over a link once it has read the sitemap, which it fetches after the page loads.
    view.wait_for_load_state("networkidle")
    view.evaluate("window.__stayed = true")
    view.locator("article a", has_text="Parameter-efficient tuning").first.click()
    view.wait_for_url("**/adaptation/peft/")
    assert view.evaluate("window.__stayed === true")  # instant navigation: no new document
    view.wait_for_load_state("networkidle")
    # The sitemap once a visit: Material asks for it twice, for instant navigation and for the feed's
    # <link rel="alternate">, which stays for feed readers (theme/javascripts/sitemap.js).
    assert asked.count(base_url + "sitemap.xml") == 1
    assert view.locator("head link[rel='alternate'][type='application/atom+xml']").get_attribute("href") == base_url + "feed.xml"
    # Material swaps the head's tags for the new page's.
    view.wait_for_function(f"document.querySelector('head meta[property=\"og:url\"]').content === '{base_url}adaptation/peft/'")
    assert view.locator("head link[rel='canonical']").get_attribute("href") == base_url + "adaptation/peft/"
    assert _meta(view, "property", "og:title") == "Parameter-efficient tuning"
    sitemap = view.request.get(base_url + "sitemap.xml").text()
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert base_url + "papers/hu2021lora/" in locations and all(loc.startswith(base_url) for loc in locations)
    feed = view.request.get(base_url + "feed.xml").text()
    links = re.findall(r'<link[^>]*href="([^"]+)"', feed)
    assert base_url + "feed.xml" in links and base_url + "papers/hu2021lora/" in links
    papers = view.request.get(base_url + "papers.json").json()["papers"]
    assert {p["key"]: p["page"] for p in papers}["hu2021lora"] == base_url + "papers/hu2021lora/"


@behaviour
def test_the_publication_filter_shows_peer_reviewed_papers_or_preprints(view, base_url: str) -> None:
    open_explorer(view, base_url, "?status=preprint")
    assert rows_shown(view, ["interp2023"]) == ["interp2023"]  # the one test paper without a venue
    # The other value, chosen in the same page (a second load of the explorer would prove nothing more):
    # preprints unticked, peer-reviewed ticked.
    view.locator(".survey-facet[data-group='status'] .survey-facet__toggle").click()
    view.locator("input[name='status'][value='preprint']").uncheck()
    assert rows_shown(view, ALL) == ALL and _query(view) == []
    view.locator("input[name='status'][value='peer-reviewed']").check()
    view.keyboard.press("Escape")
    assert sorted(rows_shown(view, ["muller2024german", "hu2021lora"])) == ["hu2021lora", "muller2024german"]
    assert ("status", "peer-reviewed") in _query(view)
