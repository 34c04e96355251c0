"""Related papers computed in a second process (survey/second_process.py) while the build renders
the pages before the first paper's: numpy and scipy (0.45 s to import, most of what related papers
cost the flagship) load there, not in the build. A process that has loaded numpy already (a test
session) computes them itself, as does a small survey, and so does a `make serve` session after its
first build."""

from __future__ import annotations

import sys

from survey import second_process
from survey.model import Paper
from survey.second_process import SecondProcess

MIN_PAPERS = 100  # below this, a second Python costs more than the products it would spare


def document(paper: Paper) -> str:
    """What a paper's similarity is computed from: its title and abstract."""
    return f"{paper.title}\n{paper.abstract or ''}"


def worth_a_process(papers: list[Paper]) -> bool:
    return len(papers) >= MIN_PAPERS and "numpy" not in sys.modules


class RelatedSoon:
    """Paper key -> keys of its most similar papers, best first (site/related.py), asked for once."""

    def __init__(self, papers: list[Paper], *, elsewhere: bool) -> None:
        """``elsewhere``: in a second process (see worth_a_process)."""
        self.documents = [(paper.key, document(paper)) for paper in papers]
        self.result: dict[str, list[str]] | None = None
        self.process: SecondProcess | None = None
        if elsewhere:
            self.process = SecondProcess.ask("survey.site.related_process", "main", self._heard, self.documents)

    def _heard(self, result: dict[str, list[str]]) -> None:
        self.result = result

    def get(self) -> dict[str, list[str]]:
        if self.process is not None:
            self.process.wait()
            self.process = None
        if self.result is None:  # computed here: too few papers, numpy loaded already, or the second process failed
            from survey.site.related import related_documents

            self.result = related_documents(dict(self.documents))
        return self.result


def main() -> None:
    """The second process: documents in, related papers out."""
    from survey.site.related import related_documents

    for documents in second_process.incoming():
        second_process.reply(related_documents(dict(documents)))
