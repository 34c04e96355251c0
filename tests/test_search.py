"""The site's search: the Pagefind index every build writes (survey/publish/search_index.py) and the
header's search box over it (theme/javascripts/search.js), in a real Chromium.

What the index holds is read from its own files; the box is used as a reader uses it: a click or a
key opens it, words are typed key by key, Enter or a click opens a result. Pages load nothing of the
index until the box is used.
"""

from __future__ import annotations

import re
import shutil
import signal
from pathlib import Path

import pytest
from conftest import DATA, copy_project, mkdocs_build, search_index, serve

from survey.publish.search_index import BackgroundIndex, SearchIndexError, build_search_index

PAPERS = ["hu2021lora", "interp2023", "muller2024german"]
LORA = "LoRA: Low-Rank Adaptation of Large Language Models"
GERMAN = "German & Polish 100% {Special} $chars$ #1 ~ ^ _under \\back: Assessing BERT"


def _type(page, words: str) -> list[tuple[str, str]]:
    """Open the header's search (on a phone through its icon), type the words key by key and wait for
    the results: each result's page and title."""
    field = page.locator("input.md-search__input")
    if page.viewport_size["width"] < 600 and not page.evaluate("document.querySelector('[data-md-toggle=search]').checked"):
        page.locator("label.md-header__button[for='__search']").click()
    else:
        field.click()
    field.fill("")
    # Key by key (an input event each), with no pause between keys: the box waits for 150 ms without
    # a key before it searches, so the 20 ms pause each key had changed nothing but the test's time.
    field.press_sequentially(words)
    page.wait_for_selector(".md-search-result[aria-busy=false]", state="attached")  # the results of every word typed
    items = page.evaluate("""() => Array.from(document.querySelectorAll('.md-search-result__list > li'), (li) =>
        [new URL(li.querySelector('a.md-search-result__link').href).pathname, li.querySelector('h1').textContent])""")
    return [(path, title) for path, title in items]


# The index (no browser)


def _page(body: str, title: str = "A page") -> str:
    return f"<!doctype html><html lang='en'><head><title>{title}</title></head><body><nav>Menu words</nav>{body}</body></html>"


def test_the_index_holds_the_marked_article_and_leaves_out_ignored_sections(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(_page(
        "<article data-pagefind-body><h1>Sparse adapters<a class='headerlink' href='#s'>¶</a></h1><p>Kept words.</p>"
        "<div data-pagefind-ignore><h2>Cite</h2><p>@inproceedings{x}</p></div></article>"), encoding="utf-8")
    (tmp_path / "b.html").write_text(_page("<article><h1>Not marked</h1></article>"), encoding="utf-8")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "stale.pf_fragment").write_bytes(b"from an earlier build")

    index = build_search_index(tmp_path)
    assert index.pages == 1 and index.folder == tmp_path / "pagefind"
    assert not (tmp_path / "pagefind" / "stale.pf_fragment").exists()
    pages = search_index(tmp_path)
    assert list(pages) == ["/a/"]
    assert pages["/a/"]["meta"]["title"] == "Sparse adapters"
    assert pages["/a/"]["content"] == "Sparse adapters. Kept words."  # no navigation, permalink or ignored section


