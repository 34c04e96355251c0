"""The "suggest a paper" flow: the issue form's text in, a paper file and a pull request's body out
(survey/suggest.py, run by .github/workflows/suggest-paper.yml).

Lookups go to a real HTTP server on 127.0.0.1 replaying tests/data/responses; "offline" is an
address where nothing listens.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, issue_body
from recorded_api import serve_recordings

from survey.suggest import IDENTIFIER_LABEL, identifier, suggest


@pytest.fixture
def api(monkeypatch):
    with serve_recordings() as environment:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        yield


def _files(project: Path) -> set[str]:
    return {p.name for p in (project / "content" / "papers").glob("*.yaml")}


# The identifier, from the form's text.


@pytest.mark.parametrize(
    ("answer", "found"),
    [
        ("2309.12307", "2309.12307"),
        ("  https://arxiv.org/abs/2309.12307v2  \n\nmore words", "https://arxiv.org/abs/2309.12307v2"),
        ("`10.18653/v1/2021.acl-long.353`", "10.18653/v1/2021.acl-long.353"),
        ("<https://arxiv.org/abs/2309.12307>", "https://arxiv.org/abs/2309.12307"),
        ("_No response_", None),
        ("", None),
    ],
)
def test_the_identifier_is_the_first_line_under_its_heading(answer: str, found: str | None) -> None:
    assert identifier(issue_body(answer)) == found
    assert identifier(issue_body(answer).replace("\n", "\r\n")) == found  # as a browser may send it


def test_other_sections_and_look_alike_headings_are_not_read() -> None:
    assert identifier("### Category\n\n2309.12307\n") is None
    assert identifier(f"#### {IDENTIFIER_LABEL}\n\n2309.12307\n") is None
    assert identifier("2309.12307") is None  # a body not written by the form
    assert identifier(issue_body("2309.12307", category="### " + IDENTIFIER_LABEL)) == "2309.12307"  # the first heading wins


def test_the_form_and_the_script_name_the_identifier_alike() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml").read_text(encoding="utf-8"))
    (field,) = [item for item in form["body"] if item.get("id") == "identifier"]
    assert field["attributes"]["label"] == IDENTIFIER_LABEL and field["validations"]["required"] is True
    assert form["labels"] == ["paper suggestion"]


# survey add and survey check on a copy of the test survey, against the recorded APIs.


def test_a_suggestion_becomes_a_file_and_a_pull_request_body(project: Path, api) -> None:
    result = suggest(issue_body("https://arxiv.org/abs/2309.12307v2"), project / "content", issue=12)
    assert result.path == project / "content" / "papers" / "chen2023longlora.yaml" and result.key == "chen2023longlora"
    data = yaml.safe_load(result.path.read_text(encoding="utf-8"))
    assert data["title"] == "LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models"
    assert data["arxiv"] == "2309.12307" and data["authors"][0] == "Yukang Chen"
    body = result.text
    assert body.startswith(f"Suggested in #12; `survey add` wrote `{result.path.as_posix()}`")
    assert "\nCloses #12\n" in body
    # The check's result: what the maintainer still writes, on the new file only.
    check = body.split("### `survey check`\n\n```text\n", 1)[1].split("\n```", 1)[0].splitlines()
    assert check[-1].endswith("problems found.")
    assert all("chen2023longlora.yaml:" in line for line in check[:-1])
    assert {line.split(": ")[1] for line in check[:-1]} >= {"category", "tldr"}
    assert body.endswith("```yaml\n" + result.path.read_text(encoding="utf-8").rstrip() + "\n```\n")


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("not-an-id", "'not-an-id' is neither an arXiv id or URL"),
        ("2401.99999", "arXiv has no paper 2401.99999; nothing written"),
        ("10.9999/nowhere.1", "answered HTTP 404"),
        ("https://arxiv.org/abs/2106.09685", "2106.09685 is already in the survey"),
        ("_No response_", f"No identifier found: the issue needs one under `### {IDENTIFIER_LABEL}`."),
    ],
)
def test_a_suggestion_that_gives_no_file_says_why_and_writes_nothing(project: Path, api, answer: str, reason: str) -> None:
    before = _files(project)
    result = suggest(issue_body(answer), project / "content", issue=3)
    assert result.path is None and result.key is None
    assert reason in result.text
    assert "Traceback" not in result.text and "Closes" not in result.text
    assert _files(project) == before


def test_offline_the_lookup_fails_in_one_line_and_writes_nothing(project: Path, monkeypatch) -> None:
    with socket.socket() as unused:  # a port that was free a moment ago: nothing listens there
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    monkeypatch.setenv("SURVEY_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
    before = _files(project)
    result = suggest(issue_body("2309.12307"), project / "content")
    assert result.path is None
    assert "could not reach 127.0.0.1" in result.text and "are you offline?" in result.text
    assert _files(project) == before


def test_the_command_the_workflow_runs(project: Path, api, tmp_path: Path) -> None:
    (tmp_path / "issue.md").write_text(issue_body("2309.12307"), encoding="utf-8")
    outputs = tmp_path / "github_output"
    outputs.write_text("earlier=1\n", encoding="utf-8")  # GitHub's file: appended to, never replaced
    command = [sys.executable, "-m", "survey.suggest", str(tmp_path / "issue.md"),
               "--issue", "5", "--body", str(tmp_path / "body.md"), "--outputs", str(outputs)]
    done = subprocess.run(command, cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert outputs.read_text(encoding="utf-8") == "earlier=1\nkey=chen2023longlora\npath=content/papers/chen2023longlora.yaml\n"
    assert "Closes #5" in (tmp_path / "body.md").read_text(encoding="utf-8")

    (tmp_path / "issue.md").write_text(issue_body("2309.12307"), encoding="utf-8")  # now a duplicate
    again = subprocess.run(command, cwd=project, capture_output=True, text=True)
    assert again.returncode == 1
    assert "2309.12307 is already in the survey" in (tmp_path / "body.md").read_text(encoding="utf-8")
    assert outputs.read_text(encoding="utf-8").count("key=") == 1


# The workflow (.github/workflows/suggest-paper.yml): which issue events run it, and its label step.

WORKFLOW = ROOT / ".github" / "workflows" / "suggest-paper.yml"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "add-paper.yml"
_PATH = re.compile(r"github(?:\.[A-Za-z_*]+)+")


def runs_for(condition: str, event: dict) -> bool:
    """A job's `if:` evaluated for one event, as GitHub does for these operators: ==, &&, ||, !,
    contains() and `.*.` over arrays, strings compared ignoring case."""

    def value(path: str) -> object:
        found: object = {"github": event}
        for part in path.split("."):
            if part == "*":
                continue
            found = [item.get(part) for item in found] if isinstance(found, list) else (found or {}).get(part)  # type: ignore[union-attr]
        return found.lower() if isinstance(found, str) else [v.lower() for v in found] if isinstance(found, list) else found

    def contains(haystack: object, needle: str) -> bool:
        return haystack is not None and needle in haystack  # type: ignore[operator]

    python = _PATH.sub(lambda m: f"value({m.group()!r})", condition.lower())
    python = python.replace("&&", " and ").replace("||", " or ").replace("!contains", " not contains")
    return bool(eval(python, {"value": value, "contains": contains}))  # noqa: S307  (our own workflow's expression)


def issue_event(action: str, labels: list[str], body: str, label: str | None = None) -> dict:
    event = {"action": action, "issue": {"number": 7, "body": body, "labels": [{"name": name} for name in labels]}}
    return {"event": event | ({"label": {"name": label}} if label else {})}


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # PyYAML reads the key `on` as True
    return data


def test_the_workflow_runs_once_per_issue() -> None:
    data = workflow()
    (job,) = data["jobs"].values()
    label = yaml.safe_load(FORM.read_text(encoding="utf-8"))["labels"][0]
    form = issue_body("2309.12307")
    assert data["on"] == {"issues": {"types": ["opened", "labeled"]}}
    # The label exists: the form's issue comes with it, and GitHub sends `opened`, then `labeled`.
    assert [runs_for(job["if"], issue_event("opened", [label], form)),
            runs_for(job["if"], issue_event("labeled", [label], form, label=label))] == [False, True]
    # A fresh repository: GitHub drops the label it does not have; `opened` runs (and adds the label
    # with the workflow's token, which starts no workflow).
    assert runs_for(job["if"], issue_event("opened", [], form))
    # A maintainer labels an issue not written with the form; other labels and other issues: nothing.
    assert [runs_for(job["if"], issue_event("opened", [], "Please add LongLoRA")),
            runs_for(job["if"], issue_event("labeled", [label], "Please add LongLoRA", label=label.upper()))] == [False, True]
    assert not runs_for(job["if"], issue_event("labeled", [label, "bug"], form, label="bug"))
    assert not runs_for(job["if"], issue_event("opened", ["bug"], "### Category\n\nretrieval\n"))
    # Two events for one issue never run at once; a second waits instead of cancelling the first.
    assert data["concurrency"] == {"group": "suggest-paper-${{ github.event.issue.number }}", "cancel-in-progress": False}


def test_the_label_step_creates_the_label_and_puts_it_on_the_issue(tmp_path: Path) -> None:
    data = workflow()
    (job,) = data["jobs"].values()
    label = yaml.safe_load(FORM.read_text(encoding="utf-8"))["labels"][0]
    first = job["steps"][0]
    assert first["if"] == "github.event.action == 'opened'" and data["permissions"]["issues"] == "write"
    assert first["env"] == {"GH_TOKEN": "${{ github.token }}", "ISSUE": "${{ github.event.issue.number }}"}
    # Run by bash -e as the runner runs it, with a `gh` that records what it is asked.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    (bin_dir / "gh").write_text(f'#!/bin/sh\nprintf "%s|" "$@" >> "{calls}"\necho >> "{calls}"\n', encoding="utf-8")
    (bin_dir / "gh").chmod(0o755)
    env = os.environ | {"PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "ISSUE": "7", "GITHUB_REPOSITORY": "owner/survey"}
    done = subprocess.run(["bash", "-e", "-c", first["run"]], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    create, add = [line.rstrip("|").split("|") for line in calls.read_text(encoding="utf-8").splitlines()]
    assert create[:5] == ["label", "create", label, "--repo", "owner/survey"] and "--force" in create  # exists already: no failure
    assert add == ["issue", "edit", "7", "--repo", "owner/survey", "--add-label", label]


def test_the_workflow_knows_the_forms_issues_by_the_identifier_heading() -> None:
    (job,) = workflow()["jobs"].values()
    assert f"contains(github.event.issue.body, '### {IDENTIFIER_LABEL}')" in job["if"]
