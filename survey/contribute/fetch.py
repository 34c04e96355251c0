"""Getting bytes from the web: one small seam, so that tests inject recorded responses.

The server is not trusted: every way a request can fail ends in a one-line FetchError, and no
answer can take longer than a deadline or grow past a size limit.
"""

from __future__ import annotations

import http.client
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from survey import __version__
from survey.text import one_line

Fetcher = Callable[[str], bytes]
USER_AGENT = f"survey/{__version__} (research-paper survey generator; mailto:survey@users.noreply.github.com)"
MAX_BYTES = 10 * 2**20  # an arXiv or Crossref answer for one paper is a few kB
WEB_SCHEMES = ("http", "https")


class FetchError(Exception):
    """The service could not be reached or answered with an error; the message is one line."""


class NotThere(FetchError):
    """The server answered that there is nothing at this address (HTTP 404 or 410)."""


class Unreachable(FetchError):
    """The service could not be reached, or did not answer in time: asking it again now is no use."""


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
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            body = response.read(limit + 1)
            if len(body) > limit:
                raise FetchError(f"{_host(url)} sent more than {limit:,} bytes; refusing an answer that large")
            # read(n) returns short rather than raise when the server closes before Content-Length
            # is reached; http.client still counts what it is owed in .length.
            if response.length:
                raise http.client.IncompleteRead(body, response.length)
    except urllib.error.HTTPError as error:
        kind = NotThere if error.code in (404, 410) else FetchError
        raise kind(f"{_host(url)} answered HTTP {error.code} {_clean(error.reason)}") from None
    except (http.client.IncompleteRead, http.client.RemoteDisconnected):
        raise FetchError(f"{_host(url)} closed the connection before the whole answer arrived") from None
    except (http.client.HTTPException, ValueError) as error:  # http.client lets some parse errors out as ValueError
        raise FetchError(f"{_host(url)} sent a malformed HTTP answer ({type(error).__name__})") from None
    except OSError as error:  # URLError, refused, reset, a socket timeout, TLS
        reason = getattr(error, "reason", error)
        raise Unreachable(f"could not reach {_host(url)} ({_clean(reason)}); are you offline?") from None
    return body


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https only (urllib itself would follow one to ftp:) and never
    reads the body of a redirect (urllib would read it whole, with no size limit)."""

    def http_error_302(self, req, fp, code, msg, headers):
        scheme = _scheme(headers.get("Location") or headers.get("URI") or "", req.full_url)
        if scheme not in WEB_SCHEMES:
            where = f"a non-web address ({scheme}:)" if scheme else "a malformed address"
            raise FetchError(f"{_host(req.full_url)} redirected to {where}; only http and https are followed")
        fp.close()
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_OPENER = urllib.request.build_opener(_WebOnlyRedirects)


def _scheme(url: str, base: str = "") -> str:
    try:
        return urllib.parse.urlsplit(urllib.parse.urljoin(base, url)).scheme
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