def test_a_failure_to_index_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SearchIndexError, match=r"Pagefind failed to index .* \(exit code 1\):\n  Error: Pagefind was not able to build an index\. *\n.*did not contain any html files\.$"):
        build_search_index(tmp_path)  # nothing to index
    (tmp_path / "index.html").write_text(_page("<h1>x</h1>"), encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    with pytest.raises(SearchIndexError, match=r"Pagefind failed to index .* \(exit code 1\):\n  \(no output\)"):
        build_search_index(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-program"))
    with pytest.raises(SearchIndexError, match="Pagefind .*no-such-program.* could not be started"):
        build_search_index(tmp_path)


def test_make_serve_stops_an_outdated_indexing_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild stops the indexing of the build before (BackgroundIndex.cancel): here a Pagefind that
    would never end. Nothing is said of it, and the next indexing runs as usual."""
    (tmp_path / "index.html").write_text(_page("<article data-pagefind-body><h1>Kept</h1></article>"), encoding="utf-8")
    endless = tmp_path / "endless-pagefind"
    endless.write_text("#!/bin/sh\nexec sleep 600\n", encoding="utf-8")
    endless.chmod(0o755)
    said: list[tuple[str, bool]] = []
    indexing = BackgroundIndex(lambda message, failed: said.append((message, failed)))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(endless))
    indexing.start(tmp_path)
    indexing.cancel()
    assert indexing.running is not None and indexing.running.returncode == -signal.SIGTERM
    assert said == [] and indexing.thread is None
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    indexing.start(tmp_path)
    indexing.join()
    assert said == [("Search index updated: 1 pages", False)]


@pytest.mark.slow
def test_a_build_that_cannot_index_fails_and_keeps_the_previous_site(built_test_survey: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(built_test_survey, project)  # the test survey and its site, built once for the run (conftest)
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    failed = mkdocs_build(project)
    assert failed.returncode != 0
    assert "The search index could not be built: Pagefind failed to index" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*")) == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The test survey built for an address under a sub-path (/survey/), served there."""
    root = tmp_path_factory.mktemp("served")
    project = copy_project(root / "project")
    (root / "www").mkdir()
    with serve(root / "www") as url:
        result = mkdocs_build(project, "--site-dir", str(root / "www" / "survey"), site_url=url + "survey/")
        assert result.returncode == 0, result.stderr
        yield url + "survey/", root / "www" / "survey"


@pytest.mark.slow
def test_each_paper_is_one_result_with_its_own_words_only(served) -> None:
    _, site = served
    pages = search_index(site)
    assert sorted(url for url in pages if url.startswith("/papers/")) == [f"/papers/{key}/" for key in PAPERS]
    assert "/explore/" not in pages and "/404.html" not in pages  # the explorer repeats every paper
    lora = pages["/papers/hu2021lora/"]
    assert lora["meta"]["title"] == LORA
    assert pages["/papers/muller2024german/"]["meta"]["title"] == GERMAN
    text = lora["content"]
    assert text.startswith(LORA + ". Edward J. Hu, Yelong Shen, Phillip Wallis.") and "2106.09685" in text
    assert text.count("We propose Low-Rank Adaptation") == 1  # the abstract, once
    assert "@inproceedings" not in text and "archivePrefix" not in text and "Cite as" not in text  # no BibTeX
    assert "Related papers" not in text and "German" not in text  # no other paper's title
    assert "Test Survey" not in text and "Switch to dark mode" not in text  # no header or navigation
    category = pages["/adaptation/peft/"]["content"]
    assert LORA not in category  # the comparison table is left to the papers' own pages


# The search box (Chromium)


@pytest.mark.slow
def test_a_page_loads_no_index_until_the_search_is_used(open_page, base_url: str) -> None:
    page = open_page()  # a context of its own: nothing of the index in its cache
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    page.locator("article a:visible", has_text="Parameter-efficient tuning").first.click()  # instant navigation
    page.wait_for_url("**/adaptation/peft/")
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if "/pagefind/" in url or "search_index" in url] == []
    assert _type(page, "Wallis") == [("/papers/hu2021lora/", LORA)]
    fetched = [url.removeprefix(base_url) for url in requests if "/pagefind/" in url]
    assert "pagefind/pagefind.js" in fetched and any(url.startswith("pagefind/fragment/") for url in fetched)
    assert not [url for url in fetched if "-ui." in url]  # Pagefind's own UI is never loaded
    assert not [url for url in requests if "search_index" in url]


@pytest.mark.slow
def test_enter_or_a_click_opens_a_result(page, base_url: str) -> None:
    page.goto(base_url)
    page.evaluate("window.__stayed = true")
    assert _type(page, "low-rank")[0] == ("/papers/hu2021lora/", LORA)
    page.keyboard.press("Enter")  # the first result
    page.wait_for_url("**/papers/hu2021lora/")
    assert page.evaluate("window.__stayed === true")  # instant navigation: no new document
    assert not page.evaluate("document.querySelector('[data-md-toggle=search]').checked")  # closed
    results = _type(page, "Müller")  # the box works again on the page it led to
    assert results == [("/papers/muller2024german/", GERMAN)]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.matches('a.md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.querySelector('[data-md-toggle=search]').checked")
    _type(page, "2106.09685")
    page.locator(".md-search-result__item a", has_text="LoRA").click()
    page.wait_for_url("**/papers/hu2021lora/")
    assert page.locator("article.md-content__inner h1").inner_text().startswith("LoRA")


@pytest.mark.slow
def test_a_key_opens_the_search_from_anywhere(page, base_url: str) -> None:
    page.goto(base_url + "papers/interp2023/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.type("without authors")
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
    assert page.locator(".md-search-result__item h1").first.inner_text() == "Position Interpolation Without Authors"


@pytest.mark.slow
def test_a_link_with_q_opens_the_search_with_its_words(page, base_url: str) -> None:
    page.goto(base_url + "statistics/?q=Wallis")
    page.wait_for_selector(".md-search-result__item")
    assert page.evaluate("document.querySelector('[data-md-toggle=search]').checked")
    assert page.locator(".md-search-result__item h1").all_inner_texts() == [LORA]


@pytest.mark.slow
def test_results_excerpts_mark_the_words_found(page, base_url: str) -> None:
    page.goto(base_url)
    _type(page, "paradigm")
    teaser = page.locator(".md-search-result__item p").first
    assert teaser.locator("mark").all_inner_texts() == ["paradigm"]
    assert "An important paradigm of natural language processing" in teaser.inner_text()


@pytest.mark.slow
def test_the_search_works_under_a_sub_path_and_on_a_phone(open_view, served) -> None:
    url, _ = served
    for width in (1440, 390):
        page = open_view(width)
        page.goto(url + "papers/interp2023/")
        assert _type(page, "Wallis") == [("/survey/papers/hu2021lora/", LORA)]
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_url(url + "papers/hu2021lora/")


# Pages holding most of the words (tests/data/search: Lost in the Middle among long-context papers)

PHRASE = "models forget information placed in the middle of long inputs"
LOST = "Lost in the Middle: How Language Models Use Long Contexts"
# The phrase's words that count (its stop words "in", "the", "of" left out), each as the start of the
# words Pagefind's stemmer takes it to: "models" finds "model", "placed" finds "placement".
COUNTED = ["model", "forget", "inform", "place", "middl", "long", "input"]
NOTICE = "No page has every word; pages with most of them:"


@pytest.fixture(scope="module")
def long_context(tmp_path_factory, require_browser):
    """tests/data/search built for the address it is served at: the URL and the site's folder."""
    project = tmp_path_factory.mktemp("long-context") / "project"
    shutil.copytree(DATA / "search", project)
    shutil.copy(DATA / "mkdocs.yml", project / "mkdocs.yml")
    (project / "site").mkdir()
    with serve(project / "site") as url:
        result = mkdocs_build(project, site_url=url)
        assert result.returncode == 0, result.stderr
        yield url, project / "site"


def _holding(site: Path, starts: list[str]) -> dict[str, list[str]]:
    """The title of each indexed page -> which of ``starts`` begin a word of its text."""
    held = {}
    for page in search_index(site).values():
        words = set(re.findall(r"\w+", page["content"].lower()))
        held[page["meta"]["title"]] = [start for start in starts if any(word.startswith(start) for word in words)]
    return held


@pytest.mark.slow
def test_a_half_remembered_phrase_finds_the_pages_with_most_of_its_words(page, long_context) -> None:
    url, site = long_context
    held = _holding(site, COUNTED)
    assert held and max(len(words) for words in held.values()) < len(COUNTED)  # no page holds every word
    most = {title for title, words in held.items() if len(words) >= 4}  # at least half of the 7
    assert LOST in most and len(most) < len(held)
    page.goto(url)
    results = _type(page, PHRASE)
    assert page.locator(".md-search-result__meta").inner_text() == NOTICE
    titles = [title for _, title in results]
    assert set(titles) == most
    # Each holds 4 of the words; the rarer a word, the more it counts. "placed" is on one page here
    # (LLM In-Context Recall's "placements"), "middle" on one too: Lost in the Middle (the home page's
    # list of the newest, which names it, is kept out of the index).
    assert titles == ["LLM In-Context Recall is Prompt Dependent", LOST, "SCROLLS: Standardized CompaRison Over Long Language Sequences"]
    assert held["LLM In-Context Recall is Prompt Dependent"] == ["model", "inform", "place", "long"]
    assert held[LOST] == ["model", "middl", "long", "input"]
    assert [title for title, words in held.items() if "place" in words] == ["LLM In-Context Recall is Prompt Dependent"]
    teaser = page.locator(".md-search-result__item p").nth(1)  # every word the page holds is marked
    assert {mark.lower().rstrip(":.") for mark in teaser.locator("mark").all_inner_texts()} >= {"middle", "models", "long"}
    page.locator(".md-search-result__item a", has_text="Lost in the Middle").click()
    page.wait_for_url("**/papers/liu2023lost/")


@pytest.mark.slow
def test_words_that_some_page_holds_all_of_list_exactly_those_pages(page, long_context) -> None:
    url, site = long_context
    holding_both = sorted(title for title, words in _holding(site, ["needle", "haystack"]).items() if len(words) == 2)
    assert len(holding_both) == 3
    page.goto(url)
    results = _type(page, "needle haystack")
    assert sorted(title for _, title in results) == holding_both
    assert page.locator(".md-search-result__meta").inner_text() == "3 matching documents"
    for words in ["zzqx qxzz", f'"{PHRASE}"']:  # no word on any page; a quoted phrase no page holds
        _type(page, words)
        assert page.locator(".md-search-result__meta").inner_text() == "No matching documents"
        assert page.locator(".md-search-result__item").count() == 0
