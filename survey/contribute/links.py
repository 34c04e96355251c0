"""`survey links`: every paper's url, pdf and code link requested, and its arXiv record read, to
tell a link that works from one that moved, a page that is gone (404, 410), a host that answers
with an error (5xx) and a paper its authors withdrew from arXiv (the abstract page still answers,
so only arXiv's record tells).

What could not be checked is not called broken: a host that does not resolve, refuses connections
or never answers looks exactly like a machine without a network, so it is listed apart, and a run
that reached nothing at all says so instead of reporting every link (`nothing_checked`). Links to
addresses that are not public are refused, never requested (guarded.py): they are broken for every
reader anyway, and requesting them would let content probe the runner's network.

Requests run a few at a time, each within a deadline, as `fetch` runs them (a daemon thread the
caller waits for at most the deadline). arXiv's own pages (abs, pdf, html) are not requested: arXiv
asks robots to use its API, whose record (batched, as `survey add` asks it) says whether the paper
is there and whether it was withdrawn. Nothing is written: the result is a report.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import threading
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from survey.contribute import guarded, lookup
from survey.contribute.fetch import HEADERS, Fetcher, FetchError, Unreachable
from survey.model import Survey, arxiv_abs_url
from survey.text import one_line

FIELDS = ("url", "pdf", "code")
OK, REDIRECTED, GONE, FAILING, WITHDRAWN = "ok", "redirected", "gone", "failing", "withdrawn"
REFUSED = "refused"  # not a public address: never requested
UNREACHABLE = "unreachable"  # no answer at all: no name, no route, refused connection, no answer in time
UNCHECKED = "unchecked"  # an answer that says nothing either way (403, 429, TLS), or arXiv could not be asked
BROKEN = (WITHDRAWN, REFUSED, GONE, FAILING)
# How arXiv marks a withdrawal: the withdrawing version's comment (often its abstract too) says so,
# "This paper has been withdrawn by the author(s)", "This submission has been withdrawn ...".
_ARXIV_PAGE = re.compile(r"https?://(?:www\.)?arxiv\.org/(?:abs|pdf|html)/", re.I)
_WITHDRAWN = re.compile(r"\b(?:has\s+been|was|is\s+being)\s+withdrawn\b|^\s*withdrawn\b", re.I)


@dataclass(frozen=True)
class Link:
    path: str  # the paper file
    key: str
    field: str  # url, pdf, code; "arxiv" for the arXiv record itself
    url: str


@dataclass(frozen=True)
class Result:
    link: Link
    status: str
    detail: str = ""
    moved_to: str | None = None

    @property
    def broken(self) -> bool:
        return self.status in BROKEN


def nothing_checked(results: list[Result]) -> bool:
    """True when something was to be requested and nothing answered: no network, not dead links."""
    asked = [r for r in results if r.status != REFUSED]
    return bool(asked) and all(r.status == UNREACHABLE for r in asked)


def paper_links(survey: Survey) -> list[Link]:
    return [Link(p.source, p.key, name, url) for p in survey.papers for name in FIELDS if (url := getattr(p, name))]


def check(survey: Survey, *, timeout: float = 20.0, workers: int = 8, fetcher: Fetcher | None = None,
          progress: Callable[[str], None] | None = None, pause: Callable[[float], None] | None = None,
          trusted: Collection[str] = (), resolve: guarded.Resolver = guarded.system_resolve) -> list[Result]:
    """Every link's result (each distinct address requested once), then each arXiv record's.
    With a ``fetcher`` for arXiv's API, arXiv's pages are left to it. ``trusted`` origins may be
    private and ``resolve`` replaces the system resolver (guarded.py): the command passes neither."""
    links = [link for link in paper_links(survey) if fetcher is None or not _ARXIV_PAGE.match(link.url)]
    urls = sorted({link.url for link in links})
    done, counting = 0, threading.Lock()

    def one(url: str) -> tuple[str, tuple[str, str, str | None]]:
        nonlocal done
        outcome = probe(url, timeout, trusted, resolve)
        with counting:  # the workers finish in any order
            done += 1
            if progress is not None:
                progress(f"checking links: {done} of {len(urls)}")
        return url, outcome

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        outcomes = dict(pool.map(one, urls))
    results = [Result(link, *outcomes[link.url]) for link in links]
    if fetcher is not None:
        results += withdrawn(survey, fetcher, pause)
    return results


def withdrawn(survey: Survey, fetcher: Fetcher, pause: Callable[[float], None] | None = None) -> list[Result]:
    """A result for each paper with an arXiv id: ok, withdrawn, gone, or arXiv could not be asked."""
    papers = [p for p in survey.papers if p.arxiv]
    found = lookup.lookup_many([("arxiv", p.arxiv) for p in papers if p.arxiv], fetcher, **({"pause": pause} if pause else {}))
    results = []
    for paper in papers:
        record = found.get(("arxiv", paper.arxiv or ""))
        link = Link(paper.source, paper.key, "arxiv", arxiv_abs_url(paper.arxiv) or "")
        if isinstance(record, lookup.Record):
            said = next((text for text in (record.comment, record.abstract) if text and _WITHDRAWN.search(text)), None)
            results.append(Result(link, WITHDRAWN, said[:200]) if said else Result(link, OK))
        elif isinstance(record, lookup.NotFound):
            results.append(Result(link, GONE, f"arXiv has no paper {paper.arxiv}"))
        elif isinstance(record, FetchError):
            status = UNREACHABLE if isinstance(record, Unreachable) else UNCHECKED
            results.append(Result(link, status, f"arXiv could not be asked: {record}"))
    return results


def probe(url: str, timeout: float, trusted: Collection[str] = (),
          resolve: guarded.Resolver = guarded.system_resolve) -> tuple[str, str, str | None]:
    """(status, detail, where it moved) for one address. Each socket operation may take ``timeout``
    seconds; the whole request (a server sending a byte at a time, name resolution, which ignores
    socket timeouts) at most twice that."""
    outcome: list[tuple[str, str, str | None]] = []
    worker = threading.Thread(target=lambda: outcome.append(_request(url, timeout, trusted, resolve)), name="survey links", daemon=True)
    worker.start()
    worker.join(2 * timeout)
    return outcome[0] if outcome else (UNREACHABLE, f"no whole answer within {2 * timeout:g} s", None)


def _request(url: str, timeout: float, trusted: Collection[str], resolve: guarded.Resolver) -> tuple[str, str, str | None]:
    try:
        with guarded.open_url(url, timeout=timeout, headers=HEADERS, trusted=trusted, resolve=resolve) as opened:
            status, reason = opened.response.status, opened.response.reason  # the body is never read
    except guarded.Refused as error:
        return REFUSED, _clean(error), None
    except (http.client.HTTPException, ValueError) as error:  # http.client lets some malformed answers out as ValueError
        return FAILING, f"malformed answer ({type(error).__name__})", None
    except OSError as error:
        return _unreachable(error)
    if status in (404, 410):
        return GONE, f"HTTP {status}", None
    if status >= 500:
        return FAILING, f"HTTP {status} {_clean(reason)}", None
    if status >= 300:  # 401, 403, 429: the host will not let a robot see; 3xx without Location
        return UNCHECKED, f"HTTP {status} {_clean(reason)}", None
    return (OK, f"HTTP {status}", None) if opened.url == url else (REDIRECTED, f"HTTP {status}", opened.url)


def _unreachable(reason: OSError) -> tuple[str, str, str | None]:
    if isinstance(reason, ssl.SSLError):  # a proxy or an old certificate store looks the same: look by hand
        return UNCHECKED, f"TLS error ({_clean(reason)})", None
    if isinstance(reason, socket.gaierror):
        return UNREACHABLE, "the host name does not resolve", None
    if isinstance(reason, ConnectionRefusedError):
        return UNREACHABLE, "connection refused", None
    if isinstance(reason, TimeoutError):
        return UNREACHABLE, "timed out", None
    return UNREACHABLE, _clean(reason), None


def _clean(text: object) -> str:
    return one_line(str(text))[:200]


SECTIONS = (
    (WITHDRAWN, "Withdrawn from arXiv", "The arXiv record says the paper was withdrawn"),
    (REFUSED, "Refused", "The link, or a redirect, names an address that is not public; it was not requested"),
    (GONE, "Gone", "The server says the page is not there (404, 410), or arXiv has no such paper"),
    (FAILING, "Failing", "The server answers with an error (5xx) or a malformed answer"),
    (UNREACHABLE, "Could not reach", "No answer (the name does not resolve, no route, connection refused, no answer in"
     " time): not counted as broken, since a host that is down looks the same as a missing network"),
    (UNCHECKED, "Could not be checked", "An answer that says neither (401, 403, 429, TLS), or arXiv could not be asked:"
     " not counted as broken; look by hand"),
    (REDIRECTED, "Moved", "The link redirects: write the address it leads to"),
)


def markdown(results: list[Result]) -> str:
    """A report to be the body of an issue: one table per kind of problem, broken links first."""
    broken = sum(1 for r in results if r.broken)
    checked = len({r.link.url for r in results if r.link.field != "arxiv"})
    unknown = sum(1 for r in results if r.status in (UNREACHABLE, UNCHECKED))
    lines = [f"{broken} broken link{'s' if broken != 1 else ''} found by `survey links` ({checked} links requested;"
             " arXiv papers checked in arXiv's records)" + (f"; {unknown} could not be checked." if unknown else "."), ""]
    for status, title, meaning in SECTIONS:
        rows = sorted((r for r in results if r.status == status), key=lambda r: (r.link.key, r.link.field))
        if not rows:
            continue
        lines += [f"## {title} ({len(rows)})", "", f"{meaning}.", "", "| Paper | Field | Link | Detail |", "| --- | --- | --- | --- |"]
        for r in rows:
            detail = _cell(r.detail) + (f" → <{_address(r.moved_to)}>" if r.moved_to else "")
            lines.append(f"| `{r.link.path}` | {r.link.field} | <{_address(r.link.url)}> | {detail} |")
        lines.append("")
    return "\n".join(lines) + "\n"


def as_json(results: list[Result]) -> list[dict[str, object]]:
    return [{"path": r.link.path, "key": r.link.key, "field": r.link.field, "url": r.link.url, "status": r.status,
             "detail": r.detail, "moved_to": r.moved_to, "broken": r.broken} for r in results if r.status != OK]


def _cell(text: str) -> str:
    """Server or author text in a table cell: a code span, so it stays text."""
    return "`" + one_line(text).replace("`", "'").replace("|", "/") + "`" if text else ""


def _address(url: str | None) -> str:
    """A checked URL holds no space, quote or angle bracket; a pipe would end the table cell."""
    return (url or "").replace("|", "%7C").replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
