"""`survey links`: every url, pdf and code link of a test survey requested from real local servers
(one answering each kind of status, a closed port, one that never answers) and arXiv's record read
from a replayed answer, to tell a moved link from a gone page, a failing host, a withdrawn paper and
what could not be checked at all (which is not called broken, and alone means exit 2, no report)."""

from __future__ import annotations

import dataclasses
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
from survey.content.load import load_content
from survey.contribute import links
from survey.contribute.fetch import fetch
from survey.model import Survey

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


def loaded(content: Path, links_of: dict[str, dict[str, str]]) -> Survey:
    """The test survey, its papers given links that name local servers: `survey check` refuses
    those (they are not public), so they are set on the loaded papers, as content that slipped past
    check would hold them."""
    survey = load_content(content)
    assert set(links_of) <= {paper.key for paper in survey.papers}
    survey.papers = [dataclasses.replace(paper, **links_of.get(paper.key, {})) for paper in survey.papers]
    return survey


def run_links(content: Path, capsys, monkeypatch, environment: dict[str, str], *argv: str) -> tuple[int, str, str]:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    code = cli.main(["--content", str(content), "links", "--timeout", "2", *argv], pause=lambda seconds: None)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_each_kind_of_link_is_told_apart(content: Path, monkeypatch) -> None:
    """The local servers are passed as trusted origins, which only a Python caller can do: the
    command trusts none (tests/test_private_addresses.py)."""
    refused = closed_port()
    with serve(pages) as site, silent_host() as silent, serve_recordings() as environment:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        survey = loaded(content, {
            "ahuja2022testing": {"url": f"{site}/ok", "pdf": f"{site}/moved", "code": f"{site}/gone"},
            "chen2020active": {"url": f"{site}/removed", "pdf": f"{site}/busy", "code": f"{refused}/repo"},
            # arXiv's own pages are left to its API (the recording knows 2204.08348): never requested.
            "kim2022automated": {"url": f"{silent}/never", "pdf": "https://arxiv.org/pdf/2204.08348"},
        })
        results = links.check(survey, timeout=2, fetcher=fetch, pause=lambda seconds: None, trusted=[site, silent, refused])
    status = {(r["key"], r["field"]): (r["status"], r["detail"]) for r in links.as_json(results)}
    assert status == {
        ("ahuja2022testing", "pdf"): ("redirected", "HTTP 200"),
        ("ahuja2022testing", "code"): ("gone", "HTTP 404"),
        ("chen2020active", "url"): ("gone", "HTTP 410"),
        ("chen2020active", "pdf"): ("failing", "HTTP 503 Service Unavailable"),
        ("chen2020active", "code"): ("unreachable", "connection refused"),
        ("kim2022automated", "url"): ("unreachable", "timed out"),
    }  # ahuja2022testing's url answered 200 and every arXiv record is there: not listed
    assert {r.status for r in results if r.link.field == "arxiv"} == {"ok"} and len([r for r in results if r.link.field == "arxiv"]) == 7
    assert next(r.moved_to for r in results if r.link.url == f"{site}/moved") == f"{site}/ok"
    assert [r.broken for r in results].count(True) == 3 and not links.nothing_checked(results)
    # The Markdown report (the issue body): broken kinds first, then what could not be checked, each its own table.
    report = links.markdown(results)
    assert report.startswith("3 broken links found by `survey links` (7 links requested; arXiv papers checked in arXiv's"
                             " records); 2 could not be checked.")
    titles = re.findall(r"^## (.+)$", report, flags=re.M)
    assert titles == ["Gone (2)", "Failing (1)", "Could not reach (2)", "Moved (1)"]
    row = f"| `{content.as_posix()}/papers/chen2020active.yaml` | code | <{refused}/repo> | `connection refused` |"
    assert row in report.splitlines()
    assert f"| <{site}/moved> | `HTTP 200` → <{site}/ok> |" in report


def test_a_run_that_reaches_nothing_is_not_a_list_of_broken_links(content: Path) -> None:
    """Every host out of reach looks like no network: nothing_checked, which the command turns into exit 2."""
    closed = [closed_port(), closed_port()]
    survey = loaded(content, {"ahuja2022testing": {"url": f"{closed[0]}/a"}, "chen2020active": {"code": f"{closed[1]}/b"}})
    results = links.check(survey, timeout=2, trusted=closed)
    assert [r.status for r in results] == ["unreachable", "unreachable"] and not any(r.broken for r in results)
    assert links.nothing_checked(results)
    assert not links.nothing_checked([])  # nothing to check is not a failure to check


