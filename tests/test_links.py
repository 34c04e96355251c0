"""`survey links`: every url, pdf and code link of a test survey requested from real local servers
(one answering each kind of status, a closed port, one that never answers) and arXiv's record read
from a replayed answer, to tell a moved link from a dead host, a gone page and a withdrawn paper."""

from __future__ import annotations

import json
import re
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import DATA
from recorded_api import closed_port, serve, serve_recordings

from survey import cli

WITHDRAWN_FEED = DATA / "links" / "arxiv-withdrawn.xml"  # hand-written in the API's layout: see tests/data/responses/README.md
PAGES = {
    "/ok": (200, b"a page"),
    "/moved": (301, b"", {"Location": "/ok"}),
    "/gone": (404, b"Not Found"),
    "/removed": (410, b"Gone"),
    "/busy": (503, b"Service Unavailable"),
}


def pages(path: str):
    return PAGES.get(path, (404, b"Not Found"))


@contextmanager
def silent_host() -> Iterator[str]:
    """A host that accepts connections and never answers (the kernel queues them; nobody accepts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(DATA / "refresh" / "content", target)
    for path in (target / "papers").iterdir():  # no link leaves this machine
        path.write_text(re.sub(r"^(url|pdf|code): .*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    return target


def give_links(content: Path, key: str, **links: str) -> None:
    path = content / "papers" / f"{key}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("category:", "".join(f"{k}: {v}\n" for k, v in links.items()) + "category:", 1), encoding="utf-8")


def links(content: Path, capsys, monkeypatch, environment: dict[str, str], *argv: str) -> tuple[int, str, str]:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    code = cli.main(["--content", str(content), "links", "--timeout", "2", *argv], pause=lambda seconds: None)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_each_kind_of_link_is_told_apart(content: Path, capsys, monkeypatch, tmp_path: Path) -> None:
    refused = closed_port()
    with serve(pages) as site, silent_host() as silent, serve_recordings() as environment:
        give_links(content, "ahuja2022testing", url=f"{site}/ok", pdf=f"{site}/moved", code=f"{site}/gone")
        give_links(content, "chen2020active", url=f"{site}/removed", pdf=f"{site}/busy", code=f"{refused}/repo")
        give_links(content, "kim2022automated", url=f"{silent}/never")
        # arXiv's own pages are left to its API (the recording knows 2204.08348): never requested.
        give_links(content, "kim2022automated", pdf="https://arxiv.org/pdf/2204.08348")
        code, out, err = links(content, capsys, monkeypatch, environment, "--json")
        results = {(r["key"], r["field"]): r for r in json.loads(out)}
        code_md, report, _ = links(content, capsys, monkeypatch, environment, "--output", str(tmp_path / "issue.md"))
    assert code == 1 and code_md == 1 and err == ""
    status = {k: (r["status"], r["detail"]) for k, r in results.items()}
    assert status == {
        ("ahuja2022testing", "pdf"): ("redirected", "HTTP 200"),
        ("ahuja2022testing", "code"): ("gone", "HTTP 404"),
        ("chen2020active", "url"): ("gone", "HTTP 410"),
        ("chen2020active", "pdf"): ("unchecked", "HTTP 503 Service Unavailable"),
        ("chen2020active", "code"): ("dead host", "connection refused"),
        ("kim2022automated", "url"): ("dead host", "timed out"),
    }  # ahuja2022testing's url answered 200: not listed
    assert results["ahuja2022testing", "pdf"]["moved_to"] == f"{site}/ok"
    assert [r["broken"] for r in results.values()].count(True) == 4
    # The Markdown report (also written for the issue body): broken kinds first, each its own table.
    assert (tmp_path / "issue.md").read_text(encoding="utf-8") == report
    assert report.startswith("4 broken links found by `survey links` (7 links requested; arXiv papers checked in arXiv's records).")
    titles = re.findall(r"^## (.+)$", report, flags=re.M)
    assert titles == ["Dead hosts (2)", "Gone (2)", "Could not be checked (1)", "Moved (1)"]
    row = f"| `{content.as_posix()}/papers/chen2020active.yaml` | code | <{refused}/repo> | `connection refused` |"
    assert row in report.splitlines()
    assert f"| <{site}/moved> | `HTTP 200` → <{site}/ok> |" in report


def test_a_paper_arxiv_says_was_withdrawn_or_does_not_know(content: Path, capsys, monkeypatch) -> None:
    for path in (content / "papers").iterdir():
        if path.stem not in ("kertusha2025survey", "ahuja2022testing"):
            path.unlink()
    withdrawn = content / "papers" / "kertusha2025survey.yaml"
    withdrawn.write_text(withdrawn.read_text(encoding="utf-8").replace("arxiv: '2503.05378'", "arxiv: hep-th/9913001"), encoding="utf-8")

    def arxiv(path: str):  # the withdrawal's record; ahuja2022testing's id is not in it: arXiv "has no paper"
        return 200, WITHDRAWN_FEED.read_bytes()

    with serve(arxiv) as api:
        code, out, _ = links(content, capsys, monkeypatch, {"SURVEY_ARXIV_API": f"{api}/api/query"}, "--json")
    results = {r["key"]: r for r in json.loads(out)}
    assert code == 1
    assert results["kertusha2025survey"] | {"path": ""} == {
        "path": "", "key": "kertusha2025survey", "field": "arxiv", "url": "https://arxiv.org/abs/hep-th/9913001",
        "status": "withdrawn", "detail": "This paper has been withdrawn by the author", "moved_to": None, "broken": True,
    }
    assert (results["ahuja2022testing"]["status"], results["ahuja2022testing"]["detail"]) == ("gone", "arXiv has no paper 2202.12139")


def test_arxiv_out_of_reach_leaves_withdrawals_unchecked_not_broken(content: Path, capsys, monkeypatch) -> None:
    for path in (content / "papers").iterdir():
        if path.stem != "ahuja2022testing":
            path.unlink()
    address = closed_port()
    code, out, _ = links(content, capsys, monkeypatch, {"SURVEY_ARXIV_API": f"{address}/api/query"}, "--json")
    (result,) = json.loads(out)
    assert code == 0 and result["status"] == "unchecked" and not result["broken"]
    assert result["detail"].startswith(f"arXiv could not be asked: could not reach {address.removeprefix('http://')}")
