"""Shared fixtures: a copy of the small test survey, and runners for the real CLI and mkdocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of tests/data: mkdocs.yml plus the content/ folder."""
    return copy_project(tmp_path / "project")


def copy_project(target: Path) -> Path:
    """tests/data with the project's own theme/ (templates, CSS, JavaScript), ready to build."""
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("bad_cases.yaml", "seed", "responses", "hostile"))
    shutil.copytree(ROOT / "theme", target / "theme")
    return target


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=env)


def survey_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run(["-m", "survey.cli", *args], cwd)


def mkdocs_build(cwd: Path, *extra: str) -> subprocess.CompletedProcess:
    return run(["-m", "mkdocs", "build", "--strict", *extra], cwd)
