"""The arXiv and Crossref APIs replayed from tests/data/responses by a real HTTP server on 127.0.0.1,
so that the project's own commands (in this process or in a subprocess) run without the network.

An arXiv id without a recording gets the API's answer for an unknown id (a feed with no entry); a
DOI without one gets Crossref's 404.
"""

from __future__ import annotations

import http.server
import threading
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager

from conftest import DATA

RESPONSES = DATA / "responses"


def recorded_answer(path: str) -> tuple[int, bytes]:
    url = urllib.parse.urlsplit(path)
    if url.path == "/api/query":
        (identifier,) = urllib.parse.parse_qs(url.query)["id_list"]
        recording = RESPONSES / f"arxiv-{identifier}.xml"
        return 200, (recording if recording.is_file() else RESPONSES / "arxiv-2401.99999-no-results.xml").read_bytes()
    if url.path.startswith("/works/"):
        doi = urllib.parse.unquote(url.path.removeprefix("/works/"))
        recording = RESPONSES / f"crossref-{doi.replace('/', '_')}.json"
        return (200, recording.read_bytes()) if recording.is_file() else (404, b"Resource not found.")
    return 404, b"not an API address"


class _Replay(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        status, body = recorded_answer(self.path)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve_recordings() -> Iterator[dict[str, str]]:
    """Yields the environment that points `survey add` at the server (SURVEY_ARXIV_API, SURVEY_CROSSREF_API)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        yield {"SURVEY_ARXIV_API": f"{base}/api/query", "SURVEY_CROSSREF_API": f"{base}/works"}
    finally:
        server.shutdown()
        server.server_close()
