"""Issue 10: a venue registry in survey.yaml; papers name a venue by its id and the year of publication."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from conftest import survey_main
from pybtex.database import parse_string

from survey.content.load import load_content
from survey.outputs import bibtex, exports
from survey.urls import Publishing

REGISTRY = """
venues:
  - id: iclr
    name: International Conference on Learning Representations
    short: ICLR
    type: conference
    aliases: [ICLR, International Conference on Learning Representations]
  - id: acl
    name: Annual Meeting of the Association for Computational Linguistics
    short: ACL
    type: conference
    publisher: Association for Computational Linguistics
    aliases: [ACL]
    editions:
      2021: "Proceedings of the 59th Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)"
  - id: tomm
    name: ACM Transactions on Multimedia Computing, Communications, and Applications
    short: ACM TOMM
    type: journal
    publisher: Association for Computing Machinery
"""


def _with_registry(project: Path) -> None:
    survey_file = project / "content" / "survey.yaml"
    survey_file.write_text(survey_file.read_text(encoding="utf-8") + REGISTRY, encoding="utf-8")
    assert survey_main("--content", "content", "schema", cwd=project).returncode == 0


def _set(project: Path, key: str, **fields: object) -> None:
    path = project / "content" / "papers" / f"{key}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    path.write_text(yaml.safe_dump({**data, **fields}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_registry_venue_gives_full_names_short_labels_and_the_publication_year(project: Path) -> None:
    _with_registry(project)
    _set(project, "hu2021lora", venue="iclr", year=2022)
    _set(project, "muller2024german", venue="acl", year=2021)
    _set(project, "interp2023", venue="tomm", year=2024)
    survey = load_content(project / "content", display_root=project)
    papers = {p.key: p for p in survey.papers}
    assert (papers["hu2021lora"].venue, papers["hu2021lora"].venue_text) == ("iclr", "ICLR 2022")
    editor = json.loads((project / "content" / "paper.schema.json").read_text(encoding="utf-8"))
    assert editor["properties"]["venue"]["enum"] == ["iclr", "acl", "tomm"]  # editors complete venue ids
    entries = parse_string(bibtex.Bibliography(survey.papers).text(), "bibtex").entries
    lora, german, interp = entries["hu2021lora"], entries["muller2024german"], entries["interp2023"]
    assert (lora.type, lora.fields["booktitle"], lora.fields["year"]) == ("inproceedings", "International Conference on Learning Representations", "2022")
    assert "publisher" not in lora.fields
    assert german.fields["booktitle"] == "Proceedings of the 59th Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)"
    assert german.fields["publisher"] == "Association for Computational Linguistics"
    assert (interp.type, interp.fields["journal"]) == ("article", "{ACM} Transactions on Multimedia Computing, Communications, and Applications")
    records = {r["key"]: r for r in json.loads(exports.papers_json(survey, Publishing(), {}))["papers"]}
    assert (records["hu2021lora"]["venue"], records["hu2021lora"]["venue_id"]) == ("ICLR 2022", "iclr")
    assert records["interp2023"]["venue_name"] == "ACM Transactions on Multimedia Computing, Communications, and Applications"
    csl = {item["id"]: item for item in json.loads(exports.csl_json(survey))}
    assert csl["hu2021lora"]["container-title"] == "International Conference on Learning Representations"


def test_a_venue_must_be_a_registry_id_and_an_alias_says_which(project: Path) -> None:
    _with_registry(project)
    _set(project, "hu2021lora", venue="ICLR 2022")
    _set(project, "interp2023", venue="neurips")
    result = survey_main("--content", "content", "check", cwd=project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.endswith("venue: write the venue's id: venue: iclr and year: 2022 (got 'ICLR 2022')") for line in lines)
    assert any("venue: unknown venue 'neurips' (valid: acl, iclr, tomm); add it to venues in survey.yaml" in line for line in lines)


def test_without_a_registry_a_venue_stays_free_text(project: Path) -> None:
    survey = load_content(project / "content", display_root=project)
    lora = next(p for p in survey.papers if p.key == "hu2021lora")
    assert (lora.venue, lora.venue_text, lora.published_in, lora.venue_name) == ("ICLR 2022", "ICLR 2022", None, "ICLR 2022")


def test_new_and_import_turn_a_known_venue_into_its_id_and_year(project: Path, tmp_path: Path) -> None:
    _with_registry(project)
    new = survey_main("--content", "content", "new", "--title", "Adapters Revisited at Scale", "--author", "Ann Lee",
                     "--year", "2023", "--venue", "ICLR 2024", cwd=project)
    assert new.returncode == 0, new.stderr
    written = yaml.safe_load((project / "content" / "papers" / "lee2023adapters.yaml").read_text(encoding="utf-8"))
    assert (written["venue"], written["year"]) == ("iclr", 2024)
    bib = tmp_path / "refs.bib"
    bib.write_text("@inproceedings{x,\n  title = {Prompts Considered Helpful},\n  author = {Bo Chen},\n"
                   "  booktitle = {International Conference on Learning Representations},\n  year = {2022}\n}\n", encoding="utf-8")
    imported = survey_main("--content", "content", "import", str(bib), cwd=project)
    assert imported.returncode == 0, imported.stderr
    written = yaml.safe_load((project / "content" / "papers" / "chen2022prompts.yaml").read_text(encoding="utf-8"))
    assert (written["venue"], written["year"]) == ("iclr", 2022)


def test_new_records_sources_and_a_note(project: Path) -> None:
    result = survey_main("--content", "content", "new", "--title", "Sources Are Recorded Here", "--author", "Ann Lee", "--year", "2024",
                        "--source", "https://example.org/proceedings/1", "--source", "https://example.org/listing", "--note", "venue unconfirmed",
                        cwd=project)
    assert result.returncode == 0, result.stderr
    written = yaml.safe_load((project / "content" / "papers" / "lee2024sources.yaml").read_text(encoding="utf-8"))
    assert written["sources"] == ["https://example.org/proceedings/1", "https://example.org/listing"]
    assert written["note"] == "venue unconfirmed"
