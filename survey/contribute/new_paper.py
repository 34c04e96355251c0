"""`survey new`: a paper's fields from flags, and a prompt for each field no flag gave.

Answers come from a terminal or piped in, one a line. A value that does not parse is asked for
again, never dropped; when the answers run out, optional fields stay empty and a missing title or
year ends the command. Given a title and a year as flags, it asks nothing (a script's use): a bad
flag then ends the command.
"""

from __future__ import annotations

import datetime
import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO, TypeVar

from survey.content.identifiers import is_arxiv_id, is_doi, url_problem
from survey.contribute.lookup import YEARS, Record, parse_identifier
from survey.errors import SurveyError
from survey.model import Survey, arxiv_abs_url, arxiv_pdf_url
from survey.text import one_line

T = TypeVar("T")


class Missing(SurveyError):
    """A field the file cannot do without got no value, or a flag a bad one with nobody to ask."""


class Answers:
    """Lines typed at a terminal (with a prompt) or piped in (echoed, so the transcript reads well)."""

    def __init__(self, stdin: TextIO | None = None, stdout: TextIO | None = None, *, asking: bool = True) -> None:
        self.stdin, self.stdout = stdin or sys.stdin, stdout or sys.stdout
        self.ended = not asking

    def ask(self, label: str) -> str | None:
        """The next answer, stripped; None once the input has ended."""
        if self.ended:
            return None
        try:
            if self.stdin.isatty():
                self.stdout.write(f"{label}: ")
                self.stdout.flush()
            line = self.stdin.readline()
        except (OSError, ValueError):  # no usable standard input (closed, or captured by a test runner)
            line = ""
        if not line:
            self.ended = True
            return None
        if not self.stdin.isatty():
            print(f"{label}: {line.strip()}", file=self.stdout)
        return line.strip()


@dataclass
class NewPaper:
    record: Record
    own: dict[str, object] = field(default_factory=dict)  # category, tldr, tags: the survey's own fields


def gather(args: object, survey: Survey, answers: Answers) -> NewPaper:
    """The fields of ``args`` (argparse's namespace for `survey new`), asking for each one not given."""

    def get(name: str, label: str, parse: Callable[[str], T], *, required: bool = False) -> T | None:
        return _field(answers, name, getattr(args, name, None), label, parse, required)

    arxiv = get("arxiv", "arXiv id or URL (empty if none)", _arxiv)
    doi = get("doi", "DOI (empty if none)", _doi)
    title = get("title", "Title", _text, required=True)
    given: list[str] | None = getattr(args, "authors", None)  # --author, once per author: names may hold commas
    authors = [a for a in map(one_line, given) if a] if given else get("authors", "Authors, comma-separated (empty if unknown)", _authors)
    year = get("year", "Year", _year, required=True)
    record = Record(title=title or "", year=year or 0, authors=authors or [], arxiv=arxiv, doi=doi)
    record.date = get("date", "Date as YYYY-MM-DD (empty if unknown)", _date)
    record.venue = get("venue", "Venue, like ICLR 2024 (empty for a preprint)", _text)
    record.url = get("url", _default("Link to the paper", arxiv_abs_url(arxiv)), _url) or arxiv_abs_url(arxiv)
    record.pdf = get("pdf", _default("Link to the PDF", arxiv_pdf_url(arxiv)), _url) or arxiv_pdf_url(arxiv)
    record.code = get("code", "Link to the code (empty if none)", _url)
    record.abstract = get("abstract", "Abstract, on one line (empty to leave out)", _text)
    own: dict[str, object] = {}
    category = get("category", "Category: a leaf id ('?' lists them; empty to choose later)", lambda v: _leaf(v, survey))
    if category:
        own["category"] = category
    tldr = get("tldr", "TL;DR: one sentence in your own words (empty to write later)", _text)
    if tldr:
        own["tldr"] = tldr
    tags = _tags(answers, getattr(args, "tags", None) or [], survey)
    if tags:
        own["tags"] = tags
    return NewPaper(record, own)


