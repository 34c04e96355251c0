"""Benchmark `survey import refs.bib` on synthetic BibTeX files of N entries.

    .venv/bin/python benchmarks/import_bench.py                 # N = 1,000 and 10,000
    .venv/bin/python benchmarks/import_bench.py --sizes 200     # a quick run

Each .bib is imported into a fresh synthetic survey (benchmarks/synthetic.py) that already holds
--existing papers. The entries are shaped like a real export: most are new, some repeat an earlier
entry (a typo in the title, the same arXiv id or DOI), some repeat a paper already in the survey,
a cluster shares first author, year and first title word, and a few have an unusable year. The
import runs as its own process; its wall time and peak memory come from that process's rusage.
Same N and seed, same files. This is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from floors import measured
from run import ROOT
from synthetic import _sentence, _vocabulary, generate

SAME_KEY = 30  # entries sharing first author, year and first title word


def _typo(title: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(title) - 1)
    return title[:at] + title[at + 1] + title[at] + title[at + 2:]


def synthetic_bib(n: int, existing: list[dict], seed: int = 2) -> str:
    """BibTeX text of ``n`` entries, some of them duplicates of each other or of ``existing``."""
    rng = random.Random(seed)
    words = _vocabulary()
    entries: list[dict] = []
    for i in range(n):
        roll = rng.random()
        year = rng.randint(2015, 2026)
        entry = {
            "title": _sentence(rng, words, 6, 14)[:-1],
            "year": str(year),
            "author": " and ".join(f"{rng.choice(words).capitalize()}, {rng.choice(words).capitalize()}" for _ in range(rng.randint(1, 6))),
        }
        if rng.random() < 0.6:
            entry["eprint"], entry["archivePrefix"] = f"{year % 100:02d}{rng.randint(1, 12):02d}.{90000 + i:05d}", "arXiv"
        if rng.random() < 0.4:
            entry["doi"] = f"10.5555/synthetic.{i}"
        if i < SAME_KEY:
            entry.update(author="Li, Wei", year="2024", title=f"Autoflow {words[i]} " + entry["title"])
        elif roll < 0.03 and entries:
            entry["title"] = _typo(rng.choice(entries)["title"], rng)  # the same paper, mistyped
        elif roll < 0.05 and existing:
            entry["title"] = rng.choice(existing)["title"]  # already in the survey
        elif roll < 0.06 and entries:
            entry["doi"] = rng.choice(entries).get("doi", entry.get("doi", ""))
        elif roll < 0.07:
            entry["year"] = rng.choice(["２０２４", "²⁰²⁴", "2024½", "n.d."])
        entries.append(entry)
    return "".join(f"@article{{e{i},\n" + "".join(f"  {k} = {{{v}}},\n" for k, v in e.items() if v) + "}\n" for i, e in enumerate(entries))


def run(n: int, existing: int, work: Path) -> dict:
    project = work / f"import-{n}"
    if project.exists():
        shutil.rmtree(project)
    content = generate(project, existing)
    papers = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((content / "papers").glob("*.yaml"))]
    bib = project / "refs.bib"
    bib.write_text(synthetic_bib(n, papers), encoding="utf-8")
    child = measured([sys.executable, "-m", "survey.cli", "--content", str(content), "import", str(bib)], ROOT)
    seconds, peak = child.seconds, child.peak_mb
    imported = len(list((content / "papers").glob("*.yaml"))) - existing
    leftovers = [p.name for p in (content / "papers").iterdir() if p.name.startswith(".")]
    if leftovers:
        raise SystemExit(f"N = {n}: the import left {leftovers}")
    return {"n": n, "existing": existing, "imported": imported, "skipped": n - imported, "seconds": seconds, "peak_mb": peak}


def report(results: list[dict]) -> str:
    lines = ["| entries | papers already there | imported | skipped | time | peak memory |", "|---:|---:|---:|---:|---:|---:|"]
    lines += [
        f"| {r['n']:,} | {r['existing']:,} | {r['imported']:,} | {r['skipped']:,} | {r['seconds']:.1f} s | {r['peak_mb']:,.0f} MB |"
        for r in results
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--existing", type=int, default=1000, help="papers already in the survey (default 1,000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/survey-benchmark"))
    args = parser.parse_args()
    results = []
    for n in args.sizes:
        print(f"N = {n:,} ...", file=sys.stderr, flush=True)
        results.append(run(n, args.existing, args.work))
    print(report(results), end="")


if __name__ == "__main__":
    main()
