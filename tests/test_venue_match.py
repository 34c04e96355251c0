"""Issue 19: one venue matcher for check, import, add, new and refresh (survey/venue_match.py).

The titles below are written as the ACL Anthology, DBLP, PMLR, NeurIPS and authors write them;
the registry is the flagship's (tests/data/flagship-snapshot)."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA

from survey import cli
from survey.content.load import load_content
from survey.venue_match import skeleton, year_in


@pytest.fixture(scope="module")
def flagship():
    return load_content(DATA / "flagship-snapshot")


@pytest.mark.parametrize(
    ("text", "venue", "year"),
    [
        # ACL Anthology booktitles: ordinals, volumes, joint conferences, Findings
        ("Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)", "acl", 2024),
        ("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics (Volume 2: Short Papers)", "acl", None),
        ("Proceedings of the 59th Annual Meeting of the Association for Computational Linguistics and the 11th International Joint "
         "Conference on Natural Language Processing (Volume 1: Long Papers)", "acl", 2021),
        ("Findings of the Association for Computational Linguistics: ACL-IJCNLP 2021", "findings-acl", 2021),
        ("Findings of the Association for Computational Linguistics: EMNLP 2023", "findings-emnlp", 2023),
        ("Findings of the Association for Computational Linguistics: NAACL 2024", "findings-naacl", 2024),
        ("Proceedings of the 2023 Conference on Empirical Methods in Natural Language Processing", "emnlp", 2023),
        ("Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing and the 9th International "
         "Joint Conference on Natural Language Processing (EMNLP-IJCNLP)", "emnlp", 2019),
        ("Proceedings of the 2024 Conference of the North American Chapter of the Association for Computational Linguistics: "
         "Human Language Technologies (Volume 1: Long Papers)", "naacl", 2024),
        ("Proceedings of the 18th Conference of the European Chapter of the Association for Computational Linguistics "
         "(Volume 1: Long Papers)", "eacl", 2024),
        ("Transactions of the Association for Computational Linguistics", "tacl", None),
        # DBLP: spelled ordinals, a short name and the place after commas
        ("The Eleventh International Conference on Learning Representations, ICLR 2023, Kigali, Rwanda, May 1-5, 2023", "iclr", 2023),
        ("The Twelfth International Conference on Learning Representations, {ICLR} 2024, Vienna, Austria, May 7-11, 2024", "iclr", 2024),
        ("Advances in Neural Information Processing Systems 36: Annual Conference on Neural Information Processing Systems 2023, "
         "NeurIPS 2023, New Orleans, LA, USA, December 10 - 16, 2023", "neurips", 2023),
        ("International Conference on Machine Learning, ICML 2023, 23-29 July 2023, Honolulu, Hawaii, USA", "icml", 2023),
        ("Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers), "
         "ACL 2023, Toronto, Canada, July 9-14, 2023", "acl", 2023),
        ("Thirty-Seventh AAAI Conference on Artificial Intelligence, AAAI 2023, Washington, DC, USA, February 7-14, 2023", "aaai", 2023),
        # NeurIPS's and PMLR's own
        ("Advances in Neural Information Processing Systems 35", "neurips", None),
        ("Advances in Neural Information Processing Systems", "neurips", None),
        ("Journal of Machine Learning Research", "jmlr", None),  # what survey import gives a jmlr.org link
        ("Proceedings of the 40th International Conference on Machine Learning", "icml", 2023),
        ("Proceedings of the 42nd International Conference on Machine Learning", "icml", 2025),
        # short forms
        ("EMNLP 2023", "emnlp", 2023),
        ("ICLR'24", "iclr", 2024),
        ("ICLR ’24", "iclr", 2024),
        ("NeurIPS 2022", "neurips", 2022),
        ("Findings of EMNLP 2023", "findings-emnlp", 2023),
        ("ACL-IJCNLP 2021", "acl", 2021),
        ("In Proc. of the 2022 Conference on Empirical Methods in Natural Language Processing", "emnlp", 2022),
    ],
)
def test_each_title_form_finds_its_registry_venue_and_year(flagship, text: str, venue: str, year: int | None) -> None:
    found = flagship.match_venue(text)
    assert found is not None, text
    assert (found[0].id, found[1]) == (venue, year)


@pytest.mark.parametrize(
    "text",
    [
        "Proceedings of the 5th Workshop on Representation Learning for NLP",  # a workshop the registry does not list
        "Proceedings of the First Workshop on Efficient Benchmarking in NLP, ACL 2023",  # held at ACL, but not ACL
        "Proceedings of the 61st Annual Meeting of the Association for Computational Linguistics (Volume 4: Student Research Workshop)",
        "Proceedings",
        "International Conference",
        "Nature",
    ],
)
def test_a_name_the_registry_does_not_give_matches_nothing(flagship, text: str) -> None:
    assert flagship.match_venue(text) is None


def test_a_workshop_the_registry_lists_is_found(flagship) -> None:
    found = flagship.match_venue("Proceedings of the 1st GenBench Workshop on (Benchmarking) Generalisation in NLP")
    assert found is not None and found[0].id == "genbench"


def test_skeletons_and_years() -> None:
    assert skeleton("Proceedings of the 62nd Annual Meeting of the ACL (Volume 1: Long Papers)") == "annual meeting of acl"
    assert skeleton("The Eleventh International Conference on Learning Representations") == "international conference on learning representations"
    assert (year_in("ICLR'24"), year_in("EMNLP 2023, Singapore, 2023"), year_in("2022 or 2023"), year_in("ICLR")) == (2024, 2023, None, None)


def test_new_with_a_venue_the_registry_lacks_leaves_it_in_note_and_passes_check(tmp_path: Path, capsys) -> None:
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    shutil.copy(DATA / "flagship-snapshot" / "survey.yaml", content / "survey.yaml")
    today = datetime.date(2026, 12, 7)
    base = ["--content", str(content), "new", "--author", "Ann Lee", "--year", "2023"]
    assert cli.main([*base, "--title", "Adapters at the Workshop", "--venue", "Proceedings of the 5th Workshop on Representation Learning for NLP"],
                    today=today) == 0
    assert cli.main([*base, "--title", "Adapters at the Conference", "--venue", "ICLR'24"], today=today) == 0
    capsys.readouterr()
    workshop = yaml.safe_load((content / "papers" / "lee2023adapters.yaml").read_text(encoding="utf-8"))
    assert "venue" not in workshop and workshop["year"] == 2023
    assert workshop["note"].startswith('Venue as the source gives it: "Proceedings of the 5th Workshop on Representation Learning for NLP"')
    written = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in (content / "papers").glob("*.yaml")]
    conference = next(data for data in written if data["title"] == "Adapters at the Conference")
    assert (conference["venue"], conference["year"]) == ("iclr", 2024)
    assert cli.main(["--content", str(content), "schema"]) == 0
    cli.main(["--content", str(content), "check"])
    problems = capsys.readouterr().err.splitlines()
    assert problems and not [line for line in problems if ": venue" in line]  # tldr, category and tags are still to write
