"""Shared fixtures: a copy of the small test survey, runners for the real CLI and mkdocs, and the
built test site served to a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import datetime
import fcntl
import functools
import gzip
import importlib.util
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

# No test is timed: Hypothesis's 200 ms deadline per example fails on a busy shared machine (it did,
# on test_markup_safety's regex test, at 520 ms once and 1.3 ms on the rerun). `make test-fast` sets
# QUICK_PROPERTIES=1: each property test draws a quarter of its examples (at least 25);
# `make test` and CI draw them all.
FAST_PROPERTIES = os.environ.get("QUICK_PROPERTIES") == "1"
if importlib.util.find_spec("hypothesis"):  # the content-only CI job installs pytest alone
    from hypothesis import settings

    settings.register_profile("untimed", deadline=None)
    settings.load_profile("untimed")


def examples(wanted: int) -> int:
    """How many examples a property test that wants ``wanted`` draws in this run."""
    return max(25, wanted // 4) if FAST_PROPERTIES else wanted


DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
RESPONSES = DATA / "responses"
TODAY = datetime.date(2026, 11, 26)  # the date commands that write papers are told it is


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of tests/data: mkdocs.yml plus the content/ folder."""
    return copy_project(tmp_path / "project")


def copy_project(target: Path) -> Path:
    """tests/data: mkdocs.yml and content/, ready to build (the theme comes with the plugin)."""
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("bad_cases.yaml", "backstop_cases.yaml", "seed", "responses", "hostile", "related", "search"))
    return target


def copy_repository(target: Path) -> Path:
    """The repository's own survey as a contributor's clone holds it: content/ and mkdocs.yml."""
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def run(args: list[str], cwd: Path, site_url: str | None = None) -> subprocess.CompletedProcess:
    # mkdocs.yml reads site_url from SITE_URL: the tests' own value, never the caller's environment.
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | {"NO_MKDOCS_2_WARNING": "1"}
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=env)


def survey_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run(["-m", "survey.cli", *args], cwd)


@dataclass(frozen=True)
class Ran:
    """What a command returned and printed, named as subprocess.CompletedProcess names them."""

    returncode: int
    stdout: str
    stderr: str


def survey_main(*args: str, cwd: Path, input: str | None = None, fetcher: Callable[[str], bytes] | None = None) -> Ran:  # noqa: A002 (subprocess.run's name)
    """`survey ARGS` run by survey.cli.main in this process, in folder ``cwd``, ``input`` on its stdin,
    offline unless given a ``fetcher``: what it returned and printed. A subprocess costs about 0.4 s of
    CPU to start and proves only what test_check_errors.py's subprocess test proves (the real command's
    exit code and stderr)."""
    from survey import cli

    out, err = io.StringIO(), io.StringIO()
    before, stdin = Path.cwd(), sys.stdin
    os.chdir(cwd)
    sys.stdin = io.StringIO(input or "")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = cli.main(list(args), fetcher=fetcher or offline)
            except SystemExit as exit_:  # argparse's usage errors
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        os.chdir(before)
        sys.stdin = stdin
    return Ran(code, out.getvalue(), err.getvalue())


def recorded(url: str) -> bytes:
    """The recorded answer (tests/data/responses) for an API request; an arXiv request for several
    ids gets the recording of the one id that has one (the others are unknown to the API), else the
    API's empty answer; a DOI without a recording gets Crossref's 404."""
    from survey.contribute.fetch import FetchError

    query = parse_qs(urlsplit(url).query)
    if "export.arxiv.org" in url:
        found = [p for i in query["id_list"][0].split(",") if (p := RESPONSES / f"arxiv-{i}.xml").exists()]
        assert len(found) <= 1
        return (found[0] if found else RESPONSES / "arxiv-2401.99999-no-results.xml").read_bytes()
    doi = unquote(url.rsplit("/works/", 1)[1])
    path = RESPONSES / f"crossref-{doi.replace('/', '_')}.json"
    if not path.exists():
        raise FetchError("api.crossref.org answered HTTP 404 Not Found")
    return path.read_bytes()


def offline(url: str) -> bytes:
    """The fetcher of a machine without a network."""
    from survey.contribute.fetch import Unreachable

    raise Unreachable(f"could not reach {urlsplit(url).netloc} (Name or service not known); are you offline?")


