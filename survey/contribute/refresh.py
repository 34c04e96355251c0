"""`survey refresh`: preprints published since they joined the survey, found in arXiv's and
Crossref's records and proposed as changes to their paper files.

For each paper without a venue (and each published one without a DOI), arXiv's API says what the authors recorded on arXiv: a `journal_ref`
(free text) and the DOI of the published version; Crossref's record of that DOI (or of the DOI the
file already gives) names the container, the year of publication and the kind of work. A venue is
proposed only when one of those names is a name of the survey's venue registry
(`Survey.match_venue`, the one matcher `import` and `check` use): a name it does not know is reported for a maintainer, never guessed.
A maintainer's value is never replaced: only an empty venue and DOI are filled in, the year moves
from the preprint's year to the year of publication together with the venue, and the pages the
facts come from are added to `sources`. A published paper without a DOI gets the one its authors gave
arXiv only when the records file that DOI under the paper's own venue.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from survey.content.identifiers import is_url
from survey.contribute import lookup
from survey.contribute.fetch import Fetcher, FetchError, NotThere
from survey.contribute.paper_file import with_fields
from survey.contribute.writing import rewrite_papers
from survey.errors import SurveyError
from survey.model import Paper, Survey, Venue, arxiv_abs_url

# Crossref's kinds of work that are not a published version: a preprint server's DOI names the preprint.
_NOT_PUBLISHED = {"posted-content", "peer-review", "component", "dataset", "other"}
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.", re.I)  # arXiv's own DOI for the preprint
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


class RefreshError(SurveyError):
    """A service could not be asked or answered with an error: nothing is proposed from a partial run."""


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object


@dataclass(frozen=True)
class Evidence:
    url: str  # where the fact can be seen
    says: str  # what it says there, quoted from the record


@dataclass(frozen=True)
class Proposal:
    path: Path
    key: str
    changes: tuple[Change, ...]
    evidence: tuple[Evidence, ...]

    def fields(self) -> dict[str, object]:
        return {c.field: c.new for c in self.changes if c.field != "sources"}

    def new_sources(self) -> list[str]:
        change = next((c for c in self.changes if c.field == "sources"), None)
        if change is None or not isinstance(change.new, list) or not isinstance(change.old, list):
            return []
        return [str(s) for s in change.new if s not in change.old]


@dataclass(frozen=True)
class Finding:
    """What the records say about a paper that needs a maintainer's eye rather than a change."""

    path: Path
    key: str
    reason: str
    evidence: tuple[Evidence, ...] = ()


@dataclass
class Report:
    proposals: list[Proposal] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    looked_up: int = 0


def preprints(survey: Survey) -> list[Paper]:
    """The papers without a venue that arXiv or Crossref can say more about, and the published papers
    without a DOI whose arXiv record may give one."""
    return [
        p for p in survey.papers
        if (not p.venue and p.published_in is None and (p.arxiv or p.doi)) or (p.published_in is not None and p.arxiv and not p.doi)
    ]


