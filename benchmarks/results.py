"""A run's measurements kept as JSON (`run.py --save`), so that the Performance page can be written
again from them (`run.py --report-from`) when only its reasons (reasons.yaml) or its wording
change: the figures stay those measured, and a full run takes 40 minutes."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from floors import Measured
from reader import ReaderFigures
from report import Corpus, GeneratorRun

FLOORS = [f.name for f in dataclasses.fields(Corpus) if isinstance(f.default, Measured)]  # the build and its floors


@dataclass
class Run:
    corpora: list[Corpus]
    runs: list[GeneratorRun]
    repeat: int
    machine: str
    notes: list[str]
    quick: bool


def save(run: Run, path: Path) -> None:
    path.write_text(json.dumps(dataclasses.asdict(run), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load(path: Path) -> Run:
    data = json.loads(path.read_text(encoding="utf-8"))
    corpora = [_corpus(corpus) for corpus in data.pop("corpora")]
    runs = [GeneratorRun(**run) for run in data.pop("runs")]
    return Run(corpora, runs, **data)


def _corpus(data: dict[str, Any]) -> Corpus:
    for name in FLOORS:
        data[name] = Measured(**data[name])
    if data["reader"] is not None:  # JSON has lists where the figures hold tuples
        figures = data["reader"]
        figures["explorer_largest"] = tuple(tuple(pair) for pair in figures["explorer_largest"])
        figures["page_search_files"] = tuple(figures["page_search_files"])
        data["reader"] = ReaderFigures(**figures)
    return Corpus(**data)