def survey(project: Path, *argv: str, capsys, fetcher: Callable[[str], bytes] = recorded) -> tuple[int, str, str]:
    """`survey --content PROJECT/content ARGV` in this process, on TODAY, its requests answered by
    ``fetcher``: (exit code, stdout, stderr)."""
    from survey import cli

    code = cli.main(["--content", str(project / "content"), *argv], fetcher=fetcher, today=TODAY)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


PAPERS = Path("content") / "papers"
LISTS = DATA / "import"  # reading lists as other tools export them


def papers(project: Path) -> set[str]:
    """The names of the paper files in a project."""
    return {p.name for p in (project / PAPERS).glob("*.yaml")}


def load(project: Path, key: str) -> dict:
    """A paper file of a project, as YAML reads it."""
    import yaml

    return yaml.safe_load((project / PAPERS / f"{key}.yaml").read_text(encoding="utf-8"))


def import_list(project: Path, name: str, *flags: str, capsys, fetcher: Callable[[str], bytes] = recorded) -> tuple[int, list[str]]:
    """`survey import` of tests/data/import/NAME (copied into the project): the exit code and the
    lines it printed, paths relative to the project; it must print nothing to stderr."""
    if not (project / name).exists():
        shutil.copy(LISTS / name, project / name)
    code, out, err = survey(project, "import", str(project / name), *flags, capsys=capsys, fetcher=fetcher)
    assert err == "", err
    return code, [line.replace(str(project) + "/", "") for line in out.splitlines()]


def issue_body(answer: str, category: str = "_No response_") -> str:
    """An issue as GitHub writes a filled-in form: each answer under its label's heading."""
    from survey.suggest import IDENTIFIER_LABEL

    return (
        f"### {IDENTIFIER_LABEL}\n\n{answer}\n\n### Category\n\n{category}\n\n"
        "### Why it belongs in the survey\n\nIt extends LoRA to long contexts.\n\n"
        "### Checks\n\n- [X] I searched the site and the open issues; the paper is not there yet.\n"
    )


def mkdocs_build(cwd: Path, *extra: str, site_url: str | None = None) -> subprocess.CompletedProcess:
    return run(["-m", "mkdocs", "build", "--strict", *extra], cwd, site_url)


@pytest.fixture(scope="session")
def flagship_site(tmp_path_factory) -> Path:
    """The repository's own survey built by `mkdocs build --strict`: its site folder, built once per
    test run (6 to 8 s of CPU) for the tests that read it."""
    def build(site: Path) -> None:
        result = mkdocs_build(ROOT, "--site-dir", str(site))
        assert result.returncode == 0, result.stderr

    return made_once(tmp_path_factory, "flagship-site", build)


@pytest.fixture(scope="session")
def built_test_survey(tmp_path_factory) -> Path:
    """The small test survey (tests/data) built by `mkdocs build --strict`, once per test run: the
    project folder, its site in site/. Tests that change the survey or the build build their own."""
    def build(project: Path) -> None:
        copy_project(project)
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr

    return made_once(tmp_path_factory, "test-site", build)


