"""Links to a venue's own proceedings: what the address gives without a lookup.

Lists link many papers on their venue's pages rather than on arXiv: NeurIPS's proceedings
(papers.nips.cc, papers.neurips.cc, proceedings.neurips.cc), PMLR (proceedings.mlr.press: ICML and
others) and JMLR (jmlr.org). Such a link says where the paper was published and mostly when:
NeurIPS's newer addresses hold the year (``/paper/2020/hash/…-Abstract.html``,
``/paper_files/paper/2023/file/…-Paper-Conference.pdf``; the older ``/paper/8821-a-title`` does
not), a JMLR volume is one year (volume 1 is 2000), and a PMLR paper's id ends in its year's two
digits (``zhu23k``). A PMLR volume is ICML's only where ``ICML_VOLUMES`` says so; another volume
gives its year and no venue. The venue is given by its name, which the survey's venue registry
turns into its id as for any import. NeurIPS's 2021 Datasets and Benchmarks proceedings
(datasets-benchmarks-proceedings.neurips.cc) are a proceedings of their own and not read here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NEURIPS = re.compile(
    r"https?://(?:papers|proceedings)\.(?:nips|neurips)\.cc/paper(?:_files/paper)?/"
    r"(?:(?P<year>(?:19|20)[0-9]{2})/(?:file|hash)/[0-9a-f]{32}-[A-Za-z_-]+\.(?:pdf|html)|[0-9]+-[a-z0-9-]+(?:\.pdf)?)/?\Z"
)
_JMLR = re.compile(r"https?://(?:www\.)?jmlr\.org/papers/(?:v(?P<v>[0-9]{1,3})/[A-Za-z0-9_.-]+\.html|volume(?P<volume>[0-9]{1,3})/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\.pdf)\Z")
_PMLR = re.compile(
    r"https?://proceedings\.mlr\.press/v(?P<volume>[0-9]{1,3})/(?P<id>[a-z_-]+(?P<yy>[0-9]{2})[a-z]{1,3})(?:\.html|/(?P=id)\.pdf)\Z", re.I
)
NEURIPS = "Advances in Neural Information Processing Systems"
JMLR = "Journal of Machine Learning Research"
# ICML's volumes of PMLR: their booktitle and year as each volume's own record gives them
# (github.com/mlresearch/vNNN, _config.yml, at the commit named; v48's "The" is PMLR's).
ICML_VOLUMES: dict[int, tuple[str, int]] = {
    28: ("Proceedings of the 30th International Conference on Machine Learning", 2013),  # mlresearch/v28 aa347cb494a7
    32: ("Proceedings of the 31st International Conference on Machine Learning", 2014),  # mlresearch/v32 57324fc00dd5
    37: ("Proceedings of the 32nd International Conference on Machine Learning", 2015),  # mlresearch/v37 019e1140a14c
    48: ("Proceedings of The 33rd International Conference on Machine Learning", 2016),  # mlresearch/v48 96bb91cb8290
    70: ("Proceedings of the 34th International Conference on Machine Learning", 2017),  # mlresearch/v70 d9e7fbc2ccf5
    80: ("Proceedings of the 35th International Conference on Machine Learning", 2018),  # mlresearch/v80 ddff24bdb300
    97: ("Proceedings of the 36th International Conference on Machine Learning", 2019),  # mlresearch/v97 cbd802382953
    119: ("Proceedings of the 37th International Conference on Machine Learning", 2020),  # mlresearch/v119 d00d7bb1981c
    139: ("Proceedings of the 38th International Conference on Machine Learning", 2021),  # mlresearch/v139 b200b0138011
    162: ("Proceedings of the 39th International Conference on Machine Learning", 2022),  # mlresearch/v162 fbaeac76e646
    202: ("Proceedings of the 40th International Conference on Machine Learning", 2023),  # mlresearch/v202 2b93c4af27ab
    235: ("Proceedings of the 41st International Conference on Machine Learning", 2024),  # mlresearch/v235 3b577057bdd5
    267: ("Proceedings of the 42nd International Conference on Machine Learning", 2025),  # mlresearch/v267 74712b2e711b
}


@dataclass(frozen=True)
class Published:
    venue: str | None  # the venue's name as its proceedings give it, when the address tells
    year: int | None  # when the address tells
    site: str  # where the link points, for a maintainer: "NeurIPS's proceedings", "PMLR volume 202"


def published_at(url: str) -> Published | None:
    """Where a proceedings link says its paper was published, or None for any other link."""
    neurips = _NEURIPS.match(url)
    if neurips:
        return Published(NEURIPS, int(neurips["year"]) if neurips["year"] else None, "NeurIPS's proceedings")
    jmlr = _JMLR.match(url)
    if jmlr:
        return Published(JMLR, 1999 + int(jmlr["v"] or jmlr["volume"]), "JMLR")
    pmlr = _PMLR.match(url)
    if pmlr:
        volume = int(pmlr["volume"])
        venue, year = ICML_VOLUMES.get(volume, (None, 2000 + int(pmlr["yy"])))
        return Published(venue, year, f"PMLR volume {volume}")
    return None
