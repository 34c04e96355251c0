"""The repository's own automation runs the commands the README and CONTRIBUTING.md promise."""

from __future__ import annotations

import re
import tomllib

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
    assert "make test" in readme and re.search(r"^test: lint\n\t\$\(BIN\)/python -m pytest\n", makefile, re.M)
    for command in ("make lint", ".venv/bin/python -m pytest", ".venv/bin/survey check --format github", ".venv/bin/survey fmt --check"):
        assert command in runs, command
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_check_reports_even_when_one_before_it_failed() -> None:
    steps = _steps("check.yml")
    setup = next(i for i, step in enumerate(steps) if step.get("id") == "setup")
    checks = steps[setup + 1 :]
    assert len(checks) >= 5
    for step in checks:  # !cancelled(): run after a failure (not after a cancel), as long as the set-up worked
        assert step.get("if") == "${{ !cancelled() && steps.setup.outcome == 'success' }}", step["name"]
        assert "continue-on-error" not in step  # a failure still fails the job
    assert not any("if" in step for step in steps[: setup + 1])


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
    assert "python -m survey.contribute.suggest" in runs
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
