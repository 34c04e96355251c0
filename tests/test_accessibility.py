"""Accessibility of the built test site in Chromium: axe-core finds no violation at all (of any
impact) on the home, category, explorer, paper, statistics and downloads pages, with the home page's
outline open and the search's results open, on a phone and a desktop, in light and dark mode, and a
focused outline button keeps its contrast on a desktop; the colour-scheme toggle shows its
keyboard focus; the statistics stay readable on a phone; the taxonomy is one tab stop per category,
focus clears the sticky header, and on a phone an outline takes the figure's place.

axe-core comes bundled with axe-playwright-python (a test dependency) and is injected into the page
by Playwright: nothing is fetched. The fixtures (the served site, the browser) and axe_violations are
in conftest.py. Tests that leave nothing behind share one browser context per view (open_view); the
toggle's test changes the stored scheme and has contexts of its own (open_page).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from conftest import ROWS_SHOWN, axe_violations

# Drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow

PAGES = {
    "home": "",
    "category": "adaptation/",
    "leaf category": "adaptation/peft/",
    "explorer": "explore/",
    "explorer by author": "explore/?sort=-added&author=J%C3%BCrgen%20M%C3%BCller",  # a chip, a sorted column
    "paper": "papers/hu2021lora/",
    "statistics": "statistics/",
    "downloads": "downloads/",
}
PHONE, DESKTOP = 390, 1440

# The size chart text is drawn at, as rendered: its font size scaled by the SVG's own scale.
RENDERED_TEXT_SIZES = """(selector) => Array.from(document.querySelectorAll(selector)).flatMap((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Array.from(svg.querySelectorAll("text"), (text) => parseFloat(getComputedStyle(text).fontSize) * scale);
})"""


def _open_the_outline(page, name: str, width: int) -> None:
    page.eval_on_selector_all(".survey-taxonomy__outline details", "(all) => all.forEach((details) => { details.open = true; })")
    assert (width == PHONE) == page.locator(".survey-taxonomy__outline a[href$='papers/hu2021lora/']").is_visible()


def _open_the_search(page, name: str, width: int) -> None:
    if width < 600:
        page.locator("label.md-header__button[for='__search']").click()  # a phone: the icon opens it
    else:
        page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("adaptation")  # key by key (test_search.py's _type says why with no pause)
    page.wait_for_selector(".md-search-result[aria-busy=false]", state="attached")
    assert page.locator(".md-search-result__item").count() > 1 and page.locator(".md-search-result__list").is_visible()


FOCUSED = {"explorer": "form.survey-explorer button[type='reset']", "paper": ".survey-cite .md-button:not(.md-button--primary)"}


def _focus_a_button(page, name: str, width: int) -> None:
    target = page.locator(FOCUSED[name]).first
    target.focus()
    target.hover()
    assert page.evaluate("document.activeElement.matches('.md-button')"), name


# The states a page reaches besides its first view, in order: what brings the page there, the views
# it is checked in, and the rules (every rule unless named). Home with every branch of the phone's
# outline open (on a desktop the outline is hidden); the paper with the header's search open on its
# results; on a desktop a clicked outline button keeps the focus: Material's focused style (white on
# the accent, 4.2:1, or the link colour on it in dark mode) stayed on "Clear filters" and the Cite
# block's buttons.
STATES: dict[str, list[tuple[str, Callable[[Any, str, int], None], tuple[int, ...], tuple[str, ...]]]] = {
    "home": [("the outline open", _open_the_outline, (PHONE, DESKTOP), ())],
    "explorer": [("a focused button", _focus_a_button, (DESKTOP,), ("color-contrast",))],
    "paper": [("a focused button", _focus_a_button, (DESKTOP,), ("color-contrast",)),
              ("the search open", _open_the_search, (PHONE, DESKTOP), ())],
}
assert set(STATES) <= set(PAGES)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_axe_violation(open_view, base_url: str, width: int, scheme: str) -> None:
    """Every page, then each state it reaches, in one page per view: a state costs an axe run in the
    page already loaded, not a context and a page load of its own."""
    page = open_view(width, scheme)
    expected = "slate" if scheme == "dark" else "default"
    found, checked = [], []
    for name, path in PAGES.items():
        page.goto(base_url + path)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected, name
        if path.startswith("explore/"):
            page.wait_for_selector("form.survey-explorer:not([inert])")  # the script has set the form up
        found += [f"{name}: {violation}" for violation in axe_violations(page)]
        checked.append(name)
        for state, reach, widths, rules in STATES.get(name, []):
            if width in widths:
                reach(page, name, width)
                found += [f"{name}, {state}: {violation}" for violation in axe_violations(page, *rules)]
                checked.append(f"{name}, {state}")
    assert len(checked) == len(PAGES) + (4 if width == DESKTOP else 2), checked
    assert found == []


# The label the colour-scheme toggle shows (Material's: a label after each of its invisible radio
# buttons, one shown at a time) and its ring, whichever of the buttons has the focus.
SHOWN_TOGGLE = """() => {
    const label = document.querySelector(".md-header__option > label:not([hidden])");
    const style = getComputedStyle(label);
    const box = label.getBoundingClientRect();
    return {focused: document.activeElement.matches(".md-option"), title: label.title, width: box.width,
            outline: style.outlineStyle, ring: parseFloat(style.outlineWidth), ringColour: style.outlineColor,
            header: getComputedStyle(document.querySelector(".md-header")).backgroundColor};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_colour_scheme_toggle_shows_keyboard_focus(open_page, base_url: str, width: int, scheme: str) -> None:
    page = open_page(width, scheme)
    page.goto(base_url)
    for _ in range(10):  # from the top of the page: the skip link, the logo or menu, then the toggle
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-option')"):
            break
    toggle = page.evaluate(SHOWN_TOGGLE)
    assert toggle["focused"] and toggle["width"] > 0, toggle
    assert toggle["title"] == ("Switch to dark mode" if scheme == "light" else "Switch to light mode")
    assert toggle["outline"] == "solid" and toggle["ring"] >= 1.5 and toggle["ringColour"] != toggle["header"], toggle
    page.keyboard.press("Enter")  # Material's key for the toggle
    expected = "slate" if scheme == "light" else "default"
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === '{expected}'")


def test_statistics_read_on_a_phone_and_bars_open_the_explorer(open_view, base_url: str) -> None:
    page = open_view(PHONE)
    page.goto(base_url + "statistics/")
    sizes = page.evaluate(RENDERED_TEXT_SIZES, ".survey-chart__svg")
    assert sizes and min(sizes) >= 11, sizes
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE  # nothing sticks out sideways
    # Every bar shows its number as text, no hover needed.
    categories = page.locator("#chart-categories-title").locator("xpath=..")
    assert categories.locator("a text").evaluate_all("(texts) => texts.map((text) => text.textContent)") == ["Parameter-efficient tuning", "1", "Comparisons", "1", "Position interpolation", "1"]
    categories.locator("a", has_text="Comparisons").locator("rect").click()  # the bar itself
    page.wait_for_url(re.compile(r"/explore/\?category=comparisons$"))
    page.wait_for_selector("form.survey-explorer:not([inert])")
    assert page.evaluate(ROWS_SHOWN) == ["muller2024german"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_taxonomy_figure_shows_on_a_desktop_and_follows_the_scheme(open_view, base_url: str, scheme: str) -> None:
    page = open_view(DESKTOP, scheme)
    page.goto(base_url)
    figure = page.locator(".survey-taxonomy__scroll")
    assert figure.is_visible() and page.locator(".survey-taxonomy__outline").is_hidden()
    assert figure.evaluate("(box) => box.scrollWidth <= box.clientWidth")  # it fits: nothing to scroll
    sizes = page.evaluate(RENDERED_TEXT_SIZES, ".survey-taxonomy__svg")
    assert min(sizes) >= 11  # shown at its own size, never shrunk
    name = figure.locator("a[*|href='papers/hu2021lora/'] tspan")
    colour = name.evaluate("(text) => getComputedStyle(text).fill")
    assert colour == page.evaluate("getComputedStyle(document.querySelector('.md-typeset a')).color")  # the scheme's link colour
    name.click()  # a paper's name is no tab stop, but a click opens its page
    page.wait_for_url("**/papers/hu2021lora/")


# Each element Tab reaches, in order, from the top of the page to the feed link: where it is.
TAB_TO_FEED = """() => {
    const element = document.activeElement;
    const box = element.getBoundingClientRect();
    return {href: element.getAttribute("href") || element.getAttribute("xlink:href") || "", tag: element.tagName,
            tree: !!element.closest(".survey-taxonomy__scroll, .survey-taxonomy__outline"),
            node: element.classList.contains("survey-taxonomy__node")};
}"""
CATEGORIES = 5  # the test survey's: Adaptation and its two leaves, Long context and its leaf


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_taxonomy_gives_one_tab_stop_per_category_at_most_and_the_feed_comes_soon(open_view, base_url: str, width: int) -> None:
    page = open_view(width)
    page.goto(base_url)
    stops = []
    while not stops or not stops[-1]["href"].endswith("feed.xml"):
        assert len(stops) < 100, stops[-5:]  # the feed link was at Tab 402 when every name was a stop
        page.keyboard.press("Tab")
        stops.append(page.evaluate(TAB_TO_FEED))
    tree = [stop for stop in stops if stop["tree"]]
    if width == DESKTOP:  # the figure: each category's box, nothing else
        assert len(tree) == CATEGORIES and all(stop["node"] for stop in tree), tree
        assert len(stops) <= 40, len(stops)
    else:  # the outline, closed: each top-level category's summary
        assert [stop["tag"] for stop in tree] == ["SUMMARY", "SUMMARY"]
        assert len(stops) <= 40, len(stops)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_focused_category_scrolls_clear_of_the_sticky_header(open_view, base_url: str, width: int) -> None:
    page = open_view(width)
    page.goto(base_url)
    node = page.locator(".survey-taxonomy__node" if width == DESKTOP else ".survey-taxonomy__outline summary").first
    # The page scrolled so that the category's top hides under the header: in the view, so focus
    # alone would not scroll; the browser scrolls it clear because of its scroll-margin.
    page.evaluate("(top) => window.scrollTo(0, top)", node.evaluate("(e) => e.getBoundingClientRect().top + window.scrollY - 10"))
    assert node.evaluate("(e) => e.getBoundingClientRect().top") == pytest.approx(10, abs=1)
    page.locator("article a[href$='downloads/']").first.evaluate("(e) => e.focus({preventScroll: true})")  # the tab stop before it
    page.keyboard.press("Tab")
    assert node.evaluate("(e) => e === document.activeElement")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    top = node.evaluate("(e) => e.getBoundingClientRect().top")
    assert header <= top <= header + 40, (header, top)


def test_on_a_phone_the_taxonomy_is_an_outline_and_nothing_scrolls_sideways(open_view, base_url: str) -> None:
    page = open_view(PHONE)
    page.goto(base_url)
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    assert page.locator(".survey-taxonomy__scroll").is_hidden()
    assert page.locator(".survey-taxonomy").evaluate("(figure) => figure.scrollWidth <= figure.clientWidth")
    outline = page.locator(".survey-taxonomy__outline")
    assert outline.is_visible()
    summaries = outline.locator("summary")
    assert summaries.evaluate_all("(all) => all.map((s) => s.textContent)") == [
        "Adaptation (2)", "Parameter-efficient tuning (1)", "Comparisons (1)", "Long context (1)", "Position interpolation (1)"]
    lora = outline.get_by_role("link", name="LoRA")
    assert lora.is_hidden()  # closed
    summaries.first.focus()
    page.keyboard.press("Enter")  # opens by keyboard
    outline.get_by_text("Parameter-efficient tuning (1)").click()
    assert outline.get_by_role("link", name="All 2 papers in Adaptation").is_visible() and lora.is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")
    lora.click()
    page.wait_for_url("**/papers/hu2021lora/")
