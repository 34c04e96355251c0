"""BibTeX: entry types and fields, escaping, and compiling with the real bibtex and biber."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, compile_bib
from pybtex.database import parse_string

from survey.content.load import load_content
from survey.outputs import bibtex
from survey.outputs.latex import encode, encode_title


@pytest.fixture(scope="module")
def survey():
    return load_content(DATA / "content", display_root=DATA)


@pytest.fixture(scope="module")
def bib_text(survey) -> str:
    return bibtex.Bibliography(survey.papers, survey.protected_words).text()


def test_reparses_to_the_same_entries(survey, bib_text: str) -> None:
    parsed = parse_string(bib_text, "bibtex")
    built = bibtex.Bibliography(survey.papers, survey.protected_words)
    assert list(parsed.entries) == sorted(p.key for p in survey.papers)
    for key, entry in built.entries.items():
        again = parsed.entries[key]
        assert again.type == entry.type
        assert dict(again.fields) == dict(entry.fields)
        assert [str(p) for p in again.persons.get("author", [])] == [str(p) for p in entry.persons.get("author", [])]


def test_entry_types_and_fields(bib_text: str) -> None:
    entries = parse_string(bib_text, "bibtex").entries
    lora, german, interp = entries["hu2021lora"], entries["muller2024german"], entries["interp2023"]
    assert lora.type == "inproceedings" and lora.fields["booktitle"] == "{ICLR} 2022"
    assert german.type == "article" and german.fields["journal"].startswith("{ACM} Transactions")
    assert interp.type == "misc" and "booktitle" not in interp.fields
    for entry in (lora, german, interp):
        assert entry.fields["archivePrefix"] == "arXiv"
        assert entry.fields["eprint"]
    assert german.fields["doi"] == "10.1145/1234567.890"
    assert "author" not in interp.persons  # no authors: still a valid entry


def test_site_only_fields_never_reach_bibtex(bib_text: str) -> None:
    for word in ("tldr", "tags", "facts", "note", "NOTE-MUST-NOT-LEAK", "Freezes the weights", "added", "abstract"):
        assert word not in bib_text


def test_titles_protect_acronyms_and_listed_names(bib_text: str) -> None:
    assert "title = {{LoRA}: Low-Rank Adaptation of Large Language Models}" in bib_text
    assert "{German} \\& Polish 100\\% {\\textbraceleft}Special{\\textbraceright} \\$chars\\$ \\#1" in bib_text
    assert "{\\textbackslash}back: Assessing {BERT}" in bib_text


def test_names_are_encoded_and_organisations_kept_whole(bib_text: str) -> None:
    assert "author = {M{\\\"u}ller, J{\\\"u}rgen and Mi{\\l}o{\\'s}, Piotr and {01.AI}}" in bib_text


def test_encoding_of_every_special_character() -> None:
    assert encode("& % $ # _ { } ~ ^ \\") == "\\& \\% \\$ \\# \\_ {\\textbraceleft} {\\textbraceright} {\\textasciitilde} {\\textasciicircum} {\\textbackslash}"
    assert encode("a--b ``q''") == "a-{}-b `{}`q'{}'"
    assert encode("a\u202eb\x00c\n d") == "abc d"
    assert encode_title("RoPE and GPT-4 in German", frozenset({"German"})) == "{RoPE} and {GPT}-4 in {German}"


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["bibtex", "biber"])
def test_bibliography_compiles(tmp_path: Path, bib_text: str, backend: str) -> None:
    result = compile_bib(tmp_path, bib_text, backend)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "error" not in output.lower(), output
    if backend == "bibtex":
        assert "Warning" not in output, output
        bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
        assert bbl.count("\\bibitem") == 3
    else:
        bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
        assert bbl.count("\\entry{") == 3
        assert "WARN" not in output, output


def test_survey_citation_authors() -> None:
    from survey.model import Citation

    group = bibtex.entries_text({"s": bibtex.citation_entry(Citation("s", "misc", {"title": "A Survey of LoRA", "author": "The survey maintainers", "year": "2026"}))})
    assert "author = {{The survey maintainers}}" in group and "title = {A Survey of {LoRA}}" in group
    people = bibtex.entries_text({"s": bibtex.citation_entry(Citation("s", "misc", {"title": "T", "author": "Ann Lee and Bo Chen", "year": "2026"}))})
    assert "author = {Lee, Ann and Chen, Bo}" in people
