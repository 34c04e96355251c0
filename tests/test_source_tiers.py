"""Sources a reader can trust (survey.yaml `sources`): the tiers, the refused hosts and the primary
source rule of `survey check`, on test cases (tests/data/source_cases.yaml) and on the flagship's
own policy."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import DATA

from survey.cli import main
from survey.content.load import source_policy
from survey.contribute import starter
from survey.source_tiers import HostPattern, SourcePolicy, Tier

SNAPSHOT = DATA / "flagship-snapshot"  # the flagship's survey.yaml (its README)
CASES = yaml.safe_load((DATA / "source_cases.yaml").read_text(encoding="utf-8"))


def _check(project: Path, capsys, monkeypatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(project)
    code = main(["--content", "content", "check", "--strict"])
    return code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_a_papers_sources_against_the_policy(project: Path, case: dict, capsys, monkeypatch) -> None:
    survey_yaml = project / "content" / "survey.yaml"
    survey_yaml.write_text(survey_yaml.read_text(encoding="utf-8") + CASES["policy"], encoding="utf-8")
    (project / "content" / case["file"]).write_text(case["text"], encoding="utf-8")
    code, lines = _check(project, capsys, monkeypatch)
    assert lines[:-1] == case["expect"]
    assert code == (1 if case["expect"] else 0)


def test_without_a_policy_any_public_host_is_a_source(project: Path, capsys, monkeypatch) -> None:
    (project / "content" / "papers" / "smith2026any.yaml").write_text(
        "key: smith2026any\ntitle: Any Host\nyear: 2024\ncategory: peft\ntldr: Does a thing.\n"
        "tags: {approach: [lora], modality: [text]}\nadded: '2026-12-07'\nsources: [https://arcxiv.org/abs/2106.09685]\n",
        encoding="utf-8",
    )
    assert _check(project, capsys, monkeypatch) == (0, [])


def _policy(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]


def _flagship() -> SourcePolicy:
    policy = source_policy(_policy(SNAPSHOT / "survey.yaml"))
    assert policy is not None
    return policy


# Pages of the kinds the audit of issue 23 found on paper pages, and what the flagship makes of them.
AUDITED = [
    "https://arcxiv.org/abs/2305.14314",
    "http://approjects.co.za/?big=en-us%2Fresearch",
    "https://ri.k117.org/paper/1",
    "https://acmrep2026.k117.org/paper/1",
    "https://aiwartracker.com/paper/1",
    "https://someone.hatenablog.com/entry/1",
    "https://hatenablog-parts.com/embed?url=x",
    "https://en.wikipedia.org/wiki/FlashAttention",
    "https://sh-tsang.medium.com/review-lora",
    "https://preview.aclanthology.org/fix-sig-urls/2021.acl-long.295",
]
TIERS = {
    "https://aclanthology.org/2022.acl-long.1/": "proceedings",
    "https://www.aclweb.org/anthology/2021.emnlp-main.468": "proceedings",
    "https://github.com/acl-org/acl-anthology/blob/master/data/xml/2022.acl.xml": "proceedings",
    "https://github.com/mlresearch/v119": "proceedings",
    "https://proceedings.mlr.press/v235/ding24i.html": "proceedings",
    "https://openreview.net/forum?id=nZeVKeeFYf9": "proceedings",
    "https://doi.org/10.18653/v1/2022.acl-long.1": "proceedings",
    "https://github.com/microsoft/LoRA": "authors' page",
    "https://github.com/acl-org": "authors' page",
    "https://tloen.github.io/alpaca": "authors' page",
    "https://arxiv.org/abs/2106.09685": "arXiv",
    "http://export.arxiv.org/abs/2106.09685": "arXiv",
    "https://dblp.org/rec/conf/iclr/HuSWALWWC22": "index",
    "https://www.semanticscholar.org/paper/a8ca46b171467ceb2d7652fbfb67fe701ad86092": "index",
    "https://huggingface.co/papers/2106.09685": "index",
}


def test_the_flagships_policy_refuses_what_the_audit_found() -> None:
    policy = _flagship()
    for url in AUDITED:
        assert isinstance(policy.classify(url), HostPattern), url
    assert AUDITED


def test_the_flagships_policy_puts_each_kind_of_page_in_its_tier() -> None:
    policy = _flagship()
    found = {url: policy.tier_of(url) for url in TIERS}
    assert {url: tier.label if tier else None for url, tier in found.items()} == TIERS
    assert [t.label for t in policy.tiers] == ["proceedings", "authors' page", "arXiv", "index"]
    assert [t.primary for t in policy.tiers] == [True, True, True, False]
    assert policy.classify("https://huggingface.co/timdettmers/qlora-alpaca-7b/commit/1") is None  # a model's commit: no tier


def test_the_starters_policy_is_the_flagships() -> None:
    """The same tiers and refused hosts; the flagship also lists the institutions its papers cite."""
    ours = _policy(SNAPSHOT / "survey.yaml")
    theirs = _policy(starter.TEMPLATES / "content" / "survey.yaml")
    assert theirs["refused"] == ours["refused"] and len(theirs["tiers"]) == len(ours["tiers"]) == 4
    for mine, flagship in zip(theirs["tiers"], ours["tiers"], strict=True):
        assert {k: v for k, v in mine.items() if k != "hosts"} == {k: v for k, v in flagship.items() if k != "hosts"}
        assert set(mine["hosts"]) <= set(flagship["hosts"]) and mine["hosts"] == flagship["hosts"][: len(mine["hosts"])]
    assert "primary_since" not in theirs  # a new survey asks a primary source of every paper


def test_the_most_specific_pattern_wins() -> None:
    def pattern(text: str) -> tuple[HostPattern, ...]:
        return (HostPattern.parse(text),)

    policy = SourcePolicy(
        (Tier(1, "records", "", True, pattern("example.org/records")), Tier(2, "site", "", True, pattern("*.example.org"))),
        pattern("bad.example.org"),
    )
    assert policy.tier_of("https://EXAMPLE.org./Records/1") == policy.tiers[0]  # case, the root's dot, path segments
    assert policy.tier_of("https://example.org/recordsX") == policy.tiers[1]  # a whole segment, not a prefix of one
    assert policy.tier_of("https://www.example.org/") == policy.tiers[1]
    assert policy.classify("https://bad.example.org/records") == policy.refused[0]  # an exact host beats *.
    assert policy.classify("https://example.com/") is None
