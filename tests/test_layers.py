"""The pipeline flows one way (../shared/design.md): pyproject.toml's [tool.importlinter] names the
layers and `make lint` runs import-linter on them. Here: the tree keeps the contract, and a
back-import (the content stage importing the site stage) breaks it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(tree: Path) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(tree)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"], cwd=tree, env=env,
                          capture_output=True, text=True)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "survey", tmp_path / "survey", ignore=shutil.ignore_patterns("__pycache__", "theme", "starter"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_its_layers(tree: Path) -> None:
    result = _lint(tree)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_a_back_import_breaks_the_layers(tree: Path) -> None:
    rules = tree / "survey" / "content" / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\nfrom survey.site import render  # noqa: E402\n", encoding="utf-8")
    result = _lint(tree)
    assert result.returncode == 1
    assert "survey.content is not allowed to import survey.site" in result.stdout
