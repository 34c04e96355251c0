"""The repository's own automation runs the commands the README and CONTRIBUTING.md promise."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import ROOT


def _workflow(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert data.get("on", data.get(True))  # PyYAML reads the key `on` as True
    return data


def _steps(workflow: str) -> list[dict]:
    return [step for job in _workflow(workflow)["jobs"].values() for step in job.get("steps", [])]


def _runs(workflow: str) -> list[str]:
    return [step.get("run", "") for step in _steps(workflow)]


def test_check_workflow_runs_the_readme_commands_and_the_contributor_checks() -> None:
    runs = "\n".join(_runs("check.yml"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make site" in readme and "make site" in runs
    # `make test` is `make lint` then pytest: CI runs the two as steps of their own, so each reports.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test = re.search(r"^test: lint\n\t(?:PYTHONDONTWRITEBYTECODE= )?\$\(BIN\)/(python -m pytest -n 2)\n", makefile, re.M)
    assert "make test" in readme and test
    for command in ("make lint", f".venv/bin/{test.group(1)}", ".venv/bin/survey check --format github", ".venv/bin/survey fmt --check"):
        assert command in runs, command
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(("job", "at_least"), [("check", 5), ("content", 4)])
def test_every_check_reports_even_when_one_before_it_failed(job: str, at_least: int) -> None:
    steps = _workflow("check.yml")["jobs"][job]["steps"]
    setup = next(i for i, step in enumerate(steps) if step.get("id") == "setup")
    checks = steps[setup + 1 :]
    assert len(checks) >= at_least
    for step in checks:  # !cancelled(): run after a failure (not after a cancel), as long as the set-up worked
        assert step.get("if") == "${{ !cancelled() && steps.setup.outcome == 'success' }}", step["name"]
        assert "continue-on-error" not in step  # a failure still fails the job
    assert not any("if" in step for step in steps[: setup + 1])


def test_a_content_only_pull_request_gets_the_content_checks_without_latex_or_chromium() -> None:
    jobs = _workflow("check.yml")["jobs"]
    assert set(jobs) == {"changes", "content", "check"}
    decided = "needs.changes.outputs.content-only"
    assert (jobs["content"]["needs"], jobs["content"]["if"]) == ("changes", f"{decided} == 'true'")
    assert (jobs["check"]["needs"], jobs["check"]["if"]) == ("changes", f"{decided} != 'true'")  # code: everything
    content = jobs["content"]
    assert content["timeout-minutes"] <= 3 and "container" not in content
    (python,) = [s for s in content["steps"] if s.get("uses", "").startswith("actions/setup-python@")]
    assert python["with"]["cache"] == "pip" and python["with"]["cache-dependency-path"] == "pyproject.toml"
    runs = [step.get("run", "") for step in content["steps"]]
    assert not any(word in run for run in runs for word in ("apt-get", "texlive", "chromium", "playwright", "make "))
    for command in ("survey check --format github", "survey fmt --check", "mkdocs build --strict"):
        assert command in runs, command
    (tests,) = [run for run in runs if "-m pytest" in run]
    assert tests == 'if [ -f tests/test_flagship.py ]; then python -m pytest tests/test_flagship.py -m "not slow"; fi'


def _git(repo: Path, *argv: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *argv], cwd=repo, check=True, capture_output=True)


def _merge_commit(repo: Path, change: Callable[[Path], None]) -> None:
    """A repository whose HEAD is a pull request's merge commit, as actions/checkout leaves it."""
    (repo / "content" / "papers").mkdir(parents=True)
    (repo / "survey").mkdir()
    (repo / "content" / "papers" / "a.yaml").write_text("key: a\n", encoding="utf-8")
    (repo / "survey" / "cli.py").write_text("print()\n", encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    _git(repo, "checkout", "-q", "-b", "contribution")
    change(repo)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "the pull request")
    _git(repo, "checkout", "-q", "main")
    (repo / "README.md").write_text("main moved on\n", encoding="utf-8")  # the base branch moved on meanwhile
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "main")
    _git(repo, "merge", "-q", "--no-ff", "-m", "merge", "contribution")


