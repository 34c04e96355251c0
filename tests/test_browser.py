"""The built site in a real browser: Debian's Chromium driven by Playwright, against the test survey
built with mkdocs and served on 127.0.0.1 by a server the tests start and stop (fixtures in conftest.py).

Without /usr/bin/chromium the tests skip, saying how to install it; with CI=true they fail instead,
so CI can never pass without having run them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import choose, open_explorer, rows_shown
from pybtex.database import parse_file

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow


def test_search_for_a_title_shows_the_paper(page, base_url: str) -> None:
    page.goto(base_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Low-Rank Adaptation")  # key by key, as a reader types (test_search.py's _type says why with no pause)
    result = page.locator(".md-search-result__item", has_text="LoRA: Low-Rank Adaptation of Large Language Models").first
    result.wait_for()
    assert "papers/hu2021lora/" in result.locator("a").first.get_attribute("href")

    open_explorer(page, base_url)  # the explorer's own search: title, authors and TL;DR
    page.locator("input[name='search']").fill("low-rank adaptation")
    assert rows_shown(page, ["hu2021lora"]) == ["hu2021lora"]
    page.locator("input[name='search']").fill("müller")  # an author beyond the table's "et al."
    assert rows_shown(page, ["muller2024german"]) == ["muller2024german"]
    page.locator("input[name='search']").fill("German web data")  # words of the TL;DR
    assert rows_shown(page, ["muller2024german"]) == ["muller2024german"]
    assert urlsplit(page.url).query == "search=German+web+data"
    page.reload()
    page.wait_for_selector("form.survey-explorer:not([inert])")
    assert rows_shown(page, ["muller2024german"]) == ["muller2024german"]
    assert page.locator("input[name='search']").input_value() == "German web data"
    assert not page.evaluate("document.querySelector('[data-md-toggle=search]').checked")  # Material's own stays shut


def test_filters_combine_and_survive_a_reload(page, base_url: str) -> None:
    open_explorer(page, base_url)
    assert rows_shown(page, ["muller2024german", "interp2023", "hu2021lora"]) == ["muller2024german", "interp2023", "hu2021lora"]
    choose(page, "approach", "full-fine-tuning")
    assert rows_shown(page, ["muller2024german", "interp2023"]) == ["muller2024german", "interp2023"]
    page.select_option("select[name='from']", "2024")
    assert rows_shown(page, ["muller2024german"]) == ["muller2024german"]
    assert page.locator(".survey-explorer__count").inner_text() == "1 of 3 papers"
    assert urlsplit(page.url).query == "approach=full-fine-tuning&from=2024"

    page.reload()
    page.wait_for_selector("form.survey-explorer:not([inert])")
    assert rows_shown(page, ["muller2024german"]) == ["muller2024german"]
    assert page.locator("input[name='approach'][value='full-fine-tuning']").is_checked()

    page.locator("form.survey-explorer button[type='reset']").click()
    assert rows_shown(page, ["muller2024german", "interp2023", "hu2021lora"]) == ["muller2024german", "interp2023", "hu2021lora"]
    assert urlsplit(page.url).query == ""
    page.locator("input[name='code']").check()
    assert rows_shown(page, ["hu2021lora"]) == ["hu2021lora"]
    choose(page, "category", "context")
    assert rows_shown(page, []) == []
    assert page.locator(".survey-explorer__count").inner_text() == "0 of 3 papers"


def test_a_tag_on_a_paper_page_opens_the_filteredopen_explorer(page, base_url: str) -> None:
    page.goto(base_url + "papers/muller2024german/")
    page.locator("article a", has_text="In-context learning").first.click()  # instant navigation
    page.wait_for_url("**/explore/?approach=in-context-learning")
    page.wait_for_selector("form.survey-explorer:not([inert])")
    assert rows_shown(page, ["muller2024german"]) == ["muller2024german"]
    assert page.locator("input[name='approach']:checked").evaluate_all("boxes => boxes.map((b) => b.value)") == ["in-context-learning"]


def test_sorting_by_year_orders_the_rows(page, base_url: str) -> None:
    open_explorer(page, base_url)
    year = page.locator("th", has_text="Year")
    year.locator("button").click()
    assert rows_shown(page, ["hu2021lora", "interp2023", "muller2024german"]) == ["hu2021lora", "interp2023", "muller2024german"]
    assert year.get_attribute("aria-sort") == "ascending"
    year.locator("button").click()
    assert rows_shown(page, ["muller2024german", "interp2023", "hu2021lora"]) == ["muller2024german", "interp2023", "hu2021lora"]
    assert "sort=-year" in page.url
    choose(page, "approach", "full-fine-tuning")
    page.reload()
    page.wait_for_selector("form.survey-explorer:not([inert])")
    assert rows_shown(page, ["muller2024german", "interp2023"]) == ["muller2024german", "interp2023"]
    assert page.locator("th", has_text="Year").get_attribute("aria-sort") == "descending"

    # A category's comparison table sorts the same way.
    page.goto(base_url + "adaptation/")
    table = page.locator("article table").first
    table.locator("th", has_text="Year").locator("button").click()
    years = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert years == sorted(years) and len(years) == 2


def test_copy_button_and_bibtex_download(open_page, base_url: str, tmp_path: Path) -> None:
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "papers/hu2021lora/")
    block = page.locator(".highlight", has_text="@inproceedings{hu2021lora")
    copy = block.locator("button[data-md-type='copy']")  # Material's copy button
    assert copy.count() == 1
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("@inproceedings{hu2021lora,")
    with page.expect_download() as download:
        page.locator("a[download='hu2021lora.bib']").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "hu2021lora.bib"
    entry = parse_file(str(path), "bibtex").entries["hu2021lora"]
    assert entry.fields["eprint"] == "2106.09685" and entry.type == "inproceedings"


def test_light_dark_toggle_and_no_script_errors_anywhere(open_page, base_url: str) -> None:
    page = open_page()
    page.goto(base_url + "statistics/")
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    bar_colour = "getComputedStyle(document.querySelector('.survey-chart__svg rect')).fill"
    assert page.evaluate(scheme) == "default"
    light_bar = page.evaluate(bar_colour)
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"{scheme} === 'slate'")
    assert page.evaluate(bar_colour) != light_bar  # the charts follow the colour scheme
    text_fill = page.evaluate("getComputedStyle(document.querySelector('.survey-chart__svg text')).fill")
    assert text_fill == page.evaluate("getComputedStyle(document.querySelector('.md-typeset')).color")
    page.reload()
    assert page.evaluate(scheme) == "slate"  # the choice is remembered
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function(f"{scheme} === 'default'")

    for path in ("", "explore/", "statistics/", "downloads/", "adaptation/", "adaptation/peft/", "papers/hu2021lora/", "about/"):
        response = page.goto(base_url + path)
        assert response.ok, path
        page.wait_for_load_state("load")
    assert page.errors == [] and page.outside == []
