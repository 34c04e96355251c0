"""Related papers: the most similar papers by TF-IDF cosine over title and abstract, at build time.

Vectors are sparse dicts and similarities are accumulated through an inverted index, so a paper is
only ever compared with papers that share a term with it. While that costs at most ``EXACT_BUDGET``
steps (a few hundred papers) the result is exact. Past it, the work would grow with the square of
the survey, so the index keeps only each term's strongest postings ("champion lists"), each paper
queries with its strongest terms, and the best candidates are scored exactly: 10,000 papers take a
few seconds.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import islice
from operator import itemgetter, mul

from survey.model import Paper

Vector = dict[str, float]

TOP = 5
EXACT_BUDGET = 4_000_000  # pairs of (paper, paper sharing a term) that the exact search may visit
CHAMPIONS = 40  # past the budget: postings kept per term, strongest first
QUERY_TERMS = 16  # past the budget: a paper's strongest terms, used to find candidates
RESCORED = 14  # past the budget: best candidates, then scored exactly

_TOKEN = re.compile(r"[^\W_]+")
# Function words and the words every abstract in this field uses: they say nothing about the topic.
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves via using use used based show shows
    shown propose proposed approach approaches method methods paper work new results result however
    well may many much often one two three first second significantly existing across without within
    et al e g i e""".split()
)


def tokens(text: str) -> Counter[str]:
    """Term counts: lowercase words without stop words or bare numbers, plurals folded ("models" -> "model")."""
    counts: Counter[str] = Counter()
    for word, count in Counter(_TOKEN.findall(text.casefold())).items():
        term = _term(word)
        if term:
            counts[term] += count
    return counts


@lru_cache(maxsize=1 << 16)  # a survey's vocabulary; bounded for long `mkdocs serve` sessions
def _term(word: str) -> str | None:
    if word in _STOP or word.isdigit() or len(word) < 2:
        return None
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def vectors(documents: Mapping[str, str]) -> dict[str, Vector]:
    """L2-normalised TF-IDF vectors (sublinear tf, idf = log(N/df)), keyed like ``documents``.

    Each vector lists its terms strongest first (ties by term), which the candidate search relies on.
    """
    counts = {key: tokens(text) for key, text in documents.items()}
    df: Counter[str] = Counter()
    for terms in counts.values():
        df.update(terms.keys())
    n = len(documents)
    idf = {t: math.log(n / d) for t, d in df.items()}
    result = {}
    for key, terms in counts.items():
        # A term in every document weighs 0: leave it out, it can only slow the index down.
        weights = [(t, (1 + math.log(c)) * idf[t]) for t, c in terms.items() if idf[t] > 0]
        norm = math.sqrt(sum(w * w for _, w in weights))
        weights.sort(key=lambda tw: (-tw[1], tw[0]))
        result[key] = {t: w / norm for t, w in weights}
    return result


def most_similar(vecs: Mapping[str, Vector], top: int = TOP) -> dict[str, list[tuple[str, float]]]:
    """For each key, up to ``top`` (key, cosine) pairs, best first, ties by key; zero scores left out."""
    postings = _postings(vecs)
    # The exact search costs one step per pair of papers sharing a term: affordable for a few hundred.
    exact = sum(len(p) * (len(p) - 1) for p in postings.values()) <= EXACT_BUDGET
    if exact:
        return {key: _top(_scores(key, vec, postings), top) for key, vec in vecs.items()}
    # Candidates are the papers that most often stand among the champions of a paper's strongest
    # terms (counted in C by Counter), then scored exactly: close to the exact result, at a fixed cost.
    strongest = itemgetter(1)  # nlargest keeps ties in posting order, which is by key
    champions = {t: [k for k, _ in heapq.nlargest(CHAMPIONS, p, key=strongest)] for t, p in postings.items()}
    result = {}
    for key, vec in vecs.items():
        seen: Counter[str] = Counter()
        for term in islice(vec, QUERY_TERMS):
            seen.update(champions.get(term, ()))
        seen.pop(key, None)
        result[key] = _top({other: _dot(vec, vecs[other]) for other, _ in seen.most_common(RESCORED)}, top)
    return result


def _scores(key: str, vec: Vector, postings: Mapping[str, list[tuple[str, float]]]) -> dict[str, float]:
    scores: defaultdict[str, float] = defaultdict(float)
    for term, weight in vec.items():
        for other, other_weight in postings.get(term, ()):
            scores[other] += weight * other_weight
    scores.pop(key, None)
    return scores


def _top(scores: Mapping[str, float], top: int) -> list[tuple[str, float]]:
    ranked = heapq.nsmallest(top, scores.items(), key=lambda ks: (-ks[1], ks[0]))
    return [(other, score) for other, score in ranked if score > 0]


def _postings(vecs: Mapping[str, Vector]) -> dict[str, list[tuple[str, float]]]:
    """term -> [(key, weight)] in key order; terms of one document are left out (they match nothing)."""
    postings: defaultdict[str, list[tuple[str, float]]] = defaultdict(list)
    for key, vec in vecs.items():
        for term, weight in vec.items():
            postings[term].append((key, weight))
    return {t: p for t, p in postings.items() if len(p) > 1}


def _dot(a: Vector, b: Vector) -> float:
    # Runs in C, in a's (deterministic) term order: a set would follow string hashes, which change
    # between runs and could flip near-ties from one build to the next.
    common = list(filter(b.__contains__, a))
    total: float = sum(map(mul, map(a.__getitem__, common), map(b.__getitem__, common)))  # typeshed's mul returns Any
    return total


def document(paper: Paper) -> str:
    return f"{paper.title}\n{paper.abstract or ''}"


def related_papers(papers: Iterable[Paper], top: int = TOP) -> dict[str, list[str]]:
    """Paper key -> keys of its ``top`` most similar papers, best first."""
    docs = {p.key: document(p) for p in sorted(papers, key=lambda p: p.key)}
    return {key: [other for other, _ in pairs] for key, pairs in most_similar(vectors(docs), top).items()}
