"""All-or-nothing and deterministic builds."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import free_port, http_get, mkdocs_build, survey_cli, survey_main, wait_until

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith((".site.", ".out.")))


def test_a_failed_build_leaves_the_previous_site_untouched(project: Path, built_test_survey: Path) -> None:
    # The previous site: this project's, as `mkdocs build --strict` built it (conftest.py builds it once a run).
    shutil.copytree(built_test_survey / "site", project / "site")
    before = tree(project / "site")
    assert "survey.bib" in before

    paper = project / "content" / "papers" / "hu2021lora.yaml"
    good = paper.read_text(encoding="utf-8")
    paper.write_text(good.replace("year: 2021", "year: soon"), encoding="utf-8")
    failed = mkdocs_build(project)
    assert failed.returncode != 0 and "year: expected an integer" in failed.stderr
    assert tree(project / "site") == before

    # A failure late in the build: strict mode aborts over a broken link in a hand-written page.
    paper.write_text(good.replace("title: \"LoRA", "title: \"Changed LoRA"), encoding="utf-8")
    (project / "content" / "pages" / "broken.md").write_text("# Broken\n\n[x](missing.md)\n", encoding="utf-8")
    failed = mkdocs_build(project)
    assert failed.returncode != 0 and "strict mode" in failed.stdout + failed.stderr
    assert tree(project / "site") == before
    assert leftovers(project) == []

    (project / "content" / "pages" / "broken.md").unlink()
    assert mkdocs_build(project).returncode == 0
    assert tree(project / "site") != before
    assert "title = {Changed {LoRA}" in (project / "site" / "survey.bib").read_text(encoding="utf-8")
    assert leftovers(project) == []


def test_survey_render_is_all_or_nothing(project: Path) -> None:
    assert survey_main("--content", "content", "render", "out", cwd=project).returncode == 0
    before = tree(project / "out")
    (project / "content" / "papers" / "x.yaml").write_text("key: [\n", encoding="utf-8")
    assert survey_main("--content", "content", "render", "out", cwd=project).returncode == 1
    assert tree(project / "out") == before and leftovers(project) == []


def test_two_builds_give_identical_files(project: Path, built_test_survey: Path, tmp_path: Path) -> None:
    """Two builds and two renders, each in a process of its own (hash seeds, and so set orders, differ
    between processes). The first build is conftest's, of another copy of the same survey in
    another folder: the folder a survey is built in changes nothing either."""
    assert mkdocs_build(project, "--site-dir", str(tmp_path / "two")).returncode == 0
    one, two = tree(built_test_survey / "site"), tree(tmp_path / "two")
    # mkdocs stamps the build date into the sitemap; everything else must match byte for byte.
    stamped = {"sitemap.xml", "sitemap.xml.gz"}
    assert {k: v for k, v in one.items() if k not in stamped} == {k: v for k, v in two.items() if k not in stamped}
    assert survey_cli("--content", "content", "render", str(tmp_path / "r1"), cwd=project).returncode == 0
    assert survey_cli("--content", "content", "render", str(tmp_path / "r2"), cwd=project).returncode == 0
    assert tree(tmp_path / "r1") == tree(tmp_path / "r2")


def test_serve_survives_a_bad_edit_and_recovers_and_sigterm_removes_its_build_folders(project: Path, tmp_path: Path) -> None:
    temp = tmp_path / "tmp"  # where serve builds: its own temporary folder, our staging beside it
    temp.mkdir()
    port = free_port()
    page = f"http://127.0.0.1:{port}/papers/hu2021lora/"
    log = project / "serve.log"
    # serve mounts the site at site_url's path: the test site's is a placeholder under /test-survey/.
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(temp), SITE_URL=f"http://127.0.0.1:{port}/")
    with log.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        assert wait_until(lambda: http_get(page)[0] == 200), log.read_text()
        assert any(p.name.startswith(".mkdocs_") for p in temp.iterdir())  # the previous build, kept for a rollback
        paper = project / "content" / "papers" / "hu2021lora.yaml"
        good = paper.read_text(encoding="utf-8")
        paper.write_text(good.replace("year: 2021", "year: soon"), encoding="utf-8")
        assert wait_until(lambda: "content/papers/hu2021lora.yaml:4:7: year: expected an integer (got 'soon')" in log.read_text()), log.read_text()
        # (mkdocs' live-reload server holds page requests until a build succeeds again.)
        paper.write_text(good.replace('title: "LoRA', 'title: "Recovered LoRA'), encoding="utf-8")
        assert wait_until(lambda: "Recovered LoRA" in http_get(page)[1]), log.read_text()
        assert server.poll() is None  # never restarted
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=20)
    assert code == 0, log.read_text()
    assert "Traceback" not in log.read_text()
    assert list(temp.iterdir()) == []  # every build folder, the rebuilds' too
