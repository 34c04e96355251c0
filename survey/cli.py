"""The ``survey`` command: check, render, the contributor's add / new / fmt / import, and the
maintainer's refresh / links."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shlex
import sys
from collections.abc import Callable
from pathlib import Path

from survey import __version__
from survey.content import editor_schema
from survey.content.load import load_content, load_taxonomy, paper_files
from survey.contribute import guide, imports, lookup, new_paper, starter
from survey.contribute.fetch import Fetcher, fetch
from survey.contribute.paper_file import Unformattable, format_file
from survey.contribute.paper_index import Existing, PaperIndex, existing_papers, find_duplicate
from survey.contribute.writing import write_new_paper
from survey.errors import ERROR, ContentError, Problem, SurveyError, count
from survey.files import write_atomic
from survey.publish import staged_folder


def main(argv: list[str] | None = None, *, fetcher: Fetcher = fetch, today: datetime.date | None = None,
         pause: Callable[[float], None] | None = None) -> int:
    """Run one command; ``fetcher``, ``today`` and ``pause`` (arXiv's wait between requests) are seams
    for tests (recorded responses, fixed dates, no waiting)."""
    args = _parser().parse_args(argv)
    args.fetcher, args.today, args.pause = fetcher, today or datetime.date.today(), pause
    try:
        return COMMANDS[args.command](args)
    except ContentError as error:
        _report(error.problems, getattr(args, "format", "text"))
        return 1
    except (SurveyError, OSError) as error:  # SurveyError: every error survey raises on purpose says what to do
        print(f"survey: {error}", file=sys.stderr)
        return 1


NEW_FLAGS = {
    "title": "the title, as on the paper's page",
    "year": "the year of publication (of the first arXiv version for a preprint); also in the cite key",
    "date": "the first arXiv version's date, YYYY-MM-DD",
    "venue": "where it was published: a venue id of survey.yaml, or a name it knows (ICLR 2024)",
    "arxiv": "the arXiv id or URL (a version suffix is dropped)",
    "doi": "the DOI of the published version",
    "url": "the paper's page",
    "pdf": "a PDF link",
    "code": "the code repository",
    "abstract": "the paper's abstract",
    "category": "the id of a leaf category",
    "tldr": "one sentence, in your own words",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="survey", description="Build and check a curated paper survey.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--content", default="content", type=Path, help="the content folder (default: content)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    init = commands.add_parser("init", help="start a new survey in a new folder: it builds and passes its checks at once")
    init.add_argument("folder", type=Path, metavar="DIR", help="the new survey's folder (new, or empty)")
    init.add_argument("--title", default="A Curated Survey", help="the survey's title (site name, citation)")
    init.add_argument("--description", help="one sentence on what it covers (the site's description)")
    init.add_argument("--site-url", help=f"the address it will be published at (default: {starter.DEFAULT_URL}; "
                      "the deploy workflow sets SITE_URL itself)")
    init.add_argument("--from", dest="source", type=Path, metavar="FILE",
                      help="seed the papers from a list, as `survey import` reads it (.bib, CSL-JSON .json, an awesome list's .md: "
                      "its headings become the taxonomy)")
    init.add_argument("--offline", action="store_true", help="with --from: look nothing up, a bullet's own text makes its file")
    check = commands.add_parser("check", help="validate every file and report all problems")
    check.add_argument("--format", choices=["text", "github"], default="text", help="github: GitHub Actions annotations")
    check.add_argument("--strict", action="store_true", help="warnings fail too (CI uses it for the maintainers' own content)")
    check.add_argument("files", nargs="*", type=Path,
                       help="report only these files' problems (every file is still read: the rules span files)")
    commands.add_parser("schema", help="rewrite the editor schema (content/paper.schema.json) from survey.yaml")
    render = commands.add_parser("render", help="write the pages and downloads to a folder")
    render.add_argument("out", type=Path, help="the folder to write (replaced as a whole)")
    render.add_argument(
        "--zensical",
        type=Path,
        metavar="MKDOCS_YML",
        help="make the folder a project that Zensical builds: docs/ and a mkdocs.yml inheriting MKDOCS_YML",
    )
    add = commands.add_parser("add", help="scaffold paper files from arXiv ids or URLs, or DOIs")
    add.add_argument("identifiers", nargs="*", metavar="ID", help="2106.09685, https://arxiv.org/abs/2106.09685v2, or 10.18653/v1/...")
    add.add_argument("--from", dest="source", type=Path, metavar="FILE", help="a file of ids, URLs or DOIs (# starts a comment)")
    new = commands.add_parser("new", help="scaffold a paper file from flags, asking for the rest, without the network")
    new.add_argument("--author", action="append", dest="authors", help="repeat for each author, in order")
    for name, what in NEW_FLAGS.items():
        new.add_argument(f"--{name}", help=what)
    new.add_argument("--tag", action="append", dest="tags", metavar="FACET=VALUE", help="repeat for each tag")
    new.add_argument("--source", action="append", dest="sources", metavar="URL",
                     help="a public page the facts come from (repeat for each); recorded as `sources`")
    new.add_argument("--note", help="a note for maintainers only (a doubt about a fact, a renamed version)")
    fmt = commands.add_parser("fmt", help="rewrite paper files in the canonical form")
    fmt.add_argument("files", nargs="*", type=Path, help="paper files (default: all)")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not formatted")
    imp = commands.add_parser("import", help="create paper files from a BibTeX, CSL-JSON or Markdown (awesome list) file")
    imp.add_argument("file", type=Path, help="refs.bib, a CSL-JSON export (.json) or a README (.md)")
    imp.add_argument("--format", choices=sorted(imports.FORMATS), help="when the file's name does not say (.bib, .json, .md)")
    imp.add_argument("--offline", action="store_true", help="look nothing up: a Markdown bullet's own text makes its file")
    refresh = commands.add_parser(
        "refresh", help="propose the venue, year and DOI of preprints published since (arXiv, Crossref)",
        description="Ask arXiv and Crossref about every paper without a venue and propose its venue (a registry id), "
        "year of publication and DOI, with the pages that say so. Nothing is written without --write, which fills "
        "only empty fields and never replaces a maintainer's value.")
    refresh.add_argument("--write", action="store_true", help="apply the proposals to the paper files (all or none)")
    refresh.add_argument("--json", action="store_true", help="print the report as JSON (for scripts and workflows)")
    links = commands.add_parser(
        "links", help="check every paper's url, pdf and code link; report gone pages, failing hosts and withdrawn papers",
        description="Request every url, pdf and code link (a few at a time, each within a deadline; public addresses "
        "only) and ask arXiv whether its papers were withdrawn. Prints a Markdown report; exits 1 when a link is "
        "broken, and 2, with no report, when nothing could be reached (no network).")
    links.add_argument("--json", action="store_true", help="print the results as JSON")
    links.add_argument("--timeout", type=float, default=20.0, help="seconds each request may take (default 20)")
    links.add_argument("--workers", type=int, default=8, help="requests at a time (default 8)")
    links.add_argument("--output", type=Path, metavar="FILE", help="also write the Markdown report to FILE")
    return parser


def _report(problems: list[Problem], form: str) -> None:
    if form == "github":
        for p in problems:
            print(p.github_annotation())
    else:
        for p in problems:
            print(p, file=sys.stderr)
    print(count(problems), file=sys.stderr)


def cmd_init(args: argparse.Namespace) -> int:
    choice = starter.Starter(args.title, **{k: v for k, v in (("description", args.description), ("site_url", args.site_url)) if v},
                             today=args.today)
    try:
        source = None if args.source is None else starter.FromList(
            args.source, imports.format_of(args.source), None if args.offline else args.fetcher)
        started = starter.write(args.folder, choice, source)
    except ValueError as error:
        return _fail(f"{args.source}: {error}; nothing written")
    except (SurveyError, OSError) as error:
        return _fail(f"{error}; nothing written")
    done = started.imported
    if done is None:
        print(f"Wrote {len(started.files)} files to {args.folder}: a survey with one example paper.")
    else:
        _print_import(args.source, done, args.offline)
        print(f"Wrote {len(started.files)} files to {args.folder}: {len(done.written)} papers from {args.source.name} "
              f"({started.filed} filed under its headings), {len(done.skipped)} of its entries not used (listed above).")
        print("Each paper still needs its tldr and tags (and a category where none was found): `survey check` lists them.")
    print(f"Next: cd {args.folder} && make test (set up, check, build), then edit content/survey.yaml; "
          "README.md says how to publish it.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    try:
        survey = load_content(args.content, strict=args.strict)
    except ContentError as error:
        if not args.files:
            raise
        mine = _only(error.problems, args.files)
        failing = [p for p in mine if p.severity == ERROR or args.strict]
        if mine:
            _report(mine, args.format)
        others = len(error.problems) - len(mine)
        print(f"{'Problems' if failing else 'OK'} in {len(args.files)} file{'s' if len(args.files) != 1 else ''}"
              + (f"; {others} more in other files." if others else "."))
        return 1 if failing else 0
    warnings = _only(survey.warnings, args.files) if args.files else survey.warnings
    if warnings:
        _report(warnings, args.format)
    warned = len(warnings)
    print(f"OK: {len(survey.papers)} papers, no errors" + (f", {warned} warning{'s' if warned != 1 else ''}." if warned else "."))
    return 0


def _only(problems: list[Problem], files: list[Path]) -> list[Problem]:
    """The problems in ``files``, however they were named (relative or absolute)."""
    wanted = {path.resolve() for path in files}
    return [p for p in problems if Path(p.path).resolve() in wanted]


def cmd_schema(args: argparse.Namespace) -> int:
    survey = load_taxonomy(args.content)
    path = args.content / editor_schema.FILE
    print(f"{'Wrote' if editor_schema.write(path, survey) else 'Up to date:'} {path}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from survey.build import build_site  # the renderer (and numpy, for related papers) only where a site is made

    if args.zensical is None:
        site = files = build_site(args.content)
    else:  # no plugin runs there: the hand-written pages, the nav and the theme go into DIR's files
        from survey.publish import zensical_project

        config = zensical_project.MkdocsConfig.read(args.zensical)
        site = build_site(args.content, publishing=config.publishing)
        files = zensical_project.project(site, config, args.out)
    staged_folder.write_files(files.files(), args.out)
    print(f"Wrote {len(site.pages)} pages and {len(site.downloads)} downloads to {args.out}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    wanted, failed = _identifiers(args)
    if not wanted and not failed:
        return _fail("give an arXiv id or URL or a DOI, or --from FILE")
    survey = load_taxonomy(args.content)
    papers = existing_papers(args.content)
    index, taken, ask = PaperIndex(papers), {p.key for p in papers}, []
    for kind, identifier in dict.fromkeys(wanted):
        existing = index.find(kind, identifier)  # refuse before asking the network
        if existing is not None:
            failed += _fail(f"{identifier} is already in the survey: {existing.path}")
        else:
            ask.append((kind, identifier))
    results = lookup.lookup_many(ask, args.fetcher)
    for kind, identifier in ask:
        result = results[kind, identifier]
        if isinstance(result, lookup.NotFound):
            failed += _fail(f"{result}; nothing written")
        elif isinstance(result, Exception):  # offline, or the service failed: the same file, by hand
            failed += _fail(f"{identifier + ': ' if len(ask) > 1 else ''}{result}; nothing written")
            print(f"To write it by hand: {_new_command(args, kind, identifier)}")
        elif reason := index.duplicate(result):
            failed += _fail(reason)
        else:
            path = write_new_paper(args.content, result, survey, taken, args.today)
            index.add(Existing(path, path.stem, result.title, result.arxiv, result.doi))
            print(f"Wrote {path}: fill in tldr, category, tags and facts, then run `survey check`.")
    return 1 if failed else 0


def _identifiers(args: argparse.Namespace) -> tuple[list[tuple[str, str]], int]:
    """The (kind, id) of each ID argument and each word of --from FILE; each bad one is named."""
    texts = [("", text) for text in args.identifiers]
    if args.source is not None:
        for number, line in enumerate(args.source.read_text(encoding="utf-8").splitlines(), start=1):
            texts += [(f"{args.source}:{number}: ", word) for word in line.split("#", 1)[0].split()]
    wanted, failed = [], 0
    for where, text in texts:
        try:
            wanted.append(lookup.parse_identifier(text))
        except ValueError as error:
            failed += _fail(f"{where}{error}")
    return wanted, failed


def _new_command(args: argparse.Namespace, kind: str, identifier: str) -> str:
    content = ["--content", str(args.content)] if args.content != Path("content") else []
    return shlex.join(["survey", *content, "new", f"--{kind}", identifier])


def cmd_new(args: argparse.Namespace) -> int:
    survey = load_taxonomy(args.content)
    try:
        asking = args.title is None or args.year is None  # both given: a script, which nobody answers
        paper = new_paper.gather(args, survey, new_paper.Answers(asking=asking))
    except new_paper.Missing as error:
        return _fail(f"{error}; nothing written")
    if args.sources:
        paper.own["sources"] = args.sources
    if args.note:
        paper.own["note"] = args.note
    reason = find_duplicate(paper.record, papers := existing_papers(args.content))
    if reason:
        return _fail(reason)
    path = write_new_paper(args.content, paper.record, survey, {p.key for p in papers}, args.today, paper.own)
    left = [name for name in guide.FILLED_BY_HAND if name not in paper.own] + ["facts"]
    print(f"Wrote {path}: fill in {', '.join(left)}, then run `survey check`.")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    files = args.files or paper_files(args.content)
    try:
        survey = load_taxonomy(args.content)
    except ContentError:
        survey = None  # still format key order and quoting; tags and facts keep their order
    unformatted, failed = [], 0
    for path in files:
        try:
            text, canonical = format_file(path, survey)
        except Unformattable as error:
            print(f"{path}: not reformatted: {error}", file=sys.stderr)
            failed += 1
            continue
        except Exception as error:  # noqa: BLE001  (a broken file must not stop the others)
            print(f"{path}: cannot format: {str(error).splitlines()[0]}", file=sys.stderr)
            failed += 1
            continue
        if text != canonical:
            unformatted.append(path)
            if not args.check:
                write_atomic(path, canonical)
    verb = "would reformat" if args.check else "reformatted"
    for path in unformatted:
        print(f"{verb} {path}")
    print(f"{len(unformatted)} of {len(files)} files {verb}." if unformatted else f"{len(files)} files already formatted.")
    return 1 if failed or (args.check and unformatted) else 0


def cmd_import(args: argparse.Namespace) -> int:
    try:
        done = imports.import_file(args.content, args.file, args.format or imports.format_of(args.file),
                                   None if args.offline else args.fetcher, args.today)
    except ValueError as error:
        return _fail(f"{args.file}: {error}; nothing written")
    except OSError as error:
        return _fail(f"{error}; nothing written")
    _print_import(args.file, done, args.offline)
    print(f"{len(done.written)} imported, {len(done.skipped)} skipped. Fill in tldr, category, tags and facts, then run `survey check`.")
    return 0


def _print_import(file: Path, done: imports.Imported, offline: bool) -> None:
    for entry, path in done.written:
        print(f"imported {entry.found.label} -> {path}")
    for skip in done.skipped:
        print(f"{file}:{skip.line}: skipped {skip.label}: {skip.reason}")
    unlooked = sum(1 for entry, _ in done.written if entry.found.record.note)
    if unlooked:
        no_lookup = "no lookup for their links (OpenReview, ACL Anthology)"
        why = f"not looked up: {done.unreachable}" if done.unreachable else "--offline" if offline else no_lookup
        print(f"{unlooked} written from the list's own text ({why}); each file's note says what to check.")


def cmd_refresh(args: argparse.Namespace) -> int:
    from survey.contribute import refresh, refresh_report

    survey = load_content(args.content)
    if not survey.venues:
        return _fail(f"{args.content / 'survey.yaml'} has no venue registry (venues): refresh proposes registry venues only")
    try:
        report = refresh.refresh(survey, args.fetcher, _progress(), **({"pause": args.pause} if args.pause else {}))
    except refresh.RefreshError as error:
        _clear_progress()
        return _fail(str(error))
    written = False
    if args.write and report.proposals:
        try:
            refresh.write(report, survey)
        except (ValueError, OSError) as error:
            return _fail(f"{error}; nothing written")
        written = True
    _clear_progress()
    if args.json:
        print(json.dumps(refresh_report.as_json(report, written), indent=2))
    else:
        print(refresh_report.markdown(report, written), end="")
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    from survey.contribute import links

    survey = load_content(args.content)
    results = links.check(survey, timeout=args.timeout, workers=args.workers, fetcher=args.fetcher, progress=_progress())
    if links.nothing_checked(results):  # a report would call every link broken or unknown: none is written
        _clear_progress()
        asked = len({r.link.url for r in results if r.status != links.REFUSED})
        print(f"survey: could not reach any of the {asked} links and arXiv records to check (no network?); no report written",
              file=sys.stderr)
        return 2
    report = links.markdown(results)
    if args.output is not None:
        args.output.write_text(report, encoding="utf-8")
    _clear_progress()
    print(json.dumps(links.as_json(results), indent=2) if args.json else report, end="\n" if args.json else "")
    return 1 if any(r.broken for r in results) else 0


def _progress() -> Callable[[str], None] | None:
    """A progress line on a terminal (rewritten in place); nothing in CI or when stderr is a file."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(message: str) -> None:
        print(f"\r\033[K{message}", end="", file=sys.stderr, flush=True)

    return show


def _clear_progress() -> None:
    if _progress() is not None:
        print("\r\033[K", end="", file=sys.stderr, flush=True)


def _fail(message: str) -> int:
    print(f"survey: {message}", file=sys.stderr)
    return 1


COMMANDS = {
    "init": cmd_init,
    "check": cmd_check,
    "schema": cmd_schema,
    "render": cmd_render,
    "add": cmd_add,
    "new": cmd_new,
    "fmt": cmd_fmt,
    "import": cmd_import,
    "refresh": cmd_refresh,
    "links": cmd_links,
}

if __name__ == "__main__":
    sys.exit(main())
