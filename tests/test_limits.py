"""A survey past the measured limits is refused up front, with the limit named, and nothing written.

The limits are lowered through their environment variables (or passed directly), so that the
three papers of the test survey pass them: no test generates a large survey.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project

from survey.content import limits
from survey.content.load import load_content
from survey.errors import ContentError


def _env(**variables: str) -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("SITE_URL", limits.PAPERS_VARIABLE, limits.BYTES_VARIABLE)} | {
        "NO_MKDOCS_2_WARNING": "1", **variables}


def test_more_papers_than_the_limit_are_refused_naming_it(project: Path) -> None:
    with pytest.raises(ContentError) as raised:
        limits.check(sorted((project / "content" / "papers").glob("*.yaml")), "content/papers", limits.Limits(papers=2))
    [problem] = raised.value.problems
    assert problem.path == "content/papers"
    assert "3 paper files, more than the 2 this generator is measured to build" in problem.message
    assert limits.PAPERS_VARIABLE in problem.message


def test_more_bytes_than_the_limit_are_refused_naming_it(tmp_path: Path) -> None:
    papers = [tmp_path / f"p{i}.yaml" for i in range(3)]
    for paper in papers:
        paper.write_bytes(b"x" * 400_000)
    limits.check(papers, "papers", limits.Limits(content_mb=2))  # 1.1 MB: within
    with pytest.raises(ContentError) as raised:
        limits.check(papers, "papers", limits.Limits(content_mb=1))
    [problem] = raised.value.problems
    assert "1 MB of paper files, more than the 1 MB" in problem.message and limits.BYTES_VARIABLE in problem.message


def test_within_the_limits_the_survey_loads(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(limits.PAPERS_VARIABLE, "3")
    assert len(load_content(project / "content", display_root=project).papers) == 3
    monkeypatch.setenv(limits.PAPERS_VARIABLE, "2")
    with pytest.raises(ContentError, match="more than the 2"):
        load_content(project / "content", display_root=project)


def test_survey_check_names_the_limit_without_a_traceback(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "survey.cli", "check"], cwd=project, capture_output=True, text=True,
                            env=_env(**{limits.PAPERS_VARIABLE: "2"}))
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "content/papers:1:1: 3 paper files, more than the 2 this generator is measured to build" in output
    assert "Traceback" not in output


def test_a_limit_that_is_not_a_number_is_named(project: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "survey.cli", "check"], cwd=project, capture_output=True, text=True,
                            env=_env(**{limits.BYTES_VARIABLE: "lots"}))
    assert result.returncode == 1
    assert f"the environment variable {limits.BYTES_VARIABLE} must be a whole number (got 'lots')" in result.stdout + result.stderr


@pytest.mark.slow
def test_a_build_past_the_limit_fails_and_leaves_the_published_site_as_it_was(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    build = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    first = subprocess.run(build, cwd=project, capture_output=True, text=True, env=_env())
    assert first.returncode == 0, first.stderr[-2000:]
    before = {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    beside = sorted(p.name for p in project.iterdir())
    refused = subprocess.run(build, cwd=project, capture_output=True, text=True, env=_env(**{limits.PAPERS_VARIABLE: "2"}))
    assert refused.returncode != 0
    assert "3 paper files, more than the 2 this generator is measured to build" in refused.stderr
    assert "Traceback" not in refused.stderr
    after = {p.relative_to(project).as_posix(): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in project.iterdir()) == beside  # no half-built folder beside it
