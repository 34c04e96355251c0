"""`survey init DIR`: a new survey that passes its checks at once, written all or nothing; and the
flagship's own copies of the starter's files are the same templates filled in, or differ for a
reason named here."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

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
    assert code == 1 and err == f"survey: {folder} is not an empty folder: survey init writes a new survey into a new or empty folder\n"
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]  # no staging folder left beside it
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _init(empty, capsys=capsys)[0] == 0 and (empty / "content" / "survey.yaml").is_file()


def test_requirements_pin_the_generator_as_it_was_installed() -> None:
    line = starter.this_generator()
    # This checkout is installed editable (make, CI): pip records the folder it came from.
    assert line.endswith(f"survey-site @ {ROOT.resolve().as_uri()}") or line == f"survey-site=={starter.__version__}"


# The flagship's copies of the starter's files. A file named here differs from the filled-in
# template for the reason given; every other starter file must equal the flagship's byte for byte.
DIFFERENT = {
    "Makefile": "the generator's repository installs itself editable and runs its own tests and linters",
    "README.md": "the generator's README: the site, the trust boundary, speed, the layout of the code",
    "CONTRIBUTING.md": "the flagship's tag conventions, its taxonomy's rules and the import benchmarks",
    ".gitignore": "the generator's repository also ignores Python's build and test folders",
    ".pre-commit-config.yaml": "the generator's repository also runs ruff and mypy",
    ".github/PULL_REQUEST_TEMPLATE.md": "a pull request to the generator's repository may change the generator",
    "requirements.txt": "the generator's repository installs itself (`.`), not a pinned version",
    ".github/workflows/check.yml": "the generator's repository runs its tests on code changes, and a content-only path",
    "content/survey.yaml": "the flagship's own taxonomy, facets and venues (the starter's venues are its entries: tested below)",
    "content/pages/about.md": "the flagship's own account of its sources and choices",
    "content/papers/hu2022lora.yaml": "the example paper; the flagship files LoRA as hu2021lora in its own taxonomy",
}


def _flagship_values() -> starter.Starter:
    mkdocs = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    survey = yaml.safe_load((ROOT / "content" / "survey.yaml").read_text(encoding="utf-8"))
    return starter.Starter(survey["title"], description=mkdocs["site_description"], site_url=mkdocs["site_url"][1])


def test_the_flagships_files_are_the_starters_filled_in_or_say_why_not() -> None:
    filled = starter.files(_flagship_values())
    assert set(DIFFERENT) < set(filled)
    for path, text in filled.items():
        ours = (ROOT / path).read_text(encoding="utf-8") if (ROOT / path).is_file() else None
        if path in DIFFERENT:
            assert ours != text, f"{path} is now the same as the starter's: take it out of DIFFERENT"
        else:
            assert ours == text, f"{path}: the flagship's copy and the starter's template differ"


def test_the_starters_venues_are_the_flagships_entries() -> None:
    ours = {v["id"]: v for v in yaml.safe_load((ROOT / "content" / "survey.yaml").read_text(encoding="utf-8"))["venues"]}
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
