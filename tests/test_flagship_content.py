"""The flagship survey in content/: complete, classified, and faithful to the seed data.

The checks are invariants (tests/content_checks.py), so a pull request that adds a valid paper keeps
them true; tests/test_contribution_path.py runs the same checks after adding papers to a copy.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from content_checks import CHECKS, Check, load
from test_bibtex import _compile

from survey.outputs import bibtex


@pytest.fixture(scope="module")
def survey():
    return load(ROOT / "content")


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_flagship_content(survey, check: Check) -> None:
    check(survey, ROOT / "content")


@pytest.mark.slow
def test_survey_bib_compiles_with_bibtex_and_biber(tmp_path: Path, survey) -> None:
    text = bibtex.Bibliography(survey.papers, survey.protected_words).text()
    for backend in ("bibtex", "biber"):
        folder = tmp_path / backend
        folder.mkdir()
        result = _compile(folder, text, backend)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-3000:]
        assert "error" not in output.lower(), output[-3000:]
        latex = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=folder, capture_output=True, text=True, errors="replace")
        assert latex.returncode == 0, latex.stdout[-3000:]
