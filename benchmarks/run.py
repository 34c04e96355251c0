"""Benchmark the survey against the targets of issue 12, and write the Performance page.

    .venv/bin/python benchmarks/run.py                  # the flagship, 1,000 and 10,000 papers, the generator at 100,000
    .venv/bin/python benchmarks/run.py --sizes 1000 --generator-only     # a development run
    .venv/bin/python benchmarks/run.py --quick          # a tiny run of everything (the smoke test's)
    .venv/bin/python benchmarks/run.py --page content/pages/performance.md --save benchmarks/measured.json
    .venv/bin/python benchmarks/run.py --report-from benchmarks/measured.json --page content/pages/performance.md   # measures nothing

Each survey (the flagship from content/, then synthetic ones from benchmarks/synthetic.py) is
measured for: the generator's stages (benchmarks/stages.py, a child process), `mkdocs build` with
the plugin against three floors (benchmarks/floors.py), output sizes, the reader's view in Chromium
(benchmarks/reader.py, the site served gzipped by benchmarks/static_server.py) and, on the flagship,
how fast `mkdocs serve` shows a saved paper (benchmarks/serve_latency.py). Then the generator alone
runs at 100,000 papers. Reasons for a missed target that the figures cannot give are kept in
benchmarks/reasons.yaml and written into the page. This is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))

import floors
import reader
import results
import serve_latency
from report import Corpus, GeneratorRun, write_report
from static_server import serving
from synthetic import generate

from survey.content.load import load_content

WORK = Path("/tmp/survey-benchmark")
QUICK_SIZE = 30
QUICK_GENERATOR = 300


def say(message: str) -> None:
    """Progress on a terminal; nothing in CI or when the output is kept."""
    if sys.stderr.isatty():
        print(message, file=sys.stderr, flush=True)


def prepare(work: Path, n: int | None) -> Path:
    """A project folder (content/, theme/, mkdocs.yml): the flagship's own content when ``n`` is None."""
    project = work / ("flagship" if n is None else f"n{n}")
    if n is None:
        shutil.rmtree(project / "content", ignore_errors=True)
        shutil.copytree(ROOT / "content", project / "content")
    else:
        generate(project, n)
    shutil.rmtree(project / "theme", ignore_errors=True)
    shutil.copytree(ROOT / "theme", project / "theme")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project


def generator_stages(content: Path, repeat: int) -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    """Best time, best CPU time and highest peak memory of each stage over ``repeat`` runs, each in a fresh process."""
    runs = []
    for _ in range(repeat):
        cold_reference_cache(content.parent)
        done = subprocess.run([sys.executable, str(Path(__file__).parent / "stages.py"), str(content)], capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"benchmarks/stages.py failed on {content}:\n{done.stderr[-3000:]}")
        runs.append(json.loads(done.stdout))
    seconds = {name: min(r["seconds"][name] for r in runs) for name in runs[0]["seconds"]}
    cpu = {name: min(r["cpu_seconds"][name] for r in runs) for name in runs[0]["cpu_seconds"]}
    peaks = {name: max(r["peak_mb"][name] for r in runs) for name in runs[0]["peak_mb"]}
    return seconds, cpu, peaks


def cold_reference_cache(work: Path) -> None:
    """An empty reference cache for the next build (outputs/reference_cache.py): a build that found the
    last one's references would time what a fresh clone and CI never see. The last one made is removed
    (9 MB at 10,000 papers; every run left two dozen behind)."""
    previous = os.environ.get("SURVEY_CACHE_DIR")
    if previous in _COLD_CACHES:
        shutil.rmtree(previous, ignore_errors=True)
    os.environ["SURVEY_CACHE_DIR"] = tempfile.mkdtemp(prefix="reference-cache-", dir=work)
    _COLD_CACHES.add(os.environ["SURVEY_CACHE_DIR"])


_COLD_CACHES: set[str] = set()  # made by this run, so removed by it


