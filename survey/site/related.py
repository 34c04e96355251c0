"""Related papers: the most similar papers by TF-IDF cosine over title and abstract, at build time.

The documents become one sparse matrix (a row per paper, L2-normalised TF-IDF weights), and the
similarities are its products with itself, taken a block of rows at a time so that memory stays
bounded: scipy does the sums in C. While the products cost at most ``EXACT_BUDGET`` multiply-adds
(a few thousand papers) the result is exact. Past it the work would grow with the square of the
survey, so each term keeps only its strongest postings ("champion lists"), each paper queries with
its strongest terms, and the candidates it meets most often are scored exactly: time and memory
then grow linearly, to 100,000 papers and beyond.
"""

from __future__ import annotations

import itertools
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from scipy import sparse

from survey.model import Paper
from survey.site.related_process import document

TOP = 5
EXACT_BUDGET = 400_000_000  # multiply-adds of the exact products (pairs of papers sharing a term): a few seconds
CHAMPIONS = 80  # past the budget: postings kept per term, strongest first
QUERY_TERMS = 24  # past the budget: a paper's strongest terms, used to find candidates
RESCORED = 30  # past the budget: best candidates, then scored exactly
BLOCK = 1 << 22  # similarities held at once (a block of rows times the papers): 32 MB of float64

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

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Vectors:
    """One row per document, keys in sorted order (so a tie between scores goes to the smaller key)."""

    keys: list[str]
    terms: list[str]  # column j is terms[j]
    matrix: sparse.csr_matrix  # L2-normalised TF-IDF weights

    def row(self, key: str) -> dict[str, float]:
        """A document's weights by term, strongest first: for tests and for reading the model."""
        one = self.matrix.getrow(self.keys.index(key))
        pairs = sorted(zip((self.terms[j] for j in one.indices), one.data.tolist(), strict=True), key=lambda tw: (-tw[1], tw[0]))
        return dict(pairs)


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


def vectors(documents: Mapping[str, str]) -> Vectors:
    """L2-normalised TF-IDF vectors (sublinear tf, idf = log(N/df)) of ``documents``, by key."""
    keys = sorted(documents)
    # One document at a time into flat arrays (8 bytes an entry, not a dict per document): at
    # 100,000 papers the term counts would otherwise hold most of a gigabyte.
    seen: dict[str, int] = {}
    rows, ids, tf = array("q"), array("q"), array("d")
    for i, key in enumerate(keys):
        for term, count in tokens(documents[key]).items():
            rows.append(i)
            ids.append(seen.setdefault(term, len(seen)))
            tf.append(count)
    n = len(keys)
    df = np.bincount(np.frombuffer(ids, dtype=np.int64), minlength=len(seen))
    # A term in every document weighs 0: leave it out, it can only slow the products down.
    terms = sorted(t for t, j in seen.items() if df[j] < n)
    column = np.full(len(seen), -1, dtype=np.int64)
    column[[seen[t] for t in terms]] = np.arange(len(terms))
    idf = np.array([math.log(n / int(df[seen[t]])) for t in terms])
    cols = column[np.frombuffer(ids, dtype=np.int64)]
    kept = cols >= 0
    cols = cols[kept]
    weights = (1 + np.log(np.frombuffer(tf, dtype=np.float64)[kept])) * idf[cols]
    matrix = sparse.csr_matrix((weights, (np.frombuffer(rows, dtype=np.int64)[kept], cols)), shape=(n, len(terms)))
    matrix.sort_indices()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.csr_matrix(sparse.diags(1 / np.where(norms > 0, norms, 1)) @ matrix)
    return Vectors(keys, terms, matrix)


def exact_cost(vecs: Vectors) -> int:
    """Multiply-adds of the exact products: one per pair of papers sharing a term."""
    df = np.bincount(vecs.matrix.indices, minlength=len(vecs.terms)).astype(np.int64)
    return int((df * (df - 1)).sum())


def most_similar(vecs: Vectors, top: int = TOP) -> dict[str, list[tuple[str, float]]]:
    """For each key, up to ``top`` (key, cosine) pairs, best first, ties by key; zero scores left out."""
    if exact_cost(vecs) <= EXACT_BUDGET:
        ranked = _exact(vecs.matrix, top)
    else:
        ranked = _bounded(vecs.matrix, top)
    return {key: [(vecs.keys[j], score) for j, score in pairs] for key, pairs in zip(vecs.keys, ranked, strict=True)}