def test_a_paper_arxiv_says_was_withdrawn_or_does_not_know(content: Path, capsys, monkeypatch, tmp_path: Path) -> None:
    for path in (content / "papers").iterdir():
        if path.stem not in ("kertusha2025survey", "ahuja2022testing"):
            path.unlink()
    withdrawn = content / "papers" / "kertusha2025survey.yaml"
    withdrawn.write_text(withdrawn.read_text(encoding="utf-8").replace("arxiv: '2503.05378'", "arxiv: hep-th/9913001"), encoding="utf-8")

    def arxiv(path: str):  # the withdrawal's record; ahuja2022testing's id is not in it: arXiv "has no paper"
        return 200, WITHDRAWN_FEED.read_bytes()

    with serve(arxiv) as api:
        code, out, _ = run_links(content, capsys, monkeypatch, {"SURVEY_ARXIV_API": f"{api}/api/query"}, "--json")
        code_md, report, err = run_links(content, capsys, monkeypatch, {}, "--output", str(tmp_path / "issue.md"))
    results = {r["key"]: r for r in json.loads(out)}
    assert code == 1 and code_md == 1 and err == ""
    assert results["kertusha2025survey"] | {"path": ""} == {
        "path": "", "key": "kertusha2025survey", "field": "arxiv", "url": "https://arxiv.org/abs/hep-th/9913001",
        "status": "withdrawn", "detail": "This paper has been withdrawn by the author", "moved_to": None, "broken": True,
    }
    assert (results["ahuja2022testing"]["status"], results["ahuja2022testing"]["detail"]) == ("gone", "arXiv has no paper 2202.12139")
    assert (tmp_path / "issue.md").read_text(encoding="utf-8") == report  # the body is what was printed
    assert report.startswith("2 broken links found by `survey links` (0 links requested; arXiv papers checked in arXiv's records).\n")
    assert re.findall(r"^## (.+)$", report, flags=re.M) == ["Withdrawn from arXiv (1)", "Gone (1)"]


def test_with_nothing_reached_the_command_exits_2_and_writes_no_report(content: Path, capsys, monkeypatch, tmp_path: Path) -> None:
    """arXiv's API out of reach and no other link to check: nothing is known, so there is no report
    that would call the papers broken (or list them all as unknown), and the exit code says so."""
    for path in (content / "papers").iterdir():
        if path.stem not in ("ahuja2022testing", "chen2020active"):
            path.unlink()
    address = closed_port()
    code, out, err = run_links(content, capsys, monkeypatch, {"SURVEY_ARXIV_API": f"{address}/api/query"}, "--output", str(tmp_path / "issue.md"))
    assert (code, out) == (2, "")
    assert err == "survey: could not reach any of the 2 links and arXiv records to check (no network?); no report written\n"
    assert not (tmp_path / "issue.md").exists()


def test_arxiv_out_of_reach_leaves_withdrawals_unchecked_not_broken(content: Path, monkeypatch) -> None:
    """Partial: a link was checked, arXiv could not be asked. The broken link is reported, the
    records are listed apart (could not reach) and not counted as broken."""
    for path in (content / "papers").iterdir():
        if path.stem not in ("ahuja2022testing", "chen2020active"):
            path.unlink()
    address = closed_port()
    monkeypatch.setenv("SURVEY_ARXIV_API", f"{address}/api/query")
    with serve(pages) as site:
        survey = loaded(content, {"ahuja2022testing": {"code": f"{site}/gone"}})
        results = links.check(survey, timeout=2, fetcher=fetch, pause=lambda seconds: None, trusted=[site])
    assert not links.nothing_checked(results)
    records = [r for r in results if r.link.field == "arxiv"]
    assert len(records) == 2 and {r.status for r in records} == {"unreachable"} and not any(r.broken for r in records)
    assert records[0].detail.startswith(f"arXiv could not be asked: could not reach {address.removeprefix('http://')}")
    report = links.markdown(results)
    assert report.startswith("1 broken link found by `survey links` (1 links requested; arXiv papers checked in arXiv's"
                             " records); 2 could not be checked.\n")
    assert re.findall(r"^## (.+)$", report, flags=re.M) == ["Gone (1)", "Could not reach (2)"]
