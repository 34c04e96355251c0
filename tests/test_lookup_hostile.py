"""`survey add` against a broken or hostile API server: a real HTTP server on 127.0.0.1.

Every failure ends in one line on stderr, exit code 1 and no new paper file; on a successful answer
every value kept is cleaned.
"""

from __future__ import annotations

import functools
import http.server
import itertools
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import RESPONSES, papers, survey

from survey.contribute.fetch import fetch

LONGLORA = (RESPONSES / "arxiv-2309.12307.xml").read_bytes()
EMPTY_FEED = (RESPONSES / "arxiv-2401.99999-no-results.xml").read_bytes()
DOI = "10.1234/hostile.1"
Respond = Callable[[http.server.BaseHTTPRequestHandler], None]


class Server(http.server.ThreadingHTTPServer):
    respond: Respond
    paths: list[str]
    stopping: threading.Event


class Handler(http.server.BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        try:
            self.server.respond(self)
        except OSError:
            pass  # the client gave up (a deadline, a size limit): what the test wants

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server(monkeypatch):
    """A server whose answer each test sets (``server.respond``); both API addresses point at it."""
    running = Server(("127.0.0.1", 0), Handler)
    running.paths, running.stopping = [], threading.Event()
    threading.Thread(target=running.serve_forever, args=(0.05,), daemon=True).start()
    base = f"http://127.0.0.1:{running.server_port}"
    monkeypatch.setenv("SURVEY_ARXIV_API", f"{base}/api/query")
    monkeypatch.setenv("SURVEY_CROSSREF_API", f"{base}/works")
    yield running
    running.stopping.set()  # ends the drips
    running.shutdown()
    running.server_close()


def answer(body: bytes, status: int = 200, **headers: str) -> Respond:
    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    return respond


def raw(data: bytes) -> Respond:
    return lambda handler: handler.wfile.write(data)


def drip(data: bytes) -> Respond:
    """A byte every 0.5 s, for ever (until the test ends): no single read ever waits long."""
    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        for byte in itertools.chain(data, itertools.repeat(ord("x"))):
            if handler.server.stopping.wait(0.5):
                return
            handler.wfile.write(bytes([byte]))
    return respond


def endless(headers: bytes) -> Respond:
    """An answer of 64 MB or more, sent a megabyte at a time: nothing this large is ever held here."""
    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.wfile.write(headers)
        chunk = b"x" * 2**20
        for _ in range(64):
            handler.wfile.write(chunk)
    return respond


def crossref(**work: object) -> Respond:
    message = {"title": ["A Title"], "issued": {"date-parts": [[2021, 8, 1]]}, "DOI": DOI, **work}
    return answer(json.dumps({"status": "ok", "message": message}).encode())


def add(project: Path, identifier: str, capsys, timeout: float = 10) -> tuple[int, str, str]:
    return survey(project, "add", identifier, capsys=capsys, fetcher=functools.partial(fetch, timeout=timeout))


def assert_refused(project: Path, server: Server, identifier: str, expected: str, capsys, timeout: float = 10) -> None:
    before = papers(project)
    code, out, err = add(project, identifier, capsys, timeout)
    assert code == 1, out
    assert err.startswith("survey: ") and err.endswith("; nothing written\n") and err.count("\n") == 1, err
    assert expected in err, err
    assert "Traceback" not in err + out
    assert papers(project) == before


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY %c "%s">' % (ord("b") + i, b"&%c;" % (ord("a") + i) * 10) for i in range(8))
    + b']><feed xmlns="http://www.w3.org/2005/Atom"><title>&i;</title></feed>'
)