def measure_corpus(work: Path, n: int | None, repeat: int, serve_edits: int, browser: bool, notes: list[str]) -> Corpus:
    label = "the flagship" if n is None else f"{n:,} papers"
    say(f"{label}: preparing")
    project = prepare(work, n)
    survey = load_content(project / "content", display_root=project)
    corpus = Corpus(label=label, n=len(survey.papers), flagship=n is None)
    say(f"{label}: generator stages")
    corpus.stages, _, corpus.stage_peak_mb = generator_stages(project / "content", repeat)
    site = floors.generated_site(project)
    theme_floor, old_floor = floors.theme_floor(project, site), floors.old_floor(project, site)
    material_floor = floors.material_floor(project, site)
    del site, survey
    with serving(project / "site") as url:
        builds, themes, materials, olds = [], [], [], []
        for number in range(1, repeat + 1):  # alternate, and keep each one's median: the machine may be shared
            corpus.load.append(os.getloadavg()[0])
            say(f"{label}: build {number} of {repeat}")
            cold_reference_cache(work)
            builds.append(floors.build(project, None, "site", url))
            pagefind = floors.has_pagefind(project / "site")
            say(f"{label}: theme floor {number} of {repeat}")
            themes.append(floors.floor_build(project, theme_floor, "floor_theme_site", url, pagefind))
            say(f"{label}: Material floor {number} of {repeat}")
            materials.append(floors.build(project, material_floor, "floor_material_site", url))
            say(f"{label}: old floor {number} of {repeat}")
            olds.append(floors.floor_build(project, old_floor, "floor_site", url, pagefind))
        corpus.load.append(os.getloadavg()[0])
        corpus.build, corpus.theme_floor, corpus.old_floor = middle(builds), middle(themes), middle(olds)
        corpus.material_floor = middle(materials)
        corpus.search = "Pagefind" if floors.has_pagefind(project / "site") else "Material's search (search_index.json)"
        corpus.sizes = sizes(project / "site")
        if browser:
            say(f"{label}: the reader's view in Chromium")
            paper = sorted(p.stem for p in (project / "content" / "papers").glob("*.yaml"))[0]
            try:
                corpus.reader = reader.measure(url, f"papers/{paper}/", search_query(project, paper), filter_word(project, paper))
            except Exception as error:  # noqa: BLE001  (a page that never becomes usable: say so, keep the hour of builds)
                notes.append(f"The reader's view at {label} failed: {_first_line(error)}.")
    if serve_edits:
        say(f"{label}: mkdocs serve, {serve_edits} edits")
        paper = sorted(p.stem for p in (project / "content" / "papers").glob("*.yaml"))[0]
        try:
            corpus.serve_seconds = serve_latency.serve_latency(project, paper, serve_edits)
        except SystemExit as error:
            notes.append(f"`mkdocs serve` at {label} failed: {_first_line(error)}.")
    return corpus


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def middle(runs: list[floors.Measured]) -> floors.Measured:
    """The median time and CPU time (a shared machine slows some runs, and the best run flatters), the highest peak."""
    return floors.Measured(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs),
                           statistics.median(r.cpu_seconds for r in runs))


def _title_words(project: Path, paper: str) -> list[str]:
    import yaml

    title = str(yaml.safe_load((project / "content" / "papers" / f"{paper}.yaml").read_text(encoding="utf-8"))["title"])
    words = {w.strip(":,.;()").casefold() for w in title.split()}
    return sorted(words, key=lambda w: (-len(w), w))


def search_query(project: Path, paper: str) -> str:
    """Two long words of a paper's title: a query a reader might type, with results."""
    return " ".join(_title_words(project, paper)[:2])


def filter_word(project: Path, paper: str) -> str:
    return _title_words(project, paper)[0]


