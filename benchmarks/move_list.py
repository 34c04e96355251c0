"""Time moving an existing list into a survey, step by step as CONTRIBUTING.md describes it.

    .venv/bin/python benchmarks/move_list.py refs.bib                 # into a copy of content/
    .venv/bin/python benchmarks/move_list.py README.md --offline      # an awesome list, no lookups
    .venv/bin/python benchmarks/move_list.py papers.bib --empty       # into the taxonomy alone

The survey is copied to --work first (--empty: without its papers), so nothing here changes. Each
step is the real command in its own process; its wall time is printed with its last line of output.
`survey check` fails until the new papers are classified: that is the maintainer's part, which no
script times. This is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def step(content: Path, *argv: str) -> tuple[float, str]:
    """(wall seconds, last line of output) of one survey command."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "survey.cli", "--content", str(content), *argv], capture_output=True, text=True)
    lines = (done.stdout + done.stderr).strip().splitlines()
    return time.perf_counter() - start, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("list", type=Path, help="a .bib, CSL-JSON (.json) or Markdown (.md) list")
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="the survey to copy (default: content/)")
    parser.add_argument("--empty", action="store_true", help="copy the survey without its papers")
    parser.add_argument("--offline", action="store_true", help="survey import --offline: look nothing up")
    parser.add_argument("--work", type=Path, default=Path("/tmp/survey-move-list"))
    args = parser.parse_args()
    content = args.work / "content"
    shutil.rmtree(args.work, ignore_errors=True)
    shutil.copytree(args.content, content, ignore=shutil.ignore_patterns("*.yaml") if args.empty else None)
    shutil.copy(args.content / "survey.yaml", content / "survey.yaml")
    before = len(list((content / "papers").glob("*.yaml"))) if (content / "papers").is_dir() else 0
    print(f"{args.list.name} into a survey of {before} papers\n\n| step | time | says |\n|---|---:|---|")
    steps = [
        ("survey import", ["import", str(args.list.resolve())] + (["--offline"] if args.offline else [])),
        ("survey fmt", ["fmt"]),
        ("survey check", ["check"]),
    ]
    for name, argv in steps:
        seconds, said = step(content, *argv)
        print(f"| `{name}` | {seconds:.1f} s | {said} |")


if __name__ == "__main__":
    main()
