"""Related papers: TF-IDF cosine over title and abstract, checked against a brute-force computation."""

from __future__ import annotations

import json
import math
import random
from collections import Counter

import pytest
from conftest import ROOT

from survey.model import Paper
from survey.site import related, related_process


def _paper(key: str, title: str, abstract: str | None = None) -> Paper:
    return Paper(key=key, title=title, year=2024, category="x", tldr="x", added="2026-01-01", abstract=abstract)


def _brute_force(documents: dict[str, str], top: int) -> dict[str, list[tuple[str, float]]]:
    """The textbook definition, all pairs, dense: what the sparse index must reproduce."""
    counts = {k: related.tokens(t) for k, t in documents.items()}
    df = Counter(term for c in counts.values() for term in c)
    n = len(documents)
    vecs = {}
    for key, c in counts.items():
        v = {t: (1 + math.log(x)) * math.log(n / df[t]) for t, x in c.items()}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1
        vecs[key] = {t: w / norm for t, w in v.items()}
    result = {}
    for key, v in vecs.items():
        scores = [(o, sum(w * vecs[o].get(t, 0) for t, w in v.items())) for o in vecs if o != key]
        scores = [(o, s) for o, s in scores if s > 1e-12]
        result[key] = sorted(scores, key=lambda os: (-round(os[1], 12), os[0]))[:top]
    return result


def _synthetic(count: int, seed: int = 1) -> dict[str, str]:
    """Documents on a few topics, each mixing topic words with common words, like abstracts do."""
    rng = random.Random(seed)
    common = [f"common{i}" for i in range(40)]
    topics = [[f"topic{t}word{i}" for i in range(30)] for t in range(12)]
    docs = {}
    for i in range(count):
        words = rng.choices(topics[i % len(topics)], k=25) + rng.choices(topics[rng.randrange(12)], k=8) + rng.choices(common, k=40)
        docs[f"p{i:04d}"] = " ".join(words)
    return docs


def test_tokens_drop_stop_words_and_numbers_and_fold_plurals() -> None:
    assert related.tokens("The Models and 2024 studies of LoRA, a method: models!") == Counter({"model": 2, "study": 1, "lora": 1})


def test_the_most_similar_paper_shares_the_rare_words() -> None:
    papers = [
        _paper("lora", "LoRA: low-rank adaptation", "We freeze weights and train low-rank update matrices."),
        _paper("qlora", "QLoRA", "Quantized low-rank adaptation trains low-rank matrices over a frozen 4-bit model."),
        _paper("rag", "Retrieval-augmented generation", "A retriever fetches passages that the generator conditions on."),
        _paper("dpr", "Dense passage retrieval", "A dual-encoder retriever for open-domain question answering passages."),
        _paper("empty", "Zzz"),
    ]
    result = related.related_papers(papers, top=1)
    assert result["lora"] == ["qlora"] and result["qlora"] == ["lora"]
    assert result["rag"] == ["dpr"] and result["dpr"] == ["rag"]
    assert result["empty"] == []  # shares no word: no related paper rather than a random one


def test_exact_search_matches_brute_force() -> None:
    docs = _synthetic(150)
    vecs = related.vectors(docs)
    found = related.most_similar(vecs, top=5)
    expected = _brute_force(docs, 5)
    for key in docs:
        assert [k for k, _ in found[key]] == [k for k, _ in expected[key]], key
        assert [round(s, 9) for _, s in found[key]] == [round(s, 9) for _, s in expected[key]]


def test_bounded_search_finds_nearly_all_of_the_exact_neighbours(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _synthetic(600)
    vecs = related.vectors(docs)
    exact = related.most_similar(vecs)
    monkeypatch.setattr(related, "EXACT_BUDGET", 0)  # force the champion-list search
    bounded = related.most_similar(vecs)
    recall = sum(len({k for k, _ in exact[d]} & {k for k, _ in bounded[d]}) for d in docs) / (5 * len(docs))
    assert recall > 0.9
    for key, pairs in bounded.items():  # whatever it returns is scored exactly and ranked
        assert [s for _, s in pairs] == sorted((s for _, s in pairs), reverse=True)
        row = vecs.row(key)
        assert all(abs(s - sum(w * row.get(t, 0) for t, w in vecs.row(o).items())) < 1e-12 for o, s in pairs)


def test_same_input_same_output_whatever_the_input_order() -> None:
    docs = _synthetic(80, seed=3)
    papers = [_paper(k, t[:40], t) for k, t in docs.items()]
    shuffled = papers[:]
    random.Random(9).shuffle(shuffled)
    assert related.related_papers(papers) == related.related_papers(shuffled)


def test_a_second_process_finds_the_same_related_papers() -> None:
    """A build computes related papers in a second process (site/related_process.py): the same lists."""
    docs = _synthetic(120, seed=5)
    papers = [_paper(k, t[:40], t) for k, t in docs.items()]
    soon = related_process.RelatedSoon(papers, elsewhere=True)
    assert soon.process is not None
    soon.process.wait()
    assert soon.result is not None  # sent by the second process, not computed here
    expected = related.related_papers(papers)
    assert expected and soon.get() == expected


def test_the_flagship_top_five_lists_stay_as_pinned() -> None:
    """Every flagship paper's five most similar papers, as the inverted-index search found them.

    tests/data/related/flagship.json holds the flagship's 276 documents (title and abstract) frozen
    at commit 459b471 and the lists and cosines computed from them by the code of that commit, so
    that a faster algorithm must give the same related papers, and new content changes nothing here.
    """
    pinned = json.loads((ROOT / "tests" / "data" / "related" / "flagship.json").read_text(encoding="utf-8"))
    found = related.most_similar(related.vectors(pinned["documents"]))
    assert {key: [other for other, _ in pairs] for key, pairs in found.items()} == pinned["top5"]
    for key, pairs in found.items():
        assert [score for _, score in pairs] == pytest.approx(pinned["scores"][key], abs=1e-9), key


def test_blocks_of_rows_give_the_same_result_as_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    """Memory stays bounded by working a block of rows at a time: the blocks must not change a list."""
    docs = _synthetic(300, seed=4)
    vecs = related.vectors(docs)
    exact = related.most_similar(vecs)
    monkeypatch.setattr(related, "EXACT_BUDGET", -1)
    bounded = related.most_similar(vecs)
    monkeypatch.setattr(related, "BLOCK", 7 * 300)  # 7 rows of similarities; bounded: blocks of one or a few rows
    _assert_same(related.most_similar(vecs), bounded)
    monkeypatch.setattr(related, "EXACT_BUDGET", 10**12)
    _assert_same(related.most_similar(vecs), exact)


def _assert_same(found: dict[str, list[tuple[str, float]]], expected: dict[str, list[tuple[str, float]]]) -> None:
    assert {k: [o for o, _ in pairs] for k, pairs in found.items()} == {k: [o for o, _ in pairs] for k, pairs in expected.items()}
    for key, pairs in found.items():
        assert [s for _, s in pairs] == pytest.approx([s for _, s in expected[key]], abs=1e-12)
