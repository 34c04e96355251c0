"""A "suggest a paper" issue turned into a pull request for a maintainer to classify.

``python -m survey.suggest ISSUE_BODY --body OUT`` is what the workflow
(.github/workflows/suggest-paper.yml) runs on the issue form's text: it finds the identifier under
the form's heading, runs `survey add` and `survey check` exactly as a contributor would, and writes
the pull request's body: the check's result (what is left to fill in) and the new file. Exit 0 when
a file was written; otherwise exit 1, nothing is written under content/, and OUT holds the reason,
for the workflow to answer the issue with.

The issue is untrusted text: only the identifier is taken from it, and `survey add` accepts nothing
but an arXiv id, an arXiv URL or a DOI.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from survey import cli
from survey.contribute.fetch import Fetcher, fetch
from survey.text import fenced_block

# The label of the form's input (.github/ISSUE_TEMPLATE/add-paper.yml); GitHub writes each answer
# under "### <label>", and "_No response_" for an optional one left empty.
IDENTIFIER_LABEL = "arXiv id, arXiv URL or DOI"
NO_RESPONSE = "_No response_"
_HEADING = re.compile(r"^###[ \t]+(.*?)[ \t]*$", re.M)


@dataclass(frozen=True)
class Suggestion:
    """What came of an issue: the file written (if any) and the text for the pull request or the issue."""

    path: Path | None
    text: str

    @property
    def key(self) -> str | None:
        return self.path.stem if self.path else None


def identifier(issue_body: str) -> str | None:
    """The first line of the answer under the identifier's heading, or None when there is none."""
    parts = _HEADING.split(issue_body.replace("\r\n", "\n"))
    for label, answer in zip(parts[1::2], parts[2::2], strict=True):
        if label == IDENTIFIER_LABEL:
            lines = [line.strip().strip("`<>").strip() for line in answer.splitlines()]
            found = next((line for line in lines if line), None)
            return None if found in (None, NO_RESPONSE) else found
    return None


def suggest(issue_body: str, content: Path, issue: int | None = None, fetcher: Fetcher = fetch) -> Suggestion:
    wanted = identifier(issue_body)
    if wanted is None:
        return Suggestion(None, f"No identifier found: the issue needs one under `### {IDENTIFIER_LABEL}`.")
    before = set((content / "papers").glob("*.yaml"))
    code, out, err = _run(["--content", str(content), "add", wanted], fetcher)
    written = sorted(set((content / "papers").glob("*.yaml")) - before)
    if code != 0 or len(written) != 1:
        return Suggestion(None, f"`survey add` wrote no paper file:\n\n{fenced_block(err or out, 'text')}")
    path = written[0]
    _, check_out, check_err = _run(["--content", str(content), "check"], fetcher)
    return Suggestion(path, _pull_request_body(path, issue, check_out + check_err))


def _run(argv: list[str], fetcher: Fetcher) -> tuple[int, str, str]:
    """The survey command in this process, its output captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv, fetcher=fetcher)
    return code, out.getvalue(), err.getvalue()


def _pull_request_body(path: Path, issue: int | None, check: str) -> str:
    where = f"#{issue}" if issue is not None else "an issue"
    parts = [
        f"Suggested in {where}; `survey add` wrote `{path.as_posix()}` from the source's record.",
        "A maintainer fills in what only the survey writes (CONTRIBUTING.md, step 3): `tldr`, `category`, "
        "`tags` and the facts the abstract states, then runs `survey fmt` and `survey check`. "
        "The suggester's category and reasons are in the issue.",
    ]
    if issue is not None:
        parts.append(f"Closes #{issue}")
    parts += ["### `survey check`", fenced_block(check, "text"),
              f"### `{path.as_posix()}`", fenced_block(path.read_text(encoding="utf-8"), "yaml")]
    return "\n\n".join(parts) + "\n"




def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m survey.suggest", description="A 'suggest a paper' issue into a paper file and a pull request's body."
    )
    parser.add_argument("issue_body", type=Path, help="a file holding the issue's body")
    parser.add_argument("--body", type=Path, required=True, help="where to write the pull request's body (or, on failure, the reason)")
    parser.add_argument("--issue", type=int, help="the issue's number, for the pull request to close it")
    parser.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")
    parser.add_argument("--outputs", type=Path, help="a file to append key=... and path=... to (GitHub's $GITHUB_OUTPUT)")
    args = parser.parse_args(argv)
    result = suggest(args.issue_body.read_text(encoding="utf-8"), args.content, args.issue)
    args.body.write_text(result.text, encoding="utf-8")
    if result.path is None:
        print(result.text, file=sys.stderr)
        return 1
    if args.outputs:
        with args.outputs.open("a", encoding="utf-8") as outputs:
            outputs.write(f"key={result.key}\npath={result.path.as_posix()}\n")
    print(f"Wrote {result.path}; the pull request's body is in {args.body}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
