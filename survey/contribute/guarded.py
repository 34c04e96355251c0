"""The one way the tool opens a web address: public addresses only, checked on every hop.

Contributed links and the redirects of any server are not trusted: requested blindly, they would
let a pull request make a maintainer's machine or a CI runner probe its own network (127.0.0.1, a
cloud metadata address such as 169.254.169.254, the office's 10.0.0.0/8). So each hop

- names a public host (hosts.host_problem: no private literal, no `localhost`-style name);
- is resolved here, and refused if any address it resolves to is not public;
- is connected to the very address that was checked: the connection classes below take the
  address, while the Host header, TLS's SNI and the certificate check keep the name. A second
  lookup (as urllib would make) could answer differently: DNS rebinding.

Redirects are followed here, not by urllib, so that each one is checked the same way.

``trusted`` origins (scheme://host:port) skip the public-address test: the API bases a maintainer
configures (SURVEY_ARXIV_API and SURVEY_CROSSREF_API, which tests point at local servers). The
trust holds for the first hop and for redirects that stay on that origin, never for a redirect
elsewhere. ``resolve`` defaults to the system resolver; a test passes its own function to give a
public-looking name a private address. No proxy is used (a proxy would resolve names itself).
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import urllib.parse
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from survey.content.hosts import address_problem, host_problem
from survey.errors import SurveyError
from survey.text import one_line

Resolver = Callable[[str, int], Sequence[str]]
WEB_SCHEMES = ("http", "https")
MAX_REDIRECTS = 10  # as urllib
_REDIRECTS = (301, 302, 303, 307, 308)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NOT_ASCII = re.compile(r"[^\x21-\x7e]")  # a path as an IRI holds it; the request line must be ASCII


class Refused(SurveyError):
    """The address is not requested: not public, or not a web address. The message is one line."""


def system_resolve(host: str, port: int) -> list[str]:
    """Every address the system resolver gives ``host`` (socket.gaierror when it gives none)."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def origin(url: str) -> str:
    """scheme://host:port, with the default port written out: how trusted origins are compared."""
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
    return f"{parts.scheme}://{host}:{port}"


@dataclass
class Opened:
    """A response whose status line and headers were read; its body is the caller's to read."""

    url: str  # the address that answered, after redirects
    response: http.client.HTTPResponse
    connection: http.client.HTTPConnection

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        # The response holds the socket's file: closing only the connection leaves the socket open.
        self.response.close()
        self.connection.close()


def open_url(
    url: str, *, timeout: float, headers: dict[str, str] | None = None, trusted: Collection[str] = (),
    resolve: Resolver = system_resolve,
) -> Opened:
    """GET ``url`` and follow its redirects, each hop checked as the module says.

    Raises Refused, or what the connection raises (OSError: name resolution, refused, timeout, TLS;
    http.client.HTTPException and ValueError: a malformed answer)."""
    if _scheme(url) not in WEB_SCHEMES:
        raise Refused(f"only http and https addresses are requested (got '{one_line(url)[:200]}')")
    allowed = {origin(o) for o in trusted}
    came_from = ""
    for _ in range(MAX_REDIRECTS + 1):
        parts = urllib.parse.urlsplit(url)
        here = origin(url)
        if came_from and here != came_from:
            allowed = set()  # trust does not follow a redirect to another origin
        opened = _get(url, parts, timeout, headers or {}, resolve, here in allowed, came_from)
        location = opened.response.getheader("Location")
        if opened.response.status not in _REDIRECTS or location is None:
            return opened
        opened.close()  # a redirect's body is never read
        target = urllib.parse.urljoin(url, _NOT_ASCII.sub(_percent, location))
        if _scheme(target) not in WEB_SCHEMES:
            scheme = _scheme(target)
            where = f"a non-web address ({scheme}:)" if scheme else "a malformed address"
            raise Refused(f"{parts.netloc} redirected to {where}; only http and https are followed")
        came_from, url = here, target
    raise Refused(f"{parts.netloc} redirected more than {MAX_REDIRECTS} times")


def _get(url: str, parts: urllib.parse.SplitResult, timeout: float, headers: dict[str, str], resolve: Resolver,
         trusted: bool, came_from: str) -> Opened:
    said = f"{came_from.split('://', 1)[-1]} redirected to " if came_from else ""
    host, port = parts.hostname or "", parts.port or _DEFAULT_PORTS[parts.scheme]
    if not trusted:
        problem = host_problem(host)
        if problem:
            raise Refused(f"{said}{parts.netloc}, which {problem}; not requested")
    addresses = list(resolve(host, port))
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, "the host name does not resolve")
    if not trusted:
        for address in addresses:
            fact = address_problem(ipaddress.ip_address(address))
            if fact:
                raise Refused(f"{said}{parts.netloc}, whose address {fact}; not requested")
    kind = _PinnedTLS if parts.scheme == "https" else _Pinned
    connection = kind(host, port, addresses, timeout)
    try:
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        connection.request("GET", _NOT_ASCII.sub(_percent, target), headers={"Connection": "close", **headers})
        return Opened(url, connection.getresponse(), connection)
    except BaseException:
        connection.close()
        raise


def _connect(addresses: Sequence[str], port: int, timeout: float | None) -> socket.socket:
    """A socket to the first of ``addresses`` that accepts: only those, never a name."""
    error: OSError = OSError("no address to connect to")
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as failed:
            error = failed
    raise error


class _Pinned(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, addresses: Sequence[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, addresses: Sequence[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=_TLS)
        self.addresses = addresses

    def connect(self) -> None:
        sock = _connect(self.addresses, self.port, self.timeout)
        self.sock = _TLS.wrap_socket(sock, server_hostname=self.host)  # the name: SNI and certificate


_TLS = ssl.create_default_context()


def _scheme(url: str) -> str:
    try:
        return urllib.parse.urlsplit(url).scheme
    except ValueError:  # a malformed IPv6 host
        return ""


def _percent(match: re.Match[str]) -> str:
    return urllib.parse.quote(match.group(0), safe="")
