"""`survey import` on hostile and large .bib files: duplicates, clashing keys, odd years, interrupts,
lookalike titles. Failures are injected where the operating system would fail (os.link, SIGTERM)."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, survey

from survey.content.similar_titles import near_duplicates, normalise

WORDS = ("sparse attention retrieval memory adapter tuning routing experts distillation pruning quantised "
         "decoding alignment reward preference context window position encoding benchmark agents tools "
         "planning reasoning chain verifier search graph vision speech code math translation safety").split()


def import_bib(project: Path, text: str, capsys) -> tuple[int, str, str]:
    bib = project / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    return survey(project, "import", str(bib), capsys=capsys)


def entry(key: str, title: str, year: str = "2024", author: str = "Lee, Ann", **fields: str) -> str:
    extra = "".join(f", {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{key}, title = {{{title}}}, author = {{{author}}}, year = {{{year}}}{extra}}}\n"


def folder_state(project: Path) -> list[str]:
    """Every name in content/papers, dot-files and folders included."""
    return sorted(p.name for p in (project / "content" / "papers").iterdir())


def load(project: Path, key: str) -> dict:
    return yaml.safe_load((project / "content" / "papers" / f"{key}.yaml").read_text(encoding="utf-8"))


def skips(out: str) -> dict[str, str]:
    """Entry key -> reason, from lines like ``refs.bib:12: skipped KEY: REASON``."""
    return dict(match.groups() for line in out.splitlines() if (match := re.fullmatch(r".*?:\d+: skipped (.+?): (.*)", line)))


def test_duplicates_inside_the_file_and_against_the_survey(project: Path, capsys) -> None:
    bib = (
        entry("first", "Sparse Routing for Mixture of Experts", eprint="2501.00001", archivePrefix="arXiv", doi="https://doi.org/10.1000/ABC")
        + entry("typo", "Sparse Routnig for Mixture of Experts")
        + entry("same_arxiv", "A Different Title Entirely", eprint="2501.00001", archivePrefix="arXiv")
        + entry("same_doi", "Yet Another Title Here", doi="doi:10.1000/abc")
        + entry("lora", "LoRA: Low-rank adaptation of large language models", year="2021")
        + entry("lora_id", "Some Title", url="https://arxiv.org/abs/2106.09685v2")
        + entry("german_doi", "Other Title", doi="10.1145/1234567.890")
    )
    code, out, err = import_bib(project, bib, capsys)
    assert code == 0, err
    assert out.splitlines()[-1].startswith("1 imported, 6 skipped.")
    reasons = skips(out)
    assert reasons["typo"].startswith("a paper with a near-identical title is already in the survey") and reasons["typo"].endswith("lee2024sparse.yaml")
    assert reasons["same_arxiv"].startswith("arXiv 2501.00001 is already in the survey") and reasons["same_arxiv"].endswith("lee2024sparse.yaml")
    assert reasons["same_doi"].startswith("DOI 10.1000/abc is already in the survey")
    assert reasons["lora"].endswith("hu2021lora.yaml") and reasons["lora_id"].endswith("hu2021lora.yaml")
    assert reasons["german_doi"].endswith("muller2024german.yaml")
    assert load(project, "lee2024sparse")["doi"] == "10.1000/ABC"


def test_a_hundred_entries_with_one_author_year_and_word_get_distinct_keys(project: Path, capsys) -> None:
    rng = random.Random(7)
    titles = [f"AutoFlow: {' '.join(rng.sample(WORDS, 6))}" for _ in range(100)]
    code, out, err = import_bib(project, "".join(entry(f"e{i}", t, author="Li, Wei") for i, t in enumerate(titles)), capsys)
    assert code == 0, err
    assert out.splitlines()[-1].startswith("100 imported, 0 skipped.")
    letters = "abcdefghijklmnopqrstuvwxyz"
    expected = [""] + list(letters) + [a + b for a in letters for b in letters][:73]
    assert folder_state(project) == sorted(["hu2021lora.yaml", "interp2023.yaml", "muller2024german.yaml"] + [f"li2024autoflow{s}.yaml" for s in expected])
    assert load(project, "li2024autoflowaa")["title"] == titles[27]  # in file order, the old a..z first


@pytest.mark.parametrize("year", ["２０２４", "²⁰²⁴", "2024½", "٢٠٢٤", "20 24", "24", "MMXXIV"])
def test_a_year_not_in_ascii_digits_skips_that_entry_only(project: Path, capsys, year: str) -> None:
    code, out, err = import_bib(project, entry("odd", "Odd Year Paper", year=year) + entry("fine", "Fine Year Paper"), capsys)
    assert code == 0, err
    assert out.splitlines()[-1].startswith("1 imported, 1 skipped.")
    assert skips(out)["odd"].startswith(f"no four-digit year (got '{year}')")
    assert load(project, "lee2024fine")["year"] == 2024


def test_text_is_cleaned_and_links_kept_only_when_valid(project: Path, capsys) -> None:
    bib = (
        entry("a", "Over\u202erides\u200b and\x07 Bells", author="Ev\u202eil, Eve and Good, Bob", url="javascript:alert(1)", doi="not a doi")
        + entry("b", "Spaced Links", url="https://example.org/a b", doi="https://doi.org/10.1000/x y")
        + entry("c", "Fine Links", url="https://example.org/paper", doi="https://doi.org/10.1000/fine")
    )
    code, out, err = import_bib(project, bib, capsys)
    assert code == 0, err
    a = load(project, "evil2024overrides")
    assert (a["title"], a["authors"]) == ("Overrides and Bells", ["Eve Evil", "Bob Good"])
    assert "url" not in a and "doi" not in a
    b = load(project, "lee2024spaced")
    assert "url" not in b and "doi" not in b
    c = load(project, "lee2024fine")
    assert (c["url"], c["doi"]) == ("https://example.org/paper", "10.1000/fine")


def _failing_link(fail_on: int, failure):
    """os.link that fails on its ``fail_on``-th call, as a full disk or a kill would."""
    real, calls = os.link, []

    def link(source, target, *args, **kwargs):
        calls.append(target)
        if len(calls) == fail_on:
            failure()
        return real(source, target, *args, **kwargs)
    return link


def _raise(error: BaseException):
    def fail():
        raise error
    return fail


@pytest.mark.parametrize("failure, exit_code", [
    (_raise(KeyboardInterrupt()), None),
    (lambda: os.kill(os.getpid(), signal.SIGTERM), None),  # a timeout's kill: cleaned up as an interrupt
    (_raise(FileExistsError(17, "File exists")), 1),
])
def test_an_interrupted_import_leaves_nothing_behind(project: Path, capsys, monkeypatch, failure, exit_code) -> None:
    before = folder_state(project)
    check_before = survey(project, "check", capsys=capsys)
    bib = "".join(entry(f"e{i}", f"Paper {w} about {w}s", author=f"Author{i}, Ann") for i, w in enumerate(WORDS[:10]))
    monkeypatch.setattr(os, "link", _failing_link(4, failure))
    if exit_code is None:
        with pytest.raises(KeyboardInterrupt):
            import_bib(project, bib, capsys)
    else:
        code, out, err = import_bib(project, bib, capsys)
        assert code == exit_code and "nothing written" in err
    assert folder_state(project) == before
    assert survey(project, "check", capsys=capsys) == check_before
    monkeypatch.undo()
    assert import_bib(project, bib, capsys)[0] == 0  # nothing half-done blocks a second try
    assert len(folder_state(project)) == len(before) + 10


def test_a_file_system_without_hard_links_still_gets_every_file(project: Path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(os, "link", _no_links)
    code, out, err = import_bib(project, entry("a", "First Paper") + entry("b", "Second Paper"), capsys)
    assert code == 0, err
    assert {"lee2024first.yaml", "lee2024second.yaml"} <= set(folder_state(project))
    assert not [name for name in folder_state(project) if name.startswith(".")]


def _no_links(source, target, *args, **kwargs):
    raise PermissionError(1, "Operation not permitted")


def test_a_staging_folder_left_by_a_killed_run_is_ignored_then_removed(project: Path, capsys) -> None:
    check_before = survey(project, "check", capsys=capsys)
    leftover = project / "content" / "papers" / ".import-killed"
    leftover.mkdir()
    (leftover / "half.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    assert survey(project, "check", capsys=capsys) == check_before
    assert import_bib(project, entry("a", "After The Kill"), capsys)[0] == 0
    assert not leftover.exists()


def test_lookalike_letters_are_folded_and_other_scripts_compared_by_their_own_letters() -> None:
    assert normalise("Efficient Transformers: A Survey") == normalise("Effiсient Trаnsfоrmers: А Survey")  # Cyrillic с а о А
    assert normalise("ΕFFICIENT ΤRANSFORMERS") == "efficient transformers"  # Greek capitals
    pairs = near_duplicates([
        (1, "大型语言模型综述"), (2, "大型语言模型的评估"), (3, "Обучение больших моделей"), (4, "Оценка малых моделей"),
        (5, "???"), (6, "!!!"), (7, "The A"), (8, "Efficient Transformers: A Survey"), (9, "Effiсient Trаnsfоrmers: A Survey"),
        (10, "大型语言模型综述"), (11, "Обучение больших моделей"),
    ])
    assert pairs == [(8, 9), (1, 10), (3, 11)]


def test_import_flags_a_lookalike_title_and_keeps_different_cjk_titles(project: Path, capsys) -> None:
    bib = (
        entry("spoof", "LоRA: Lоw-Rank Adaptatiоn оf Large Language Mоdels", year="2021")  # Cyrillic о
        + entry("zh1", "大型语言模型综述") + entry("zh2", "大型语言模型的评估") + entry("zh3", "大型语言模型综述")
        + entry("ru1", "Обучение больших моделей") + entry("ru2", "Оценка малых моделей")
    )
    code, out, err = import_bib(project, bib, capsys)
    assert code == 0, err
    reasons = skips(out)
    assert set(reasons) == {"spoof", "zh3"}
    assert reasons["spoof"].endswith("hu2021lora.yaml")
    assert out.splitlines()[-1].startswith("4 imported, 2 skipped.")


@pytest.mark.slow
def test_a_thousand_entries_import_with_every_duplicate_found(project: Path, capsys) -> None:
    rng = random.Random(11)
    titles = [" ".join(rng.sample(WORDS, 8)).capitalize() for _ in range(950)]
    typos = [t[:5] + t[6] + t[5] + t[7:] for t in titles[::19]]  # 50 mistyped repeats
    bib = "".join(entry(f"e{i}", t, author=f"{rng.choice(WORDS)}, Ann", eprint=f"2402.{i:05d}", archivePrefix="arXiv") for i, t in enumerate(titles))
    bib += "".join(entry(f"typo{i}", t, author="Other, Bo") for i, t in enumerate(typos))
    code, out, err = import_bib(project, bib, capsys)
    assert code == 0, err
    assert out.splitlines()[-1].startswith("950 imported, 50 skipped.")
    assert all(reason.startswith("a paper with a near-identical title") for reason in skips(out).values())
    assert len(folder_state(project)) == 953


@pytest.mark.slow
def test_the_import_benchmark_runs(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "import_bench.py"), "--sizes", "60", "--existing", "20", "--work", str(tmp_path)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    row = result.stdout.splitlines()[-1]
    assert re.fullmatch(r"\| 60 \| 20 \| \d+ \| \d+ \| [\d.]+ s \| [\d,]+ MB \|", row), row
    assert int(row.split("|")[3]) + int(row.split("|")[4]) == 60


def test_a_crowded_block_still_finds_repeats_without_comparing_every_pair() -> None:
    rng = random.Random(3)
    titles = [f"A survey of large language models for {' '.join(rng.sample(WORDS, 6))}" for _ in range(1000)]
    repeat, typo = titles[10], titles[20].replace(" for ", " fro ", 1)
    pairs = near_duplicates(enumerate(titles + [repeat, typo]))
    assert (10, 1000) in pairs and (20, 1001) in pairs
