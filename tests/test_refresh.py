"""`survey refresh`: preprints of a test survey (tests/data/refresh) looked up in recorded arXiv and
Crossref answers, replayed by a real local HTTP server (tests/recorded_api.py), and the paper files
it writes; a service that is down leaves every file as it was."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
import yaml
from conftest import DATA
from recorded_api import closed_port, serve, serve_recordings

from survey import cli

REFRESH = DATA / "refresh"
PUBLISHED = {  # key: what the recorded answers say, as the test survey's registry names it
    "ahuja2022testing": {"venue": "icstw", "year": 2022, "doi": "10.1109/ICSTW55395.2022.00035"},
    "chen2020active": {"venue": "issta", "year": 2020, "doi": "10.1145/3395363.3397376"},
    "ramarez2024explainable": {"venue": "icstw", "year": 2023, "doi": "10.1109/ICSTW58534.2023.00023"},
    "jalil2023chatgpt": {"venue": "icstw", "year": 2023, "doi": "10.1109/ICSTW58534.2023.00078"},
    "sadasivan2012methylphenidate": {"venue": "plos-one", "year": 2012, "doi": "10.1371/journal.pone.0033693"},
}


@pytest.fixture
def content(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(REFRESH / "content", target)
    return target


def refresh(content: Path, *argv: str, capsys, environment: dict[str, str], monkeypatch) -> tuple[int, str, str]:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    code = cli.main(["--content", str(content), "refresh", *argv], pause=lambda seconds: None)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def paper(content: Path, key: str) -> dict:
    return yaml.safe_load((content / "papers" / f"{key}.yaml").read_text(encoding="utf-8"))


def texts(content: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((content / "papers").iterdir())}


def test_proposals_from_the_recorded_answers_change_nothing_without_write(content: Path, capsys, monkeypatch) -> None:
    before, log = texts(content), []
    with serve_recordings(log) as environment:
        code, out, err = refresh(content, "--json", capsys=capsys, environment=environment, monkeypatch=monkeypatch)
    assert code == 0 and err == ""
    report = json.loads(out)
    proposed = {p["key"]: {c["field"]: c["new"] for c in p["changes"]} for p in report["proposals"]}
    assert set(proposed) == set(PUBLISHED)
    for key, facts in proposed.items():
        file, published = paper(content, key), PUBLISHED[key]
        expected = {"venue": published["venue"]}
        expected |= {"year": published["year"]} if published["year"] != file["year"] else {}
        expected |= {"doi": published["doi"]} if not file.get("doi") else {}  # a DOI the file gives is kept
        assert {k: v for k, v in facts.items() if k != "sources"} == expected, key
    # A paper published before its arXiv version moves to the year of publication (2024 -> 2023).
    assert proposed["ramarez2024explainable"]["year"] == 2023
    assert "year" not in proposed["chen2020active"]  # 2020 both
    assert proposed["chen2020active"]["sources"] == ["https://arxiv.org/abs/2005.14124"]
    assert proposed["sadasivan2012methylphenidate"]["sources"] == ["https://api.crossref.org/works/10.1371/journal.pone.0033693"]
    assert "sources" not in proposed["jalil2023chatgpt"]  # its arXiv page is already listed
    (sadasivan,) = [p for p in report["proposals"] if p["key"] == "sadasivan2012methylphenidate"]
    assert sadasivan["evidence"][0]["says"] == "container-title: PLoS ONE, issued 2012, journal-article, Public Library of Science (PLoS)"
    findings = {f["key"]: f["reason"] for f in report["findings"]}
    assert set(findings) == {"isabella2012study", "kim2022automated"}  # named venues the registry lacks: not guessed
    assert findings["isabella2012study"].startswith(
        "unknown venue 'International Journal of Software Engineering & Applications (IJSEA), Vol.3, No.1, January 2012': add it to the registry"
    )
    assert report["looked_up"] == 8 and report["written"] is False  # kertusha2025survey: a preprint still
    assert texts(content) == before
    # One batched arXiv request for every id; then Crossref for each DOI.
    assert len([a for a in log if a.startswith("/api/query")]) == 1
    assert log[0].startswith("/api/query?id_list=1202.4527,2005.14124,2202.12139,") and "max_results=7" in log[0]  # sadasivan2012methylphenidate: a DOI, no arXiv id
    assert sorted(a for a in log if a.startswith("/works/")) == sorted(
        f"/works/{d.replace('/', '%2F')}" for d in [v["doi"] for v in PUBLISHED.values()] + ["10.1145/3533767.3534401"]
    )


def test_the_readable_report_names_file_field_old_new_and_evidence(content: Path, capsys, monkeypatch) -> None:
    with serve_recordings() as environment:
        code, out, _ = refresh(content, capsys=capsys, environment=environment, monkeypatch=monkeypatch)
    assert code == 0
    block = out.split(f"- `{content.as_posix()}/papers/ramarez2024explainable.yaml`\n", 1)[1].split("\n- ", 1)[0]
    assert block.splitlines() == [
        "  - venue: (empty) → `icstw`",
        "  - year: `2024` → `2023`",
        "  - doi: (empty) → `10.1109/ICSTW58534.2023.00023`",
        "  - evidence: <https://arxiv.org/abs/2405.13786> says `journal_ref: Proc. 2023 IEEE International Conference on Software"
        " Testing, Verification and Validation Workshops (ICSTW), pp. 66-69`",
    ]
    assert out.rstrip().endswith("Looked up 8 preprints: 5 proposed, 2 for a maintainer.")


def test_write_fills_only_empty_fields_keeps_comments_and_passes_check(content: Path, capsys, monkeypatch) -> None:
    before = texts(content)
    with serve_recordings() as environment:
        code, out, _ = refresh(content, "--write", capsys=capsys, environment=environment, monkeypatch=monkeypatch)
        assert code == 0 and out.startswith("Written: 5 papers published since.")
        for key, facts in PUBLISHED.items():
            assert {k: paper(content, key)[k] for k in facts} == facts, key
        # The maintainer's DOI spelling and sources stay as they were; a comment stays on its line.
        assert paper(content, "jalil2023chatgpt")["sources"] == ["https://arxiv.org/abs/2302.03287"]
        assert "# A maintainer's comment: the venue comes once the camera-ready is out.\narxiv: '2005.14124'\n" in (
            content / "papers" / "chen2020active.yaml"
        ).read_text(encoding="utf-8")
        after = texts(content)
        untouched = {"isabella2012study.yaml", "kim2022automated.yaml", "kertusha2025survey.yaml"}
        assert {name for name in before if before[name] != after[name]} == {f"{k}.yaml" for k in PUBLISHED}
        assert all(after[name] == before[name] for name in untouched)
        # Once written, the papers have venues: a second run finds nothing to propose.
        code, out, _ = refresh(content, "--json", capsys=capsys, environment=environment, monkeypatch=monkeypatch)
        assert code == 0 and json.loads(out)["proposals"] == []
    assert cli.main(["--content", str(content), "check"]) == 0
    assert cli.main(["--content", str(content), "fmt", "--check"]) == 0


def test_write_refuses_to_replace_a_value_a_maintainer_set(content: Path, capsys, monkeypatch) -> None:
    """A maintainer's year that is neither the preprint's nor the publication's is not touched."""
    path = content / "papers" / "ramarez2024explainable.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2024\n", "year: 2025\n"), encoding="utf-8")
    with serve_recordings() as environment:
        code, out, _ = refresh(content, "--json", capsys=capsys, environment=environment, monkeypatch=monkeypatch)
    report = json.loads(out)
    assert code == 0 and "ramarez2024explainable" not in {p["key"] for p in report["proposals"]}
    (finding,) = [f for f in report["findings"] if f["key"] == "ramarez2024explainable"]
    assert finding["reason"] == (
        "published in ICSTW 2023, but year: 2025 is neither that nor the preprint's year; left for a maintainer"
    )


