"""The explorer's view in Chromium: it stays put while it loads (cumulative layout shift), sorts and
filters by the date a paper was added, and filters by author from the address (the links on paper
pages). The test survey plus papers added on several dates, built with mkdocs, served on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from conftest import ROWS_PAINTED, ROWS_SHOWN, copy_project, made_up_title, mkdocs_build, rows_shown, serve

from survey.content.load import load_content
from survey.model import Paper
from survey.site.explorer import data

# Builds the site and drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow

EXTRA = 300  # about the flagship survey's size: a table longer than the view
DATES = ("2026-10-05", "2026-11-02", "2026-11-28", "2026-12-07")
LEAVES = ("peft", "comparisons", "position")
READY = "table[data-survey-ready]"
# Sums every layout shift not caused by input, from the first paint on (buffered: the ones before
# the observer started count too).
OBSERVE_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


def _paper(i: int) -> str:
    title = made_up_title(i)
    return (
        f"key: added{i:04d}\ntitle: {title}\nauthors: [Ada Added{i}, Bo Second]\nyear: {2015 + i % 10}\n"
        f"category: {LEAVES[i % 3]}\ntldr: Summary of added paper {i}.\ntags:\n  approach: [lora]\n"
        f"added: \"{DATES[i % len(DATES)]}\"\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory, require_browser) -> Iterator[tuple[str, list[Paper]]]:
    project = copy_project(tmp_path_factory.mktemp("view") / "project")
    for i in range(EXTRA):
        (project / "content" / "papers" / f"added{i:04d}.yaml").write_text(_paper(i), encoding="utf-8")
    folder = project / "site"
    folder.mkdir()
    with serve(folder) as url:
        result = mkdocs_build(project, site_url=url)
        assert result.returncode == 0, result.stderr
        yield url, data.ordered(load_content(project / "content"))


FRAME = "new Promise((done) => requestAnimationFrame(() => done()))"


def _in_flight(page) -> set[Any]:
    """The page's requests not answered yet (or refused), kept up to date as they come and go."""
    waiting: set[Any] = set()
    page.on("request", lambda request: waiting.add(request))
    page.on("requestfinished", lambda request: waiting.discard(request))
    page.on("requestfailed", lambda request: waiting.discard(request))
    return waiting


def _settled(page, waiting: set[Any]) -> None:
    """The explorer has drawn its rows, every request has been answered and two frames have gone by:
    Playwright's "networkidle" would add 500 ms of silence on top to each of the eight loads."""
    page.wait_for_selector(READY)
    page.wait_for_function(ROWS_PAINTED)
    for _ in range(900):  # frames, 15 s at most: events arrive between two of them
        if not waiting:
            break
        page.evaluate(FRAME)
    assert not waiting, [request.url for request in waiting]
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


# The explorer as opened from the menu, and as a paper page's author link and the home page's
# "all additions" open it (filters from the address: a chip, a sorted column).
QUERIES = {"plain": "", "from-links": "?sort=-added&author=" + quote("Jürgen Müller")}


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1440])
def test_the_explorer_barely_shifts_while_it_loads(open_page, site, width: int, scheme: str, query: str) -> None:
    url, _ = site
    page = open_page(width, scheme)
    page.add_init_script(OBSERVE_SHIFTS)
    waiting = _in_flight(page)
    page.goto(url + "explore/" + QUERIES[query])
    _settled(page, waiting)
    shift = page.evaluate("window.__shift")
    print(f"cumulative layout shift at {width} px, {scheme}, {query}: {shift:.4f}")
    assert shift < 0.1


def _count(page) -> str:
    return page.locator(".survey-explorer__count").inner_text()


def _by_added(papers: list[Paper], newest: bool) -> list[str]:
    """The papers by date added (ties in the explorer's own order, which ``papers`` is in)."""
    ranked = sorted(enumerate(papers), key=lambda ip: ((-1 if newest else 1) * int(ip[1].added.replace("-", "")), ip[0]))
    return [p.key for _, p in ranked]


@pytest.mark.parametrize("newest", [True, False], ids=["newest-first", "oldest-first"])
def test_sorting_by_date_added_from_the_address(page, site, newest: bool) -> None:
    url, papers = site
    page.goto(url + "explore/?sort=" + ("-added" if newest else "added"))
    page.wait_for_selector(READY)
    page.wait_for_function(ROWS_PAINTED)
    shown = page.evaluate(ROWS_SHOWN)
    expected = _by_added(papers, newest)
    assert len(shown) >= 5 and shown == expected[: len(shown)]
    assert expected != [p.key for p in papers]  # the sort changed the order
    assert page.locator("th", has_text="Added").get_attribute("aria-sort") == ("descending" if newest else "ascending")
    dates = page.locator("article tr[data-survey-paper] td[data-label='Added']").all_inner_texts()
    by_key = {p.key: p.added for p in papers}
    assert dates == [by_key[key] for key in shown]  # each row shows its date


