"""The benchmark is not a test; this smoke run checks that it still runs and reports every figure.

`benchmarks/run.py --quick` measures everything once on a tiny synthetic survey (builds, both
floors, `mkdocs serve`, the reader's view in Chromium, the generator alone): each figure on the page
must be a real number, and each target must be met or say by how much it is missed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow

NUMBER = r"\**[\d.,]+(?:x| s| ms| KB| MB| min|%| percentage points)"
BUILD_ROWS = [
    "generator: load and validate", "generator: related papers", "generator: BibTeX (lean and full)", "generator: render everything",
    "generator (load and render), share of the build", "`mkdocs build` with the plugin", "theme floor", "**build / theme floor**",
    "Material floor (its own search)", "**build / Material floor**",
    "CPU time: build, with its child processes", "CPU time: Material floor",
    "old floor (same Markdown, no plugin)", "build / old floor", "peak memory: build", "peak memory: theme floor",
    "peak memory: Material floor", "peak memory: old floor",
    "peak memory: generator alone", "`mkdocs serve`: a saved paper on its page",
]
READER_ROWS = [
    "explorer: first load, transferred", "explorer: usable after", "explorer: fetched on focusing its text filter", "explorer: a keystroke in its filter, median (slowest)",
    "search: one query, transferred", "search: first results after", "a paper page, loaded without searching", "of which search files",
]
SIZE_ROWS = ["whole site", "median paper page", "largest page", "search index, all files", "explorer (`explore/`), all files"]
TARGETS = 13  # issue 12's, less the large-survey build ratio (the quick run has one survey), and issue 22's Material floor


def _cells(report: str, label: str) -> list[str]:
    line = next((line for line in report.splitlines() if line.startswith(f"| {label} |")), None)
    assert line is not None, f"no row {label!r}"
    return [cell.strip() for cell in line.strip("|").split("|")][1:]


def test_a_quick_run_reports_every_figure_and_target(tmp_path: Path, require_browser: None) -> None:
    page = tmp_path / "performance.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--work", str(tmp_path / "work"), "--page", str(page),
         "--save", str(tmp_path / "results.json")],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr == ""  # quiet when not on a terminal
    work = tmp_path / "work"
    assert any(work.iterdir()) and not list(work.rglob("reference-cache-*"))  # each build's empty reference cache is removed
    report = page.read_text(encoding="utf-8")
    assert report == result.stdout
    for heading in ("## Build", "## The reader's view", "## Sizes", "## Growth with the number of papers",
                    "## The generator alone at 300 papers", "## Targets (issues 12 and 22)"):
        assert f"\n{heading}\n" in report, heading
    assert "|  | 30 papers |" in report
    for label in BUILD_ROWS + READER_ROWS + SIZE_ROWS:
        [cell] = _cells(report, label)
        assert re.match(NUMBER, cell), (label, cell)
    assert re.fullmatch(r"[\d.]+ to [\d.]+", _cells(report, "load average during the builds")[0])
    growth = _cells(report, "30 papers")
    assert growth[3] == "-"  # growth since a smaller survey: the quick run has one
    assert all(re.fullmatch(r"[\d.,]+(?: ms| KB)?", cell) for cell in growth[:3] + growth[4:]), growth
    for stage in ("load and validate", "related papers", "BibTeX (lean and full)", "render everything"):
        [cell] = _cells(report, stage)
        assert re.fullmatch(r"[\d.,]+ s \([\d.,]+ s CPU\), [\d.,]+ MB", cell), (stage, cell)
    targets = report.split("## Targets (issues 12 and 22)")[1].splitlines()[4:]
    assert len([line for line in targets if line.startswith("|")]) == TARGETS
    for line in targets:
        at, target, measured, verdict = [cell.strip() for cell in line.strip("|").split("|")]
        assert re.search(r"[\d.,]+", measured), line
        assert verdict == "met" or re.match(rf"\*\*missed by -?{NUMBER}", verdict), line
    for label in ("CPU time: build, with its child processes", "CPU time: Material floor"):  # measured, not a default 0
        assert float(_cells(report, label)[0].split()[0]) > 0, label
    build = float(_cells(report, "`mkdocs build` with the plugin")[0].split()[0])
    floor = float(_cells(report, "theme floor")[0].split()[0])
    assert build > 0 and floor > 0
    assert len(list((tmp_path / "work" / "n30" / "content" / "papers").glob("*.yaml"))) == 30
    # The same page again from the measurements kept, with nothing measured (no work folder made).
    again = tmp_path / "again.md"
    rewritten = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--report-from", str(tmp_path / "results.json"),
         "--work", str(tmp_path / "unused"), "--page", str(again)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert rewritten.returncode == 0, rewritten.stderr[-3000:]
    assert again.read_text(encoding="utf-8") == report
    assert not (tmp_path / "unused").exists()
