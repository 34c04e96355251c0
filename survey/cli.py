"""The ``survey`` command: check content, or render it to a folder for other builders."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .build import build_site
from .content import load_content
from .errors import ContentError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="survey", description="Build and check a curated paper survey.")
    parser.add_argument("--content", default="content", type=Path, help="the content folder (default: content)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate every file and report all problems")
    render = commands.add_parser("render", help="write the pages and downloads to a folder")
    render.add_argument("out", type=Path, help="the folder to write (replaced as a whole)")
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            survey = load_content(args.content)
            print(f"OK: {len(survey.papers)} papers, no problems.")
        else:
            site = build_site(args.content)
            write_folder(site, args.out)
            print(f"Wrote {len(site.pages)} pages and {len(site.downloads)} downloads to {args.out}")
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"survey: {error}", file=sys.stderr)
        return 1
    return 0


def write_folder(site, out: Path) -> None:
    """Write everything to a fresh folder beside ``out``, then swap it in: never half-written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for page in site.pages:
            _write(staging / page.path, page.markdown.encode("utf-8"))
        for download in site.downloads:
            _write(staging / download.path, download.content)
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(out, old)
        os.replace(staging, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


if __name__ == "__main__":
    sys.exit(main())
