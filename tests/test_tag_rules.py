"""Issue 19: the tag rules live in `survey check` (survey/content/tag_rules.py), declared in
survey.yaml as `implies`; an unknown tag is answered with the closest value of any facet.

Each test edits a copy of a content folder and runs the real command in-process (survey.cli.main)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA

from survey.cli import main
from survey.content.load import load_taxonomy
from survey.contribute.guide import guide

FLAGSHIP = DATA / "flagship-snapshot"  # a real taxonomy and its implies rules (its README)


def _check(content: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, list[str]]:
    code = main(["--content", str(content), "check", *extra])
    return code, capsys.readouterr().err.splitlines()


def _flagship(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FLAGSHIP, tmp_path / "content")
    monkeypatch.chdir(tmp_path)  # messages name files relative to the current folder
    return Path("content")


def _edit(path: Path, change) -> str:
    """Rewrite a paper file with ``change`` applied to its data; returns the new text."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    path.write_text(text, encoding="utf-8")
    return text


def _line_after(text: str, line: str) -> int:
    """The 1-based number of the line after ``line`` (where a block list under it starts)."""
    return text.splitlines().index(line) + 2


def test_a_paper_in_rag_vs_ft_without_the_rag_tag_fails_check_with_its_line(tmp_path, monkeypatch, capsys) -> None:
    content = _flagship(tmp_path, monkeypatch)
    papers = sorted(p for p in (content / "papers").glob("*.yaml") if "category: rag-vs-ft" in p.read_text(encoding="utf-8"))
    assert papers
    path = papers[0]
    text = _edit(path, lambda d: d["tags"].update(approach=[t for t in d["tags"]["approach"] if t != "rag"] or ["full-fine-tuning"]))
    code, lines = _check(content, capsys, "--strict")
    assert code == 1
    assert lines == [
        f"{path.as_posix()}:{_line_after(text, '  approach:')}:3: tags.approach: papers in category 'rag-vs-ft' carry the tag 'rag' "
        "(survey.yaml implies it): add it",
        "1 problem found.",
    ]


def test_a_kind_of_peft_without_peft_fails_once_however_many_rules_imply_it(tmp_path, monkeypatch, capsys) -> None:
    content = _flagship(tmp_path, monkeypatch)
    path = content / "papers" / "hu2021lora.yaml"
    assert "category: peft-lora" in path.read_text(encoding="utf-8")
    _edit(path, lambda d: d["tags"].update(approach=["lora"]))
    code, lines = _check(content, capsys)
    assert code == 1
    (line,) = [line for line in lines if "hu2021lora" in line]
    assert line.endswith(
        "tags.approach: papers under category 'peft' and papers tagged 'lora' carry the tag 'peft' (survey.yaml implies it): add it")


def test_joining_the_evidence_table_implies_one_of_two_tags(tmp_path, monkeypatch, capsys) -> None:
    content = _flagship(tmp_path, monkeypatch)
    path = content / "papers" / "hu2021lora.yaml"
    _edit(path, lambda d: d.setdefault("facts", {}).update(evidence_setting="A setting", evidence_finding="A finding"))
    code, lines = _check(content, capsys)
    assert code == 1
    (line,) = [line for line in lines if "hu2021lora" in line]
    assert line.endswith("tags.approach: papers that join the table 'Evidence across the survey: in-context learning versus "
                         "fine-tuning' carry one of the tags 'in-context-learning', 'prompt-engineering' (survey.yaml implies it): "
                         "add the one that fits")


def _test_survey(project: Path, text: str) -> Path:
    survey_file = project / "content" / "survey.yaml"
    survey_file.write_text(text, encoding="utf-8")
    return project / "content"


