"""The ``survey`` command: check, render, and the contributor's add / new / fmt / import."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

from survey.build import build_site
from survey.content import editor_schema
from survey.content.load import load_content, paper_files
from survey.contribute import bib_import
from survey.contribute import existing as contribute
from survey.contribute import lookup as sources
from survey.contribute.fetch import Fetcher, FetchError, fetch
from survey.contribute.paper_file import Unformattable, format_file
from survey.errors import ContentError, Problem, count
from survey.model import arxiv_abs_url, arxiv_pdf_url


def main(argv: list[str] | None = None, *, fetcher: Fetcher = fetch, today: datetime.date | None = None) -> int:
    """Run one command; ``fetcher`` and ``today`` are seams for tests (recorded responses, fixed dates)."""
    args = _parser().parse_args(argv)
    args.fetcher, args.today = fetcher, today or datetime.date.today()
    try:
        return COMMANDS[args.command](args)
    except ContentError as error:
        _report(error.problems, getattr(args, "format", "text"))
        return 1
    except OSError as error:
        print(f"survey: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="survey", description="Build and check a curated paper survey.")
    parser.add_argument("--content", default="content", type=Path, help="the content folder (default: content)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser("check", help="validate every file and report all problems")
    check.add_argument("--format", choices=["text", "github"], default="text", help="github: GitHub Actions annotations")
    check.add_argument("--strict", action="store_true", help="warnings fail too (CI uses it for the maintainers' own content)")
    commands.add_parser("schema", help="rewrite the editor schema (content/paper.schema.json) from survey.yaml")
    render = commands.add_parser("render", help="write the pages and downloads to a folder")
    render.add_argument("out", type=Path, help="the folder to write (replaced as a whole)")
    render.add_argument(
        "--zensical",
        type=Path,
        metavar="MKDOCS_YML",
        help="make the folder a project that Zensical builds: docs/ and a mkdocs.yml inheriting MKDOCS_YML",
    )
    add = commands.add_parser("add", help="scaffold a paper file from an arXiv id or URL, or a DOI")
    add.add_argument("identifier", help="2106.09685, https://arxiv.org/abs/2106.09685v2, or 10.18653/v1/...")
    new = commands.add_parser("new", help="scaffold a paper file from flags or prompts, without the network")
    new.add_argument("--title")
    new.add_argument("--author", action="append", dest="authors", help="repeat for each author, in order")
    new.add_argument("--year", type=int)
    for name in ("date", "venue", "arxiv", "doi", "url", "pdf", "abstract"):
        new.add_argument(f"--{name}")
    fmt = commands.add_parser("fmt", help="rewrite paper files in the canonical form")
    fmt.add_argument("files", nargs="*", type=Path, help="paper files (default: all)")
    fmt.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is not formatted")
    imp = commands.add_parser("import", help="create paper files from a BibTeX file")
    imp.add_argument("bibfile", type=Path)
    return parser


def _report(problems: list[Problem], form: str) -> None:
    if form == "github":
        for p in problems:
            print(p.github_annotation())
    else:
        for p in problems:
            print(p, file=sys.stderr)
    print(count(problems), file=sys.stderr)


def cmd_check(args) -> int:
    survey = load_content(args.content, strict=args.strict)
    if survey.warnings:
        _report(survey.warnings, args.format)
    warned = len(survey.warnings)
    print(f"OK: {len(survey.papers)} papers, no errors" + (f", {warned} warning{'s' if warned != 1 else ''}." if warned else "."))
    return 0


def cmd_schema(args) -> int:
    survey = contribute.load_taxonomy(args.content)
    path = args.content / editor_schema.FILE
    print(f"{'Wrote' if editor_schema.write(path, survey) else 'Up to date:'} {path}")
    return 0


def cmd_render(args) -> int:
    if args.zensical is None:
        site = files = build_site(args.content)
    else:  # no plugin runs there: the hand-written pages, the nav and the theme go into DIR's files
        from survey.publish import zensical_project

        config = zensical_project.MkdocsConfig.read(args.zensical)
        site = build_site(args.content, publishing=config.publishing)
        files = zensical_project.project(site, config, args.out)
    files.write(args.out)
    print(f"Wrote {len(site.pages)} pages and {len(site.downloads)} downloads to {args.out}")
    return 0


def cmd_add(args) -> int:
    try:
        kind, identifier = sources.parse_identifier(args.identifier)
    except ValueError as error:
        return _fail(str(error))
    survey = contribute.load_taxonomy(args.content)
    papers = contribute.existing_papers(args.content)
    existing = contribute.find_by_id(kind, identifier, papers)  # refuse before asking the network
    if existing is not None:
        return _fail(f"{identifier} is already in the survey: {existing.path}")
    try:
        record = sources.lookup(kind, identifier, args.fetcher)
    except (FetchError, sources.NotFound) as error:
        return _fail(f"{error}; nothing written")
    return _write(args, record, survey, papers)


def cmd_new(args) -> int:
    survey = contribute.load_taxonomy(args.content)
    title = args.title or _ask("Title")
    year = args.year or _ask("Year", int)
    authors = (
        args.authors
        if args.authors is not None
        else [a.strip() for a in (_ask("Authors (comma-separated, empty if unknown)", optional=True) or "").split(",") if a.strip()]
    )
    if not title or not year:
        return _fail("a title and a year are needed (--title, --year)")
    record = sources.Record(
        title=title,
        year=year,
        authors=authors,
        date=args.date,
        venue=args.venue,
        arxiv=args.arxiv,
        doi=args.doi,
        url=args.url or arxiv_abs_url(args.arxiv),
        pdf=args.pdf or arxiv_pdf_url(args.arxiv),
        abstract=args.abstract,
    )
    return _write(args, record, survey, contribute.existing_papers(args.content))


def _ask(label: str, kind=str, optional: bool = False):
    if not sys.stdin.isatty():
        return None
    answer = input(f"{label}: ").strip()
    if not answer:
        return None
    try:
        return kind(answer)
    except ValueError:
        return None


def _write(args, record, survey, papers) -> int:
    reason = contribute.find_duplicate(record, papers)
    if reason:
        return _fail(reason)
    path = contribute.write_new_paper(args.content, record, survey, {p.key for p in papers}, args.today)
    print(f"Wrote {path}: fill in tldr, category, tags and facts, then run `survey check`.")
    return 0


def cmd_fmt(args) -> int:
    files = args.files or paper_files(args.content)
    try:
        survey = contribute.load_taxonomy(args.content)
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
                _atomic_write(path, canonical)
    verb = "would reformat" if args.check else "reformatted"
    for path in unformatted:
        print(f"{verb} {path}")
    print(f"{len(unformatted)} of {len(files)} files {verb}." if unformatted else f"{len(files)} files already formatted.")
    return 1 if failed or (args.check and unformatted) else 0


def cmd_import(args) -> int:
    survey = contribute.load_taxonomy(args.content)
    try:
        found, skipped = bib_import.records(args.bibfile.read_text(encoding="utf-8"))
    except Exception as error:  # noqa: BLE001  (pybtex raises several kinds on bad input)
        return _fail(f"{args.bibfile}: not a readable BibTeX file ({str(error).splitlines()[0]})")
    new, duplicates = bib_import.plan(found, contribute.existing_papers(args.content), args.content)
    try:
        paths = contribute.write_new_papers(args.content, [(n.key, n.record) for n in new], survey, args.today)
    except OSError as error:
        return _fail(f"{error}; nothing written")
    for entry, path in zip(new, paths, strict=True):
        print(f"imported {entry.bib_key} -> {path}")
    for skip in skipped + duplicates:
        print(f"skipped {skip.key}: {skip.reason}")
    print(
        f"{len(new)} imported, {len(skipped) + len(duplicates)} skipped. Fill in tldr, category, tags and facts, then run `survey check`."
    )
    return 0


def _fail(message: str) -> int:
    print(f"survey: {message}", file=sys.stderr)
    return 1


def _atomic_write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


COMMANDS = {
    "check": cmd_check,
    "schema": cmd_schema,
    "render": cmd_render,
    "add": cmd_add,
    "new": cmd_new,
    "fmt": cmd_fmt,
    "import": cmd_import,
}

if __name__ == "__main__":
    sys.exit(main())
