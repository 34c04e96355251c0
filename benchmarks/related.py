"""Time the related-papers computation: the flagship survey, and a synthetic survey of N papers.

    .venv/bin/python benchmarks/related.py [N]       (N defaults to 10,000)

Synthetic papers mix the words of two seed abstracts (tests/data/seed), so the vocabulary and the
document frequencies look like the real ones, and many papers share many words: a hard case for an
inverted index. Same N, same documents. Below a few thousand papers it also reports how many of the
exact top 5 the bounded search finds.
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


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    survey = load_content(ROOT / "content", display_root=ROOT)
    seconds, _ = timed({p.key: related.document(p) for p in sorted(survey.papers, key=lambda p: p.key)})
    print(f"flagship survey, {len(survey.papers)} papers: {seconds:.3f} s")
    docs = synthetic(count)
    seconds, found = timed(docs)
    print(f"synthetic survey, {count} papers: {seconds:.2f} s")
    if count <= 3000:
        budget, related.EXACT_BUDGET = related.EXACT_BUDGET, 10**12
        _, exact = timed(docs)
        related.EXACT_BUDGET = budget
        hits = sum(len({k for k, _ in exact[d]} & {k for k, _ in found[d]}) for d in docs)
        print(f"  top-5 recall against the exact search: {hits / (5 * count):.3f}")


if __name__ == "__main__":
    main()
