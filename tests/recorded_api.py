"""The arXiv and Crossref APIs replayed from tests/data/responses by a real HTTP server on 127.0.0.1,
so that the project's own commands (in this process or in a subprocess) run without the network.

An arXiv request (one id or a batch, `id_list=a,b,c`) is answered with the recorded feed that holds
entries for its ids (a recording may answer several); ids without one get the API's answer for an
unknown id (a feed with no entry). A DOI without a recording gets Crossref's 404. `log`, when given,
collects the addresses asked, so tests can see how the commands batch their requests.
"""

from __future__ import annotations

import functools
import http.server
import re
import socket
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import DATA

RESPONSES = DATA / "responses"


def recorded_answer(path: str) -> tuple[int, bytes]:
    url = urllib.parse.urlsplit(path)
    if url.path == "/api/query":
        (identifiers,) = urllib.parse.parse_qs(url.query)["id_list"]
        recordings = {_arxiv_recordings()[i] for i in identifiers.split(",") if i in _arxiv_recordings()}
        if len(recordings) > 1:  # a test's papers must come from one recorded answer
            return 500, f"no one recording answers {identifiers}: {sorted(r.name for r in recordings)}".encode()
        return 200, (recordings.pop() if recordings else RESPONSES / "arxiv-2401.99999-no-results.xml").read_bytes()
    if url.path.startswith("/works/"):
        doi = urllib.parse.unquote(url.path.removeprefix("/works/"))
        recording = RESPONSES / f"crossref-{doi.replace('/', '_')}.json"
        return (200, recording.read_bytes()) if recording.is_file() else (404, b"Resource not found.")
    return 404, b"not an API address"


@functools.cache
def _arxiv_recordings() -> dict[str, Path]:
    """arXiv id (without its version) -> the recorded feed that holds its entry."""
    found = {}
    for recording in sorted(RESPONSES.glob("arxiv-*.xml")):
        for entry_id in re.findall(r"<id>https?://arxiv\.org/abs/([^<]+?)(?:v\d+)?</id>", recording.read_text(encoding="utf-8")):
            found.setdefault(entry_id, recording)
    return found


Answer = Callable[[str], "tuple[int, bytes] | tuple[int, bytes, dict[str, str]]"]


class _Answering(http.server.BaseHTTPRequestHandler):
    answer: Answer
    log: list[str] | None = None

    def do_GET(self) -> None:
        if self.log is not None:
            self.log.append(self.path)
        status, body, *headers = type(self).answer(self.path)
        self.send_response(status)
        for name, value in (headers[0] if headers else {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(answer: Answer, log: list[str] | None = None, host: str = "127.0.0.1") -> Iterator[str]:
    """A real HTTP server on ``host`` (Linux routes all of 127.0.0.0/8 to the loopback interface)
    answering each GET with answer(path) -> (status, body) or (status, body, headers); yields its
    base address."""
    handler = type("Answering", (_Answering,), {"answer": staticmethod(answer), "log": log})
    server = http.server.ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_recordings(log: list[str] | None = None) -> Iterator[dict[str, str]]:
    """Yields the environment that points `survey add` at the server (SURVEY_ARXIV_API, SURVEY_CROSSREF_API)."""
    with serve(recorded_answer, log) as base:
        yield {"SURVEY_ARXIV_API": f"{base}/api/query", "SURVEY_CROSSREF_API": f"{base}/works"}


def closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"  # nothing listens once it is closed
