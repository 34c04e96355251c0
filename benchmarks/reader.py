"""The reader's view of a built site: what Chromium transfers and how long it waits.

Debian's Chromium, driven by Playwright, opens the site served by static_server.py (gzip as a host
sends it). Bytes are what the browser reports as transferred (encoded bodies and headers, as
Playwright's request sizes give them, a page's workers included), each page in a fresh browser
context with an empty cache.
Times are the page's own clock (performance.now()), so Playwright's round trips are not counted.

- Explorer, first load: bytes transferred until the network is idle, and the time from navigation
  until it is usable: a paper row visible (a link to a paper page in the explorer's table or list)
  and its text filter visible and enabled.
- Explorer, filtering: the bytes that focusing its text filter fetches, then each keystroke typed
  into it, from the key event to the frame painted after the last change it made to the page
  (nothing changes for 150 ms after it).
- Search: on a paper page, bytes transferred from focusing the header's search box to the results
  (network idle), and the time from the query's first keystroke (its input event; the rest follow
  within milliseconds) to the first result shown.
- Loading a paper page without searching: the bytes of search files it fetches anyway.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEARCH_BOX = "input.md-search__input"
SEARCH_RESULT = ".md-search-result__item"
SEARCH_FILES = ("search_index.json", "/pagefind/", "/search/")
TIMEOUT_MS = 60_000

# The explorer's text filter: the old form's and the new one's (data-field="text"), else the first search box in the content.
FILTER = "main input[data-field='text'], main input[name='search']"
USABLE = """(filter) => {
  const shown = (element) => element && element.checkVisibility() && !element.closest("[hidden]");
  const box = document.querySelector(filter);
  if (!shown(box) || box.disabled || box.closest("[inert]")) return false; // seen before the script is ready, usable after
  const rows = document.querySelectorAll(
    "main table tbody tr a[href*='papers/'], main [role=row] a[href*='papers/'], main li a[href*='papers/']");
  for (const link of rows) if (shown(link) && !link.closest("nav, form")) return performance.now();
  return false;
}"""
# Per keystroke: the key event's time, then the time of the frame after the page's last change.
WATCH_KEYS = """(filter) => {
  const box = document.querySelector(filter);
  const log = window.__keys = {start: null, painted: null, changed: null};
  const paint = () => requestAnimationFrame(() => setTimeout(() => { log.painted = performance.now(); }, 0));
  box.addEventListener("keydown", () => { log.start = performance.now(); log.painted = null; log.changed = null; }, true);
  box.addEventListener("input", paint, true);
  new MutationObserver(() => { log.changed = performance.now(); paint(); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
}"""
KEY_SETTLED = """() => { const log = window.__keys; const last = Math.max(log.changed || 0, log.painted || 0);
  return log.painted !== null && performance.now() - last > 150 ? log.painted - log.start : false; }"""
SEARCH_SHOWN = """([box, result]) => {
  const first = document.querySelector(result);
  return first && first.checkVisibility() && window.__query !== undefined ? performance.now() - window.__query : false;
}"""
WATCH_QUERY = """(box) => { document.querySelector(box).addEventListener("input", () => { window.__query = performance.now(); },
  {capture: true, once: true}); }"""


@dataclass
class ReaderFigures:
    explorer_kb: float = 0.0
    explorer_usable_ms: float = 0.0
    explorer_largest: tuple[tuple[str, float], ...] = ()  # (path, KB) of its largest transfers on first load
    explorer_focus_kb: float = 0.0  # fetched on focusing the text filter (data a search needs), before typing
    keystroke_ms: float = 0.0  # median
    keystroke_worst_ms: float = 0.0
    search_kb: float = 0.0
    search_ms: float = 0.0
    page_kb: float = 0.0  # a paper page loaded without searching, everything
    page_search_kb: float = 0.0  # of which search files
    page_search_files: tuple[str, ...] = ()


def browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return "Chromium is not installed (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed (.venv/bin/pip install -e '.[test]')"
    return None


class Transfers:
    """Bytes the browser receives (encoded bodies and headers), by URL, for the page and its workers
    (Pagefind fetches its index from a worker), as Playwright reports them."""

    def __init__(self, page: Any) -> None:
        self.finished: list[Any] = []
        page.context.on("requestfinished", lambda request: self.finished.append(request))

    def mark(self) -> int:
        return len(self.finished)

    def by_url(self, since: int = 0) -> dict[str, float]:
        out: dict[str, float] = {}
        for request in self.finished[since:]:
            if request.url.startswith("data:"):
                continue
            sizes = request.sizes()
            out[request.url] = out.get(request.url, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return out

    def total(self, since: int = 0) -> float:
        return sum(self.by_url(since).values())


def measure(base_url: str, paper_path: str, query: str, filter_word: str) -> ReaderFigures:
    from playwright.sync_api import sync_playwright

    figures = ReaderFigures()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            _explorer(browser, base_url, filter_word, figures)
            _search(browser, base_url + paper_path, query, figures)
        finally:
            browser.close()
    return figures


def _page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    return page


def _explorer(browser: Any, base_url: str, word: str, figures: ReaderFigures) -> None:
    page = _page(browser)
    transfers = Transfers(page)
    page.goto(base_url + "explore/", wait_until="commit")
    figures.explorer_usable_ms = page.wait_for_function(USABLE, arg=FILTER, polling="raf").json_value()
    page.wait_for_load_state("networkidle")
    figures.explorer_kb = transfers.total() / 1024
    largest = sorted(transfers.by_url().items(), key=lambda item: -item[1])[:3]
    figures.explorer_largest = tuple((urlsplit(url).path, size / 1024) for url, size in largest)
    page.evaluate(WATCH_KEYS, FILTER)
    focused = transfers.mark()
    page.locator(FILTER).first.click()
    page.wait_for_load_state("networkidle")  # what focusing loads: its keystrokes would otherwise wait for it unseen
    page.wait_for_timeout(200)
    figures.explorer_focus_kb = transfers.total(focused) / 1024
    times = []
    for key in word:
        page.keyboard.press(key)
        times.append(page.wait_for_function(KEY_SETTLED, polling=20).json_value())
    figures.keystroke_ms = statistics.median(times)
    figures.keystroke_worst_ms = max(times)
    page.context.close()


def _search(browser: Any, url: str, query: str, figures: ReaderFigures) -> None:
    page = _page(browser)
    transfers = Transfers(page)
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    figures.page_kb = transfers.total() / 1024
    searched = {u: b for u, b in transfers.by_url().items() if any(part in urlsplit(u).path for part in SEARCH_FILES)}
    figures.page_search_kb = sum(searched.values()) / 1024
    figures.page_search_files = tuple(sorted(urlsplit(u).path for u in searched))
    before = transfers.mark()
    page.evaluate(WATCH_QUERY, SEARCH_BOX)
    box = page.locator(SEARCH_BOX)
    box.click()
    box.press_sequentially(query)  # key by key, as fast as Playwright types: the theme's search listens to keys
    figures.search_ms = page.wait_for_function(SEARCH_SHOWN, arg=[SEARCH_BOX, SEARCH_RESULT], polling="raf").json_value()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # result fragments fetched after the first results
    figures.search_kb = transfers.total(before) / 1024
    page.context.close()
