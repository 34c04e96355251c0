"""What every reader gives back: records found and entries skipped, each with its line in the file;
and the identifiers a reader finds in text (a DOI written as a link, an arXiv id in a URL)."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass

from survey.content.identifiers import is_arxiv_id, is_doi
from survey.contribute.lookup import YEARS, Record, parse_identifier
from survey.outputs.latex import decode
from survey.text import one_line

_ARXIV_IN_TEXT = re.compile(r"(?:arxiv\.org/(?:abs|pdf|html)/|arXiv:\s*)([0-9]{4}\.[0-9]{4,5}|[a-z-]+(?:\.[A-Z]{2})?/[0-9]{7})", re.I)
_DOI_LINK = re.compile(r"(?:https?://)?(?:dx\.|www\.)?doi\.org/", re.I)
_DOI_PREFIX = re.compile(r"doi:\s*", re.I)
_DOI_LINK_IN_TEXT = re.compile(r"(?:https?://)?(?:dx\.|www\.)?doi\.org/[^\s{}\\]+", re.I)
# Commands that only format their argument: the argument stays, the command goes.
_FORMATTING = re.compile(
    r"\\(?:text(?:it|bf|sc|tt|rm|sf|sl|up|md|normal)?|emph|underline|mbox|hbox|math(?:rm|it|bf|sf|tt|normal|cal|bb|frak)|operatorname"
    r"|uppercase|lowercase)\s*(?=\{)"
)
_DECLARATIONS = re.compile(r"\\(?:em|it|bf|sc|tt|rm|sf|sl|itshape|bfseries|scshape|upshape|ttfamily|normalfont|relax)(?![A-Za-z])\s*")
# Math that is only letters, digits and sub- or superscript digits reads as text: $k$NN-LM, Cu$_2$O,
# $\mathcal{Y}$-Tuning (its font command already gone with _FORMATTING's). Other math is left to
# decode, which knows symbols ($\infty$ is ∞).
_MATH = re.compile(r"(?<!\\)\$([^$]{1,40})(?<!\\)\$")  # \$ is a dollar sign
_SCRIPT = re.compile(r"([_^])(?:\{([0-9+()=-]+)\}|([0-9]))")
_SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUPERSCRIPTS = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
_PLAIN_MATH = re.compile(r"[A-Za-z0-9 .,:;+=()/'₀-₎⁰¹²³⁴-⁹⁺-⁾-]*")
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*(?=\{)")  # \href{url}{text}: the text stays, the url is a link
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.I)  # arXiv's own DOIs (DataCite): the preprint, not a publication
_URL_COMMAND = re.compile(r"\\url\s*\{([^{}]+)\}")
GITHUB_REPOSITORY = re.compile(r"https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9_.-]+")
# What exporters and hand-kept entries write where the authors go, and that names no one: Scholar's
# "and others", a submission under review's "Anonymous".
NOT_AUTHORS = frozenset({"others", "et al.", "anonymous"})


@dataclass(frozen=True)
class Found:
    line: int
    label: str  # what the file calls it: a BibTeX key, a CSL-JSON id, a bullet's title
    record: Record
    lookup: tuple[str, str] | None = None  # (kind, id) to look up before writing, when the file gave little
    problem: str | None = None  # why the record cannot be written unless the lookup replaces it


@dataclass(frozen=True)
class Skipped:
    line: int
    label: str
    reason: str


def checked_year(year: int) -> None:
    """ValueError when a paper file may not have ``year`` (the schema's range), which `survey check`
    would refuse in the file the import writes."""
    if year not in YEARS:
        raise ValueError(f"year {year} is outside the years a paper file may have ({YEARS.start} to {YEARS.stop - 1})")


def arxiv_in_text(text: str) -> str | None:
    """The arXiv id in an arXiv link or an `arXiv:` reference, without its version."""
    match = _ARXIV_IN_TEXT.search(text)
    return parse_identifier(match.group(1))[1] if match else None


def doi_or_arxiv(value: str, *, only_links: bool = False) -> tuple[str | None, str | None]:
    """(DOI, None) for a DOI, bare or written as a link or `doi:`; (None, arXiv id) for one of arXiv's
    own DOIs; (None, None) otherwise. ``only_links``: a URL field, where only a doi.org link counts."""
    text = value.strip()
    link = _DOI_LINK.match(text)
    if link:
        text = urllib.parse.unquote(text[link.end() :])
    elif only_links:
        return None, None
    else:
        text = _DOI_PREFIX.sub("", text, count=1)
    arxiv = _ARXIV_DOI.fullmatch(text)
    if arxiv:
        identifier = re.sub(r"v[0-9]+$", "", arxiv.group(1))
        return (None, identifier) if is_arxiv_id(identifier) else (None, None)
    return (text, None) if is_doi(text) else (None, None)


def doi_in_text(text: str) -> tuple[str | None, str | None]:
    """What `doi_or_arxiv` makes of the first doi.org link anywhere in free text (a `note`, a
    `howpublished = {\\url{https://doi.org/...}}`)."""
    match = _DOI_LINK_IN_TEXT.search(text)
    return doi_or_arxiv(match.group(0).rstrip(".,;"), only_links=True) if match else (None, None)


def links_in_latex(title: str, *texts: str) -> list[str]:
    """The links a hand-kept entry writes in LaTeX: a title as `\\href{link}{title}`, then each
    `\\url{link}` of ``texts`` (`howpublished`, `note`: OpenReview pages, software)."""
    found = _HREF.findall(title)
    for text in texts:
        found += _URL_COMMAND.findall(text)
    return [link.strip() for link in found]


def latex_text(value: str) -> str:
    """LaTeX (a BibTeX field, a title copied from one) as plain text on one line: accents and escapes
    decoded, braces dropped, formatting commands (\\textit{...}, {\\em ...}) gone, their text kept."""
    value = _HREF.sub("", value)
    value = _DECLARATIONS.sub("", _FORMATTING.sub("", value))
    return one_line(decode(_MATH.sub(_math_as_text, value)))


def _math_as_text(match: re.Match[str]) -> str:
    """Simple math as the text it shows ($k$ is k, $_2$ is ₂, $\\mathcal{Y}$ is Y); other math as it was."""
    inner = _SCRIPT.sub(lambda m: (m.group(2) or m.group(3)).translate(_SUBSCRIPTS if m.group(1) == "_" else _SUPERSCRIPTS), match.group(1))
    inner = inner.replace("{", "").replace("}", "")  # grouping, as around a font command's argument
    return inner if _PLAIN_MATH.fullmatch(inner) else match.group(0)
