"""An awesome list (a README of bullets with links) to paper records.

A bullet is a paper when it links to arXiv, a DOI or OpenReview. The bullet's text gives what a
file needs until a lookup gives more: the title (the link's text, else its bold text, else the text
before the link), the year (from an arXiv id, YYMM, else the one year the bullet names), and a link
to GitHub as the code. Bullets inside code blocks, and bullets without such a link (a table of
contents, a tool), are passed over.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from survey.content.identifiers import is_url
from survey.contribute.imports.records import Found, Skipped, arxiv_in_text, doi_or_arxiv, latex_text
from survey.contribute.lookup import YEARS, Record
from survey.model import arxiv_abs_url, arxiv_pdf_url
from survey.text import one_line

_BULLET = re.compile(r"[ \t]*(?:[-*+]|[0-9]{1,3}[.)])[ \t]+(?P<text>.*)")
_BLOCK_START = re.compile(r"[ \t]*(?:#|>|\||```|~~~|<)")  # a heading, quote, table, fence or HTML block ends a bullet
_FENCE = re.compile(r"[ \t]*(```|~~~)")
_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?P<url>[^\s()<>]+(?:\([^\s()<>]*\))?)>?(?:\s+\"[^\"]*\")?\s*\)")
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
_OPENREVIEW = re.compile(r"https?://openreview\.net/(?:forum|pdf)\?(?:[^#\s]*&)?id=([A-Za-z0-9_-]+)")
_GITHUB = re.compile(r"https://github\.com/[A-Za-z0-9-]+/[A-Za-z0-9_.-]+")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_GENERIC = re.compile(r"(?:paper|pdf|arxiv|abs|link|doi|openreview|html|preprint|project|page|code)?", re.I)


def read(text: str, source: str = "the list") -> tuple[list[Found], list[Skipped]]:
    """Each paper bullet's record (to be looked up) with its line; bullets that link to a paper but
    give no title or year, with the reason. ``source`` names the file in the records' notes."""
    found, skipped = [], []
    for line, bullet in _bullets(text):
        link = _paper_link(bullet)
        if link is None:
            continue
        kind, identifier, url, link_text = link
        title = _title(bullet, link_text)
        label = f'"{_short(title)}"' if title else url
        year = _arxiv_year(identifier) if kind == "arxiv" else _one_year(bullet, title)
        problem = "no title in the bullet" if not title else None if year else "no year: no arXiv link, and the bullet names no single year"
        if problem and kind == "openreview":  # nothing to look up
            skipped.append(Skipped(line, label, problem))
            continue
        arxiv = identifier if kind == "arxiv" else None
        code = next(iter(_GITHUB.findall(bullet)), None)
        record = Record(
            title=title,
            year=year or 0,
            arxiv=arxiv,
            doi=identifier if kind == "doi" else None,
            url=arxiv_abs_url(arxiv) or url,
            pdf=arxiv_pdf_url(arxiv),
            code=code,
            note=f"From {source}, line {line}, without a lookup: the title and year come from the list's text. "
            "Check them, and add the authors, date and venue from the paper's page.",
        )
        found.append(Found(line, label, record, lookup=(kind, identifier) if kind != "openreview" else None, problem=problem))
    return found, skipped


def _bullets(text: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each list item outside code blocks, its continuation lines joined."""
    current: list[str] = []
    start, fenced = 0, False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
        bullet = None if fenced else _BULLET.fullmatch(line)
        if current and (fenced or bullet or not line.strip() or _BLOCK_START.match(line)):
            yield start, " ".join(current)
            current = []
        if bullet:
            start, current = number, [bullet.group("text")]
        elif current:
            current.append(line.strip())
    if current:
        yield start, " ".join(current)


def _paper_link(bullet: str) -> tuple[str, str, str, str] | None:
    """(kind, identifier, url, link text) of the bullet's first arXiv, DOI or OpenReview link."""
    texts = {m.group("url"): m.group("text") for m in _LINK.finditer(bullet)}
    for url in _URL.findall(bullet):
        url = url.rstrip(".,;:")
        arxiv = arxiv_in_text(url) if "arxiv.org/" in url.lower() else None
        doi, arxiv_doi = doi_or_arxiv(url, only_links=True)
        openreview = _OPENREVIEW.match(url)
        if arxiv or arxiv_doi:
            return "arxiv", arxiv or arxiv_doi or "", url, texts.get(url, "")
        if doi:
            return "doi", doi, url, texts.get(url, "")
        if openreview and is_url(url):
            return "openreview", openreview.group(1), url, texts.get(url, "")
    return None


def _title(bullet: str, link_text: str) -> str:
    if not _GENERIC.fullmatch(_plain(link_text).strip("[]() ")):
        return _plain(link_text)
    bold = _BOLD.search(bullet)
    if bold:
        return _plain(bold.group(1) or bold.group(2))
    before = bullet[: min((m.start() for m in (_LINK.search(bullet), _URL.search(bullet)) if m), default=len(bullet))]
    before = _plain(re.sub(r"^\s*\[[^\]]*\]", "", before))  # a leading tag: [2024.03], [NeurIPS]
    return before if len(before.split()) >= 2 else ""  # a lone word before a link ("Our [paper]") is no title


def _plain(text: str) -> str:
    """Markdown inline text as plain text: links to their text, no emphasis marks or code ticks; the
    BibTeX braces and escapes lists copy from .bib files ({LLM}, {\\&}) decoded."""
    text = _LINK.sub(lambda m: m.group("text"), text)
    text = re.sub(r"[*_`]+", "", re.sub(r"<[^<>]*>", "", text))
    text = latex_text(text) if "{" in text or "\\" in text else one_line(text)
    return text.strip(" \"'“”").rstrip(" .,;:-–—").lstrip(" -–—:")


def _arxiv_year(identifier: str) -> int:
    """The year an arXiv id was given: 2106.09685 is from June 2021, hep-th/9901001 from January 1999."""
    digits = identifier.split("/")[-1][:2]
    year = int(digits)
    return (1900 if "/" in identifier and year >= 91 else 2000) + year


def _one_year(bullet: str, title: str) -> int | None:
    rest = _URL.sub(" ", bullet).replace(title, " ")
    years = {int(y) for y in _YEAR.findall(rest)} & set(YEARS)
    return years.pop() if len(years) == 1 else None


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0] + "…"
