"""The flagship survey in content/, this repository's own survey: the one test module about it.

Every other test runs on fixtures under tests/data (tests/data/flagship-snapshot where a real
taxonomy and registry are needed). A fork whose content/ holds another survey deletes this file and
passes `make test`; a survey made with `survey init` has its own `make test`.

What is asserted here:

- `survey check --strict` reports nothing (run in-process): every rule about content lives there.
  A leaf grown past `checks.leaf_papers` is the exception: how many papers a leaf holds is the
  maintainers' call (CONTRIBUTING: they split a leaf that grows past about 25), not a reason to
  fail a contributor's pull request; CI's strict check on the main branch reports it.
- Every paper file is in canonical form: checked in the slow test at the end, whose `survey fmt`
  reads and writes back all 400 files anyway (ruamel.yaml: 5 s of CPU), so they are read once.
- Its provenance, particular to this survey: every paper of the seed it started from
  (tests/data/seed, a copy of ../shared/seed) is there with its seed facts; a fact the seed leaves
  empty (authors, venue) may be filled later only with a recorded source.
- A contributor's pull request, end to end (the slow test at the end): three papers join a copy of
  the repository's survey through the project's own commands, and the same verdict and a strict
  build pass.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import shutil
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, Ran, compile_bib, copy_repository, mkdocs_build, survey_main
from pybtex.database import parse_string
from recorded_api import serve_recordings

from survey import cli, urls
from survey.cli import main
from survey.content.load import load_content
from survey.contribute.fetch import fetch
from survey.model import Paper, Survey
from survey.outputs import bibtex
from survey.site import related, render

SEED = DATA / "seed"  # a copy of the seed the survey starts from (see its README)


LEAF_SIZE = "checks.leaf_papers asks for"


def check_reports(content: Path) -> list[str]:
    """The problems `survey check --strict` reports on ``content``, leaf sizes aside, one a line."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--content", str(content), "check", "--strict"])
    lines = err.getvalue().splitlines()[:-1]  # the last line counts them
    assert (code == 0) == (not lines), err.getvalue()
    return [line for line in lines if LEAF_SIZE not in line]


def _jsonl(name: str) -> dict[int, dict]:
    rows = [json.loads(line) for line in (SEED / name).read_text(encoding="utf-8").splitlines()]
    return {row["n"]: row for row in rows}


def every_seed_paper_is_there_with_its_seed_facts(survey: Survey) -> None:
    papers, metadata = _jsonl("papers.jsonl"), _jsonl("metadata.jsonl")
    assert metadata
    by_arxiv = {p.arxiv: p for p in survey.papers if p.arxiv}
    for n, meta in metadata.items():
        paper = by_arxiv.get(meta["arxiv"])
        assert paper is not None, f"seed paper {n} (arXiv {meta['arxiv']}) is missing"
        assert paper.title == papers[n]["title"], paper.key
        assert paper.abstract == papers[n]["abstract"], paper.key
        if meta["authors"]:
            assert list(paper.authors) == meta["authors"], paper.key
        elif paper.authors:  # the seed has none: filled later, from a recorded primary source only
            assert _has_primary_source(survey, paper), f"{paper.key}: authors the seed lacks need a primary source"
        assert paper.date == meta["date"], paper.key
        if meta["venue"]:
            # Nothing lost in the move to the venue registry: the seed's venue names the paper's venue,
            # and its year (where it gives one) is the year of publication, unless a recorded source
            # (the paper's `sources`) corrected it.
            matched = survey.match_venue(meta["venue"])
            assert matched is not None, f"{paper.key}: seed venue {meta['venue']!r} is in no registry entry"
            # A seed that says "ACL 2024" for a Findings of ACL paper is corrected by a recorded source.
            corrected = {matched[0].id, f"findings-{matched[0].id}"} if paper.sources else {matched[0].id}
            assert paper.published_in is not None and paper.published_in.id in corrected, paper.key
            assert paper.year == matched[1] or matched[1] is None or paper.sources, paper.key
        elif paper.published_in is None:
            assert paper.year == meta["year"], paper.key  # a preprint keeps its arXiv year
        else:
            assert paper.sources, f"{paper.key}: a venue the seed does not give needs a recorded source"
        assert paper.url == f"https://arxiv.org/abs/{meta['arxiv']}", paper.key
        if meta["code"]:
            assert paper.code == meta["code"], paper.key
        if meta["confidence"] == "medium":
            assert paper.note and "medium confidence" in paper.note, paper.key
        published = re.search(r"published as '([^']+)'", meta["note"] or "")
        if published:
            assert paper.published_title == published.group(1), paper.key
        elif paper.published_title:  # found later, with the page that shows it
            assert paper.sources, paper.key


def _has_primary_source(survey: Survey, paper: Paper) -> bool:
    """Whether one of ``paper``'s recorded sources is in a primary tier of survey.yaml (the venue's
    records, the authors' pages and repositories, arXiv)."""
    policy = survey.source_policy
    assert policy is not None and policy.primary_tiers()
    return any((tier := policy.tier_of(url)) is not None and tier.primary for url in paper.sources)


def load(content: Path) -> Survey:
    """The survey as `survey check` sees it: loading fails on any problem in any file."""
    return load_content(content, display_root=content.parent)


CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def survey():
    return load(CONTENT)


def test_survey_check_strict_reports_nothing() -> None:
    assert check_reports(CONTENT) == []


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
        result = compile_bib(folder, text, backend)
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


@pytest.mark.slow  # imports the whole flagship twice, from its site (conftest.py builds that once a run): 3 s of CPU
def test_the_sites_own_bib_and_csl_json_give_back_every_venue_id_and_year(tmp_path: Path, survey, flagship_site: Path, capsys) -> None:
    """Issue 19's round trip: both downloads of the built flagship, imported into an empty survey
    with the flagship's registry, give every published paper its venue id and year (90 of 168
    came back with a venue `check` refuses before the one matcher). Papers are told apart by their
    titles (the .bib gives the published one, where it differs)."""
    published = [p for p in survey.papers if p.published_in is not None]
    assert len(published) >= 100
    for name in (urls.SURVEY_BIB, urls.CSL_JSON):
        content = tmp_path / name / "content"
        (content / "papers").mkdir(parents=True)
        shutil.copy(CONTENT / "survey.yaml", content / "survey.yaml")
        shutil.copy(flagship_site / name, tmp_path / name / name)
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
AUTHORS_TIER = 'hosts: [github.com, gitlab.com, "*.github.io"'  # the authors' tier's first hosts


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
            monkeypatch.setenv(name, value)  # read when a command asks
        yield


@pytest.mark.slow
def test_three_new_papers_keep_every_check_and_the_build_green(tmp_path: Path, api) -> None:
    """A contributor's pull request, end to end: three papers join a copy of the repository's survey
through the project's own commands (`survey add`, `survey new`, `survey import`), are classified by
editing their YAML, formatted and checked; then the content tests' verdict (`survey check` reports
nothing on any paper file, and the seed's papers keep their seed facts) and a strict build must pass,
as CI runs them on the pull request.

The recorded API answers (tests/data/responses) are for papers the survey already has, so the
`survey add` paper is LongLoRA, taken out of the copy first: the seed check then also checks that
`survey add` wrote its seed facts. The other two papers are fictional (example.org links, no ids):
test input that never reaches content/."""
    project = copy_repository(tmp_path / "clone")
    survey_yaml = project / "content" / "survey.yaml"
    text = survey_yaml.read_text(encoding="utf-8")
    assert text.count(AUTHORS_TIER) == 1
    survey_yaml.write_text(text.replace(AUTHORS_TIER, AUTHORS_TIER.replace("[", "[example.org, ")), encoding="utf-8")
    papers = project / "content" / "papers"
    longlora = yaml.safe_load((papers / "chen2023longlora.yaml").read_text(encoding="utf-8"))

    def command(*args: str) -> Ran:  # the project's own commands, in this process (one interpreter start saved each)
        return survey_main(*args, cwd=project, fetcher=fetch)

    # The file taken out is in canonical form too (`survey fmt` below sees every other file).
    assert command("fmt", "--check", str(papers / "chen2023longlora.yaml")).returncode == 0
    (papers / "chen2023longlora.yaml").unlink()

    added = command("add", "https://arxiv.org/abs/2309.12307v1")
    assert added.returncode == 0, added.stderr
    new = command("new", *NO_ABSTRACT)
    assert new.returncode == 0, new.stderr
    (project / "refs.bib").write_text(BIB, encoding="utf-8")
    imported = command("import", "refs.bib")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    scaffolds = [project / _written(r) for r in (added, new, imported)]
    assert scaffolds[0] == papers / "chen2023longlora.yaml"

    # Before classifying, the check names every new file and nothing else.
    unfinished = command("check")
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

    # `survey fmt` reformats the new files at most: every file of the repository's survey is in canonical
    # form (the pre-commit hook and CI's `survey fmt --check` hold it there); what it wrote is canonical.
    formatted = command("fmt")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    reformatted = {line.removeprefix("reformatted ") for line in formatted.stdout.splitlines() if line.startswith("reformatted ")}
    assert reformatted <= {path.relative_to(project).as_posix() for path in scaffolds}, formatted.stdout
    total = len(list(papers.glob("*.yaml")))  # and it read them all
    assert formatted.stdout.splitlines()[-1] in (f"{len(reformatted)} of {total} files reformatted.", f"{total} files already formatted."), formatted.stdout
    assert command("fmt", "--check", *(str(path) for path in scaffolds)).returncode == 0
    checked = command("check")
    assert checked.returncode == 0, checked.stderr
    assert check_reports(project / "content") == []  # the content tests' verdict (above)
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
    days = re.findall(r"added (\d{4}&#45;\d\d&#45;\d\d)", newest)
    assert 0 < len(days) <= render.NEWEST_ON_HOME and 'href="explore/?sort=-added"' in newest
    for path in scaffolds:
        page = (site / "papers" / path.stem / "index.html").read_text(encoding="utf-8")
        assert f'download="{path.stem}.bib"' in page
        assert by_key[path.stem].added > longlora["added"]  # today, after the seed's day
        # Listed by name, or crowded out of a full list by papers added that day or later.
        day = by_key[path.stem].added.replace("-", "&#45;")
        assert f"papers/{path.stem}/" in newest or (len(days) == render.NEWEST_ON_HOME and min(days) >= day)
