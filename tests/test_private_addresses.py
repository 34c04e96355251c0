"""No command requests an address it was not configured with (issue 21): real HTTP servers on
127.0.0.1 and 127.0.0.2 (Linux routes all of 127.0.0.0/8 to the loopback interface) log every
request, and the tests assert that the ones a contributed link or a redirect names stay silent.

The configured API bases (SURVEY_ARXIV_API, SURVEY_CROSSREF_API) are the one local address a
command may ask. A public-looking name that resolves to a private address is tested by giving the
guarded opener a real resolver function of the test's own (its ``resolve`` parameter, which
defaults to socket.getaddrinfo): nothing is added to the system's /etc/hosts.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http.server
import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import DATA, issue_body, survey_main
from recorded_api import serve, serve_recordings

from survey import cli
from survey.content.identifiers import url_problem
from survey.content.load import load_content
from survey.contribute import guarded, links
from survey.contribute.fetch import Refused, fetch
from survey.suggest import suggest

NOT_PUBLIC = "names a host that is not public: "


@pytest.mark.parametrize(("url", "fact"), [
    ("http://127.0.0.1:8741/internal", "127.0.0.1 is a loopback address"),
    ("http://127.0.0.2/", "127.0.0.2 is a loopback address"),
    ("http://2130706433/", "127.0.0.1 is a loopback address"),  # one decimal number, as browsers and glibc read it
    ("http://0x7f.1/", "127.0.0.1 is a loopback address"),
    ("http://0177.0.0.1/", "127.0.0.1 is a loopback address"),
    ("http://127.1/", "127.0.0.1 is a loopback address"),
    ("http://０x7f.1/", "127.0.0.1 is a loopback address"),  # full-width, which IDNA folds to ASCII
    ("http://[::1]:8000/", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1 (that is 127.0.0.1) is a loopback address"),
    ("http://[2002:a00:1::]/", "2002:a00:1:: (that is 10.0.0.1) is a private address"),  # 6to4
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://[fe80::1%25eth0]/", "fe80::1 is a link-local address"),
    ("http://10.0.0.1/secret-admin", "10.0.0.1 is a private address"),
    ("http://192.168.1.1/", "192.168.1.1 is a private address"),
    ("http://100.64.0.1/", "100.64.0.1 is an address that is not global"),  # carrier-grade NAT
    ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
    ("http://0.0.0.0:8000/", "0.0.0.0 is the unspecified address"),
    ("http://240.0.0.1/", "240.0.0.1 is a reserved address"),
    ("http://localhost:8741/probe-pdf", "'localhost' has no dot, so it is a local name"),
    ("http://intranet/wiki", "'intranet' has no dot, so it is a local name"),
    ("http://api.localhost/", "'api.localhost' is a local name"),
    ("http://printer.local/", "'printer.local' is a local name"),
    ("http://metadata.google.internal/", "'metadata.google.internal' is a local name"),
    ("http://nas.home.arpa./", "'nas.home.arpa' is a local name"),
])
def test_a_link_to_a_host_that_is_not_public_is_refused(url: str, fact: str) -> None:
    assert url_problem(url) == NOT_PUBLIC + fact


@pytest.mark.parametrize(("url", "why"), [
    ("http://127.0.0.%31/", "holds '%' in its host name; write the name itself"),  # a browser decodes it
    ("http://1.2.3.999/", "names a host that is neither a domain name nor a well-formed IP address"),
    ("http://08.1.1.1/", "names a host that is neither a domain name nor a well-formed IP address"),
    ("https://example.org/", None),
    ("http://8.8.8.8/", None),
    ("https://[2606:4700:4700::1111]/", None),
    ("https://[::ffff:8.8.8.8]/", None),  # a public IPv4 address written as IPv6
    ("https://bücher.example/", None),
    ("https://github.com./microsoft/LoRA", None),
])
def test_public_hosts_pass_and_malformed_addresses_are_named(url: str, why: str | None) -> None:
    assert url_problem(url) == why


def test_check_names_each_private_link_with_its_file_line_and_field(project: Path) -> None:
    (project / "content" / "papers" / "probe2024.yaml").write_text(
        "key: probe2024\ntitle: Probing the Runner\nyear: 2024\ncategory: position\n"
        "url: http://127.0.0.1:8741/internal\n"
        "code: http://127.0.0.2:8741/probe-code\n"
        "pdf: http://localhost:8741/probe-pdf\n"
        "sources: ['http://169.254.169.254/latest/meta-data/']\n"
        "facts: {demo: 'http://0x7f.1/'}\n"
        "tldr: Probes.\ntags: {approach: [lora]}\nadded: '2026-11-26'\n", encoding="utf-8")
    result = survey_main("--content", "content", "check", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    path = "content/papers/probe2024.yaml"
    for line in (
        f"{path}:5:6: url: {NOT_PUBLIC}127.0.0.1 is a loopback address (got 'http://127.0.0.1:8741/internal')",
        f"{path}:6:7: code: {NOT_PUBLIC}127.0.0.2 is a loopback address (got 'http://127.0.0.2:8741/probe-code')",
        f"{path}:7:6: pdf: {NOT_PUBLIC}'localhost' has no dot, so it is a local name (got 'http://localhost:8741/probe-pdf')",
        f"{path}:8:11: sources[0]: {NOT_PUBLIC}169.254.169.254 is a link-local address",
        f"{path}:9:15: facts.demo: expected an http or https URL for column 'Demo': this one {NOT_PUBLIC}127.0.0.1 is a loopback address",
    ):
        assert line in result.stderr, result.stderr


class _Logged(http.server.BaseHTTPRequestHandler):
    """Answers every GET with ``answer(path)`` and logs (path, Host header)."""

    def do_GET(self) -> None:
        self.server.log.append((self.path, self.headers.get("Host")))  # type: ignore[attr-defined]
        status, location = self.server.answer(self.path)  # type: ignore[attr-defined]
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


@contextmanager
def logged(host: str, answer=lambda path: (200, None)) -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    """A real server on ``host``: its base address and the log of what reached it."""
    server = http.server.ThreadingHTTPServer((host, 0), _Logged)
    server.log, server.answer = [], answer  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://{host}:{server.server_port}", server.log  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def test_links_requests_no_private_address_the_content_holds(project: Path) -> None:
    """Content that slipped past check (the links are set on the loaded papers): every link is
    refused before any connection, and reported as refused, not with the status its server gives."""
    with logged("127.0.0.1") as (one, log_one), logged("127.0.0.2") as (two, log_two):
        port_one, port_two = one.rsplit(":", 1)[1], two.rsplit(":", 1)[1]
        survey = load_content(project / "content")
        given = {
            "hu2021lora": {"url": f"{one}/internal", "code": f"{two}/probe-code", "pdf": f"http://localhost:{port_one}/probe-pdf"},
            "interp2023": {"url": f"http://2130706433:{port_one}/", "code": f"http://0x7f.2:{port_two}/", "pdf": f"http://[::ffff:127.0.0.2]:{port_two}/"},
            "muller2024german": {"url": None, "code": None, "pdf": None},
        }
        assert {p.key for p in survey.papers} == set(given)
        survey.papers = [dataclasses.replace(paper, **given[paper.key]) for paper in survey.papers]
        results = links.check(survey, timeout=2)
    assert log_one == [] and log_two == []
    assert len(results) == 6 and {r.status for r in results} == {"refused"} and all(r.broken for r in results)
    detail = {(r.link.key, r.link.field): r.detail for r in results}
    assert detail["hu2021lora", "code"] == f"127.0.0.2:{port_two}, which {NOT_PUBLIC}127.0.0.2 is a loopback address; not requested"
    assert detail["interp2023", "code"] == f"0x7f.2:{port_two}, which {NOT_PUBLIC}127.0.0.2 is a loopback address; not requested"
    report = links.markdown(results)
    assert "## Refused (6)" in report and "HTTP 200" not in report
    assert not links.nothing_checked(results)  # refused is a verdict, not a failure to reach


def test_a_public_looking_name_that_resolves_to_a_private_address_is_refused() -> None:
    def resolve(host: str, port: int) -> list[str]:  # what a hostile DNS answer could say
        return {"papers.example.org": ["127.0.0.2"], "mixed.example.org": ["93.184.215.14", "127.0.0.2"]}[host]

    with logged("127.0.0.2") as (two, log):
        port = two.rsplit(":", 1)[1]
        for name in ("papers.example.org", "mixed.example.org"):  # one private address among public ones is enough
            with pytest.raises(guarded.Refused) as refused:
                guarded.open_url(f"http://{name}:{port}/x", timeout=2, resolve=resolve)
            assert str(refused.value) == f"{name}:{port}, whose address 127.0.0.2 is a loopback address; not requested"
        assert links.probe(f"http://papers.example.org:{port}/x", 2, resolve=resolve)[0] == "refused"
    assert log == []


def test_the_connection_goes_to_the_address_that_was_checked() -> None:
    """A trusted origin under a name the system cannot resolve here: the request reaches the server
    at the address the resolver gave, asked once, and the Host header still carries the name."""
    asked: list[str] = []

    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return ["127.0.0.1"]

    with logged("127.0.0.1") as (one, log):
        port = one.rsplit(":", 1)[1]
        base = f"http://api.survey-test.example:{port}"
        with guarded.open_url(f"{base}/works/x", timeout=2, trusted=[base], resolve=resolve) as opened:
            assert (opened.response.status, opened.response.read()) == (200, b"ok")
    assert asked == ["api.survey-test.example"] and log == [("/works/x", f"api.survey-test.example:{port}")]


def test_tls_to_the_checked_address_still_names_the_host_and_checks_its_certificate(tmp_path: Path) -> None:
    """A local TLS server with a self-signed certificate for the name (made by openssl): the
    connection goes to the address the resolver gave, the server sees the name in SNI, and the
    client refuses the certificate, which no authority signed, rather than skipping the check."""
    openssl = shutil.which("openssl") or pytest.skip("openssl is not installed")
    name = "api.survey-test.example"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
                    "-addext", f"subjectAltName=DNS:{name}", "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    seen: list[str | None] = []
    context.sni_callback = lambda sock, server_name, ctx: seen.append(server_name)
    with socket.create_server(("127.0.0.1", 0)) as listener:
        port = listener.getsockname()[1]

        def accept() -> None:
            connection, _ = listener.accept()
            with contextlib.suppress(OSError), context.wrap_socket(connection, server_side=True):
                pass
            connection.close()

        server = threading.Thread(target=accept, daemon=True)
        server.start()
        base = f"https://{name}:{port}"
        with pytest.raises(ssl.SSLCertVerificationError, match="self-signed certificate"):
            guarded.open_url(f"{base}/works/x", timeout=5, trusted=[base], resolve=lambda host, port: ["127.0.0.1"])
        server.join(5)
    assert seen == [name]


@pytest.mark.parametrize("target", ["inner", "other-port", "http://169.254.169.254/latest/meta-data/",
                                    "http://10.0.0.1/secret-admin", "http://localhost:{port}/x", "http://[::1]:{port}/x"])
def test_a_redirect_from_the_configured_api_to_another_private_address_is_refused(project: Path, capsys, monkeypatch, target: str) -> None:
    with logged("127.0.0.2") as (two, log_two), logged("127.0.0.1") as (other, log_other):
        where = {"inner": f"{two}/secret", "other-port": f"{other}/secret"}.get(target) or target.format(port=other.rsplit(":", 1)[1])
        with logged("127.0.0.1", lambda path: (302, where)) as (api, log_api):
            monkeypatch.setenv("SURVEY_ARXIV_API", f"{api}/api/query")
            code = cli.main(["--content", str(project / "content"), "add", "2309.12307"])
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1 and err.endswith("; not requested; nothing written\n"), err
    assert f"survey: {api.removeprefix('http://')} redirected to " in err and NOT_PUBLIC in err
    assert len(log_api) == 1 and log_two == [] and log_other == []  # the configured base was asked; nothing else


def test_a_redirect_that_stays_on_a_trusted_origin_is_followed_and_one_to_another_is_not() -> None:
    with logged("127.0.0.2") as (two, log_two):
        with logged("127.0.0.1", lambda path: (302, "/final") if path == "/start" else (302, f"{two}/x") if path == "/away" else (200, None)) as (one, log_one):
            with guarded.open_url(f"{one}/start", timeout=2, trusted=[one, two]) as opened:
                assert (opened.url, opened.response.status) == (f"{one}/final", 200)
            with pytest.raises(guarded.Refused, match="127.0.0.2 is a loopback address"):  # trusted too, but not where it began
                guarded.open_url(f"{one}/away", timeout=2, trusted=[one, two])
    assert [path for path, _ in log_one] == ["/start", "/final", "/away"] and log_two == []


@contextmanager
def api_redirecting_to(inner: str) -> Iterator[tuple[dict[str, str], list]]:
    """Both configured API bases on one local server that redirects every request to ``inner``."""
    with logged("127.0.0.1", lambda path: (301, f"{inner}/secret-admin")) as (api, log):
        yield {"SURVEY_ARXIV_API": f"{api}/api/query", "SURVEY_CROSSREF_API": f"{api}/works"}, log


def refresh_content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(DATA / "refresh" / "content", target)
    for path in (target / "papers").iterdir():  # no link leaves this machine
        kept = [line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if not line.startswith(("url:", "pdf:", "code:"))]
        path.write_text("".join(kept), encoding="utf-8")
    return target


@pytest.mark.parametrize("command", ["add", "refresh", "links", "suggest"])
def test_no_command_follows_the_api_to_a_private_address(project: Path, tmp_path: Path, capsys, monkeypatch, command: str) -> None:
    with logged("127.0.0.2") as (inner, log_inner), api_redirecting_to(inner) as (environment, log_api):
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        if command == "suggest":
            said = suggest(issue_body("2309.12307"), project / "content").text
        else:
            content = project / "content" if command == "add" else refresh_content(tmp_path)
            argv = {"add": ["add", "2309.12307"], "refresh": ["refresh"], "links": ["links", "--timeout", "2"]}[command]
            cli.main(["--content", str(content), *argv], pause=lambda seconds: None)
            captured = capsys.readouterr()
            said = captured.out + captured.err
    assert log_api and log_inner == []
    assert f"redirected to {inner.removeprefix('http://')}, which {NOT_PUBLIC}127.0.0.2 is a loopback address; not requested" in said


def test_the_recorded_api_still_answers_through_the_guarded_opener(project: Path, capsys, monkeypatch) -> None:
    """The local servers a maintainer configures keep working: the tests' recorded answers among them."""
    with serve_recordings() as environment:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        assert fetch(f"{environment['SURVEY_CROSSREF_API']}/10.18653%2Fv1%2F2021.acl-long.353").startswith(b"{")
        with serve(lambda path: (200, b"not configured")) as elsewhere, pytest.raises(Refused, match="not public"):
            fetch(f"{elsewhere}/x")  # a local server nobody configured
