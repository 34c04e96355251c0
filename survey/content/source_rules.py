"""Rules on where a paper's facts come from (survey.yaml `sources`, matched by survey/source_tiers.py).

Each of a paper's `sources` is on a host of some tier: one on a refused host (a content farm, a
mirror, a wiki) is an error; one on a host in no tier is a warning, since only a maintainer can say
whether a new host deserves a tier. A paper added on or after `primary_since` (every paper, without
it) gives at least one source from a primary tier (the venue's records, the authors' pages, arXiv):
a warning, as the page to cite has to be found by a person. The paper's own links (url, pdf,
code) are not sources, but they are shown on its page: none may be on a refused host either.
"""

from __future__ import annotations

import urllib.parse

from survey.content.yaml_source import Located, PathKey
from survey.errors import WARNING, Problem, excerpt
from survey.model import Paper, Survey
from survey.source_tiers import HostPattern, SourcePolicy, Tier


def check_policy(doc: Located) -> list[Problem]:
    """survey.yaml's own `sources`: a host pattern listed once, a label used by one tier."""
    raw = doc.data.get("sources")
    if raw is None:
        return []
    places: list[tuple[PathKey, str]] = [
        (("sources", "tiers", i, "hosts", j), p) for i, tier in enumerate(raw["tiers"]) for j, p in enumerate(tier["hosts"])
    ]
    places += [(("sources", "refused", j), p) for j, p in enumerate(raw.get("refused", []))]
    problems: list[Problem] = []
    seen: dict[tuple[str, bool, tuple[str, ...]], str] = {}
    for at, text in places:
        pattern = HostPattern.parse(text)
        same = (pattern.host, pattern.subdomains, pattern.path)
        if same in seen:
            problems.append(doc.problem(at, f"{excerpt(text)} is already listed as {excerpt(seen[same])}; list a host once"))
        seen.setdefault(same, text)
    labels: dict[str, int] = {}
    for i, tier in enumerate(raw["tiers"]):
        label = tier["label"]
        if label in labels:
            problems.append(doc.problem(("sources", "tiers", i, "label"), f"{excerpt(label)} is the label of tier {labels[label]} too"))
        labels.setdefault(label, i + 1)
    return problems


def check_sources(survey: Survey, doc: Located, paper: Paper, *, added_sound: bool = True) -> list[Problem]:
    """A paper's sources against the survey's policy: refused hosts, unknown hosts, a primary source."""
    policy = survey.source_policy
    if policy is None:
        return []
    problems: list[Problem] = []
    found: list[Tier | None] = []
    for i, url in enumerate(paper.sources):
        where = policy.classify(url)
        if isinstance(where, HostPattern):
            message = f"{excerpt(url)} is on a refused host ({where.text}: sources.refused in survey.yaml); {_instead(policy)}"
            problems.append(doc.problem(("sources", i), message))
        elif where is None:
            host = excerpt(urllib.parse.urlsplit(url).hostname or url)
            message = f"the host {host} is in no tier of sources in survey.yaml; {_instead(policy)}, or ask a maintainer to list the host"
            problems.append(doc.problem(("sources", i), message, severity=WARNING))
        found.append(where if isinstance(where, Tier) else None)
    if added_sound and _needs_primary(policy, paper) and not any(t is not None and t.primary for t in found):
        problems.append(_no_primary(doc, policy, paper))
    return problems


def check_links(survey: Survey, doc: Located, paper: Paper, fields: list[str]) -> list[Problem]:
    """A paper's own links (url, pdf, code) are shown on its page too: none on a refused host."""
    policy = survey.source_policy
    problems = []
    for name in fields:
        url = getattr(paper, name)
        where = policy.classify(url) if policy is not None and url else None
        if isinstance(where, HostPattern):
            message = f"{excerpt(url)} is on a refused host ({where.text}: sources.refused in survey.yaml); link the paper's own page"
            problems.append(doc.problem((name,), message))
    return problems


def _needs_primary(policy: SourcePolicy, paper: Paper) -> bool:
    # Dates are YYYY-MM-DD (the schemas say so), so they compare as text.
    return bool(policy.primary_tiers()) and (policy.primary_since is None or paper.added >= policy.primary_since)


def _instead(policy: SourcePolicy) -> str:
    labels = ", ".join(t.label for t in policy.primary_tiers() or policy.tiers)
    return f"cite a page of a tier such as {labels} instead"


def _no_primary(doc: Located, policy: SourcePolicy, paper: Paper) -> Problem:
    labels = ", ".join(t.label for t in policy.primary_tiers())
    rule = f"a paper added on or after {policy.primary_since} (sources.primary_since)" if policy.primary_since else "every paper"
    message = f"no source from a primary tier ({labels}): {rule} gives at least one"
    if not paper.sources:
        return doc.problem((), message, name="sources", severity=WARNING)
    return doc.problem(("sources",), message, severity=WARNING)
