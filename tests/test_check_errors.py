"""`survey check` on bad input: every problem at once, with file, line and field; no traceback.

survey.cli.main runs in this process (conftest.survey_main); one test runs the real command."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DATA, survey_cli, survey_main

CASES = yaml.safe_load((DATA / "bad_cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_case_is_reported_with_its_place(project: Path, case: dict) -> None:
    target = project / "content" / case["file"]
    if "append" in case:
        target.write_text(target.read_text(encoding="utf-8") + case["append"], encoding="utf-8")
    else:
        target.write_text(case["text"], encoding="utf-8")
    result = survey_main("--content", "content", "check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    # Exactly the promised lines, in the order they are printed (by file, line, column), then the count.
    count = len(case["expect"])
    assert result.stderr.splitlines() == case["expect"] + [f"{count} problem{'s' if count != 1 else ''} found."]


def test_all_problems_are_reported_in_one_run(project: Path) -> None:
    """The one test that starts the real command (`python -m survey.cli`): its exit code and its
    stderr, with no traceback, are the process's own; the others call survey.cli.main in-process."""
    papers = project / "content" / "papers"
    (papers / "a.yaml").write_text("key: a\ntitle: A\nyear: 1\n", encoding="utf-8")
    (papers / "b.yaml").write_text("key: [b\n", encoding="utf-8")
    (papers / "c.yaml").write_text("", encoding="utf-8")
    result = survey_cli("--content", "content", "check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    paths = {line.split(":")[0] for line in result.stderr.splitlines()[:-1]}
    assert paths == {"content/papers/a.yaml", "content/papers/b.yaml", "content/papers/c.yaml"}
    assert "content/papers/a.yaml:3:7: year: expected a year between 1900 and 2100 (got 1)" in result.stderr


def test_good_content_passes(project: Path) -> None:
    result = survey_main("--content", "content", "check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "OK: 3 papers, no errors."


def test_missing_content_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = survey_main("--content", "nowhere", "check", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("nowhere/survey.yaml:1:1: cannot read file")
