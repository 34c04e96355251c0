"""The flagship survey in content/: `survey check --strict` reports nothing, every file is formatted,
and the seed's papers are there with their seed facts (tests/flagship.py says what and why).

This is the one test module about this repository's own survey: every other test runs on fixtures
under tests/data. A fork whose content/ holds another survey deletes this file (and
tests/flagship.py, tests/data/seed/) and passes `make test`.

Every rule about content lives in `survey check` (survey/content/), so a pull request meets the same
rules there as here, with file:line annotations; tests/test_contribution_path.py runs the same
verdict after adding papers to a copy.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from flagship import SEED, check_reports, every_seed_paper_is_there_with_its_seed_facts, load
from pybtex.database import parse_string
from test_bibtex import _compile

from survey import cli
from survey.build import build_site
from survey.cli import main
from survey.outputs import bibtex
from survey.site import paths, related

CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def survey():
    return load(CONTENT)


def test_survey_check_strict_reports_nothing() -> None:
    assert check_reports(CONTENT) == []


def test_every_paper_file_is_in_canonical_form(capsys) -> None:
    code = main(["--content", str(CONTENT), "fmt", "--check"])
    assert code == 0, capsys.readouterr().out


def test_every_seed_paper_is_there_with_its_seed_facts(survey) -> None:
    every_seed_paper_is_there_with_its_seed_facts(survey)


def test_the_bibliography_has_every_paper_once(survey) -> None:
    assert survey.papers
    text = bibtex.Bibliography(survey.papers, survey.protected_words).text()
    assert sorted(parse_string(text, "bibtex").entries) == sorted(p.key for p in survey.papers)


@pytest.mark.slow
def test_survey_bib_compiles_with_bibtex_and_biber(tmp_path: Path, survey) -> None:
    text = bibtex.Bibliography(survey.papers, survey.protected_words).text()
    for backend in ("bibtex", "biber"):
        folder = tmp_path / backend
        folder.mkdir()
        result = _compile(folder, text, backend)
        output = result.stdout + result.stderr
        assert result.returncode == 0, output[-3000:]
        assert "error" not in output.lower(), output[-3000:]
        latex = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"], cwd=folder, capture_output=True, text=True, errors="replace")
        assert latex.returncode == 0, latex.stdout[-3000:]


def test_the_flagship_seed_uses_the_exact_search_and_finds_neighbours_by_topic() -> None:
    """On the seed papers only, so that papers added later (however similar) change nothing here."""
    seed = {json.loads(line)["arxiv"] for line in (SEED / "metadata.jsonl").read_text(encoding="utf-8").splitlines()}
    survey = load(CONTENT)
    papers = [p for p in survey.papers if p.arxiv in seed]
    vecs = related.vectors({p.key: related.document(p) for p in papers})
    assert related.exact_cost(vecs) <= related.EXACT_BUDGET
    result = related.related_papers(papers)
    assert all(len(keys) == related.TOP for keys in result.values())
    # LongLoRA extends the context window: its nearest neighbours are the position-interpolation papers.
    categories = [next(p for p in papers if p.key == k).category for k in result["chen2023longlora"]]
    assert categories[:3] == ["lc-position"] * 3


def test_the_sites_own_bib_and_csl_json_give_back_every_venue_id_and_year(tmp_path: Path, survey, capsys) -> None:
    """Issue 19's round trip: both downloads of the built flagship, imported into an empty survey
    with the flagship's registry, give every published paper its venue id and year (90 of 168
    came back with a venue `check` refuses before the one matcher). Papers are told apart by their
    titles (the .bib gives the published one, where it differs)."""
    site = build_site(CONTENT)
    downloads = {d.path: d.content for d in site.downloads}
    published = [p for p in survey.papers if p.published_in is not None]
    assert len(published) >= 100
    for name in (paths.SURVEY_BIB, paths.CSL_JSON):
        content = tmp_path / name / "content"
        (content / "papers").mkdir(parents=True)
        shutil.copy(CONTENT / "survey.yaml", content / "survey.yaml")
        (tmp_path / name / name).write_bytes(downloads[name])
        code = cli.main(["--content", str(content), "import", "--offline", str(tmp_path / name / name)], today=datetime.date(2026, 12, 7))
        assert code == 0, capsys.readouterr()
        capsys.readouterr()
        back = {}
        for path in (content / "papers").glob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            back[data["title"].casefold()] = data
        got = {p.key: came for p in published if (came := back.get(p.title.casefold()) or back.get((p.published_title or "").casefold()))}
        assert len(got) == len(published), f"{name}: {len(published) - len(got)} published papers not imported"
        wrong = {p.key: (got[p.key].get("venue"), got[p.key]["year"]) for p in published if (got[p.key].get("venue"), got[p.key]["year"]) != (p.published_in.id, p.year)}
        assert wrong == {}, name