def _exact(matrix: sparse.csr_matrix, top: int) -> list[list[tuple[int, float]]]:
    n = matrix.shape[0]
    transposed = sparse.csr_matrix(matrix.T)
    ranked = []
    step = max(1, BLOCK // max(n, 1))
    for start in range(0, n, step):
        block = (matrix[start : start + step] @ transposed).toarray()
        for offset, scores in enumerate(block):
            scores[start + offset] = 0  # a paper is not related to itself
            ranked.append(_best(np.arange(n), scores, top))
    return ranked


def _best(candidates: Ints, scores: Floats, top: int) -> list[tuple[int, float]]:
    """The ``top`` positive scores, best first, ties by index (candidates are indices, ascending).

    Scores are rounded to 12 decimals first: sums taken in another order (another block size) differ
    in their last bits, and must not reorder papers that are equally similar."""
    scores = np.round(scores, 12)
    positive = scores > 0
    candidates, scores = candidates[positive], scores[positive]
    if len(scores) > top:  # everything at least as good as the top-th score, ties included
        kept = scores >= np.partition(scores, len(scores) - top)[len(scores) - top]
        candidates, scores = candidates[kept], scores[kept]
    order = np.lexsort((candidates, -scores))[:top]
    return list(zip(candidates[order].tolist(), scores[order].tolist(), strict=True))


def _bounded(matrix: sparse.csr_matrix, top: int) -> list[list[tuple[int, float]]]:
    """Candidates are the papers with the best partial cosine over a paper's strongest terms and
    each term's champions, then scored exactly: close to the exact result, at a cost linear in the papers."""
    n = matrix.shape[0]
    queries = _strongest_per_row(matrix, QUERY_TERMS)
    champions = _strongest_per_row(sparse.csr_matrix(matrix.T), CHAMPIONS)
    ranked = []
    step = max(1, BLOCK // (QUERY_TERMS * CHAMPIONS))  # a block's hits are at most this many
    for start in range(0, n, step):
        hits = sparse.coo_matrix(queries[start : start + step] @ champions)
        not_self = hits.row + start != hits.col
        hits = sparse.csr_matrix((hits.data[not_self], (hits.row[not_self], hits.col[not_self])), shape=hits.shape)
        rows, cols = _strongest_per_row(hits, RESCORED).nonzero()
        scores = _row_dots(matrix, rows + start, cols)
        bounds = np.searchsorted(rows, np.arange(hits.shape[0] + 1))
        for i in range(hits.shape[0]):
            ranked.append(_best(cols[bounds[i] : bounds[i + 1]], scores[bounds[i] : bounds[i + 1]], top))
    return ranked


def _strongest_per_row(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """The ``keep`` largest entries of each row (ties by column), the rest dropped."""
    matrix.sort_indices()
    rows, cols, data = [], [], []
    for i, (start, end) in enumerate(itertools.pairwise(matrix.indptr.tolist())):
        for j, value in _best(matrix.indices[start:end], matrix.data[start:end], keep):
            rows.append(i)
            cols.append(j)
            data.append(value)
    return sparse.csr_matrix((data, (rows, cols)), shape=matrix.shape)


def _row_dots(matrix: sparse.csr_matrix, rows: Ints, cols: Ints) -> Floats:
    """Cosines of the pairs (rows[k], cols[k]), a block of pairs at a time."""
    out = np.empty(len(rows))
    step = 1 << 16
    for start in range(0, len(rows), step):
        a, b = matrix[rows[start : start + step]], matrix[cols[start : start + step]]
        out[start : start + step] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def related_papers(papers: Iterable[Paper], top: int = TOP) -> dict[str, list[str]]:
    """Paper key -> keys of its ``top`` most similar papers, best first."""
    return related_documents({p.key: document(p) for p in papers}, top)


def related_documents(docs: Mapping[str, str], top: int = TOP) -> dict[str, list[str]]:
    """As related_papers, from each paper's document (its key -> related_process.document)."""
    return {key: [other for other, _ in pairs] for key, pairs in most_similar(vectors(docs), top).items()}
