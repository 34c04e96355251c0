"""Links to a venue's own proceedings: what the address gives without a lookup.

Lists link many papers on their venue's pages rather than on arXiv: NeurIPS's proceedings
(papers.nips.cc, papers.neurips.cc, proceedings.neurips.cc) and JMLR's papers (jmlr.org). Such a
link says where the paper was published; NeurIPS's newer addresses also say the year
(``/paper/2020/hash/…-Abstract.html``, ``/paper_files/paper/2023/file/…-Paper-Conference.pdf``; the
older ``/paper/8821-a-title`` does not), and a JMLR volume is one year (volume 1 is 2000). The
venue is given by its name, which the survey's venue registry turns into its id as for any import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NEURIPS = re.compile(
    r"https?://(?:papers|proceedings)\.(?:nips|neurips)\.cc/paper(?:_files/paper)?/"
    r"(?:(?P<year>(?:19|20)[0-9]{2})/(?:file|hash)/[0-9a-f]{32}-[A-Za-z_-]+\.(?:pdf|html)|[0-9]+-[a-z0-9-]+(?:\.pdf)?)/?\Z"
)
_JMLR = re.compile(r"https?://(?:www\.)?jmlr\.org/papers/(?:v(?P<v>[0-9]{1,3})/[A-Za-z0-9_.-]+\.html|volume(?P<volume>[0-9]{1,3})/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\.pdf)\Z")
NEURIPS = "Advances in Neural Information Processing Systems"
JMLR = "Journal of Machine Learning Research"


@dataclass(frozen=True)
class Published:
    venue: str  # the venue's name, as its proceedings give it
    year: int | None  # when the address says it


def published_at(url: str) -> Published | None:
    """Where a proceedings link says its paper was published, or None for any other link."""
    neurips = _NEURIPS.match(url)
    if neurips:
        return Published(NEURIPS, int(neurips["year"]) if neurips["year"] else None)
    jmlr = _JMLR.match(url)
    if jmlr:
        return Published(JMLR, 1999 + int(jmlr["v"] or jmlr["volume"]))
    return None
