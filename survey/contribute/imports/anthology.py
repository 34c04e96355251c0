"""ACL Anthology ids in links: what one gives without a lookup.

An id is new-style since 2020 (``2022.emnlp-main.759``: year, volume, number) or old-style before
(``P19-1001``: venue letter, two-digit year, number). Lists link them on aclanthology.org or the old
www.aclweb.org/anthology, as the paper's page (``…/ID/``) or its PDF (``…/ID.pdf``, ``…/IDv2.pdf``).
Offline an id gives its year and the Anthology's addresses for it, nothing else: the title and
authors need the Anthology's page, which survey does not look up.
"""

from __future__ import annotations

import re

ANTHOLOGY = "https://aclanthology.org"
_ID = r"(?P<id>[0-9]{4}\.[a-z0-9]+(?:-[a-z0-9]+)*\.[0-9]+|[A-Z][0-9]{2}-[0-9]{4})"
# aclweb.org's oldest layout nests the id under its letter and volume: anthology/P/P19/P19-1001.pdf
_LINK = re.compile(
    r"https?://(?:www\.)?(?:aclanthology\.org|aclweb\.org/anthology)/(?:[A-Z]/[A-Z][0-9]{2}/)?"
    + _ID
    + r"(?:v[0-9]+)?(?:\.pdf)?/?(?:[?#]\S*)?\Z",
    re.I,
)


def anthology_id(url: str) -> str | None:
    """The Anthology id a link points to (its page or PDF, any version), or None."""
    match = _LINK.match(url)
    if not match:
        return None
    found = match.group("id")
    return found.lower() if "." in found else found.upper()  # the Anthology's own spelling


def anthology_year(identifier: str) -> int:
    """The year an id names: 2022.emnlp-main.759 is from 2022, P19-1001 from 2019, J79-1001 from 1979
    (old-style ids start in 1965 and end in 2019)."""
    if "." in identifier:
        return int(identifier[:4])
    two = int(identifier[1:3])
    return (1900 if two >= 65 else 2000) + two


def anthology_url(identifier: str) -> str:
    return f"{ANTHOLOGY}/{identifier}/"


def anthology_pdf_url(identifier: str) -> str:
    return f"{ANTHOLOGY}/{identifier}.pdf"
