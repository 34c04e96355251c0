"""The explorer with more papers than fit in view, in Chromium: the test survey plus 1,050 papers
(11 display files, 3 plain tables), built with mkdocs and served on 127.0.0.1.

Only the rows in view are in the page (a virtual list); scrolling brings later papers in; a
search reaches papers of every display file; sorting by title follows the build's ranks; the first
load fetches the index and the first display file only; without JavaScript, the plain tables list
every paper exactly once; when the data cannot be fetched (on the small test site), the page says
so and shows the links to the plain tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROWS_PAINTED, ROWS_SHOWN, choose, copy_project, made_up_title, mkdocs_build, open_explorer, rows_shown, serve

from survey.content.load import load_content
from survey.site.explorer import data, export, fallback

# Builds the site and drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow
BULK = 1050
LEAVES = ("peft", "comparisons", "position")
APPROACHES = ("in-context-learning", "lora", "full-fine-tuning")


def _paper(i: int) -> str:
    code = f"code: https://example.org/code/{i}\n" if i % 3 == 0 else ""
    code += f"venue: ICLR {2011 + i % 12}\n" if i % 4 == 0 else ""
    title = made_up_title(i)
    return (
        f"key: bulk{i:04d}\ntitle: {title}\nauthors: [Ada Bulk{i}, Bo Second]\nyear: {2010 + i % 12}\n"
        f"category: {LEAVES[i % 3]}\ntldr: Summary of bulk paper {i} with marker word zz{i}q.\n"
        f"tags:\n  approach: [{APPROACHES[i % 3]}]\n{code}added: \"2026-01-01\"\n"
    )


@pytest.fixture(scope="module")
def bulk(tmp_path_factory, require_browser) -> Iterator[tuple[str, Path]]:
    project = copy_project(tmp_path_factory.mktemp("bulk") / "project")
    for i in range(BULK):
        (project / "content" / "papers" / f"bulk{i:04d}.yaml").write_text(_paper(i), encoding="utf-8")
    site = project / "site"
    site.mkdir()
    with serve(site) as url:  # the address is known first: the build's site_url
        result = mkdocs_build(project, site_url=url)
        assert result.returncode == 0, result.stderr
        yield url, project


@pytest.fixture(scope="module")
def order(bulk) -> list[str]:
    """Every paper's key in the explorer's order, from the project's own loader."""
    return [p.key for p in data.ordered(load_content(bulk[1] / "content"))]


def _scroll_to_the_end(page, last: str) -> None:
    """Scroll to the bottom as a reader presses End: once the rows there are measured, the page's
    height may change (guessed heights replaced), so press again until the last paper is in."""
    for _ in range(20):
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        # Two frames, not a fixed 100 ms: the scroll event, then the list's drawing in the frame it asks for.
        page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.wait_for_function("document.querySelector('article tr[data-survey-pending]') === null")
        if page.evaluate(f"document.querySelector('tr[data-survey-paper=\"{last}\"]') !== null"):
            return


def test_only_the_rows_in_view_are_in_the_page_and_scrolling_brings_later_papers(open_view, bulk, order) -> None:
    url, _ = bulk
    for width in (1440, 390):
        page = open_view(width)
        fetched = []
        page.on("request", lambda request, fetched=fetched: fetched.append(request.url.split("/explore/data/")[-1]) if "/explore/data/" in request.url else None)
        open_explorer(page, url)
        total = len(order)
        assert page.locator(".survey-explorer__count").inner_text() == f"All {total} papers"
        assert page.locator("article table").get_attribute("aria-rowcount") == str(total + 1)
        first = page.evaluate(ROWS_SHOWN)
        assert 1 <= len(first) <= 80 and first == order[: len(first)]  # a window (a phone shows few cards), in order
        assert fetched == ["index.json", "papers-0.json"]  # the first load: the index and the first display file
        _scroll_to_the_end(page, order[-1])
        last = page.evaluate(ROWS_SHOWN)
        assert last == order[-len(last):] and len(last) <= 80  # the oldest papers, and only a window of them
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight / 2)")
        page.wait_for_function(f"document.querySelector('tr[data-survey-paper=\"{order[-1]}\"]') === null")
        page.wait_for_function("document.querySelector('article tr[data-survey-pending]') === null")
        # The rows and their places read at once: the list may draw more rows between two readings.
        shown = page.locator("article tr[data-survey-paper]").evaluate_all(
            "rows => rows.map((r) => [r.dataset.surveyPaper, Number(r.getAttribute('aria-rowindex'))])")
        middle, indexes = [key for key, _ in shown], [index for _, index in shown]
        start = order.index(middle[0])
        assert middle == order[start:start + len(middle)] and 0 < start < total - len(middle)
        assert indexes == list(range(start + 2, start + 2 + len(middle)))  # where each row sits in the whole table


def test_a_search_reaches_papers_of_every_display_file(page, bulk, order) -> None:
    url, _ = bulk
    open_explorer(page, url)
    oldest = order[-1]
    number = int(oldest.removeprefix("bulk"))
    page.locator("input[name='search']").fill(f"zz{number}q")  # a word of its TL;DR only
    assert rows_shown(page, [oldest]) == [oldest]
    assert page.locator(".survey-explorer__count").inner_text() == f"1 of {len(order)} papers"
    page.locator("input[name='search']").fill("ada bulk1049 ")  # an author, as typed: words match parts of words
    assert rows_shown(page, ["bulk1049"]) == ["bulk1049"]


