"""A contributor's pull request, end to end: three papers join a copy of the repository's survey
through the project's own commands (`survey add`, `survey new`, `survey import`), are classified by
editing their YAML, formatted and checked; then the content tests' verdict (`survey check` reports
nothing on any paper file, and the seed's papers keep their seed facts) and a strict build must pass,
as CI runs them on the pull request.

The recorded API answers (tests/data/responses) are for papers the survey already has, so the
`survey add` paper is LongLoRA, taken out of the copy first: the seed check then also checks that
`survey add` wrote its seed facts. The other two papers are fictional (example.org links, no ids):
test input that never reaches content/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import copy_repository, mkdocs_build, survey_cli
from flagship import check_reports, every_seed_paper_is_there_with_its_seed_facts, load
from recorded_api import serve_recordings

pytestmark = pytest.mark.slow

HELP_BLOCK = "\n# ---- Fill in the fields below"
# An entry an awesome list might hold: no authors, a URL, a year, a short abstract.
BIB = """@misc{merging-entry,
  title = {A Fictional Study of Adapter Merging, Listed Without Authors},
  year = {2024},
  url = {https://example.org/fictional-adapter-merging},
  abstract = {A fictional paper that exists only in this test: it has a title, a year, a link and this abstract, but no authors.}
}
"""
NO_ABSTRACT = ["--title", "A Fictional Paper Without an Abstract", "--author", "Ada Example", "--author", "Grace Sample",
               "--year", "2025", "--url", "https://example.org/fictional-no-abstract", "--source", "https://example.org/fictional-no-abstract"]
# The fictional papers' pages stand for their authors' own: the copy's survey.yaml lists their host
# in the tier a new paper needs one source from (survey.yaml `sources`, primary_since).
AUTHORS_TIER = 'hosts: [github.com, gitlab.com, "*.github.io"]'


def _fill_in(path: Path, **fields: object) -> None:
    """What a contributor does: delete the help block at the end and write the survey's own fields."""
    text = path.read_text(encoding="utf-8")
    assert HELP_BLOCK in text, path.name
    kept = text.split(HELP_BLOCK, 1)[0].rstrip("\n") + "\n"
    # A field the scaffold already has on one line (the year of the arXiv version) is corrected in place.
    kept = "".join(line for line in kept.splitlines(keepends=True) if line.split(":", 1)[0] not in fields)
    path.write_text(kept + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")


def _written(result) -> Path:
    """The paper file a command says it wrote (``Wrote content/papers/x.yaml: ...`` or ``imported k -> path``)."""
    (name,) = re.findall(r"(?:Wrote |-> )(\S+\.yaml)", result.stdout)
    return Path(name)


@pytest.fixture
def api(monkeypatch):
    with serve_recordings() as environment:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)  # the subprocesses inherit it
        yield


def test_three_new_papers_keep_every_check_and_the_build_green(tmp_path: Path, api) -> None:
    project = copy_repository(tmp_path / "clone")
    survey_yaml = project / "content" / "survey.yaml"
    text = survey_yaml.read_text(encoding="utf-8")
    assert text.count(AUTHORS_TIER) == 1
    survey_yaml.write_text(text.replace(AUTHORS_TIER, AUTHORS_TIER.replace("[", "[example.org, ")), encoding="utf-8")
    papers = project / "content" / "papers"
    longlora = yaml.safe_load((papers / "chen2023longlora.yaml").read_text(encoding="utf-8"))
    (papers / "chen2023longlora.yaml").unlink()

    added = survey_cli("add", "https://arxiv.org/abs/2309.12307v1", cwd=project)
    assert added.returncode == 0, added.stderr
    new = survey_cli("new", *NO_ABSTRACT, cwd=project)
    assert new.returncode == 0, new.stderr
    (project / "refs.bib").write_text(BIB, encoding="utf-8")
    imported = survey_cli("import", "refs.bib", cwd=project)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    scaffolds = [project / _written(r) for r in (added, new, imported)]
    assert scaffolds[0] == papers / "chen2023longlora.yaml"

    # Before classifying, the check names every new file and nothing else.
    unfinished = survey_cli("check", cwd=project)
    assert unfinished.returncode == 1
    named = {line.split(":", 1)[0] for line in unfinished.stderr.splitlines() if ".yaml:" in line}
    assert named == {path.relative_to(project).as_posix() for path in scaffolds}, unfinished.stderr

    # The published version (venue, its year, the page that says so) and the survey's own work.
    own_work = ("venue", "year", "sources", "code", "tldr", "category", "tags", "facts")
    _fill_in(scaffolds[0], **{field: longlora[field] for field in own_work})
    _fill_in(
        scaffolds[1],
        tldr="A fictional test paper that reaches the survey with authors and a venue but no abstract.",
        category="peft-studies",
        tags={"approach": ["peft"], "modality": ["text"], "contribution": ["empirical-study"], "domain": ["general"]},
        facts={"methods_compared": ["LoRA", "adapters"], "finding": "Fictional: no finding."},
    )
    _fill_in(
        scaffolds[2],
        tldr="A fictional test paper that reaches the survey from a BibTeX entry without authors.",
        sources=["https://example.org/fictional-adapter-merging"],
        category="peft-adapters",
        tags={"approach": ["adapters", "peft"], "modality": ["text"], "contribution": ["method"], "domain": ["general"]},
    )

    formatted = survey_cli("fmt", cwd=project)
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    assert survey_cli("fmt", "--check", cwd=project).returncode == 0
    checked = survey_cli("check", cwd=project)
    assert checked.returncode == 0, checked.stderr
    assert check_reports(project / "content") == []  # the content tests' verdict (tests/flagship.py)
    survey = load(project / "content")
    every_seed_paper_is_there_with_its_seed_facts(survey)

    by_key = {p.key: p for p in survey.papers}
    without_abstract, without_authors = (by_key[path.stem] for path in scaffolds[1:])
    assert without_abstract.abstract is None and without_abstract.authors == ("Ada Example", "Grace Sample")
    assert without_authors.authors == () and without_authors.abstract

    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"{len(survey.papers)} papers" in " ".join(re.sub(r"<[^>]+>", " ", home).split())
    newest = home.split('id="newest-additions"', 1)[1].split("<h2", 1)[0]
    for path in scaffolds:
        page = (site / "papers" / path.stem / "index.html").read_text(encoding="utf-8")
        assert f'download="{path.stem}.bib"' in page
        assert by_key[path.stem].added > longlora["added"]  # today, after the seed's day
        # Listed by name, or (when more papers joined that day than the list holds) as that day's batch.
        assert f"papers/{path.stem}/" in newest or f"added {by_key[path.stem].added.replace('-', '&#45;')}" in newest
