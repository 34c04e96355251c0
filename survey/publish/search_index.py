"""The site's search index: Pagefind reads the built pages and writes a chunked index beside them.

A browser then fetches only the index chunks and result fragments a query needs (theme/javascripts/
search.js), never the whole index. What is indexed is marked in the pages themselves: the theme
(theme/main.html) puts ``data-pagefind-body`` on each page's article, which leaves the navigation
out, and ``data-pagefind-ignore`` on sections a template marks ``data-search-exclude``.

Pagefind runs as its command-line program (the one the ``pagefind[bin]`` package ships), not
through its Python service API: that API waits forever when the program dies (its reader task
fails and no reply ever comes) and polls for replies every 0.1 s, while ``pagefind --site`` is
the same indexing with an exit code and its messages on the terminal.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from survey.errors import SurveyError
from survey.urls import SEARCH_INDEX  # the index's folder, where theme/javascripts/search.js loads it

IGNORED = ".headerlink"  # the headings' permalink anchors (¶): no words of the page
ENTRY = "pagefind-entry.json"  # Pagefind's summary of what it wrote, one entry per language


class SearchIndexError(SurveyError):
    """The index could not be built; the message says why and what to do."""


@dataclass(frozen=True)
class SearchIndex:
    folder: Path
    pages: int  # pages indexed, over all languages


def build_search_index(site: Path, started: Callable[[subprocess.Popen[str]], None] = lambda _: None) -> SearchIndex:
    """Index the built site in ``site`` into ``site/pagefind``, replacing an earlier index there.
    ``started`` is handed the running Pagefind (so that `make serve` can stop one a new build outdates)."""
    executable = _executable()
    folder = site / SEARCH_INDEX
    shutil.rmtree(folder, ignore_errors=True)  # a --dirty build: no fragments of pages since removed
    command = [str(executable), "--site", ".", "--output-subdir", SEARCH_INDEX, "--exclude-selectors", IGNORED, "--quiet"]
    try:
        # In the site folder: what Pagefind reads and writes stays inside it.
        process = subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace")
    except OSError as error:
        raise SearchIndexError(f"Pagefind ({executable}) could not be started: {error}") from None
    started(process)
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        output = (stdout + stderr).strip()
        raise SearchIndexError(f"Pagefind failed to index {site} (exit code {process.returncode}):\n{_tail(output)}")
    pages = _pages_indexed(folder)
    if pages == 0:
        raise SearchIndexError(f"Pagefind indexed no page of {site}")
    return SearchIndex(folder, pages)


class BackgroundIndex:
    """`make serve`: the index follows the pages in a thread, so an edit shows on its page without
    waiting for Pagefind (half a second on the flagship); one Pagefind at a time writes the index
    folder. ``said`` hears what became of each run (a failure is a warning there, not an error).

    A build that starts while Pagefind still indexes the last one stops it (``cancel``): that index
    is outdated, and on two cores Pagefind's threads slowed the rebuild a saved paper waits for.
    The new build indexes again when it ends."""

    def __init__(self, said: Callable[[str, bool], None]) -> None:
        self.said = said  # (message, failed)
        self.thread: threading.Thread | None = None
        self.running: subprocess.Popen[str] | None = None  # the latest Pagefind
        self.cancelled = False

    def start(self, site: Path) -> None:
        self.join()
        self.cancelled = False

        def index() -> None:
            try:
                self.said(f"Search index updated: {build_search_index(site, self._started).pages} pages", False)
            except SearchIndexError as error:
                if not self.cancelled:
                    self.said(f"The search index could not be updated: {error}", True)

        self.thread = threading.Thread(target=index, name="survey-search-index", daemon=True)
        self.thread.start()

    def _started(self, process: subprocess.Popen[str]) -> None:
        self.running = process
        if self.cancelled:  # cancelled between the thread's start and Pagefind's
            process.terminate()

    def cancel(self) -> None:
        """Stop the indexing under way, if any (a new build outdates it)."""
        if self.thread is None:
            return
        self.cancelled = True
        if self.running is not None and self.running.poll() is None:
            self.running.terminate()
        self.join()

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None


def _executable() -> Path:
    from pagefind.service import get_executable  # PAGEFIND_BINARY_PATH, else the pagefind[bin] package

    executable = get_executable()
    if executable is None:
        raise SearchIndexError("The Pagefind program is missing: install it with `pip install 'pagefind[bin]'`")
    return executable


def _pages_indexed(folder: Path) -> int:
    try:
        entry = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
        return sum(int(language["page_count"]) for language in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise SearchIndexError(f"Pagefind left no readable {folder / ENTRY}: {error}") from None


def _tail(output: str, lines: int = 20) -> str:
    """The last lines Pagefind printed, each once (it prints an error on both of its outputs)."""
    kept = list(dict.fromkeys(line.rstrip() for line in output.splitlines()))
    return "\n".join(f"  {line}" for line in kept[-lines:]) or "  (no output)"
