"""Accessibility of the built test site in Chromium: axe-core finds no serious or critical violation
on the home, category, explorer, paper and statistics pages and with the search's results open, on
a phone and a desktop, in light and dark mode; the statistics and the taxonomy figure stay readable on a phone.

axe-core comes bundled with axe-playwright-python (a test dependency) and is injected into the page
by Playwright: nothing is fetched. The fixtures (the served site, the browser) are in conftest.py.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROWS_SHOWN

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
}
PHONE, DESKTOP = 390, 1440

# The size chart text is drawn at, as rendered: its font size scaled by the SVG's own scale.
RENDERED_TEXT_SIZES = """(selector) => Array.from(document.querySelectorAll(selector)).flatMap((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Array.from(svg.querySelectorAll("text"), (text) => parseFloat(getComputedStyle(text).fontSize) * scale);
})"""


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_serious_axe_violation(open_page, base_url: str, axe, width: int, scheme: str) -> None:
    page = open_page(width, scheme)
    found = []
    for name, path in PAGES.items():
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        if path.startswith("explore/"):
            page.wait_for_selector("form.survey-explorer:not([inert])")  # the script has set the form up
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                where = [node["target"] for node in violation["nodes"][:3]]
                found.append(f"{name}: {violation['id']} ({violation['impact']}): {violation['help']} at {where}")
    assert found == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_serious_axe_violation_with_the_search_open(open_page, base_url: str, axe, width: int, scheme: str) -> None:
    page = open_page(width, scheme)
    page.goto(base_url + "papers/hu2021lora/")
    if width < 600:
        page.locator("label.md-header__button[for='__search']").click()  # a phone: the icon opens it
    else:
        page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("adaptation", delay=20)
    page.wait_for_selector(".md-search-result[aria-busy=false]", state="attached")
    assert page.locator(".md-search-result__item").count() > 1 and page.locator(".md-search-result__list").is_visible()
    found = [f"{violation['id']} ({violation['impact']}): {violation['help']} at {[node['target'] for node in violation['nodes'][:3]]}"
             for violation in axe.run(page).response["violations"] if violation["impact"] in ("serious", "critical")]
    assert found == []


def test_statistics_read_on_a_phone_and_bars_open_the_explorer(open_page, base_url: str) -> None:
    page = open_page(PHONE)
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
def test_the_taxonomy_figure_scrolls_on_a_phone_and_follows_the_scheme(open_page, base_url: str, scheme: str) -> None:
    page = open_page(PHONE, scheme)
    page.goto(base_url)
    figure = page.locator(".survey-taxonomy__scroll")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE  # the figure scrolls, not the page
    assert figure.evaluate("(box) => box.scrollWidth > box.clientWidth")
    sizes = page.evaluate(RENDERED_TEXT_SIZES, ".survey-taxonomy__svg")
    assert min(sizes) >= 11  # shown at its own size, never shrunk
    name = figure.locator("a[*|href='papers/hu2021lora/'] tspan")
    colour = name.evaluate("(text) => getComputedStyle(text).fill")
    assert colour == page.evaluate("getComputedStyle(document.querySelector('.md-typeset a')).color")  # the scheme's link colour
    name.click()
    page.wait_for_url("**/papers/hu2021lora/")