def refresh(survey: Survey, fetcher: Fetcher, progress: Callable[[str], None] | None = None,
            pause: Callable[[float], None] | None = None) -> Report:
    """What the records say about every preprint of ``survey``; RefreshError if a service failed."""
    papers = preprints(survey)
    waits = {"pause": pause} if pause is not None else {}
    ids = sorted({p.arxiv for p in papers if p.arxiv})
    asking_arxiv = _counting(fetcher, "arXiv", -(-len(ids) // lookup.ARXIV_BATCH), progress)
    arxiv = {i: r for (_, i), r in lookup.lookup_many([("arxiv", i) for i in ids], asking_arxiv, **waits).items()}
    dois = {d.lower(): d for p in papers if (d := _doi(p, arxiv.get(p.arxiv or "")))}
    asking_crossref = _counting(fetcher, "Crossref", len(dois), progress)
    crossref = {i.lower(): r for (_, i), r in lookup.lookup_many([("doi", d) for d in dois.values()], asking_crossref, **waits).items()}
    # Crossref answers 404 for a DOI it does not hold (one registered elsewhere): not a failure.
    failed = [r for r in (*arxiv.values(), *crossref.values()) if isinstance(r, FetchError) and not isinstance(r, NotThere)]
    if failed:
        raise RefreshError(f"{failed[0]}; nothing was proposed or written")
    report = Report(looked_up=len(papers))
    for paper in papers:
        record, doi = arxiv.get(paper.arxiv or ""), _doi(paper, arxiv.get(paper.arxiv or ""))
        work = crossref.get(doi.lower()) if doi else None
        if isinstance(record, lookup.NotFound):
            report.findings.append(Finding(Path(paper.source), paper.key, f"arXiv has no paper {paper.arxiv}"))
        found = Found(record if isinstance(record, lookup.Record) else None, work if isinstance(work, lookup.Record) else None, doi)
        outcome = judge(survey, paper, found)
        if isinstance(outcome, Proposal):
            report.proposals.append(outcome)
        elif outcome is not None:
            report.findings.append(outcome)
    return report


@dataclass(frozen=True)
class Found:
    """What the services hold about one paper."""

    arxiv: lookup.Record | None  # its arXiv record
    work: lookup.Record | None  # Crossref's record of its DOI
    doi: str | None  # the published version's DOI, from the file or arXiv

    @property
    def published(self) -> bool:
        return self.work is not None and self.work.work_type not in _NOT_PUBLISHED


def _counting(fetcher: Fetcher, service: str, total: int, progress: Callable[[str], None] | None) -> Fetcher:
    asked = 0

    def counted(url: str) -> bytes:
        nonlocal asked
        asked += 1
        if progress is not None:
            progress(f"asking {service}: request {asked} of {total}")
        return fetcher(url)

    return counted


def _doi(paper: Paper, record: object) -> str | None:
    """The published version's DOI: the file's, else the one the authors gave arXiv (not arXiv's own)."""
    found = paper.doi or (record.doi if isinstance(record, lookup.Record) else None)
    return found if found and not _ARXIV_DOI.match(found) else None


@dataclass(frozen=True)
class Named:
    """A registry venue one record names, with the year that name gives and where it says so."""

    source: str  # arXiv, Crossref
    venue: Venue
    year: int | None
    evidence: Evidence


def judge(survey: Survey, paper: Paper, found: Found) -> Proposal | Finding | None:
    """The change the records support for one preprint, a finding for a maintainer, or None when
    the records say nothing new (still a preprint)."""
    path = Path(paper.source)
    named, unknown, evidence = _names(survey, paper, found)
    if paper.published_in is not None:
        return _published_doi(path, paper, found, named, evidence)
    if not named:
        return _unnamed(path, paper, found, unknown, evidence)
    if len({n.venue.id for n in named}) > 1:
        said = "; ".join(f"{n.source} names {n.venue.id}" for n in named)
        return Finding(path, paper.key, f"the records disagree ({said}); left for a maintainer", evidence)
    venue, year = named[0].venue, _year(named, found)
    if year is None:
        return Finding(path, paper.key, f"published in {venue.short}, but no record gives the year of publication", evidence)
    preprint_year = int(paper.date[:4]) if paper.date else (found.arxiv.year if found.arxiv else paper.year)
    if year != paper.year and paper.year != preprint_year:
        why = f"year: {paper.year} is neither that nor the preprint's year; left for a maintainer"
        return Finding(path, paper.key, f"published in {venue.short} {year}, but {why}", evidence)
    changes = [Change("venue", None, venue.id)] + ([Change("year", paper.year, year)] if year != paper.year else [])
    arxiv_doi = found.arxiv is not None and found.arxiv.doi == found.doi
    if found.doi and not paper.doi and (found.published or (found.work is None and arxiv_doi)):
        changes.append(Change("doi", None, found.doi))
    return _proposal(path, paper, changes, evidence)


def _published_doi(path: Path, paper: Paper, found: Found, named: list[Named], evidence: tuple[Evidence, ...]) -> Proposal | Finding | None:
    """A published paper without a DOI: the DOI the authors gave arXiv, when Crossref or the
    journal_ref files it under the paper's own venue; a finding when they name another venue."""
    assert paper.published_in is not None
    arxiv_doi = found.arxiv is not None and found.doi is not None and found.arxiv.doi == found.doi
    if paper.doi or not arxiv_doi or not (found.published or found.work is None):
        return None
    venues = sorted({n.venue.id for n in named})
    if venues != [paper.published_in.id]:
        said = ", ".join(venues) or "no venue of the registry"
        why = f"arXiv gives the DOI {found.doi}, but the records name {said}, not {paper.published_in.id}; left for a maintainer"
        return Finding(path, paper.key, why, evidence)
    changes = [Change("doi", None, found.doi)]
    return _proposal(path, paper, changes, evidence)


def _proposal(path: Path, paper: Paper, changes: list[Change], evidence: tuple[Evidence, ...]) -> Proposal:
    """The changes, and the pages that show them added to the paper's sources."""
    added = [e.url for e in evidence if e.url not in paper.sources]
    if added:
        changes.append(Change("sources", list(paper.sources), [*paper.sources, *dict.fromkeys(added)]))
    return Proposal(path, paper.key, tuple(changes), evidence)


def _names(survey: Survey, paper: Paper, found: Found) -> tuple[list[Named], list[str], tuple[Evidence, ...]]:
    """The registry venues the records name, the names the registry does not know, and the evidence."""
    said: list[tuple[str, str, Evidence]] = []
    if found.arxiv is not None and found.arxiv.journal_ref and paper.arxiv:
        ref = found.arxiv.journal_ref
        said.append(("arXiv", ref, Evidence(arxiv_abs_url(paper.arxiv) or "", f"journal_ref: {ref}")))
    if found.published and found.work is not None and found.doi:
        said.append(("Crossref", found.work.venue or "", Evidence(crossref_url(found.doi), _describe(found.work))))
    named, unknown = [], []
    for source, name, evidence in said:
        # The one matcher (survey/venue_match.py), which also tries the parts exporters append
        # ("ICSTW 2023, pp. 1-8", "(ISSTA 2020)"): only a registry name matches, nothing is guessed.
        venue = survey.match_venue(name) if name else None
        if venue is not None:
            named.append(Named(source, *venue, evidence))
        elif name:
            unknown.append(name)
    return named, unknown, tuple(e for _, _, e in said if is_url(e.url))


def _unnamed(path: Path, paper: Paper, found: Found, unknown: list[str], evidence: tuple[Evidence, ...]) -> Finding | None:
    if unknown:
        names = " and ".join(f"'{n}'" for n in unknown)
        why = f"unknown venue {names}: add it to the registry (survey.yaml venues) if the paper was published there"
        return Finding(path, paper.key, why, evidence)
    if found.doi and found.arxiv is not None and found.arxiv.doi == found.doi and found.work is None:
        return Finding(path, paper.key, f"arXiv gives the DOI {found.doi} but no venue, and Crossref has no record of it", evidence)
    return None


def _year(named: list[Named], found: Found) -> int | None:
    """Crossref's year of issue, else the year the matched venue name gives, else the one year the
    journal_ref names (none where it names several)."""
    if found.published and found.work is not None:
        return found.work.year
    for name in named:
        if name.year:
            return name.year
    years = set(_YEAR.findall(found.arxiv.journal_ref or "")) if found.arxiv is not None else set()
    return int(years.pop()) if len(years) == 1 else None



def crossref_url(doi: str) -> str:
    return f"{(lookup.CROSSREF_API).rstrip('/')}/{urllib.parse.quote(doi, safe='/')}"


def _describe(work: lookup.Record) -> str:
    parts = [f"container-title: {work.venue}" if work.venue else "no container-title", f"issued {work.year}"]
    parts += [p for p in (work.work_type, work.publisher) if p]
    return ", ".join(parts)


def write(report: Report, survey: Survey) -> list[Path]:
    """Apply every proposal to its file, all or none (ValueError or OSError: nothing written)."""
    texts = []
    for proposal in report.proposals:
        old = proposal.path.read_text(encoding="utf-8")
        try:
            texts.append((proposal.path, old, with_fields(old, proposal.fields(), proposal.new_sources(), survey)))
        except ValueError as error:
            raise ValueError(f"{proposal.path}: {error}; nothing written") from None
    rewrite_papers(texts)
    return [path for path, _, _ in texts]
