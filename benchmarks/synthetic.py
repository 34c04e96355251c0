"""A deterministic synthetic survey of N papers, shaped like the flagship one.

The taxonomy, facets and columns are the real content/survey.yaml; paper texts are drawn from the
seed abstracts' vocabulary so that sizes and word statistics (for TF-IDF) look like real papers.
Same N and seed, same bytes.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed" / "papers.jsonl"
# libyaml's emitter when PyYAML has it: 100,000 files in under a minute rather than three.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _vocabulary() -> list[str]:
    words: list[str] = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        words += re.findall(r"[A-Za-z][A-Za-z-]{2,}", json.loads(line)["abstract"])
    return words  # with repeats: common words stay common


def _sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(low, high))).capitalize() + "."


def _leaves(nodes: list[dict], above: tuple[dict, ...] = ()) -> list[dict]:
    """Every leaf, with the categories above it under "_above" (for the tags they imply)."""
    out = []
    for node in nodes:
        out += _leaves(node["children"], (*above, node)) if node.get("children") else [node | {"_above": above}]
    return out


def _with_implied_tags(tags: dict[str, list[str]], rules: list[dict]) -> dict[str, list[str]]:
    """The tags with what survey.yaml's `implies` asks (one value of each implied set, the first),
    so every synthetic paper passes `survey check` as a real one must."""
    changed = True
    while changed:
        changed = False
        for rule in rules:
            for facet, values in rule.items():
                if not set(tags.get(facet, [])) & set(values):
                    tags[facet] = sorted({*tags.get(facet, []), values[0]})
                    changed = True
    return tags


def _rules(survey: dict, leaf: dict, tags: dict[str, list[str]], joined: bool) -> list[dict]:
    rules = [c["implies"] for c in (*leaf["_above"], leaf) if c.get("implies")]
    rules += [t["implies"] for t in survey.get("tables", []) if joined and t.get("implies")]
    for facet in survey["facets"]:
        rules += [rule for value, rule in facet.get("implies", {}).items() if value in tags.get(facet["id"], [])]
    return rules


def _fact(rng: random.Random, words: list[str], column: dict):
    kind = column["type"]
    if kind == "number":
        return rng.choice([2048, 4096, 8192, 32768, 100000, 128000, 200000, 1000000])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "list":
        return [rng.choice(words) + "-" + str(rng.randint(1, 70)) + "B" for _ in range(rng.randint(1, 3))]
    if kind == "url":
        return f"https://example.org/{rng.randint(1, 10**6)}"
    return " ".join(rng.choice(words) for _ in range(rng.randint(2, 8)))


def generate(target: Path, n: int, seed: int = 1) -> Path:
    """Write content/ (survey.yaml, pages/, papers/) for ``n`` papers under ``target``."""
    rng = random.Random(seed)
    words = _vocabulary()
    content = target / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "papers").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "survey.yaml", content / "survey.yaml")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    survey = yaml.safe_load((content / "survey.yaml").read_text(encoding="utf-8"))
    registry = sorted(v["id"] for v in survey.get("venues", []))
    leaves = _leaves(survey["taxonomy"])
    table_columns = [c for t in survey.get("tables", []) for c in t["columns"]]
    required_in = {cid for t in survey.get("tables", []) for cid in t.get("required_in", [])}
    # Thousands of distinct names, as in a real field: authors recur across papers, but not all.
    syllables = ["li", "wa", "ng", "ko", "ma", "ri", "sen", "ta", "müll", "er", "gar", "cía", "na", "ka", "o", "fur"]
    first = [(a + b).capitalize() for a in syllables for b in syllables][:160]
    last = [(a + b + c).capitalize() for a in syllables for b in syllables for c in syllables][:3000]
    for i in range(n):
        year = rng.randint(2019, 2026)
        leaf = rng.choice(leaves)
        key = f"p{i:05d}"
        facts = {c["key"]: _fact(rng, words, c) for c in leaf.get("columns", []) if rng.random() < 0.6}
        joined = rng.random() < 0.15 or leaf["id"] in required_in
        if joined:  # a row of the survey-wide tables (some leaves must be)
            facts.update({c["key"]: _fact(rng, words, c) for c in table_columns})
        tags = {f["id"]: sorted(rng.sample(sorted(f["values"]), rng.randint(1, 2))) for f in survey["facets"]}
        for _ in range(3):  # a tag one rule adds may bring another rule in
            tags = _with_implied_tags(tags, _rules(survey, leaf, tags, joined))
        paper = {
            "key": key,
            "title": f"{rng.choice(words).capitalize()} {i}: " + _sentence(rng, words, 6, 14)[:-1],
            "authors": [
                f"{rng.choice(first)} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {rng.choice(last)}"
                for _ in range(max(1, int(rng.lognormvariate(1.7, 0.7))))
            ],
            "year": year,
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "arxiv": f"{year % 100:02d}{rng.randint(1, 12):02d}.{i:05d}",
            "url": f"https://arxiv.org/abs/{year % 100:02d}00.{i:05d}",
            "category": leaf["id"],
            "tldr": _sentence(rng, words, 15, 30),
            "tags": tags,
            "facts": facts,
            "added": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            "abstract": " ".join(_sentence(rng, words, 12, 30) for _ in range(rng.randint(6, 11))),
        }
        if rng.random() < 0.5:
            # The survey's venue registry, if it has one: an id and the year of publication.
            if registry:
                paper["venue"], paper["year"] = rng.choice(registry), year + 1
            else:
                paper["venue"] = rng.choice(["ICLR", "NeurIPS", "ACL", "EMNLP", "ICML", "NAACL"]) + f" {year + 1}"
        if rng.random() < 0.3:
            paper["code"] = f"https://github.com/example/repo{i}"
        text = yaml.dump(paper, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        (content / "papers" / f"{key}.yaml").write_text(text, encoding="utf-8")
    return content
