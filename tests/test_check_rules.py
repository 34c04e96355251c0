"""Issue 9: every rule lives in `survey check`, with severities, in one pass; the editor schema.

Each test writes files into a copy of tests/data/content and runs the real command.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import survey_main
from jsonschema import Draft202012Validator

from survey.cli import main
from survey.content import editor_schema
from survey.content.load import load_content
from survey.errors import WARNING, Problem


def _paper(key: str, **fields: object) -> str:
    base = {"key": key, "title": f"A Study Called {key.title()}", "year": 2024, "category": "peft", "tldr": "Does a thing.",
            "tags": {"approach": ["lora"]}, "added": "2026-11-26"}
    return yaml.safe_dump({**base, **fields}, allow_unicode=True, sort_keys=False)


def _check(project: Path, *extra: str):
    return survey_main("--content", "content", "check", *extra, cwd=project)


def _write(project: Path, key: str, **fields: object) -> None:
    (project / "content" / "papers" / f"{key}.yaml").write_text(_paper(key, **fields), encoding="utf-8")


def test_warnings_are_printed_and_fail_only_with_strict(project: Path) -> None:
    _write(project, "two", tldr="Does one thing. Then it does another.")
    _write(project, "copied", tldr="We propose a new method for adapting large language models to tasks quickly",
           abstract="We propose a new method for adapting large language models to tasks quickly and well.")
    result = _check(project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "content/papers/copied.yaml:5:7: warning: tldr: starts like the abstract; write it in your own words",
        "content/papers/two.yaml:5:7: warning: tldr: is more than one sentence; a TL;DR is one sentence",
        "2 problems found (0 errors, 2 warnings).",
    ]
    assert result.stdout.strip() == "OK: 5 papers, no errors, 2 warnings."
    strict = _check(project, "--strict")
    assert strict.returncode == 1 and strict.stderr.endswith("2 problems found (0 errors, 2 warnings).\n")


def test_abbreviations_do_not_end_a_tldr_sentence(project: Path) -> None:
    _write(project, "abbrev", tldr="Compares prompting with tuning (e.g. LoRA vs. full tuning) on 12 tasks, cf. Table 2.")
    assert _check(project, "--strict").returncode == 0


def test_schema_and_cross_file_problems_come_in_one_round(project: Path) -> None:
    _write(project, "both", year="soon", category="pfet", tags={"approach": ["prompting"]})
    lines = _check(project).stderr.splitlines()
    assert "content/papers/both.yaml:3:7: year: expected an integer (got 'soon')" in lines
    assert any(line.startswith("content/papers/both.yaml:4:11: category: unknown category 'pfet'") for line in lines)
    assert any("'prompting' is not a value of facet 'approach' (valid: full-fine-tuning, in-context-learning, lora)" in line for line in lines)


def test_a_long_list_of_choices_is_cut_to_the_closest_five(project: Path) -> None:
    survey_file = project / "content" / "survey.yaml"
    data = yaml.safe_load(survey_file.read_text(encoding="utf-8"))
    data["facets"][0]["values"].update({f"method-{i:02d}": f"Method {i}" for i in range(20)})
    survey_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    survey_main("--content", "content", "schema", cwd=project)
    _write(project, "typo", tags={"approach": ["method-7"]})
    line = next(line for line in _check(project).stderr.splitlines() if "is not a value" in line)
    assert "'method-07'" in line and line.endswith("? 23 valid values in all)")
    assert line.count("'method-") == 6  # the value itself and five suggestions


def test_near_identical_titles_with_other_ids_warn_and_distinct_from_silences(project: Path) -> None:
    _write(project, "one", title="Sparse Adapters for Large Models", arxiv="2401.10001")
    _write(project, "onea", title="Sparse Adapters for Large Models.", arxiv="2401.10002")
    result = _check(project)
    assert result.returncode == 0
    assert "content/papers/onea.yaml:2:8: warning: title: near-identical to the title of content/papers/one.yaml" in result.stderr
    _write(project, "onea", title="Sparse Adapters for Large Models.", arxiv="2401.10002", distinct_from=["one"])
    assert _check(project, "--strict").returncode == 0
    _write(project, "onea", title="Sparse Adapters for Large Models.", distinct_from=["nobody"])
    lines = _check(project).stderr.splitlines()
    assert "content/papers/onea.yaml:11:3: distinct_from[0]: no paper has the key 'nobody'" in lines


def test_a_table_row_gives_the_facts_the_table_requires(project: Path) -> None:
    survey_file = project / "content" / "survey.yaml"
    text = survey_file.read_text(encoding="utf-8")
    text = text.replace("      - {key: evidence_finding, label: Finding, type: text}",
                        "      - {key: evidence_finding, label: Finding, type: text, required: true}\n"
                        "      - {key: evidence_setting, label: Setting, type: text, required: true}\n"
                        "    required_in: [comparisons]")
    survey_file.write_text(text, encoding="utf-8")
    survey_main("--content", "content", "schema", cwd=project)
    _write(project, "half", facts={"evidence_finding": "Tuning wins"})
    _write(project, "compare", category="comparisons")
    for name in ("hu2021lora", "muller2024german"):  # the test survey's rows, which lacked the new column
        path = project / "content" / "papers" / f"{name}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("  evidence_finding:", "  evidence_setting: a setting\n  evidence_finding:"), encoding="utf-8")
    lines = _check(project).stderr.splitlines()
    assert "content/papers/compare.yaml:1:1: facts.evidence_finding: required by the table 'Evidence across the survey' (Finding): its category is one the table is required in" in lines
    assert lines[-1] == "3 problems found."
    assert "content/papers/half.yaml:11:3: facts.evidence_setting: required by the table 'Evidence across the survey' (Setting): it gives other facts of that table" in lines


def test_leaves_outside_the_configured_size_are_a_warning(project: Path) -> None:
    survey_file = project / "content" / "survey.yaml"
    survey_file.write_text(survey_file.read_text(encoding="utf-8") + "checks:\n  leaf_papers: {min: 2, max: 3}\n", encoding="utf-8")
    result = _check(project)
    assert result.returncode == 0
    assert "content/survey.yaml:32:13: warning: taxonomy[0].children[0].id: leaf 'peft' holds 1 paper; checks.leaf_papers asks for 2 to 3" in result.stderr


def test_github_annotations_escape_properties_and_mark_warnings() -> None:
    problem = Problem("content/papers/a,b.yaml", 3, 7, "tags.x", "bad: 100% wrong\nreally")
    assert problem.github_annotation() == (
        "::error file=content/papers/a%2Cb.yaml,line=3,col=7,title=survey check%3A tags.x::tags.x: bad: 100%25 wrong%0Areally"
    )
    warning = Problem("c.yaml", 1, 1, "", "meh", WARNING)
    assert warning.github_annotation() == "::warning file=c.yaml,line=1,col=1,title=survey check::meh"


def test_the_editor_schema_enumerates_this_survey_and_rejects_an_unknown_category(project: Path) -> None:
    survey = load_content(project / "content", display_root=project)
    schema = json.loads((project / "content" / editor_schema.FILE).read_text(encoding="utf-8"))
    assert schema == editor_schema.build(survey)
    assert schema["properties"]["category"]["enum"] == ["peft", "comparisons", "position"]
    validator = Draft202012Validator(schema)
    good = yaml.safe_load((project / "content" / "papers" / "hu2021lora.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(good)) == []
    assert not validator.is_valid({**good, "category": "nope"})
    assert not validator.is_valid({**good, "tags": {"approach": ["prompting"]}})
    assert not validator.is_valid({**good, "facts": {"max_context": 5}})  # a column of another category
    assert not validator.is_valid({**good, "facts": {"trainable_params": "lots"}})


def test_an_out_of_date_editor_schema_fails_check_and_survey_schema_rewrites_it(project: Path) -> None:
    survey_file = project / "content" / "survey.yaml"
    survey_file.write_text(survey_file.read_text(encoding="utf-8").replace("title: Comparisons", "title: Head to head"), encoding="utf-8")
    result = _check(project)
    assert result.returncode == 1
    assert "content/paper.schema.json:1:1: out of date with survey.yaml: run `survey schema` to rewrite it" in result.stderr
    assert survey_main("--content", "content", "schema", cwd=project).stdout.strip() == "Wrote content/paper.schema.json"
    assert _check(project).returncode == 0
    assert survey_main("--content", "content", "schema", cwd=project).stdout.strip() == "Up to date: content/paper.schema.json"


def test_check_of_named_files_reports_only_theirs(project: Path) -> None:
    _write(project, "mine", tldr="Does one thing. Then another.")
    _write(project, "theirs", year="soon")
    mine = survey_main("--content", "content", "check", "content/papers/mine.yaml", cwd=project)
    assert mine.returncode == 0, mine.stderr
    assert mine.stderr.splitlines()[0] == "content/papers/mine.yaml:5:7: warning: tldr: is more than one sentence; a TL;DR is one sentence"
    assert mine.stdout.strip() == "OK in 1 file; 1 more in other files."
    theirs = survey_main("--content", "content", "check", "content/papers/theirs.yaml", cwd=project)
    assert theirs.returncode == 1 and "content/papers/theirs.yaml:3:7: year: expected an integer (got 'soon')" in theirs.stderr
    assert "mine.yaml" not in theirs.stderr


def test_balance_rules_set_in_survey_yaml_warn_at_their_place(project: Path, monkeypatch, capsys) -> None:
    """Issue 19: what tests/content_checks.py held about leaves and tables, now `checks` in survey.yaml."""
    survey_file = project / "content" / "survey.yaml"
    text = "checks:\n  intro_sentences: 2\n  filled_columns: 4\n" + survey_file.read_text(encoding="utf-8")
    text += "  - id: unjoined\n    title: Nobody's table\n    category: context\n    columns:\n      - {key: nobody_gives, label: X, type: text}\n"
    survey_file.write_text(text, encoding="utf-8")
    survey_main("--content", "content", "schema", cwd=project)
    monkeypatch.chdir(project)
    assert main(["--content", "content", "check"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "content/survey.yaml:35:13: warning: taxonomy[0].children[0].id: the papers of leaf 'peft' fill only method, trainable_params, "
        "base_models of its table; checks.filled_columns asks for 4",
        "content/survey.yaml:37:16: warning: taxonomy[0].children[0].intro: the intro of leaf 'peft' has 1 sentence(s); "
        "checks.intro_sentences asks for 2",
        "content/survey.yaml:43:9: warning: taxonomy[0].children[1].intro: the intro of leaf 'comparisons' has 0 sentence(s); "
        "checks.intro_sentences asks for 2",
        "content/survey.yaml:51:9: warning: taxonomy[1].children[0].intro: the intro of leaf 'position' has 0 sentence(s); "
        "checks.intro_sentences asks for 2",
        "content/survey.yaml:51:13: warning: taxonomy[1].children[0].id: the papers of leaf 'position' fill only max_context of its table; "
        "checks.filled_columns asks for 4",
        "content/survey.yaml:62:9: warning: tables[1].id: no paper joins the table 'unjoined' (gives one of its facts)",
        "6 problems found (0 errors, 6 warnings).",
    ]


def test_a_short_tldr_copied_from_the_abstract_start_warns(project: Path) -> None:
    abstract = "Parameter-efficient multilingual instruction-tuning benchmarks evaluated across typologically diverse languages."
    _write(project, "short", tldr="Parameter-efficient multilingual instruction-tuning benchmarks.", abstract=abstract)
    _write(project, "own", tldr="Benchmarks multilingual instruction tuning.", abstract=abstract)
    lines = _check(project).stderr.splitlines()
    assert lines[:-1] == ["content/papers/short.yaml:5:7: warning: tldr: starts like the abstract; write it in your own words"]