# A LaTeX document that cites every entry of refs.bib, in each bibliography style the tests compile.
LATEX = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
%s
\begin{document}
\nocite{*}
%s
\end{document}
"""
STYLES = {  # style: (preamble, bibliography, the program that makes the .bbl)
    "plain": ("", "\\bibliographystyle{plain}\n\\bibliography{refs}", "bibtex"),
    "plainnat": ("\\usepackage{natbib}", "\\bibliographystyle{plainnat}\n\\bibliography{refs}", "bibtex"),
    "biblatex": ("\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}", "\\printbibliography", "biber"),
}


def need_tool(tool: str) -> str:
    """The tool's path; without it the test is skipped, or fails on CI (CI=true), where it must run."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed: apt-get install texlive-latex-base texlive-latex-recommended texlive-bibtex-extra biber"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def pdflatex(folder: Path) -> subprocess.CompletedProcess:
    command = [need_tool("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    return subprocess.run(command, check=False, cwd=folder, capture_output=True, text=True, errors="replace")


def make_bbl(folder: Path, bib_text: str, style: str, preamble: str = "") -> subprocess.CompletedProcess:
    """Write refs.bib and doc.tex, run pdflatex once (it must succeed), then bibtex or biber: its result."""
    extra, bibliography, program = STYLES[style]
    (folder / "refs.bib").write_text(bib_text, encoding="utf-8")
    (folder / "doc.tex").write_text(LATEX % (preamble + "\n" + extra, bibliography), encoding="utf-8")
    first = pdflatex(folder)
    assert first.returncode == 0, first.stdout[-2000:]
    return subprocess.run([need_tool(program), "doc"], check=False, cwd=folder, capture_output=True, text=True, errors="replace")


def compile_bib(folder: Path, bib_text: str, backend: str) -> subprocess.CompletedProcess:
    """bibtex (style plain) or biber (biblatex) run on bib_text, after a first pdflatex run."""
    return make_bbl(folder, bib_text, "plain" if backend == "bibtex" else "biblatex")


def search_index(site: Path) -> dict[str, dict[str, Any]]:
    """The pages in a built site's Pagefind index, by URL: each page's indexed text ("content") and
    metadata ("meta"), read from the index's fragment files (gzipped, after a "pagefind_dcd" mark)."""
    pages = {}
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data
    return pages


def mkdocs_settings(path: Path) -> dict[str, Any]:
    """A mkdocs.yml read as mkdocs reads it (its !ENV tags resolved), which yaml.safe_load refuses."""
    from survey.publish.zensical_project import MkdocsConfig

    return MkdocsConfig.read(path).settings


def run_folder(tmp_path_factory) -> Path:
    """The folder of this test run that every pytest-xdist worker sees (each worker's own base folder
    is below it); without xdist, the run's base folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def made_once(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """The folder ``name``, made by ``make(folder)`` once in this test run and then only read: the
    first worker to ask makes it while the others wait on a lock, so a build that tests in both
    workers read is built once. A ``make`` that fails leaves nothing, and the next to ask tries again."""
    root = run_folder(tmp_path_factory)
    folder, done = root / name, root / f"{name}.done"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session", autouse=True)
def reference_cache(tmp_path_factory) -> Iterator[None]:
    """Builds keep the references they format in a cache file (survey/outputs/reference_cache.py):
    the tests' own, never the user's; builds in subprocesses inherit it. One cache for the whole run,
    both xdist workers included: only the first build of the flagship formats its references (2.4 s
    of CPU); the cache writes its file atomically, so two builds may write it at once. The tests of
    the cache itself point SURVEY_CACHE_DIR elsewhere."""
    before = os.environ.get("SURVEY_CACHE_DIR")
    os.environ["SURVEY_CACHE_DIR"] = str(made_once(tmp_path_factory, "reference-cache", lambda folder: folder.mkdir()))
    yield
    if before is None:
        os.environ.pop("SURVEY_CACHE_DIR", None)
    else:
        os.environ["SURVEY_CACHE_DIR"] = before


# For the unit tests of the site modules (explorer, tables, charts): no mkdocs build.
def small_survey():
    """The small test survey (tests/data/content), loaded and validated by the project's own loader."""
    from survey.content.load import load_content

    return load_content(DATA / "content")


def make_paper(key: str, **fields):
    """A survey.model.Paper with what every paper needs; ``fields`` sets or overrides the rest."""
    from survey.model import Paper

    needed = {"title": f"Title of {key}", "year": 2024, "category": "peft", "tldr": f"Summary of {key}.", "added": "2026-01-01"}
    return Paper(key=key, **(needed | fields))


def site_markdown(text: str):
    """Markdown converted with the site's extensions (mkdocs.yml), parsed as a browser parses HTML."""
    import markdown
    from selectolax.lexbor import LexborHTMLParser

    config = mkdocs_settings(ROOT / "mkdocs.yml")
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    return LexborHTMLParser(markdown.markdown(str(text), extensions=extensions))


# The browser tests: the test survey built once, served on 127.0.0.1, opened in Debian's Chromium.
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return "Chromium is not installed: install it with `apt-get install chromium` (Debian) to run the browser tests"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: run `.venv/bin/pip install -e '.[test]'`"
    return None


@pytest.fixture(scope="session")
def require_browser() -> None:
    """Skip without Chromium or Playwright, saying how to install them; fail instead on CI (CI=true),
    so CI can never pass without having run the browser tests."""
    problem = _browser_missing()
    if problem and os.environ.get("CI") == "true":
        pytest.fail(f"{problem} (CI=true: the browser tests must run)", pytrace=False)
    if problem:
        pytest.skip(problem)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="session")
def base_url(tmp_path_factory, require_browser) -> Iterator[str]:
    """The test site, built with its site_url set to the address it is served at (the port is
    taken before the build), as a deployed site has it: instant navigation, canonical links and
    the sitemap all need the two to agree."""
    project = copy_project(tmp_path_factory.mktemp("browser") / "project")
    site = project / "site"
    site.mkdir()
    with serve(site) as url:
        result = mkdocs_build(project, site_url=url)
        assert result.returncode == 0, result.stderr
        yield url


def free_port() -> int:
    """A port the system calls free now (a server started on it next is the caller's)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def http_get(url: str) -> tuple[int, str]:
    """(status, body) of a GET; (0, "") when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def wait_until(condition: Callable[[], bool], seconds: float = 60, every: float = 0.3) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port the system picks) while the block runs: its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser(require_browser) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


