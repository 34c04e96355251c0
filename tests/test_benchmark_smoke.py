"""The benchmark is not a test; this smoke run checks that it still runs and reports sane figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow


def test_benchmark_runs_on_200_papers(tmp_path: Path) -> None:
    page = tmp_path / "performance.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "200", "--repeat", "1", "--work", str(tmp_path / "work"), "--page", str(page)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = page.read_text(encoding="utf-8")
    assert report == result.stdout
    assert "| | 200 papers |" in report
    for row in ("generator: load and validate", "generator: related papers", "`mkdocs build` with the plugin",
                "floor: same Markdown, no plugin", "peak memory, build", "median paper page", "search index"):
        assert re.search(rf"\| {re.escape(row)} \| [\d.,]+ ", report), row
    build = float(re.search(r"\| `mkdocs build` with the plugin \| ([\d.]+) s", report).group(1))
    floor = float(re.search(r"\| floor: same Markdown, no plugin \| ([\d.]+) s", report).group(1))
    assert build > 0 and floor > 0
    assert len(list((tmp_path / "work" / "n200" / "content" / "papers").glob("*.yaml"))) == 200