def test_sorting_by_title_and_counting_cover_every_paper(page, bulk, order) -> None:
    url, project = bulk
    open_explorer(page, url, "?sort=paper")
    survey = load_content(project / "content")
    by_title = sorted(data.ordered(survey), key=lambda p: data.natural(p.title))  # stable: ties keep the explorer's order
    page.wait_for_function(ROWS_PAINTED)
    shown = page.evaluate(ROWS_SHOWN)
    assert shown == [p.key for p in by_title[: len(shown)]] and shown
    assert page.locator("th", has_text="Paper").get_attribute("aria-sort") == "ascending"
    lora = sum(1 for p in survey.papers if "lora" in p.tags.get("approach", ()))
    count = page.locator("input[name='approach'][value='lora']").locator("xpath=..").locator(".survey-facet__count")
    assert count.inner_text() == f"({lora})"
    page.locator("input[name='code']").check()
    both = sum(1 for p in survey.papers if "lora" in p.tags.get("approach", ()) and p.code)
    page.wait_for_function(f"document.querySelector('.survey-explorer__count').textContent.startsWith('{sum(1 for p in survey.papers if p.code)} of')")
    assert count.inner_text() == f"({both})"


def test_without_javascript_the_plain_tables_list_every_paper_exactly_once(browser, bulk, order) -> None:
    url, _ = bulk
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "explore/")
    pages = page.locator(".survey-explorer__pages a").evaluate_all("(links) => links.map((a) => a.href)")
    assert len(pages) == -(-len(order) // fallback.PAGE_SIZE) == 3
    listed = []
    for address in pages:
        page.goto(address)
        links = page.locator("article table tbody tr td:first-child > a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
        listed += [link.rstrip("/").rsplit("/", 1)[-1] for link in links]
    assert listed == order  # every paper once, in the explorer's order
    context.close()


def test_venue_and_year_range_filter_and_count_every_paper(page, bulk) -> None:
    url, project = bulk
    survey = load_content(project / "content")
    open_explorer(page, url, "?to=2015")
    early = [p for p in data.ordered(survey) if p.year <= 2015]
    assert page.locator(".survey-explorer__count").inner_text() == f"{len(early)} of {len(survey.papers)} papers"
    iclr = [p.key for p in early if p.venue_text and p.venue_text.startswith("ICLR")]
    venue = page.locator("input[name='venue'][value='ICLR']").locator("xpath=..").locator(".survey-facet__count")
    assert venue.inner_text() == f"({len(iclr)})"  # under the year filter
    choose(page, "venue", "ICLR")
    assert page.locator(".survey-explorer__count").inner_text() == f"{len(iclr)} of {len(survey.papers)} papers"
    # The count comes from the index; the rows wait for their display file (a busy machine: later).
    page.wait_for_function(ROWS_PAINTED)
    shown = page.evaluate(ROWS_SHOWN)
    assert shown == iclr[: len(shown)] and shown
    page.select_option("select[name='from']", "2015")
    only = [p.key for p in data.ordered(survey) if p.year == 2015 and p.venue_text and p.venue_text.startswith("ICLR")]
    assert page.locator(".survey-explorer__count").inner_text() == f"{len(only)} of {len(survey.papers)} papers"
    assert "venue=ICLR" in page.url and "from=2015" in page.url and "to=2015" in page.url


def test_an_export_fetches_only_the_record_files_of_selected_papers_and_holds_them_all(page, bulk) -> None:
    import rispy

    url, project = bulk
    ordered = data.ordered(load_content(project / "content"))
    selected = [n for n, p in enumerate(ordered) if p.year == 2013 and p.code]
    chunks = sorted({n // export.CHUNK for n in selected})
    assert len(selected) > 50 and len(chunks) < -(-len(ordered) // export.CHUNK)  # many papers, not every file
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_explorer(page, url, "?from=2013&to=2013&code=1")
    with page.expect_download() as info:
        page.locator("button[data-survey-export='ris']").click()
    assert info.value.suggested_filename == "survey-year-2013-code.ris"
    records = rispy.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == sorted(ordered[n].key for n in selected)  # every one, not the rows in view
    fetched = [u.rsplit("/", 1)[1] for u in requested if re.search(r"/explore/data/(bib|ris|csl)-", u)]
    assert sorted(fetched) == sorted(f"ris-{c}.json" for c in chunks)  # each once, nothing of the other formats


def test_when_the_data_cannot_be_fetched_the_page_says_so_and_links_the_plain_tables(browser, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.route("**/explore/data/index.json", lambda route: route.abort())
    page.goto(base_url + "explore/")
    loading = page.locator(".survey-explorer__loading")
    page.wait_for_function("document.querySelector('.survey-explorer__loading').textContent.includes('could not be loaded')")
    assert loading.is_visible() and page.locator("form.survey-explorer").is_hidden()
    assert page.locator(".survey-explorer__pages a").all_inner_texts() == ["1–3"]  # visible: the way to every paper
    assert page.locator(".survey-explorer__pages").is_visible()
    context.close()


def test_the_tables_scroll_hint_keeps_its_line_shown_or_not(open_view, bulk) -> None:
    """Rows of other widths make the table overflow or not, and its "scroll sideways" hint came and
    went with them, moving the rows, which drew others: on the flagship at 1280 px, 60 redraws a
    second after typing "fo", without end. The hint's line is the same whether it shows or not, so
    the rows below it stay put when the rows in view change the table's width."""
    url, _ = bulk
    page = open_view(1440, "light")
    open_explorer(page, url)
    hint = page.locator(".survey-explorer__results .survey-table-hint")
    heights = []
    for hidden in (True, False):
        hint.evaluate(f"(element) => {{ element.hidden = {'true' if hidden else 'false'}; }}")
        heights.append(hint.evaluate("(element) => element.getBoundingClientRect().height"))
    assert heights[0] == heights[1] > 0
    hint.evaluate("(element) => { element.hidden = true; }")
    assert hint.evaluate("(element) => getComputedStyle(element).visibility") == "hidden"