def test_an_old_layout_answer_naming_a_journal_with_volume_and_pages_finds_it(content: Path, capsys, monkeypatch) -> None:
    """arXiv's older Atom layout (namespaces on every element); 'Phys. Rev. B 85, 115117 (2012)'
    is the registry's short name for prb followed by volume, pages and year: the one venue matcher
    (survey/venue_match.py) reads it as prb, 2012, as `import` would."""
    for path in (content / "papers").iterdir():
        path.unlink()
    shutil.copy(REFRESH / "old-layout" / "murray2011quantum.yaml", content / "papers")
    with serve_recordings() as environment:
        code, out, _ = refresh(content, "--json", capsys=capsys, environment=environment, monkeypatch=monkeypatch)
    report = json.loads(out)
    assert code == 0 and report["findings"] == []
    (proposal,) = report["proposals"]
    assert proposal["key"] == "murray2011quantum"
    changes = {c["field"]: c["new"] for c in proposal["changes"]}
    assert changes == {"venue": "prb", "year": 2012, "doi": "10.1103/PhysRevB.85.115117", "sources": ["https://arxiv.org/abs/1111.2011"]}
    assert proposal["evidence"] == [{"url": "https://arxiv.org/abs/1111.2011", "says": "journal_ref: Phys. Rev. B 85, 115117 (2012)"}]


def unavailable() -> AbstractContextManager[str]:
    return serve(lambda path: (503, b"Service Unavailable"))


@pytest.mark.parametrize("service", ["arxiv", "crossref"])
def test_a_service_answering_503_stops_the_run_and_writes_nothing(content: Path, capsys, monkeypatch, service: str) -> None:
    before = texts(content)
    with serve_recordings() as environment, unavailable() as down:
        variable = f"SURVEY_{service.upper()}_API"
        environment = environment | {variable: f"{down}/{'api/query' if service == 'arxiv' else 'works'}"}
        code, out, err = refresh(content, "--write", capsys=capsys, environment=environment, monkeypatch=monkeypatch)
    assert code == 1 and out == ""
    assert err.startswith(f"survey: {down.removeprefix('http://')} answered HTTP 503 Service Unavailable; nothing was proposed or written")
    assert texts(content) == before


