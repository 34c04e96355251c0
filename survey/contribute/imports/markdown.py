"""An awesome list (a README of bullets with links, or of tables) to paper records, every bullet and
table row accounted for.

A bullet is a paper when it names an arXiv id, a DOI, an ACL Anthology id or an OpenReview id, or
links the paper on its venue's own site (proceedings.py): in a link (arxiv.org, doi.org or a
publisher's /doi/ page, aclanthology.org or aclweb.org/anthology, openreview.net) or written as
text (``arXiv:2302.04761``, ``arXiv 2302.04761``, ``doi:10.…``). The
bullet's text gives what a file needs until a lookup gives more: the title (the link's text, else its
bold text, else the text before the link), the year (from an arXiv or Anthology id, else the one year
the bullet names), and a link to GitHub as the code. Every other bullet is skipped with its reason (a
table of contents, a link to code or a blog that names no paper, no identifier at all), so each bullet
gets one line of output. Bullets inside code blocks are not bullets. A row of a pipe table (its header
and |---| rows aside) is read as a bullet of its cells; an HTML link (<a href="…">Title</a>) as the
Markdown link it stands for.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

from survey.content.identifiers import is_arxiv_id, is_doi, is_url
from survey.contribute.imports.anthology import anthology_id, anthology_pdf_url, anthology_url, anthology_year
from survey.contribute.imports.proceedings import published_at
from survey.contribute.imports.records import GITHUB_REPOSITORY, Found, Skipped, arxiv_in_text, doi_or_arxiv, latex_text
from survey.contribute.lookup import YEARS, Record
from survey.model import arxiv_abs_url, arxiv_pdf_url
from survey.text import one_line

_BULLET = re.compile(r"[ \t]*(?:[-*+]|[0-9]{1,3}[.)])[ \t]+(?P<text>.*)")
_BLOCK_START = re.compile(r"[ \t]*(?:#|>|\||```|~~~|<)")  # a heading, quote, table, fence or HTML block ends a bullet
_FENCE = re.compile(r"[ \t]*(```|~~~)")
_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?(?P<url>[^\s()<>]+(?:\([^\s()<>]*\))?)>?(?:\s+\"[^\"]*\")?\s*\)")
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
_OPENREVIEW = re.compile(r"https?://openreview\.net/(?:forum|pdf)\?(?:[^#\s]*&)?id=([A-Za-z0-9_-]+)")
_PUBLISHER_DOI = re.compile(r"https?://[^/\s]+/doi/(?:(?:abs|pdf|full|epdf|pdfdirect|book)/)?(10\.[0-9]{4,9}/[^?#\s]+)", re.I)
# An id written as text: arXiv:2302.04761, arXiv 2302.04761v2, arXiv preprint arXiv:2302.04761, doi:10.…
_ARXIV_TEXT = re.compile(r"\barxiv(?:\s+preprint)?(?:\s*:\s*|\s+)(?:arxiv:\s*)?([0-9]{4}\.[0-9]{4,5})(?:v[0-9]+)?(?![0-9])", re.I)
_DOI_TEXT = re.compile(r"\bdoi\s*:?\s*`?(10\.[0-9]{4,9}/[^\s`<>\[\]()\"']+)", re.I)
_CODE_HOSTS = ("github.com", "gitlab.com", "huggingface.co", "bitbucket.org")
_HTML_LINK = re.compile(r"""<a\s[^>]*?\bhref\s*=\s*["'](?P<url>[^"'\s]+)["'][^>]*>(?P<text>.*?)</a\s*>""", re.I)
_DELIMITER_ROW = re.compile(r"\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*|\s*\|\s*:?-+:?\s*\|\s*")  # |:---:|---|
_CELL_BORDER = re.compile(r"(?<!\\)\|")  # an escaped \| is text
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_TITLE_ENDS = re.compile(r"<|\s[*_](?=\S)")  # after the title: an HTML tag (<ins>Venue</ins>), authors in emphasis
_LEADING_TAG = re.compile(r"^\s*(?:\[[^\]]*\]|\([^)]*\))\s*")  # [2024.03], [NeurIPS], (2019 ACL)
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_GENERIC = re.compile(
    r"(?:paper|pdf|arxiv|abs|link|doi|openreview|html|preprint|project|page|code|github|(?:acl )?anthology|blog|website|video|slides)?",
    re.I,
)
_LOOKED_UP = ("arxiv", "doi")  # the kinds `survey add` can look up; the others keep the bullet's text
_NO_YEAR = "no year: the bullet names no single year, and its link gives none"
_NAMES = {"arxiv": "arXiv", "doi": "DOI", "anthology": "ACL Anthology id", "openreview": "OpenReview id", "proceedings": "proceedings page"}


@dataclass(frozen=True)
class _Mention:
    """An identifier a bullet names, where (``start``), in which link (``url``, ``text``; empty when
    written as text)."""

    kind: str  # arxiv, doi, anthology, openreview, proceedings (the identifier is the link)
    identifier: str
    start: int
    url: str = ""
    text: str = ""


def read(text: str, source: str = "the list") -> tuple[list[Found], list[Skipped]]:
    """Each paper bullet's or table row's record (to be looked up) with its line; every other bullet
    and row skipped, with the reason. ``source`` names the file in the records' notes."""
    found, skipped = [], []
    for line, item in sorted([*_bullets(text), *_table_rows(text)]):
        bullet = _HTML_LINK.sub(lambda m: f"[{m['text']}]({m['url']})", item)  # <a href="…">Title</a> as [Title](…)
        mention = _paper(bullet)
        if mention is None:
            title = _title(bullet, _first_link_text(bullet), len(bullet))
            skipped.append(Skipped(line, _label(title, _plain(bullet)), _why_not(bullet)))
            continue
        title = _title(bullet, mention.text, mention.start)
        label = _label(title, mention.url or f"{_NAMES[mention.kind]} {mention.identifier}")
        kind, identifier = mention.kind, mention.identifier
        year = _year(kind, identifier, bullet, title)
        problem = "no title in the bullet" if not title else None if year else _NO_YEAR
        if problem and kind not in _LOOKED_UP:  # nothing to look up
            skipped.append(Skipped(line, label, problem))
            continue
        found.append(Found(line, label, _record(mention, title, year, bullet, f"{source}, line {line}"),
                           lookup=(kind, identifier) if kind in _LOOKED_UP else None, problem=problem))
    return found, skipped