def sizes(site: Path) -> dict[str, float | str]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    papers = [p.stat().st_size for p in (site / "papers").glob("*/index.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    folders: dict[str, int] = {}
    for path in files:
        top = path.relative_to(site).parts[0] if len(path.relative_to(site).parts) > 1 else "(top-level files)"
        folders[top] = folders.get(top, 0) + path.stat().st_size
    index = site / "search" / "search_index.json"
    search_files = [index] if index.exists() else [p for p in (site / floors.PAGEFIND).rglob("*") if p.is_file()]
    search_bytes = sum(p.stat().st_size for p in search_files)
    explorer = sum(p.stat().st_size for p in (site / "explore").rglob("*") if p.is_file())
    return {
        "site_mb": sum(p.stat().st_size for p in files) / 2**20,
        "median_paper_kb": statistics.median(papers) / 1024,
        "largest_kb": largest.stat().st_size / 1024,
        "largest": largest.relative_to(site).as_posix(),
        "search_mb": search_bytes / 2**20,
        "explorer_mb": explorer / 2**20,
        "folders_mb": json.dumps({k: v / 2**20 for k, v in sorted(folders.items(), key=lambda kv: -kv[1])[:4]}),
    }


def generator_only(work: Path, n: int) -> GeneratorRun:
    say(f"{n:,} papers: writing the synthetic survey")
    start = time.perf_counter()
    project = work / f"n{n}"
    generate(project, n)
    written = time.perf_counter() - start
    say(f"{n:,} papers: generator stages")
    seconds, cpu, peaks = generator_stages(project / "content", 1)
    content_mb = sum(p.stat().st_size for p in (project / "content" / "papers").iterdir()) / 2**20
    return GeneratorRun(n=n, seconds=seconds, cpu_seconds=cpu, peak_mb=peaks, written_seconds=written, content_mb=content_mb)


@dataclass
class Options:
    sizes: list[int]
    flagship: bool
    generator: list[int]
    repeat: int
    serve_edits: int
    quick: bool = False
    notes: list[str] = field(default_factory=list)


def options() -> tuple[Options, argparse.Namespace]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="synthetic surveys built in full (default 1000 10000)")
    parser.add_argument("--no-flagship", action="store_true", help="leave out the flagship survey (content/)")
    parser.add_argument("--generator-only", type=int, nargs="*", default=[10000, 100000], metavar="N",
                        help="synthetic surveys run through the generator alone (default 10000 100000; none when given no N)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each build (their median counts) and of the generator (its best counts) (default 3)")
    # Seven: the first save after `mkdocs serve` starts is slower (1.15 s against 0.86-0.98 s for the next
    # eight, measured on the flagship), and the median of three swung with it.
    parser.add_argument("--serve-edits", type=int, default=7, help="saves timed under `mkdocs serve` on the flagship (default 7)")
    parser.add_argument("--quick", action="store_true",
                        help=f"everything once at {QUICK_SIZE} papers (the generator alone at {QUICK_GENERATOR})")
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--page", type=Path, help="also write the report to this Markdown page")
    parser.add_argument("--save", type=Path, help="also keep the measurements in this JSON file")
    parser.add_argument("--report-from", type=Path, help="measure nothing: write the report from measurements --save kept")
    args = parser.parse_args()
    if args.quick:
        return Options([QUICK_SIZE], False, [QUICK_GENERATOR], 1, 1, quick=True), args
    return Options(args.sizes, not args.no_flagship, args.generator_only, args.repeat, args.serve_edits), args


def main() -> None:
    chosen, args = options()
    run = results.load(args.report_from) if args.report_from else measure(chosen, args.work)
    if args.save:
        results.save(run, args.save)
    text = write_report(run.corpora, run.runs, repeat=run.repeat, machine=run.machine, notes=run.notes, quick=run.quick)
    print(text, end="")
    if args.page:
        args.page.write_text(text, encoding="utf-8")


def measure(chosen: Options, work: Path) -> results.Run:
    compiled_package()
    try:
        return _measure(chosen, work)
    finally:
        for folder in _COLD_CACHES:
            shutil.rmtree(folder, ignore_errors=True)


def _measure(chosen: Options, work: Path) -> results.Run:
    missing = reader.browser_missing()
    if missing:
        chosen.notes.append(f"The reader's view was not measured: {missing}.")
    corpora = []
    if chosen.flagship:
        corpora.append(measure_corpus(work, None, chosen.repeat, chosen.serve_edits, not missing, chosen.notes))
    for index, n in enumerate(chosen.sizes):
        edits = chosen.serve_edits if chosen.quick and index == 0 else 0  # quick: serve is timed on the tiny survey
        corpora.append(measure_corpus(work, n, chosen.repeat, edits, not missing, chosen.notes))
    generator_runs = [generator_only(work, n) for n in chosen.generator]
    return results.Run(corpora, generator_runs, chosen.repeat, machine(), chosen.notes, chosen.quick)


def compiled_package() -> None:
    """The survey package's bytecode written first, as an installed copy has it (pip compiles a wheel's
    modules as it installs them) and as Material's is. Where PYTHONDONTWRITEBYTECODE is set, as on this
    machine, an editable install has none, and each build compiled every module it imports in each of
    its processes: 0.05 s for the plugin's imports alone."""
    import survey

    compileall.compile_dir(Path(survey.__file__).parent, quiet=1)


def machine() -> str:
    memory = ""
    if Path("/proc/meminfo").exists():
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 2**20:.0f} GB of memory"
    system = f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    return f"{platform.machine()}, {os.cpu_count()} cores{memory}, {system}"


if __name__ == "__main__":
    main()