def test_the_added_since_control_narrows_to_the_papers_added_on_or_after_a_date(page, site) -> None:
    url, papers = site
    page.goto(url + "explore/")
    page.wait_for_selector(READY)
    options = page.locator("select[name='added'] option").evaluate_all("(options) => options.map((o) => o.value)")
    assert options == ["", *sorted({p.added for p in papers}, reverse=True)]
    since = DATES[2]
    page.select_option("select[name='added']", since)
    recent = [p.key for p in papers if p.added >= since]
    assert 0 < len(recent) < len(papers)
    assert _count(page) == f"{len(recent)} of {len(papers)} papers"
    page.wait_for_function(ROWS_PAINTED)
    shown = page.evaluate(ROWS_SHOWN)
    assert shown == recent[: len(shown)] and shown
    assert f"added={since}" in page.url
    page.goto(url + f"explore/?added={since}&sort=-added")  # the address alone gives the same view
    page.wait_for_selector(READY)
    assert _count(page) == f"{len(recent)} of {len(papers)} papers"
    assert page.locator("select[name='added']").input_value() == since


def test_an_author_from_the_address_lists_exactly_their_papers_accents_and_case_folded(page, site) -> None:
    url, papers = site
    total = len(papers)
    page.goto(url + "explore/?author=" + quote("jurgen  MULLER"))  # the record says "Jürgen Müller"
    page.wait_for_selector(READY)
    assert [p.key for p in papers if "Jürgen Müller" in p.authors] == ["muller2024german"]
    assert rows_shown(page, ["muller2024german"]) == ["muller2024german"]
    assert _count(page) == f"1 of {total} papers"
    chips = page.locator(".survey-explorer__chips li")
    assert chips.locator("span").all_inner_texts() == ["jurgen MULLER"] and chips.is_visible()  # as given (spaces as HTML shows them)
    assert page.locator(".survey-explorer__chips button").get_attribute("aria-label") == "Remove the author filter jurgen  MULLER"
    lora = page.locator("input[name='approach'][value='lora']").locator("xpath=..").locator(".survey-facet__count")
    assert lora.inner_text() == "(0)"  # the other filters count under it: that paper is not tagged lora
    page.locator(".survey-explorer__chips button").click()
    assert _count(page) == f"All {total} papers"
    assert "author=" not in page.url and page.locator(".survey-explorer__chips").is_hidden()
    assert page.evaluate("document.activeElement.name") == "author"  # the keyboard stays in the filter


def test_repeated_authors_mean_any_of_them_and_a_part_of_a_name_matches_nothing(page, site) -> None:
    url, papers = site
    names = ["Ada Added7", "Edward J. Hu"]
    expected = [p.key for p in papers if set(p.authors) & set(names)]
    assert len(expected) == 2
    page.goto(url + "explore/?" + "&".join(f"author={quote(n)}" for n in names))
    page.wait_for_selector(READY)
    assert rows_shown(page, expected) == expected
    assert _count(page) == f"2 of {len(papers)} papers"
    assert page.locator(".survey-explorer__chips li span").all_inner_texts() == names
    page.goto(url + "explore/?author=Hu")  # a whole name, not a word of one
    page.wait_for_selector(READY)
    assert _count(page) == f"0 of {len(papers)} papers"
    assert page.locator(".survey-explorer__empty button").inner_text() == "Clear the last filter (Author)"
    page.locator(".survey-explorer__empty button").click()
    assert _count(page) == f"All {len(papers)} papers"


def test_an_author_typed_in_the_field_is_added_on_enter_and_kept_in_the_address(page, site) -> None:
    url, papers = site
    page.goto(url + "explore/")
    page.wait_for_selector(READY)
    field = page.locator("input[name='author']")
    assert page.get_by_label("Author", exact=True).evaluate("(e) => e.name") == "author"  # labelled
    field.focus()  # the field suggests every author, each once
    page.wait_for_selector("datalist#survey-explorer-authors option", state="attached")
    suggested = page.locator("datalist#survey-explorer-authors option").evaluate_all("(options) => options.map((o) => o.value)")
    written = {name for p in papers for name in p.authors}
    assert sorted(suggested) == sorted(written) and len(written) > EXTRA and field.get_attribute("list") == "survey-explorer-authors"
    field.fill("Piotr Miłoś")
    assert _count(page) == f"All {len(papers)} papers"  # nothing filters while a name is typed
    field.press("Enter")
    assert rows_shown(page, ["muller2024german"]) == ["muller2024german"]
    assert field.input_value() == "" and "author=Piotr+Mi%C5%82o%C5%9B" in page.url
    from playwright.sync_api import expect

    page.locator("form.survey-explorer button[type='reset']").click()
    # The explorer reads a reset form after the browser has cleared it (a timeout): wait for the count.
    expect(page.locator(".survey-explorer__count")).to_have_text(f"All {len(papers)} papers", timeout=5_000)
    assert "author=" not in page.url