@pytest.mark.parametrize(
    ("change", "event", "content_only"),
    [
        (lambda repo: (repo / "content" / "papers" / "b.yaml").write_text("key: b\n"), "pull_request", "true"),
        (lambda repo: (repo / "content" / "papers" / "a.yaml").unlink(), "pull_request", "true"),
        (lambda repo: (repo / "survey" / "cli.py").write_text("print(1)\n"), "pull_request", "false"),
        (lambda repo: (repo / "content" / "survey.yaml").write_text("title: x\n"), "pull_request", "false"),
        (lambda repo: (repo / "survey" / "cli.py").rename(repo / "content" / "papers" / "cli.py"), "pull_request", "false"),
        (lambda repo: (repo / "content" / "papers" / "b.yaml").write_text("key: b\n"), "push", "false"),
    ],
    ids=["a-new-paper", "a-paper-removed", "code", "the-taxonomy", "code-moved-into-papers", "push-to-main"],
)
def test_the_changes_step_tells_a_content_only_pull_request(tmp_path: Path, change, event: str, content_only: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    _merge_commit(repo, change)
    (step,) = [s for s in _workflow("check.yml")["jobs"]["changes"]["steps"] if s.get("id") == "diff"]
    outputs = tmp_path / "github-output"
    env = os.environ | {"EVENT": event, "GITHUB_OUTPUT": str(outputs)}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert outputs.read_text(encoding="utf-8") == f"content-only={content_only}\n"


def test_deploy_workflow_builds_with_the_readme_command_and_the_pages_actions() -> None:
    data = _workflow("deploy.yml")
    uses = [step.get("uses", "") for step in _steps("deploy.yml")]
    assert "make site" in _runs("deploy.yml")
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_pre_commit_hooks_run_the_active_environments_tools_from_the_dev_extra() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert [h["entry"] for h in hooks] == ["survey fmt", "survey check", "ruff check --fix", "mypy"]
    assert all(h["language"] == "system" and ".venv" not in h["entry"] for h in hooks)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    assert "survey-site[test]" in extras["dev"] and any(d.startswith("pre-commit") for d in extras["dev"])
    installed = set(project["scripts"]) | {re.match(r"[\w-]+", d).group() for d in extras["test"]}
    for hook in hooks:  # every hook runs a program the dev extra installs
        assert hook["entry"].split()[0] in installed, hook["id"]
    setup = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split("## 2.", 1)[0]
    assert setup.index("source .venv/bin/activate") < setup.index("pip install -e '.[dev]'") < setup.index("pre-commit install")


def test_suggest_a_paper_workflow_runs_the_tested_script_on_the_forms_issues() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml").read_text(encoding="utf-8"))
    workflow = _workflow("suggest-paper.yml")
    (job,) = workflow["jobs"].values()
    assert f"github.event.label.name == '{form['labels'][0]}'" in job["if"]
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    runs = "\n".join(_runs("suggest-paper.yml"))
    assert "python -m survey.suggest" in runs
    assert "github.event.issue.body" not in runs  # the issue's text reaches no shell command
    (opener,) = [s for s in job["steps"] if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert opener["with"]["body-path"].endswith("/body.md") and opener["with"]["add-paths"] == "content/papers/*.yaml"


def test_weekly_workflow_refreshes_into_one_pull_request_and_lists_broken_links_in_one_issue() -> None:
    workflow = _workflow("weekly.yml")
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"schedule", "workflow_dispatch"}  # never on a contributor's pull request
    assert triggers["schedule"][0]["cron"]
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    refresh, links = workflow["jobs"]["refresh"]["steps"], workflow["jobs"]["links"]["steps"]
    runs = [step.get("run", "") for step in refresh]
    written = next(i for i, run in enumerate(runs) if 'survey refresh --write > "$RUNNER_TEMP/refresh.md"' in run)
    checked = runs.index("survey check")
    (opener,) = [i for i, step in enumerate(refresh) if step.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert written < checked < opener  # the pull request carries only files survey check accepts
    options = refresh[opener]["with"]
    assert options["add-paths"] == "content/papers/*.yaml" and options["body-path"] == "${{ runner.temp }}/refresh.md"
    assert options["branch"] == "weekly/refresh"  # one branch: one pull request, updated each week
    (checker,) = [step for step in links if "survey links --output" in step.get("run", "")]
    assert '--output "$RUNNER_TEMP/links.md"' in checker["run"] and 'echo "broken=true" >> "$GITHUB_OUTPUT"' in checker["run"]
    issue = links[-1]
    assert issue["env"]["BROKEN"] == f"${{{{ steps.{checker['id']}.outputs.broken }}}}"
    for command in ("gh issue list", "gh issue edit", "gh issue create", "gh issue close", '--body-file "$RUNNER_TEMP/links.md"'):
        assert command in issue["run"], command


def test_the_command_starts_without_numpy_scipy_or_the_renderer() -> None:
    """`survey check` runs at every commit (pre-commit): it loads what checking needs, not the
    related-papers maths or the page templates (measured by the imports, not by a clock)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", "import survey.cli"], capture_output=True, text=True, check=True)
    modules = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "survey.cli" in modules and "survey.content.load" in modules
    assert not {m for m in modules if m.split(".")[0] in ("numpy", "scipy") or m in ("survey.site.render", "survey.site.related")}
