"""The weekly workflow's own shell steps (.github/workflows/weekly.yml), run by bash as the runner
runs them, with `survey` the project's command, against the test survey and real local servers:
refresh writes the report the pull request shows, links says whether to open the issue."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from conftest import DATA, ROOT
from recorded_api import closed_port, serve_recordings


def step(job: str, name: str) -> str:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "weekly.yml").read_text(encoding="utf-8"))
    (found,) = [s["run"] for s in workflow["jobs"][job]["steps"] if s.get("name") == name]
    return found


def run_step(script: str, project: Path, environment: dict[str, str]) -> tuple[subprocess.CompletedProcess, dict[str, str], Path]:
    """The step's script in `bash -e` (as GitHub runs `run:`), `survey` being this tree's command;
    the runner's folders are new for each step, beside the project."""
    runner = Path(tempfile.mkdtemp(prefix="runner-", dir=project.parent))
    bin_dir, temp = runner / "bin", runner / "temp"
    bin_dir.mkdir()
    temp.mkdir()
    (bin_dir / "survey").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m survey.cli "$@"\n', encoding="utf-8")
    (bin_dir / "survey").chmod(0o755)
    outputs = runner / "github-output"
    outputs.touch()
    env = os.environ | environment | {
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "RUNNER_TEMP": str(temp), "GITHUB_OUTPUT": str(outputs),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    result = subprocess.run(["bash", "-e", "-c", script], cwd=project, env=env, capture_output=True, text=True)
    values = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines())
    return result, values, temp


def project_with_survey(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(DATA / "refresh" / "content", project / "content")
    return project


def test_the_refresh_step_writes_the_files_and_the_pull_request_body(tmp_path: Path) -> None:
    project = project_with_survey(tmp_path)
    with serve_recordings() as environment:
        result, _, temp = run_step(step("refresh", "survey refresh --write"), project, environment)
    assert result.returncode == 0, result.stderr
    body = (temp / "refresh.md").read_text(encoding="utf-8")
    assert body.startswith("Written: 5 papers published since.") and result.stdout == body
    assert "- `content/papers/chen2020active.yaml`\n  - venue: (empty) → `issta`\n" in body
    assert "venue: issta\n" in (project / "content" / "papers" / "chen2020active.yaml").read_text(encoding="utf-8")
    check = run_step(step("refresh", "survey check on what it wrote"), project, {})[0]
    assert check.returncode == 0, check.stderr


def project_without_links(tmp_path: Path) -> Path:
    """The test survey with no url, pdf or code link (those would name public hosts, out of reach
    here): `survey links` checks its papers' arXiv records, asked of the recorded API."""
    project = project_with_survey(tmp_path)
    for path in (project / "content" / "papers").iterdir():
        kept = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith(("url:", "pdf:", "code:"))]
        path.write_text("".join(kept), encoding="utf-8")
    return project


def test_the_links_step_says_whether_links_are_broken(tmp_path: Path) -> None:
    project = project_without_links(tmp_path)
    paper = project / "content" / "papers" / "ahuja2022testing.yaml"
    original = paper.read_text(encoding="utf-8")
    with serve_recordings() as environment:
        paper.write_text(original.replace("arxiv: '2202.12139'", "arxiv: '2401.99999'"), encoding="utf-8")  # arXiv has no such paper
        broken, outputs, temp = run_step(step("links", "survey links"), project, environment)
        assert broken.returncode == 0, broken.stderr  # broken links do not fail the job: the issue lists them
        assert outputs == {"broken": "true"}
        assert "## Gone (1)" in (temp / "links.md").read_text(encoding="utf-8")
        paper.write_text(original, encoding="utf-8")
        fine, outputs, temp = run_step(step("links", "survey links"), project, environment)
    assert fine.returncode == 0 and outputs == {"broken": "false"}
    assert (temp / "links.md").read_text(encoding="utf-8").startswith("0 broken links found")


def test_the_links_step_neither_opens_nor_closes_the_issue_when_nothing_was_reached(tmp_path: Path) -> None:
    """No network (here: arXiv's API on a port where nothing listens): no report, no `broken` output,
    and the job fails, so the issue step does not run."""
    project = project_without_links(tmp_path)
    result, outputs, temp = run_step(step("links", "survey links"), project, {"SURVEY_ARXIV_API": f"{closed_port()}/api/query"})
    assert result.returncode == 2 and outputs == {}
    assert not (temp / "links.md").exists()
    assert "survey: could not reach any of the 7 links and arXiv records to check (no network?); no report written" in result.stderr
    assert "::error::survey links could not reach any address" in result.stdout


def test_the_links_step_fails_when_the_command_cannot_run(tmp_path: Path) -> None:
    project = project_with_survey(tmp_path)
    (project / "content" / "survey.yaml").write_text("title: [\n", encoding="utf-8")  # no report: a real failure
    result, outputs, _ = run_step(step("links", "survey links"), project, {})
    assert result.returncode != 0 and outputs == {}


def test_the_issue_step_creates_its_label_before_using_it() -> None:
    """A fresh repository has no "broken links" label; `gh issue create --label` fails without it."""
    script = step("links", "Open, update or close the issue listing broken links")
    labels = set(re.findall(r'--label "([^"]+)"', script))
    assert labels == {"broken links"}
    created = re.search(r'gh label create "broken links" [^\n]*(?:\\\n[^\n]*)*--force', script)
    assert created and created.start() < script.index("gh issue list") < script.index("gh issue create")
