"""The flagship survey in content/: `survey check --strict` reports nothing, every file is formatted,
and the seed's papers are there with their seed facts (tests/flagship.py says what and why).

Every rule about content lives in `survey check` (survey/content/), so a pull request meets the same
rules there as here, with file:line annotations; tests/test_contribution_path.py runs the same
verdict after adding papers to a copy.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from flagship import check_reports, every_seed_paper_is_there_with_its_seed_facts, load
from pybtex.database import parse_string
from test_bibtex import _compile

from survey.cli import main
from survey.outputs import bibtex

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def survey():
    return load(CONTENT)


def test_survey_check_strict_reports_nothing() -> None:
    assert check_reports(CONTENT) == []


def test_every_paper_file_is_in_canonical_form(capsys) -> None:
    code = main(["--content", str(CONTENT), "fmt", "--check"])
    assert code == 0, capsys.readouterr().out


def test_every_seed_paper_is_there_with_its_seed_facts(survey) -> None:
    every_seed_paper_is_there_with_its_seed_facts(survey)


def test_the_bibliography_has_every_paper_once(survey) -> None:
    assert survey.papers
    text = bibtex.Bibliography(survey.papers, survey.protected_words).text()
    assert sorted(parse_string(text, "bibtex").entries) == sorted(p.key for p in survey.papers)


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
