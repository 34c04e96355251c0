"""`make serve` (mkdocs serve --dirty) for real: a saved file shows on its pages, and a dirty rebuild
renders only what changed, yet never leaves a page stale (survey/publish/rebuilds.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import free_port, http_get, wait_until

from survey.publish.rebuilds import Rebuilds, fingerprint

pytestmark = pytest.mark.slow


@pytest.fixture
def serve(project: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    # A title unlike its file name: a dirty build names unread pages after their files.
    (project / "content" / "pages" / "about.md").write_text("# About the test survey\n\nA hand-written page.\n", encoding="utf-8")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | {"NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/test-survey/"
    try:
        _wait_for(base + "papers/interp2023/", "Extends the context window", server)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr:
            server.stderr.close()


def _get(url: str) -> str:
    return http_get(url)[1]


def _wait_for(url: str, text: str, server: subprocess.Popen[str], within: float = 60) -> str:
    wait_until(lambda: server.poll() is not None or text in _get(url), within, every=0.1)
    assert server.poll() is None, server.stderr.read() if server.stderr else ""
    page = _get(url)
    assert text in page, f"{url} did not show {text!r} within {within} s"
    return page


def test_a_saved_paper_shows_on_its_page_and_the_explorer(serve: tuple[str, subprocess.Popen[str]], project: Path) -> None:
    base, server = serve
    paper = project / "content" / "papers" / "interp2023.yaml"
    paper.write_text(paper.read_text(encoding="utf-8").replace("tldr: Extends", "tldr: Newly extends"), encoding="utf-8")
    page = _wait_for(base + "papers/interp2023/", "Newly extends the context window", server)
    assert "Position Interpolation Without Authors" in page
    assert "Newly extends the context window" in _get(base + "explore/data/papers-0.json")  # the explorer's rows
    assert "About the test survey" in page  # the sidebar's title of the hand-written page
    # The search index follows in the background, written by Pagefind into the served folder.
    _wait_for(base + "pagefind/pagefind-entry.json", '"languages"', server)


# Two dirty builds in one process, as `mkdocs serve --dirty` runs them (mkdocs keeps the plugin,
# which defines on_startup), with survey.yaml and its editor schema changed together in between.
TWO_BUILDS = """
import subprocess, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

def dirty_build():
    config = load_config("mkdocs.yml", site_dir="served")
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, dirty=True)

dirty_build()
survey = Path("content/survey.yaml")
survey.write_text(survey.read_text().replace("title: Position interpolation\\n", "title: Position scaling\\n"))
subprocess.run([sys.executable, "-m", "survey.cli", "--content", "content", "schema"], check=True)
dirty_build()
import gc
print("frozen", gc.get_freeze_count())  # serve's rebuilds leave every object to the collector: only its exit freezes (publish/heap.py)
"""


def test_a_nav_change_renders_every_page_again(project: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"} | {"NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", TWO_BUILDS], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "frozen 0"
    # Neither paper's own content names the renamed category: only the sidebar on every page does.
    for key in ("hu2021lora", "muller2024german"):
        page = (project / "served" / "papers" / key / "index.html").read_text(encoding="utf-8")
        assert "Position scaling" in page and "Position interpolation" not in page, key


def test_rebuilds_tell_changed_files_and_forget_after_a_failure(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "main.html").write_text("a", encoding="utf-8")
    rebuilds = Rebuilds()
    rebuilds.start(fingerprint(["nav"], [theme]))
    assert rebuilds.changed("a.md", "one") and rebuilds.changed("b.md", b"two")
    rebuilds.start(fingerprint(["nav"], [theme]))
    assert not rebuilds.changed("a.md", "one") and rebuilds.changed("b.md", b"three")
    rebuilds.start(fingerprint(["nav", "new category"], [theme]))  # every page shows the nav
    assert rebuilds.changed("a.md", "one")
    (theme / "main.html").write_text("changed", encoding="utf-8")
    rebuilds.start(fingerprint(["nav", "new category"], [theme]))
    assert rebuilds.changed("a.md", "one")
    rebuilds.forget()
    rebuilds.start(fingerprint(["nav", "new category"], [theme]))
    assert rebuilds.changed("a.md", "one")
