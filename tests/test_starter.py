"""`survey init DIR`: a new survey that passes its checks at once, written all or nothing; and the
flagship's own copies of the starter's files are the same templates filled in, or differ for a
reason named here."""

from __future__ import annotations

import datetime
import urllib.parse
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT

from survey.cli import main
from survey.content.load import load_content
from survey.contribute import starter

TODAY = datetime.date(2026, 12, 7)


def _init(folder: Path, *options: str, capsys) -> tuple[int, str, str]:
    code = main(["init", str(folder), *options], today=TODAY)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_new_survey_passes_check_strict_and_fmt_at_once(tmp_path: Path, capsys, monkeypatch) -> None:
    code, out, _ = _init(tmp_path / "new", "--title", 'Tool Use: a "Living" Survey', "--site-url", "https://example.org/tools/", capsys=capsys)
    assert code == 0 and out.startswith("Wrote 17 files to ")
    made = sorted(p.relative_to(tmp_path / "new").as_posix() for p in (tmp_path / "new").rglob("*") if p.is_file())
    assert made == [".github/ISSUE_TEMPLATE/add-paper.yml", ".github/PULL_REQUEST_TEMPLATE.md", ".github/workflows/check.yml",
                    ".github/workflows/deploy.yml", ".github/workflows/suggest-paper.yml", ".github/workflows/weekly.yml", ".gitignore", ".pre-commit-config.yaml", "CONTRIBUTING.md", "Makefile",
                    "README.md", "content/pages/about.md", "content/paper.schema.json", "content/papers/hu2022lora.yaml",
                    "content/survey.yaml", "mkdocs.yml", "requirements.txt"]
    monkeypatch.chdir(tmp_path / "new")
    assert main(["check", "--strict"]) == 0
    assert main(["fmt", "--check"]) == 0
    assert main(["schema"]) == 0 and "Up to date: content/paper.schema.json" in capsys.readouterr().out
    survey = load_content(Path("content"))
    assert survey.title == 'Tool Use: a "Living" Survey' and survey.cite is not None and survey.cite.fields["year"] == "2026"
    assert [p.key for p in survey.papers] == ["hu2022lora"] and survey.papers[0].added == "2026-12-07"
    assert {"acl", "emnlp", "iclr", "neurips", "icml"} <= set(survey.venues)
    mkdocs = Path("mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Tool Use: a \\"Living\\" Survey"' in mkdocs
    assert 'site_url: !ENV [SITE_URL, "https://example.org/tools/"]' in mkdocs
    assert Path("README.md").read_text(encoding="utf-8").startswith('# Tool Use: a "Living" Survey\n')


def test_init_refuses_a_folder_that_holds_anything_and_writes_nothing(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = _init(folder, capsys=capsys)
    assert code == 1 and err == f"survey: {folder} is not an empty folder: survey init writes a new survey into a new or empty folder; nothing written\n"
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no staging folder left beside it
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _init(empty, capsys=capsys)[0] == 0 and (empty / "content" / "survey.yaml").is_file()


def test_requirements_pin_the_generator_as_it_was_installed() -> None:
    """A checkout is installed editable (make, CI): pip records the folder it came from, which holds
    the generator's pyproject.toml. (tests/test_wheel.py covers a wheel; a git install names its commit.)"""
    comment, line = starter.this_generator().splitlines()
    assert comment.startswith("# Installed from a copy on this machine") and line.startswith("survey-site @ file:///")
    folder = Path(urllib.parse.urlsplit(line.split(" @ ")[1]).path)
    assert 'name = "survey-site"' in (folder / "pyproject.toml").read_text(encoding="utf-8")


# The flagship's copies of the starter's files. A file named here differs from the filled-in
# template for the reason given; every other starter file outside content/ (the survey's own) must
# equal the flagship's byte for byte.
DIFFERENT = {
    "Makefile": "the generator's repository installs itself editable and runs its own tests and linters",
    "README.md": "the generator's README: the site, the trust boundary, speed, the layout of the code",
    "CONTRIBUTING.md": "the flagship's tag conventions, its taxonomy's rules and the import benchmarks",
    ".gitignore": "the generator's repository also ignores Python's build and test folders",
    ".pre-commit-config.yaml": "the generator's repository also runs ruff and mypy",
    ".github/PULL_REQUEST_TEMPLATE.md": "a pull request to the generator's repository may change the generator",
    "requirements.txt": "the generator's repository installs itself (`.`), not a pinned version",
    ".github/workflows/check.yml": "the generator's repository runs its tests on code changes, and a content-only path",
}


def _flagship_values() -> starter.Starter:
    mkdocs = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    return starter.Starter(mkdocs["site_name"], description=mkdocs["site_description"], site_url=mkdocs["site_url"][1])


def test_the_flagships_files_are_the_starters_filled_in_or_say_why_not() -> None:
    filled = {path: text for path, text in starter.files(_flagship_values()).items() if not path.startswith("content/")}
    assert set(DIFFERENT) < set(filled)
    for path, text in filled.items():
        ours = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).is_file() else None
        if path in DIFFERENT:
            assert ours != text, f"{path} is now the same as the starter's: take it out of DIFFERENT"
        else:
            assert ours == text, f"{path}: the flagship's copy and the starter's template differ"


def test_the_starters_venues_are_the_flagships_entries() -> None:
    ours = {v["id"]: v for v in yaml.safe_load((DATA / "flagship-snapshot" / "survey.yaml").read_text(encoding="utf-8"))["venues"]}
    theirs = yaml.safe_load((starter.TEMPLATES / "content" / "survey.yaml").read_text(encoding="utf-8"))["venues"]
    assert len(theirs) >= 15
    for venue in theirs:
        assert venue == ours.get(venue["id"]), venue["id"]


@pytest.mark.parametrize("form", ["format: 2\n", "format: 2\nnew_section: {}\n"])
def test_a_survey_yaml_newer_than_the_generator_says_to_upgrade(project: Path, form: str, capsys, monkeypatch) -> None:
    path = project / "content" / "survey.yaml"
    path.write_text(form + path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err == ("content/survey.yaml:1:9: format: format 2 is newer than survey-site "
                   f"{starter.__version__} reads (format 1): upgrade it (pip install -U survey-site, or the version your requirements pin)\n"
                   "1 problem found.\n")


# `survey init --from`: a maintainer moving a list over gets every paper in one step.
REAL = Path(__file__).parent / "data" / "import" / "real"


def test_init_from_an_awesome_list_files_its_papers_under_its_headings(tmp_path: Path, capsys, monkeypatch) -> None:
    source = REAL / "efficient-llms-survey.md"  # a real list (its README says where from): 40 bullets
    code, out, _ = _init(tmp_path / "moved", "--from", str(source), "--offline", capsys=capsys)
    assert code == 0
    lines = out.splitlines()
    imported = [line for line in lines if line.startswith("imported ")]
    skipped = [line for line in lines if line.startswith(f"{source}:")]
    assert len(imported) == 32 and len(skipped) == 8  # every bullet accounted for: 40
    assert f"{source}:47: skipped \"Flash-Decoding for Long-Context Inference\": a link to a blog" in out
    assert "32 papers from efficient-llms-survey.md (32 filed under its headings), 8 of its entries not used (listed above)." in out
    monkeypatch.chdir(tmp_path / "moved")
    assert not Path("content/papers/hu2022lora.yaml").exists()  # the example gives way to the list's papers
    survey_yaml = yaml.safe_load(Path("content/survey.yaml").read_text(encoding="utf-8"))
    assert [(c["id"], [g["id"] for g in c.get("children", [])]) for c in survey_yaml["taxonomy"]] == [
        ("efficient-fine-tuning", ["parameter-efficient-fine-tuning", "algorithm-hardware-co-design"])]
    assert "tables" not in survey_yaml  # the starter's table named a category the list does not have
    # What is left for a maintainer is only what a maintainer writes: each paper's TL;DR and tags.
    assert main(["check"]) == 1
    problems = capsys.readouterr().err.splitlines()[:-1]
    errors = [p for p in problems if ": warning: " not in p]
    assert len(errors) == 32 * 3 and all(p.endswith(("tldr: required field is missing", "(values: method, benchmark, analysis, survey)",
                                                      "(values: fine-tuning, parameter-efficient, prompting, retrieval)")) for p in errors)
    # And, as warnings, the page each paper's facts come from, which a list does not give.
    assert len(problems) == len(errors) + 32 and all(": warning: sources: no source from a primary tier" in p for p in problems if p not in errors)
    for path in Path("content/papers").glob("*.yaml"):
        with path.open("a", encoding="utf-8") as file:
            file.write("tldr: Written by the maintainer.\ntags:\n  approach: [parameter-efficient]\n  contribution: [method]\n")
    assert main(["check"]) == 0
    lora = yaml.safe_load(Path("content/papers/lora2022.yaml").read_text(encoding="utf-8"))
    assert lora["category"] == "low-rank-adaptation" and lora["url"] == "https://openreview.net/forum?id=nZeVKeeFYf9"


def test_init_from_a_bib_keeps_the_starter_taxonomy_and_reads_the_venues(tmp_path: Path, capsys, monkeypatch) -> None:
    code, out, _ = _init(tmp_path / "from-bib", "--from", str(REAL / "acl-anthology.bib"), capsys=capsys)
    assert code == 0 and "(0 filed under its headings)" in out
    monkeypatch.chdir(tmp_path / "from-bib")
    papers = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in Path("content/papers").glob("*.yaml")}
    assert len(papers) == 6 and all("category" not in paper for paper in papers.values())
    assert {paper.get("venue") for paper in papers.values()} >= {"acl", "emnlp"}
    assert [c["id"] for c in yaml.safe_load(Path("content/survey.yaml").read_text(encoding="utf-8"))["taxonomy"]] == ["methods", "evaluation"]


def test_init_from_a_list_it_cannot_read_writes_nothing(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("- a paper\n", encoding="utf-8")
    code, _, err = _init(tmp_path / "new", "--from", str(notes), capsys=capsys)
    assert code == 1 and "cannot tell the format from the file's name" in err and "nothing written" in err
    code, _, err = _init(tmp_path / "new", "--from", str(tmp_path / "missing.bib"), capsys=capsys)
    assert code == 1 and "nothing written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
