"""The explorer's view in Chromium: it stays put while it loads (cumulative layout shift), sorts and
filters by the date a paper was added, and filters by author from the address (the links on paper
pages). The test survey plus papers added on several dates, built with mkdocs, served on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import ROWS_SHOWN, copy_project, mkdocs_build, serve

from survey.content.load import load_content
from survey.model import Paper
from survey.site.explorer import data

# Builds the site and drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow

EXTRA = 300  # about the flagship survey's size: a table longer than the view
DATES = ("2026-10-05", "2026-11-02", "2026-11-28", "2026-12-07")
LEAVES = ("peft", "comparisons", "position")
READY = "table[data-survey-ready]"
ROWS_PAINTED = f"(({ROWS_SHOWN})()).length > 0 && document.querySelector('article tr[data-survey-pending]') === null"

# Sums every layout shift not caused by input, from the first paint on (buffered: the ones before
# the observer started count too).
OBSERVE_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({ type: "layout-shift", buffered: true });
"""


def _word(n: int) -> str:
    """A made-up word for n (base 26): titles must differ, or survey check calls them one paper twice."""
    letters = ""
    while True:
        n, digit = divmod(n, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
        if not n:
            return letters.capitalize()


def _paper(i: int) -> str:
    title = " ".join(_word(i * k + 11 * k) for k in (1, 7, 13, 29))
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


def _settled(page) -> None:
    """The explorer has drawn its rows, every request has been answered and two frames have gone by."""
    page.wait_for_selector(READY)
    page.wait_for_function(ROWS_PAINTED)
    page.wait_for_load_state("networkidle")
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1440])
def test_the_explorer_barely_shifts_while_it_loads(open_page, site, width: int, scheme: str) -> None:
    url, _ = site
    page = open_page(width, scheme)
    page.add_init_script(OBSERVE_SHIFTS)
    page.goto(url + "explore/")
    _settled(page)
    shift = page.evaluate("window.__shift")
    print(f"cumulative layout shift at {width} px, {scheme}: {shift:.4f}")
    assert shift < 0.1