def _record(mention: _Mention, title: str, year: int | None, bullet: str, where: str) -> Record:
    kind, identifier = mention.kind, mention.identifier
    arxiv = identifier if kind == "arxiv" else None
    anthology = identifier if kind == "anthology" else None
    published = published_at(identifier) if kind == "proceedings" else None
    # An Anthology id is kept in the note too: the url may be edited, the note says what the list gave.
    named = f" The list names ACL Anthology id {anthology}." if anthology else ""
    named += f" The list links the paper on its venue's own site ({published.site})." if published else ""
    wanted = "the authors and date" if published and published.venue else "the authors, date and venue"
    return Record(
        title=title,
        year=year or 0,
        arxiv=arxiv,
        doi=identifier if kind == "doi" else None,
        venue=published.venue if published else None,
        url=arxiv_abs_url(arxiv) or (anthology_url(anthology) if anthology else None) or _doi_url(mention) or mention.url or None,
        pdf=arxiv_pdf_url(arxiv) or (anthology_pdf_url(anthology) if anthology else None),
        code=next(iter(GITHUB_REPOSITORY.findall(bullet)), None),
        note=f"From {where}, without a lookup: the title and year come from the list's text.{named} "
        f"Check them, and add {wanted} from the paper's page.",
    )


def _doi_url(mention: _Mention) -> str | None:
    """doi.org's link for a DOI: a publisher's link may carry a session token (?casa_token=…)."""
    url = f"https://doi.org/{mention.identifier}" if mention.kind == "doi" else None
    return url if is_url(url) else None


def numbered_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """(line number, line, whether it is code: a fence line or inside a fenced block) of each line."""
    fenced = False
    for number, line in enumerate(text.splitlines(), start=1):
        fence = _FENCE.match(line) is not None
        fenced ^= fence
        yield number, line, fenced or fence