OpenPage = Callable[..., Any]


def _viewport(width: int) -> dict[str, int]:
    return {"width": width, "height": 900 if width > 600 else 844}


def _watched(page) -> Any:
    """A new page that records its script errors (page.errors) and any request leaving the machine
    (page.outside, refused)."""
    page.set_default_timeout(15_000)
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    def route(route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.errors, page.outside = errors, outside
    return page


def _assert_clean(pages: list[Any]) -> None:
    for page in pages:
        assert page.errors == [], f"JavaScript errors: {page.errors}"
        assert page.outside == [], f"the site asked other hosts for: {page.outside}"


@pytest.fixture
def open_page(browser, base_url) -> Iterator[OpenPage]:
    """Opens fresh pages (a width in CSS pixels, "light" or "dark") that record script errors and
    any request leaving the machine; both must be empty when the test ends. Each page has a browser
    context of its own: for tests that change what a context keeps (a stored colour scheme,
    permissions) or that need a cold cache."""
    contexts = []

    def open_(width: int = 1280, scheme: str = "light", **options: Any) -> Any:
        context = browser.new_context(color_scheme=scheme, accept_downloads=True, viewport=_viewport(width), **options)
        contexts.append(context)
        return _watched(context.new_page())

    yield open_
    pages = [page for context in contexts for page in context.pages]
    for context in contexts:
        context.close()
    _assert_clean(pages)


@pytest.fixture(scope="module")
def view_contexts(browser) -> Iterator[dict[tuple[int, str], Any]]:
    """One browser context per (width, scheme) for a module's tests, made when first asked for."""
    contexts: dict[tuple[int, str], Any] = {}
    yield contexts
    for context in contexts.values():
        context.close()


@pytest.fixture
def open_view(browser, base_url, view_contexts) -> Iterator[OpenPage]:
    """As open_page, but each page is a fresh tab in the module's one context for its width and
    scheme, closed when the test ends: a new context costs about 0.4 s and starts with a cold cache
    (the first load of a page about 0.3 s more). For tests that leave nothing in the context that a
    later page would see (no colour-scheme toggle, no permissions)."""
    pages: list[Any] = []

    def open_(width: int = 1280, scheme: str = "light") -> Any:
        if (width, scheme) not in view_contexts:
            view_contexts[width, scheme] = browser.new_context(color_scheme=scheme, accept_downloads=True, viewport=_viewport(width))
        pages.append(_watched(view_contexts[width, scheme].new_page()))
        return pages[-1]

    yield open_
    for page in pages:
        page.close()
    _assert_clean(pages)


def axe_violations(page, *rules: str, impacts: tuple[str, ...] | None = None) -> list[str]:
    """What axe-core finds wrong with the page as it is now (every rule, or only ``rules``; of any
    impact, or only ``impacts``), one line per violation: its rule, impact, help and up to three
    places. axe comes bundled with axe-playwright-python; it is injected once per document (its
    570 kB parsed once, not before each run), and only the violations come back, not axe's passes
    and inapplicable rules."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    # The page as it settles: a colour mid-transition (Material fades a hovered button's in 125 ms) is
    # no colour a reader reads. Endless animations never finish and are left running.
    page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => null)))""")
    options: dict[str, Any] = {"resultTypes": ["violations"]} | ({"runOnly": list(rules)} if rules else {})
    violations = page.evaluate("(options) => axe.run(document, options).then((results) => results.violations)", options)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes'][:3]]}"
            for v in violations if impacts is None or v["impact"] in impacts]