def test_implies_declared_on_a_category_and_a_value_apply_to_any_survey(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project)
    text = (project / "content" / "survey.yaml").read_text(encoding="utf-8")
    text = text.replace("    title: Long context\n", "    title: Long context\n    implies: {modality: [text]}\n")
    text = text.replace("      full-fine-tuning: Full fine-tuning\n",
                        "      full-fine-tuning: Full fine-tuning\n    implies:\n      lora: {approach: [full-fine-tuning]}\n")
    _test_survey(project, text)
    code, lines = _check(Path("content"), capsys)
    assert code == 1
    # hu2021lora is tagged lora but not full-fine-tuning; interp2023 sits under `context` without a modality.
    assert "content/papers/hu2021lora.yaml:14:13: tags.approach: papers tagged 'lora' carry the tag 'full-fine-tuning' " \
           "(survey.yaml implies it): add it" in lines
    assert "content/papers/interp2023.yaml:8:3: tags.modality: papers under category 'context' carry the tag 'text' " \
           "(survey.yaml implies it): add it" in lines
    assert lines[-1] == "2 problems found."


def test_a_wrong_implies_declaration_is_an_error_in_survey_yaml(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(project)
    text = (project / "content" / "survey.yaml").read_text(encoding="utf-8")
    text = text.replace("        intro: Train few parameters.\n",
                        "        intro: Train few parameters.\n        implies: {aproach: [lora], modality: [txt]}\n")
    text = text.replace("      vision: Vision\n", "      vision: Vision\n    implies:\n      visio: {modality: [text]}\n")
    code, lines = _check(Path(_test_survey(project, text).name), capsys)
    assert code == 1
    assert lines == [
        "content/survey.yaml:28:7: facets[1].implies.visio: 'visio' is not a value of facet 'modality' (did you mean 'vision'? valid: text, vision)",
        "content/survey.yaml:37:19: taxonomy[0].children[0].implies.aproach: unknown facet 'aproach' (did you mean 'approach'? valid: approach, modality)",
        "content/survey.yaml:37:47: taxonomy[0].children[0].implies.modality[0]: 'txt' is not a value of facet 'modality' "
        "(did you mean 'text'? valid: text, vision)",
        "3 problems found.",
    ]


@pytest.mark.parametrize(("tag", "says"), [
    ("vison", "'vison' is not a value of facet 'approach' (did you mean 'vision' under facet 'modality'? valid: full-fine-tuning, in-context-learning, lora)"),
    ("Text", "'Text' is not a value of facet 'approach' ('text' is a value of facet 'modality': write it under tags.modality)"),
    ("lroa", "'lroa' is not a value of facet 'approach' (did you mean 'lora'? valid: full-fine-tuning, in-context-learning, lora)"),
])
def test_an_unknown_tag_is_answered_from_every_facet(project: Path, monkeypatch, capsys, tag: str, says: str) -> None:
    monkeypatch.chdir(project)
    path = project / "content" / "papers" / "hu2021lora.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("approach: [lora]", f"approach: [lora, {tag}]"), encoding="utf-8")
    code, lines = _check(Path("content"), capsys)
    assert code == 1 and lines == [f"content/papers/hu2021lora.yaml:14:20: tags.approach[1]: {says}", "1 problem found."]


def test_an_unrelated_tag_is_not_answered_with_a_far_value(tmp_path, monkeypatch, capsys) -> None:
    # 'self-consistency' (a prompting technique without a tag of its own) is closest to 'science' (0.52).
    content = _flagship(tmp_path, monkeypatch)
    path = content / "papers" / "hu2021lora.yaml"
    _edit(path, lambda d: d["tags"]["approach"].append("self-consistency"))
    code, lines = _check(content, capsys)
    (line,) = [line for line in lines if "self-consistency" in line]
    assert "did you mean" not in line and "science" not in line
    assert line.endswith("'self-consistency' is not a value of facet 'approach' (valid: adapters, calibration, "
                         "chain-of-thought, context-compression, continued-pretraining, … 30 in all)")
    _edit(path, lambda d: d["tags"]["approach"].__setitem__(-1, "medical"))
    code, lines = _check(content, capsys)
    (line,) = [line for line in lines if "'medical'" in line]
    assert line.endswith("(did you mean 'medicine' under facet 'domain'? 30 valid values in all)")


def test_a_new_file_s_guide_names_the_tags_its_category_implies() -> None:
    text = guide(load_taxonomy(FLAGSHIP), {"category": "rag-vs-ft"})
    assert "#   in rag-vs-ft: approach includes rag\n#   tagged lora: approach includes peft\n" in text
    assert "#     and tags: approach includes in-context-learning or prompt-engineering\n" in text
    assert "#   in peft" not in text
