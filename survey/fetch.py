"""Getting bytes from the web: one small seam, so that tests inject recorded responses."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from typing import Callable

from . import __version__

Fetcher = Callable[[str], bytes]
USER_AGENT = f"survey/{__version__} (research-paper survey generator; mailto:survey@users.noreply.github.com)"


class FetchError(Exception):
    """The service could not be reached or answered with an error; the message is one line."""


def fetch(url: str, *, timeout: float = 20.0) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        raise FetchError(f"{_host(url)} answered HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, socket.timeout, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"could not reach {_host(url)} ({reason}); are you offline?") from None


def _host(url: str) -> str:
    return urllib.request.urlparse(url).netloc