def _bullets(text: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each list item outside code blocks, its continuation lines joined: the lines
    that follow it, and after a blank line those indented under it (a second paragraph of the item,
    as lists that put a paper's authors and links below its title write them)."""
    current: list[str] = []
    start, indent, blank = 0, 0, False
    for number, line, fenced in numbered_lines(text):
        bullet = None if fenced else _BULLET.fullmatch(line)
        if bullet and line.lstrip().startswith("*") and bullet.group("text").count("*") % 2:
            bullet = None  # "*\tA. Author, B. Author.* [[pdf](…)]": the * opens emphasis that the line closes
        if not line.strip():
            blank = True
            continue
        indented = len(line) - len(line.lstrip()) > max(indent, 1)
        if current and (fenced or bullet or (blank and not indented) or _BLOCK_START.match(line)):
            yield start, " ".join(current)
            current = []
        blank = False
        if bullet:
            start, current, indent = number, [bullet.group("text")], len(line) - len(line.lstrip())
        elif current:
            current.append(line.strip())
    if current:
        yield start, " ".join(current)


def _table_rows(text: str) -> Iterator[tuple[int, str]]:
    """(line, text) of each body row of each pipe table outside code blocks (awesome lists that keep
    their papers in a table: date, name, [title](link), venue), its cells made into one item."""
    lines = list(numbered_lines(text))
    state = "outside"  # "header": its delimiter row comes next; "body": each row is an item
    for index, (number, line, fenced) in enumerate(lines):
        if fenced or "|" not in line or not line.strip():
            state = "outside"
        elif state == "body":
            yield number, _row_item(_cells(line))
        elif state == "header":
            state = "body"  # past the delimiter row
        elif index + 1 < len(lines) and not lines[index + 1][2] and _DELIMITER_ROW.fullmatch(lines[index + 1][1]):
            state = "header"


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in _CELL_BORDER.split(row.strip().strip("|"))]


def _row_item(cells: list[str]) -> str:
    """A row as a bullet would say it: the cell with the paper's link, after the longest plain cell
    of two words or more (the title, where the link's own text is "paper" or "arXiv"), then the rest
    (the date or venue cells give the year, a GitHub link the code)."""
    linked = next((i for i, cell in enumerate(cells) if _paper(cell)), None)
    if linked is None:
        return " ".join(cell for cell in cells if cell)
    plain = [cell for i, cell in enumerate(cells) if i != linked and not _URL.search(cell) and len(_plain(cell).split()) >= 2]
    lead = max(plain, key=len, default="")
    return " ".join(part for part in (lead, cells[linked], *(c for i, c in enumerate(cells) if i != linked and c != lead)) if part)


def _paper(bullet: str) -> _Mention | None:
    """The identifier the bullet is about: the first one a lookup can use (arXiv, DOI), else the first
    ACL Anthology id, else the first OpenReview id."""
    mentions = sorted([*_in_links(bullet), *_in_text(bullet)], key=lambda m: m.start)
    for kinds in (_LOOKED_UP, ("anthology",), ("openreview",), ("proceedings",)):
        chosen = next((m for m in mentions if m.kind in kinds), None)
        if chosen:
            return chosen
    return None


def _in_links(bullet: str) -> Iterator[_Mention]:
    texts = {m.group("url"): m.group("text") for m in _LINK.finditer(bullet)}
    for match in _URL.finditer(bullet):
        url = match.group().rstrip(".,;:")
        found = _identifier_in(url)
        if found:
            yield _Mention(*found, start=match.start(), url=url, text=texts.get(url, ""))


def _identifier_in(url: str) -> tuple[str, str] | None:
    """(kind, id) of the paper a link points to, or None."""
    arxiv = arxiv_in_text(url) if "arxiv.org/" in url.lower() else None
    doi, arxiv_doi = doi_or_arxiv(url, only_links=True)
    if arxiv or arxiv_doi:
        return "arxiv", arxiv or arxiv_doi or ""
    publisher = _PUBLISHER_DOI.match(url)
    doi = doi or (urllib.parse.unquote(publisher.group(1)) if publisher else None)
    if doi and is_doi(doi):
        return "doi", doi
    anthology = anthology_id(url)
    if anthology:
        return "anthology", anthology
    openreview = _OPENREVIEW.match(url)
    if openreview and is_url(url):
        return "openreview", openreview.group(1)
    if published_at(url) and is_url(url):
        return "proceedings", url
    return None


def _in_text(bullet: str) -> Iterator[_Mention]:
    """Ids written as text, outside links (a link's own address is read by ``_in_links``)."""
    text = _URL.sub(lambda m: " " * len(m.group()), bullet)
    for match in _ARXIV_TEXT.finditer(text):
        if is_arxiv_id(match.group(1)):
            yield _Mention("arxiv", match.group(1), match.start())
    for match in _DOI_TEXT.finditer(text):
        doi = match.group(1).rstrip(".,;:")
        if is_doi(doi):
            yield _Mention("doi", doi, match.start())


def _why_not(bullet: str) -> str:
    """Why a bullet names no paper, by what it links to."""
    targets = [m.group("url") for m in _LINK.finditer(bullet)] + [u.rstrip(".,;:") for u in _URL.findall(bullet)]
    if not targets:
        return "no identifier found: no link, and no arXiv id or DOI in its text"
    absolute = [u for u in targets if u.lower().startswith(("http://", "https://"))]
    if not absolute and all(u.startswith("#") for u in targets):
        return "a table of contents entry: its links point within the list"
    if not absolute:
        return f"no identifier found: its links point to files beside the list ({targets[0]}), not to a paper's page"
    hosts = sorted({(urllib.parse.urlsplit(u).hostname or "").removeprefix("www.") for u in absolute})
    if all(host in _CODE_HOSTS for host in hosts):
        return f"a link to code ({', '.join(hosts)}) that names no paper"
    blogs = [u for u in absolute if _is_blog(u)]
    if blogs:
        return f"a link to a blog ({blogs[0]}) that names no paper"
    return f"no identifier found: its links ({', '.join(hosts)}) give no arXiv id, DOI, ACL Anthology id or OpenReview id"


def _is_blog(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    return "blog" in host or host.endswith(("medium.com", "substack.com")) or "/blog" in parts.path.lower()


def _first_link_text(bullet: str) -> str:
    link = _LINK.search(bullet)
    return link.group("text") if link else ""


def _title(bullet: str, link_text: str, mention_at: int) -> str:
    """The link's text, else the bold text, else the text before the first link, else the text of
    another link to a paper ("[Title](anthology) [[arXiv](…)]"); "" when none is a title."""
    if not _generic(link_text):
        return _plain(link_text)
    bold = _BOLD.search(bullet)
    if bold:
        return _plain(bold.group(1) or bold.group(2))
    first = min((m.start() for m in (_LINK.search(bullet), _URL.search(bullet)) if m), default=len(bullet))
    before = _LEADING_TAG.sub("", bullet[: min(first, mention_at)])
    end = _TITLE_ENDS.search(before)
    before = _plain(before[: end.start()] if end and len(before[: end.start()].split()) >= 2 else before)
    if len(before.split()) >= 2:  # a lone word before a link ("Our [paper]") is no title
        return before
    other = (m.group("text") for m in _LINK.finditer(bullet) if not _generic(m.group("text")) and _identifier_in(m.group("url")))
    return _plain(next(other, ""))


def _generic(link_text: str) -> bool:
    return _GENERIC.fullmatch(_plain(link_text).strip("[]() ")) is not None


def _plain(text: str) -> str:
    """Markdown inline text as plain text: links to their text, no emphasis marks or code ticks; the
    BibTeX braces and escapes lists copy from .bib files ({LLM}, {\\&}) decoded."""
    text = _LINK.sub(lambda m: m.group("text"), text)
    text = re.sub(r"[*_`]+", "", re.sub(r"<[^<>]*>", "", text))
    text = latex_text(text) if "{" in text or "\\" in text else one_line(text)
    return text.strip(" \"'“”").rstrip(" .,;:-–—([，").lstrip(" -–—:")


def _label(title: str, fallback: str) -> str:
    """What the output calls a bullet: its title, else the start of its text or its link."""
    if title:
        return f'"{_short(title)}"'
    return _short(fallback) or "(an empty bullet)"


def _year(kind: str, identifier: str, bullet: str, title: str) -> int | None:
    """The year an arXiv or Anthology id or a proceedings address gives, else the one year the bullet names."""
    if kind == "arxiv":
        return _arxiv_year(identifier)
    if kind == "anthology":
        return anthology_year(identifier)
    published = published_at(identifier) if kind == "proceedings" else None
    return (published.year if published else None) or _one_year(bullet, title)


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