def _field(answers: Answers, name: str, given: str | None, label: str, parse: Callable[[str], T], required: bool) -> T | None:
    """``given`` parsed, else an answer parsed; a bad value (a flag's too) is asked for again."""
    if given is not None:
        try:
            return parse(given)
        except ValueError as error:
            if answers.ended:
                raise Missing(f"--{name}: {error}", field=name) from None
            print(f"survey: --{name}: {error}", file=sys.stderr)
    while True:
        answer = answers.ask(label)
        if answer is None:
            if required:
                raise Missing(f"a {name} is needed: give --{name} or answer its prompt", field=name)
            return None
        if not answer:
            if not required:
                return None
            print("  needed; try again", file=sys.stderr)
            continue
        try:
            return parse(answer)
        except ValueError as error:
            print(f"  {error}; try again", file=sys.stderr)


def _tags(answers: Answers, given: list[str], survey: Survey) -> dict[str, list[str]]:
    """--tag FACET=VALUE flags, then a prompt for each facet none of them named."""
    tags: dict[str, list[str]] = {}
    for item in given:
        name, _, value = item.partition("=")
        facet = survey.facet(name.strip())
        if facet is None or value.strip() not in facet.values:
            known = ", ".join(f.id for f in survey.facets) if facet is None else ", ".join(facet.values)
            message = f"--tag {one_line(item)}: not a FACET=VALUE of this survey (choose from {known})"
            if answers.ended:
                raise Missing(message, field="tags")
            print(f"survey: {message}", file=sys.stderr)  # that facet's prompt follows
            continue
        tags.setdefault(facet.id, []).append(value.strip())
    for facet in survey.facets:
        if facet.id not in tags:
            label = f"Tags for {facet.label}: {', '.join(facet.values)} (comma-separated; empty to choose later)"
            values = _field(answers, "tag", None, label, functools.partial(_values, allowed=facet.values), False)
            if values:
                tags[facet.id] = values
    return tags


def _values(text: str, allowed: dict[str, str]) -> list[str]:
    values = list(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"'{one_line(unknown[0])}' is not one of {', '.join(allowed)}")
    return values


def _default(label: str, default: str | None) -> str:
    return f"{label} (empty for {default})" if default else f"{label} (empty if none)"


def _text(value: str) -> str:
    text = one_line(value)
    if not text:
        raise ValueError("no text given")
    return text


def _authors(value: str) -> list[str]:
    return [name for name in (one_line(a) for a in value.split(",")) if name]


def _year(value: str) -> int:
    year = value.strip()
    if not (year.isascii() and year.isdigit() and int(year) in YEARS):
        raise ValueError(f"'{one_line(year)}' is not a year between {YEARS.start} and {YEARS.stop - 1}")
    return int(year)


def _date(value: str) -> str:
    text = value.strip()
    try:
        if len(text) == 10 and int(text[:4]) in YEARS:  # fromisoformat also takes 20240331
            return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise ValueError(f"'{one_line(value)}' is not a date like 2024-03-31")


def _arxiv(value: str) -> str:
    kind, identifier = _identifier(value)
    if kind != "arxiv" or not is_arxiv_id(identifier):
        raise ValueError(f"'{one_line(value)}' is not an arXiv id or URL (like 2106.09685 or https://arxiv.org/abs/2106.09685v2)")
    return identifier


def _doi(value: str) -> str:
    kind, identifier = _identifier(value)
    if kind != "doi" or not is_doi(identifier):
        raise ValueError(f"'{one_line(value)}' is not a DOI (like 10.18653/v1/2021.acl-long.353 or https://doi.org/...)")
    return identifier


def _identifier(value: str) -> tuple[str, str]:
    try:
        return parse_identifier(value)
    except ValueError:
        return "", ""


def _url(value: str) -> str:
    problem = url_problem(value.strip())
    if problem:
        raise ValueError(f"the link {problem}")
    return value.strip()


def _leaf(value: str, survey: Survey) -> str:
    leaves = [c.id for c in survey.categories() if c.is_leaf]
    if value.strip() == "?":
        raise ValueError("the leaf categories are " + ", ".join(leaves))
    if value.strip() not in leaves:
        raise ValueError(f"'{one_line(value)}' is not a leaf category (answer ? to list them)")
    return value.strip()
