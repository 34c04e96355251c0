"""The repository's own automation runs the commands the README and CONTRIBUTING.md promise."""

from __future__ import annotations

import yaml
from conftest import ROOT


def _steps(workflow: str) -> list[str]:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))
    assert data.get("on", data.get(True))  # PyYAML reads the key `on` as True
    return [step.get("run", "") for job in data["jobs"].values() for step in job.get("steps", [])]


def test_check_workflow_runs_the_readme_commands_and_the_contributor_checks() -> None:
    runs = "\n".join(_steps("check.yml"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("make site", "make test"):
        assert command in readme and command in runs
    assert ".venv/bin/survey check --format github" in runs
    assert ".venv/bin/survey fmt --check" in runs
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_deploy_workflow_builds_with_the_readme_command_and_the_pages_actions() -> None:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    uses = [step.get("uses", "") for job in data["jobs"].values() for step in job["steps"]]
    assert "make site" in _steps("deploy.yml")
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert data["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_issue_form_and_pre_commit_hooks_are_valid() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml").read_text(encoding="utf-8"))
    assert form["name"] and any(item.get("id") == "identifier" for item in form["body"])
    hooks = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"][0]["hooks"]
    assert [h["entry"] for h in hooks] == [".venv/bin/survey fmt", ".venv/bin/survey check", ".venv/bin/ruff check --fix", ".venv/bin/mypy"]
    for hook in hooks:  # every hook runs a program the Makefile's set-up installs
        assert (ROOT / hook["entry"].split()[0]).name in {"survey", "ruff", "mypy"}