@pytest.mark.parametrize("respond, expected", [
    (answer(b"oops", 500), "answered HTTP 500"),
    (answer(b"<feed><entry>"), "the arXiv API did not answer with a feed"),
    (answer(b"<html><body>Rate limited</body></html>"), "the arXiv API did not answer with a feed"),
    (answer(b'<?xml version="1.0" encoding="no-such"?><feed/>'), "the arXiv API did not answer with a feed"),
    (answer(BILLION_LAUGHS), "the arXiv API did not answer with a feed"),
    (answer(EMPTY_FEED), "arXiv has no paper 2309.12307"),
    (answer(LONGLORA.replace(b"<title>LongLoRA", b"<titel>LongLoRA").replace(b"Models</title>", b"Models</titel>")), "without a title"),
    (answer(LONGLORA.replace(b"<published>2023-09-21", b"<published>1023-09-21")), "without a valid publication date"),
    (answer(LONGLORA.replace(b"<published>2023-09-21", b"<published>soon")), "without a valid publication date"),
    (raw(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + LONGLORA[:300]), "closed the connection before the whole answer arrived"),
    (raw(b"NONSENSE\r\n\r\n"), "sent a malformed HTTP answer"),
    (raw(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"), "closed the connection before the whole answer arrived"),
    (answer(b"", 302, Location="file:///etc/passwd"), "redirected to a non-web address (file:)"),
    (answer(b"", 301, Location="ftp://example.org/feed.xml"), "redirected to a non-web address (ftp:)"),
    (answer(b"", 307, Location="data:text/xml,<feed/>"), "redirected to a non-web address (data:)"),
    (endless(b"HTTP/1.1 200 OK\r\n\r\n"), "sent more than 10,485,760 bytes"),
    (endless(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\n"), "sent more than 10,485,760 bytes"),
], ids=["http-500", "malformed-xml", "html", "unknown-encoding", "billion-laughs", "empty-feed", "no-title",
        "year-1023", "date-soon", "truncated", "bad-status-line", "bad-chunk", "redirect-file", "redirect-ftp",
        "redirect-data", "huge", "huge-declared"])
def test_a_broken_arxiv_answer_is_one_line_and_writes_nothing(project: Path, server: Server, capsys, respond: Respond, expected: str) -> None:
    server.respond = respond
    assert_refused(project, server, "2309.12307", expected, capsys)


@pytest.mark.parametrize("respond, expected", [
    (answer(b"not json"), "Crossref did not answer with a work record"),
    (answer(b"[" * 100_000 + b"]" * 100_000), "Crossref did not answer with a work record"),
    (answer(json.dumps({"message": {"title": [[[[[[1]]]]]]}}).encode()), "(title[0] is not string)"),
    (answer(b'{"message": ["a", "list"]}'), "Crossref did not answer with a work record"),
    (answer(b'["message"]'), "Crossref did not answer with a work record"),
    (crossref(title=42), "(title is not array)"),
    (crossref(title=[42]), "(title[0] is not string)"),
    (crossref(title=[]), f"Crossref has no title or year for {DOI}"),
    (crossref(author="Ann Lee"), "(author is not array)"),
    (crossref(author=[{"given": ["Ann"]}]), "(author[0].given is not string)"),
    (crossref(issued={"date-parts": [2021]}), "(issued['date-parts'][0] is not array)"),
    (crossref(issued={"date-parts": "2021"}), "(issued['date-parts'] is not array)"),
    (crossref(issued={"date-parts": [["2021"]]}), "(issued['date-parts'][0][0] is not integer or null)"),
    (crossref(issued={"date-parts": [[3021, 1, 1]]}), f"Crossref has no title or year for {DOI}"),
    (crossref(issued={"date-parts": [[None]]}), f"Crossref has no title or year for {DOI}"),
    (crossref(issued=[2021]), "(issued is not object)"),
    (crossref(URL=["https://x.org"]), "(URL is not string)"),
], ids=["not-json", "deep-json", "nested-title", "message-a-list", "answer-a-list", "title-a-number",
        "title-items-numbers", "title-empty", "authors-not-a-list", "author-name-a-list", "date-parts-flat",
        "date-parts-text", "year-text", "year-3021", "year-null", "issued-a-list", "url-a-list"])
def test_a_broken_crossref_answer_is_one_line_and_writes_nothing(project: Path, server: Server, capsys, respond: Respond, expected: str) -> None:
    server.respond = respond
    assert_refused(project, server, DOI, expected, capsys)


@pytest.mark.slow
@pytest.mark.parametrize("respond", [
    drip(b"HTTP/1.1 200 OK\r\n"),  # still in the headers
    lambda handler: (raw(b"HTTP/1.1 200 OK\r\nContent-Length: 99999\r\n\r\n")(handler), drip(LONGLORA)(handler)),
], ids=["headers", "body"])
def test_a_slow_drip_ends_at_the_deadline(project: Path, server: Server, capsys, respond: Respond) -> None:
    server.respond = respond
    start = time.monotonic()
    assert_refused(project, server, "2309.12307", "did not answer in full within 2 s", capsys, timeout=2)
    assert time.monotonic() - start < 4


def test_add_from_the_recorded_arxiv_answer_through_a_redirect(project: Path, server: Server, capsys) -> None:
    feed = answer(LONGLORA)
    moved = answer(b"", 302, Location="/mirror/query?id_list=2309.12307")
    server.respond = lambda handler: (feed if handler.path.startswith("/mirror/") else moved)(handler)
    code, out, err = add(project, "https://arxiv.org/abs/2309.12307v1", capsys)
    assert code == 0, err
    assert server.paths == ["/api/query?id_list=2309.12307", "/mirror/query?id_list=2309.12307"]
    data = yaml.safe_load((project / "content" / "papers" / "chen2023longlora.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models"
    assert (data["year"], data["date"], data["arxiv"], data["arxiv_class"]) == (2023, "2023-09-21", "2309.12307", "cs.CL")


def test_hostile_arxiv_values_are_cleaned_or_dropped(project: Path, server: Server, capsys) -> None:
    server.respond = answer(
        LONGLORA.replace(b"<title>LongLoRA:", "<title>Long\u202eLoRA\u200b:&#x9;".encode())
        .replace(b"<name>Yukang Chen", "<name>Yukang\u202e Chen\u2066".encode())
        .replace(b'primary_category term="cs.CL"', b'primary_category term="cs.CL&quot;&gt;&lt;script&gt;"')
        .replace(b"<published>", b'<arxiv:doi>10.1/x"onmouseover=alert(1)</arxiv:doi><published>'))
    code, out, err = add(project, "2309.12307", capsys)
    assert code == 0, err
    path = project / "content" / "papers" / "chen2023longlora.yaml"
    text = path.read_text(encoding="utf-8")
    assert not any(bad in text for bad in ("\u202e", "\u200b", "\u2066", "\t", "<script>"))
    data = yaml.safe_load(text)
    assert data["title"] == "LongLoRA: Efficient Fine-tuning of Long-Context Large Language Models"
    assert data["authors"][0] == "Yukang Chen"
    assert "arxiv_class" not in data and "doi" not in data


def test_hostile_crossref_values_are_cleaned_or_dropped_and_the_doi_is_encoded(project: Path, server: Server, capsys) -> None:
    server.respond = crossref(
        title=["Evil\u202e Title\x00 Here\n"], author=[{"given": "Ann\u202e", "family": "Lee\x00"}, {"name": ""}, {}, {"family": "Bo"}],
        URL="https://x.org/[a](javascript:alert(1))", DOI='10.1/"><script>', issued={"date-parts": [[2021, 13, 40]]},
        **{"container-title": ["Venue\r\nX-Injected: 1"]},
        abstract="<jats:p>Hello &#x202e;world &lt;b&gt;</jats:p>" + "<" * 100_000)
    code, out, err = add(project, "10.1234/x?y#z", capsys)
    assert code == 0, err
    assert server.paths == ["/works/10.1234%2Fx%3Fy%23z"]
    data = yaml.safe_load((project / "content" / "papers" / "lee2021evil.yaml").read_text(encoding="utf-8"))
    assert data["title"] == "Evil Title Here" and data["authors"] == ["Ann Lee", "Bo"]
    assert data["doi"] == "10.1234/x?y#z" and "url" not in data
    assert data["year"] == 2021 and "date" not in data
    assert data["venue"] == "Venue X-Injected: 1"
    assert data["abstract"].startswith("Hello world <b>")
