"""Time the related-papers computation: the flagship survey, and a synthetic survey of N papers.

    .venv/bin/python benchmarks/related.py [N]       (N defaults to 10,000)

Synthetic papers mix the words of two seed abstracts (tests/data/seed), so the vocabulary and the
document frequencies look like the real ones, and many papers share many words: a hard case for an
inverted index. Same N, same documents. Where the exact search is within its budget it also reports
how many of the exact top 5 the champion-list search finds.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey.content.load import load_content
from survey.site import related


def synthetic(count: int, seed: int = 5) -> dict[str, str]:
    rng = random.Random(seed)
    lines = (ROOT / "tests" / "data" / "seed" / "papers.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [(row["title"] + " " + row["abstract"]).split() for row in map(json.loads, lines)]
    docs = {}
    for i in range(count):
        a, b = rng.sample(texts, 2)
        docs[f"p{i:05d}"] = " ".join(rng.sample(a, min(len(a), 120)) + rng.sample(b, min(len(b), 60)))
    return docs


def timed(docs: dict[str, str]) -> tuple[float, dict]:
    start = time.perf_counter()
    result = related.most_similar(related.vectors(docs))
    return time.perf_counter() - start, result


def bounded(docs: dict[str, str]) -> tuple[float, dict]:
    budget, related.EXACT_BUDGET = related.EXACT_BUDGET, -1
    try:
        return timed(docs)
    finally:
        related.EXACT_BUDGET = budget


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    survey = load_content(ROOT / "content", display_root=ROOT)
    seconds, _ = timed({p.key: related.document(p) for p in survey.papers})
    print(f"flagship survey, {len(survey.papers)} papers: {seconds:.3f} s")
    docs = synthetic(count)
    cost = related.exact_cost(related.vectors(docs))
    path = "exact" if cost <= related.EXACT_BUDGET else "champion lists"
    seconds, found = timed(docs)
    print(f"synthetic survey, {count} papers: {seconds:.2f} s ({path}; exact products: {cost:,} multiply-adds)")
    if path == "exact":
        seconds, approximate = bounded(docs)
        hits = sum(len({k for k, _ in found[d]} & {k for k, _ in approximate[d]}) for d in docs)
        print(f"  champion lists: {seconds:.2f} s, top-5 recall against the exact search: {hits / (5 * count):.3f}")


if __name__ == "__main__":
    main()
