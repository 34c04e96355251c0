"""Getting bytes from the web: one small seam, so that tests inject recorded responses.

The server is not trusted: every way a request can fail ends in a one-line FetchError, and no
answer can take longer than a deadline or grow past a size limit. Requests go through guarded.py:
public addresses only, on every redirect, except the API bases a maintainer configured.
"""

from __future__ import annotations

import http.client
import os
import threading
import urllib.parse
from collections.abc import Callable

from survey import __version__
from survey.contribute import guarded
from survey.errors import SurveyError
from survey.text import one_line

Fetcher = Callable[[str], bytes]
USER_AGENT = f"survey/{__version__} (research-paper survey generator; mailto:survey@users.noreply.github.com)"
HEADERS = {"User-Agent": USER_AGENT, "Accept": "*/*"}  # every request the tool makes (fetch, links)
MAX_BYTES = 10 * 2**20  # an arXiv or Crossref answer for one paper is a few kB
WEB_SCHEMES = guarded.WEB_SCHEMES
CONFIGURED_BASES = ("SURVEY_ARXIV_API", "SURVEY_CROSSREF_API")  # as lookup.py reads them


class FetchError(SurveyError):
    """The service could not be reached or answered with an error; the message is one line."""


class NotThere(FetchError):
    """The server answered that there is nothing at this address (HTTP 404 or 410)."""


class Unreachable(FetchError):
    """The service could not be reached, or did not answer in time: asking it again now is no use."""


class Refused(FetchError):
    """The address (or a redirect's) is not public, or not a web address: it was not requested."""


def fetch(url: str, *, timeout: float = 30.0, limit: int = MAX_BYTES) -> bytes:
    """The body at ``url``, all of it within ``timeout`` seconds and ``limit`` bytes.

    A socket timeout bounds each read, not their sum: a server that sends a byte every few seconds,
    even inside its status line, would keep a request alive forever, and name resolution ignores
    socket timeouts altogether. So the request runs in a daemon thread and the caller waits for it
    at most ``timeout`` seconds. A thread given up on dies with the process (daemon: it never holds
    the exit) or when the server stops; it can hold at most ``limit`` bytes meanwhile.
    """
    outcome: list[bytes | BaseException] = []

    def attempt() -> None:
        try:
            outcome.append(_get(url, timeout, limit))
        except BaseException as error:  # noqa: BLE001  (handed to the caller and raised there)
            outcome.append(error)

    worker = threading.Thread(target=attempt, name="survey fetch", daemon=True)
    worker.start()
    worker.join(timeout)
    if not outcome:
        raise Unreachable(f"{_host(url)} did not answer in full within {timeout:g} s")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def _get(url: str, timeout: float, limit: int) -> bytes:
    if _scheme(url) not in WEB_SCHEMES:
        raise FetchError(f"only http and https addresses are fetched (got '{_clean(url)}')")
    try:
        with guarded.open_url(url, timeout=timeout, headers=HEADERS, trusted=configured_bases()) as opened:
            response = opened.response
            if not 200 <= response.status < 300:
                kind = NotThere if response.status in (404, 410) else FetchError
                raise kind(f"{_host(url)} answered HTTP {response.status} {_clean(response.reason)}")
            body = response.read(limit + 1)
            if len(body) > limit:
                raise FetchError(f"{_host(url)} sent more than {limit:,} bytes; refusing an answer that large")
            # read(n) returns short rather than raise when the server closes before Content-Length
            # is reached; http.client still counts what it is owed in .length.
            if response.length:
                raise http.client.IncompleteRead(body, response.length)
    except guarded.Refused as error:
        raise Refused(_clean(error)) from None
    except (http.client.IncompleteRead, http.client.RemoteDisconnected):
        raise FetchError(f"{_host(url)} closed the connection before the whole answer arrived") from None
    except (http.client.HTTPException, ValueError) as error:  # http.client lets some parse errors out as ValueError
        raise FetchError(f"{_host(url)} sent a malformed HTTP answer ({type(error).__name__})") from None
    except OSError as error:  # name resolution, refused, reset, a socket timeout, TLS
        raise Unreachable(f"could not reach {_host(url)} ({_clean(error)}); are you offline?") from None
    return body


def configured_bases() -> list[str]:
    """The API addresses a maintainer set (read at each call): they may be local, unlike the rest."""
    return [base for name in CONFIGURED_BASES if (base := os.environ.get(name))]


def _scheme(url: str) -> str:
    try:
        return urllib.parse.urlsplit(url).scheme
    except ValueError:  # a malformed IPv6 host
        return ""


def _host(url: str) -> str:
    try:
        return _clean(urllib.parse.urlsplit(url).netloc) or "the server"
    except ValueError:
        return "the server"


def _clean(text: object) -> str:
    """Server-chosen text (a reason phrase) as a short line: no controls to rewrite the terminal."""
    return one_line(text)[:200]