def test_an_unreachable_api_stops_the_run_and_writes_nothing(content: Path, capsys, monkeypatch) -> None:
    before, address = texts(content), closed_port()
    code, out, err = refresh(content, "--write", capsys=capsys, monkeypatch=monkeypatch,
                             environment={"SURVEY_ARXIV_API": f"{address}/api/query", "SURVEY_CROSSREF_API": f"{address}/works"})
    assert code == 1 and out == ""
    assert err.startswith(f"survey: could not reach {address.removeprefix('http://')} (") and "are you offline?" in err
    assert "nothing was proposed or written" in err and "Traceback" not in err
    assert texts(content) == before


def test_a_file_that_cannot_be_rewritten_stops_every_write(content: Path, capsys, monkeypatch) -> None:
    """A comment inside a flow list cannot be kept by the canonical form: that file's proposal fails,
    so no file is written, not even the others'."""
    path = content / "papers" / "chen2020active.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tags:\n  approach:\n    - full-fine-tuning\n", "tags:\n  approach: [full-fine-tuning,  # kept?\n    ]\n"), encoding="utf-8")
    before = texts(content)
    assert cli.main(["--content", str(content), "check"]) == 0
    capsys.readouterr()
    with serve_recordings() as environment:
        code, out, err = refresh(content, "--write", capsys=capsys, environment=environment, monkeypatch=monkeypatch)
    assert code == 1 and out == ""
    assert err.startswith(f"survey: {path}: the comment on line ") and err.rstrip().endswith("nothing written")
    assert texts(content) == before


def test_a_survey_without_a_venue_registry_is_refused(project: Path, capsys, monkeypatch) -> None:
    code, out, err = refresh(project / "content", capsys=capsys, environment={}, monkeypatch=monkeypatch)
    assert code == 1 and out == ""
    assert err == f"survey: {project / 'content' / 'survey.yaml'} has no venue registry (venues): refresh proposes registry venues only\n"


def test_progress_shows_on_a_terminal_and_not_in_ci(content: Path) -> None:
    """stderr a terminal (a pseudo-terminal here): one line rewritten per request, cleared at the
    end; with CI set, nothing (the other tests read stderr as a pipe: empty too)."""
    def stderr_on_a_terminal(extra: dict[str, str]) -> bytes:
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "CI"} | environment | extra
        subprocess.run([sys.executable, "-m", "survey.cli", "--content", str(content), "refresh", "--json"],
                       env=env, stdout=subprocess.DEVNULL, stderr=follower, check=True)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed once read
                break
            if not chunk:
                break
            shown += chunk
        os.close(leader)
        return shown

    with serve_recordings() as environment:
        shown, in_ci = stderr_on_a_terminal({}), stderr_on_a_terminal({"CI": "true"})
    assert shown.split(b"\r\x1b[K") == [b"", b"asking arXiv: request 1 of 1", *[f"asking Crossref: request {n} of 6".encode() for n in range(1, 7)], b""]
    assert in_ci == b""


def _published_without_doi(content: Path, venue: str) -> None:
    """ahuja2022testing as a maintainer left it: published (the venue given), no DOI."""
    file = content / "papers" / "ahuja2022testing.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("category: comparisons\n", f"venue: {venue}\ncategory: comparisons\n"), encoding="utf-8")


def test_a_published_paper_without_a_doi_gets_the_one_arxiv_files_under_its_venue(content: Path, capsys, monkeypatch) -> None:
    _published_without_doi(content, "icstw")
    with serve_recordings() as environment:
        code, out, _ = refresh(content, "--write", "--json", capsys=capsys, environment=environment, monkeypatch=monkeypatch)
    assert code == 0
    (proposal,) = [p for p in json.loads(out)["proposals"] if p["key"] == "ahuja2022testing"]
    assert {c["field"]: c["new"] for c in proposal["changes"]} == {
        "doi": PUBLISHED["ahuja2022testing"]["doi"],
        "sources": ["https://arxiv.org/abs/2202.12139"],  # the journal_ref that names ICSTW
    }
    written = paper(content, "ahuja2022testing")
    assert written["doi"] == PUBLISHED["ahuja2022testing"]["doi"] and written["venue"] == "icstw" and written["year"] == 2022


def test_a_doi_arxiv_files_under_another_venue_is_left_for_a_maintainer(content: Path, capsys, monkeypatch) -> None:
    _published_without_doi(content, "issta")
    before = texts(content)["ahuja2022testing.yaml"]
    with serve_recordings() as environment:
        code, out, _ = refresh(content, "--write", "--json", capsys=capsys, environment=environment, monkeypatch=monkeypatch)
    assert code == 0
    report = json.loads(out)
    assert "ahuja2022testing" not in {p["key"] for p in report["proposals"]}
    (reason,) = [f["reason"] for f in report["findings"] if f["key"] == "ahuja2022testing"]
    assert reason == f"arXiv gives the DOI {PUBLISHED['ahuja2022testing']['doi']}, but the records name icstw, not issta; left for a maintainer"
    assert texts(content)["ahuja2022testing.yaml"] == before