@pytest.fixture
def page(open_view) -> Any:
    """A fresh tab in light mode at the default width, in the module's one context for that view
    (open_view): for tests that leave nothing in the context. A test that stores a colour scheme,
    grants permissions or needs a cold cache asks open_page for a context of its own."""
    return open_view()


# The explorer's rows as the reader sees them, in order: only the rows in view are in the page (a
# virtual list), and the test survey's few papers are all in view.
ROWS_SHOWN = """() => Array.from(document.querySelectorAll("article table tr[data-survey-paper]"), (row) => row.dataset.surveyPaper)"""
# Rows in the table and none waiting for its display file: counts come from the index at once, rows
# after their file arrives (later on a busy machine).
ROWS_PAINTED = f"(({ROWS_SHOWN})()).length > 0 && document.querySelector('article tr[data-survey-pending]') === null"


def made_up_title(n: int) -> str:
    """Four made-up words for n, a title no other n has: survey check calls two papers of one
    title one paper twice, and the explorer's many-paper tests need hundreds."""
    def word(m: int) -> str:  # m in base 26, as letters
        letters = ""
        while True:
            m, digit = divmod(m, 26)
            letters += "abcdefghijklmnopqrstuvwxyz"[digit]
            if not m:
                return letters.capitalize()

    return " ".join(word(n * k + 11 * k) for k in (1, 7, 13, 29))


def open_explorer(page, base_url: str, query: str = "") -> None:
    page.goto(base_url + "explore/" + query)
    page.wait_for_selector("form.survey-explorer:not([inert])")


def choose(page, name: str, value: str) -> None:
    """Tick one value of a facet as a reader does: open its panel, check the box, shut it (Escape)."""
    page.locator(f".survey-facet[data-group='{name}'] .survey-facet__toggle").click()
    page.locator(f"input[name='{name}'][value='{value}']").check()
    page.keyboard.press("Escape")


def rows_shown(page, expected: list[str]) -> list[str]:
    """The explorer's rows once they are ``expected`` (a search or a column may wait for its data
    file first), or as they are after 5 s, for the caller's assertion to show."""
    import json

    # Compact, as JSON.stringify writes it: json.dumps's ", " never matched a list of two or more,
    # and every such call waited the full 5 s before reading rows that had long been right.
    wanted = json.dumps(expected, separators=(",", ":"))
    # The list draws the rows near the view: on a phone the form fills the first screen, and a
    # reader scrolls down to the rows, as this does (scrolling moves no focus).
    page.evaluate("document.querySelector('.survey-explorer__results')?.scrollIntoView()")
    try:
        page.wait_for_function(f"JSON.stringify(({ROWS_SHOWN})()) === {json.dumps(wanted)}", timeout=5000)
    except Exception:  # noqa: BLE001  (Playwright's TimeoutError: the assertion names what was shown instead)
        pass
    return page.evaluate(ROWS_SHOWN)


# The longest tests first (test_wheel builds and installs a wheel; the benchmark smoke run builds and
# serves a site): pytest-xdist hands tests out in the order collected, and one collected last would run
# alone at the end while the other worker idles.
LONGEST_FIRST = ("test_wheel.py", "test_benchmark_smoke.py")


# The modules whose module-scoped fixtures cost seconds (a build, a wheel, a rendered flagship): each
# runs on one xdist worker, so its fixtures are made once, not once in each worker that draws one of its
# tests. (pytest-xdist's own --dist loadgroup does this for tests marked xdist_group, but 3.8 renames
# node ids in a way pytest 9.2 ignores: the groups were split.)
ONE_WORKER = ("test_wheel.py", "test_zensical.py", "test_browser_explorer.py", "test_browser_explorer_view.py",
              "test_browser_export.py", "test_hostile.py", "test_search.py", "test_latex_compile.py", "test_flagship.py",
              "test_explorer_export.py", "test_properties.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: number for number, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: pytest alone (the content-only CI job) has none
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's load scheduling, test by test, except that a module of ONE_WORKER is one unit of work
    (units with more tests go out first: the grouped modules, then the rest in collection order)."""
    from xdist.scheduler import LoadScopeScheduling

    class ModulesOfOneWorker(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if Path(module).name in ONE_WORKER else nodeid

    return ModulesOfOneWorker(config, log) if config.getvalue("dist") == "load" else None
