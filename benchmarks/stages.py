"""Time the generator's stages on one content folder, with each stage's peak memory.

    .venv/bin/python benchmarks/stages.py CONTENT_DIR      # prints one JSON object

run.py starts it as a child process, so that each size is measured in a fresh interpreter and the
benchmark's own memory is not counted. A stage's peak is the process's peak resident memory while
the stage ran (Linux resets the peak through /proc/self/clear_refs); elsewhere it is the peak so far.
"""

from __future__ import annotations

import json
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey.content.load import load_content
from survey.outputs import bibtex, exports
from survey.site.related import related_papers
from survey.site.render import render_site
from survey.urls import Publishing

STATUS = Path("/proc/self/status")
CLEAR_REFS = Path("/proc/self/clear_refs")


def peak_mb() -> float:
    if STATUS.exists():
        return int(re.search(r"VmHWM:\s+(\d+)", STATUS.read_text()).group(1)) / 1024  # type: ignore[union-attr]
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> None:
    try:
        CLEAR_REFS.write_text("5")
    except OSError:
        pass  # not Linux, or not allowed: the peak so far is reported instead


class Stages:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu_seconds: dict[str, float] = {}  # the process's own CPU time: what a shared machine does not inflate
        self.peak_mb: dict[str, float] = {}

    def run(self, label: str, call: Callable[[], Any]) -> Any:
        if sys.stderr.isatty():
            print(f"  {label} ...", file=sys.stderr, flush=True)
        reset_peak()
        start, cpu = time.perf_counter(), time.process_time()
        value = call()
        self.seconds[label] = time.perf_counter() - start
        self.cpu_seconds[label] = time.process_time() - cpu
        self.peak_mb[label] = peak_mb()
        return value


def generator_stages(content: Path) -> Stages:
    stages = Stages()
    survey = stages.run("load and validate", lambda: load_content(content, display_root=content.parent))
    related = stages.run("related papers", lambda: related_papers(survey.papers))
    bibliography = bibtex.Bibliography(survey.papers, survey.protected_words)
    stages.run("BibTeX (lean and full)", lambda: (bibliography.text(), bibliography.full_text()))
    publishing = Publishing()
    stages.run(
        "exports (JSON, CSL-JSON, feed)",
        lambda: (exports.papers_json(survey, publishing, related), exports.csl_json(survey), exports.atom_feed(survey, publishing)),
    )
    stages.run("render everything", lambda: render_site(survey))
    return stages


def main() -> None:
    stages = generator_stages(Path(sys.argv[1]))
    json.dump({"seconds": stages.seconds, "cpu_seconds": stages.cpu_seconds, "peak_mb": stages.peak_mb}, sys.stdout)


if __name__ == "__main__":
    main()
