"""Which tier of trust a source page belongs to (survey.yaml `sources`): the one rule `survey check`
and the paper pages share.

A host pattern is a host name (``aclanthology.org``), or ``*.`` and a domain for the domain and every
name under it (``*.arxiv.org``), optionally followed by a path prefix that whole path segments must
match (``github.com/acl-org/acl-anthology``). A leading ``www.`` is ignored on both sides, and hosts
and paths compare without regard to case. Where several patterns match, the most specific wins: the
longer path prefix, then an exact host over a ``*.`` one, then the longer host. So
``github.com/acl-org/acl-anthology`` can be a venue's records while ``github.com`` is the authors'.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from functools import cached_property, lru_cache


@dataclass(frozen=True)
class HostPattern:
    text: str  # as written in survey.yaml, for messages
    host: str
    subdomains: bool  # written with a leading "*."
    path: tuple[str, ...]  # the path prefix's segments, lower-cased

    @classmethod
    def parse(cls, text: str) -> HostPattern:
        host, _, path = text.partition("/")
        subdomains = host.startswith("*.")
        return cls(text, _bare(host.removeprefix("*.")), subdomains, _segments(path))

    def matches(self, host: str, path: tuple[str, ...]) -> bool:
        on_host = host == self.host or (self.subdomains and host.endswith("." + self.host))
        return on_host and path[: len(self.path)] == self.path

    @property
    def specificity(self) -> tuple[int, int, int]:
        return (len(self.path), not self.subdomains, len(self.host))


@dataclass(frozen=True)
class Tier:
    number: int  # 1 for the most trusted
    label: str  # what a paper page shows beside each source: "proceedings", "arXiv"
    about: str  # what the tier holds, for messages and readers
    primary: bool  # a source here counts for `primary_since`
    hosts: tuple[HostPattern, ...]


@dataclass(frozen=True)
class SourcePolicy:
    """survey.yaml `sources`: tiers of trust, most trusted first; hosts refused outright; and the
    date from which a newly added paper must give a source from a primary tier."""

    tiers: tuple[Tier, ...]
    refused: tuple[HostPattern, ...] = ()
    primary_since: str | None = None  # YYYY-MM-DD; None: every paper

    def __hash__(self) -> int:
        # The cache of _classify hashes the policy at every call: its tiers and patterns are hashed
        # once, not each time (about 20 hashes deep, 10 µs; 2,600 calls in the flagship's build).
        return self._hash

    @cached_property
    def _hash(self) -> int:
        return hash((self.tiers, self.refused, self.primary_since))  # as the dataclass's own __hash__

    def classify(self, url: str) -> Tier | HostPattern | None:
        """The tier of ``url``'s page, the refused pattern it matches, or None for a host in no list."""
        return _classify(self, url)

    def _classify(self, url: str) -> Tier | HostPattern | None:
        parts = urllib.parse.urlsplit(url)
        host, path = _bare(parts.hostname or ""), _segments(parts.path)
        return next((owner for owner, pattern in self._by_specificity if pattern.matches(host, path)), None)

    def tier_of(self, url: str) -> Tier | None:
        found = self.classify(url)
        return found if isinstance(found, Tier) else None

    @cached_property
    def _by_specificity(self) -> list[tuple[Tier | HostPattern, HostPattern]]:
        """Every pattern with its owner, the most specific first (a stable sort: among equals, the
        one listed first), so the first that matches is the answer; made once per policy."""
        patterns = [(tier, p) for tier in self.tiers for p in tier.hosts] + [(p, p) for p in self.refused]
        return sorted(patterns, key=lambda owned: owned[1].specificity, reverse=True)

    def primary_tiers(self) -> list[Tier]:
        return [tier for tier in self.tiers if tier.primary]


def _bare(host: str) -> str:
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")


def _segments(path: str) -> tuple[str, ...]:
    return tuple(segment.lower() for segment in path.split("/") if segment)


@lru_cache(maxsize=1 << 14)  # a page and the checks ask for the same sources; an equal policy (a `make serve` rebuild) hits too
def _classify(policy: SourcePolicy, url: str) -> Tier | HostPattern | None:
    return policy._classify(url)
