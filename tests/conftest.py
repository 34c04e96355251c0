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


def copy_repository(target: Path) -> Path:
    """The repository's own survey as a contributor's clone holds it: content/, mkdocs.yml, theme/."""
    target.mkdir(parents=True)
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copytree(ROOT / "theme", target / "theme")
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, env=env)


def survey_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run(["-m", "survey.cli", *args], cwd)


def mkdocs_build(cwd: Path, *extra: str) -> subprocess.CompletedProcess:
    return run(["-m", "mkdocs", "build", "--strict", *extra], cwd)


# A LaTeX document that cites every entry of refs.bib, in each bibliography style the tests compile.
LATEX = r"""\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage[utf8]{inputenc}
%s
\begin{document}
\nocite{*}
%s
\end{document}
"""
STYLES = {  # style: (preamble, bibliography, the program that makes the .bbl)
    "plain": ("", "\\bibliographystyle{plain}\n\\bibliography{refs}", "bibtex"),
    "plainnat": ("\\usepackage{natbib}", "\\bibliographystyle{plainnat}\n\\bibliography{refs}", "bibtex"),
    "biblatex": ("\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}", "\\printbibliography", "biber"),
}


def need_tool(tool: str) -> str:
    """The tool's path; without it the test is skipped, or fails on CI (CI=true), where it must run."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed: apt-get install texlive-latex-base texlive-latex-recommended texlive-bibtex-extra biber"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def pdflatex(folder: Path) -> subprocess.CompletedProcess:
    command = [need_tool("pdflatex"), "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    return subprocess.run(command, check=False, cwd=folder, capture_output=True, text=True, errors="replace")


def make_bbl(folder: Path, bib_text: str, style: str, preamble: str = "") -> subprocess.CompletedProcess:
    """Write refs.bib and doc.tex, run pdflatex once (it must succeed), then bibtex or biber: its result."""
    extra, bibliography, program = STYLES[style]
    (folder / "refs.bib").write_text(bib_text, encoding="utf-8")
    (folder / "doc.tex").write_text(LATEX % (preamble + "\n" + extra, bibliography), encoding="utf-8")
    first = pdflatex(folder)
    assert first.returncode == 0, first.stdout[-2000:]
    return subprocess.run([need_tool(program), "doc"], check=False, cwd=folder, capture_output=True, text=True, errors="replace")


# For the unit tests of the site modules (explorer, tables, charts): no mkdocs build.
def small_survey():
    """The small test survey (tests/data/content), loaded and validated by the project's own loader."""
    from survey.content.load import load_content

    return load_content(DATA / "content")


def make_paper(key: str, **fields):
    """A survey.model.Paper with what every paper needs; ``fields`` sets or overrides the rest."""
    from survey.model import Paper

    needed = {"title": f"Title of {key}", "year": 2024, "category": "peft", "tldr": f"Summary of {key}.", "added": "2026-01-01"}
    return Paper(key=key, **(needed | fields))


def site_markdown(text: str):
    """Markdown converted with the site's extensions (mkdocs.yml), parsed as a browser parses HTML."""
    import markdown
    import yaml
    from selectolax.lexbor import LexborHTMLParser

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    return LexborHTMLParser(markdown.markdown(str(text), extensions=extensions))
