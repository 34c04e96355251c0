"""Export what you see: the explorer's buttons that download the current selection (every paper the
filters and the search pass, not only the rows in view) as BibTeX, RIS or CSL-JSON, and the record
files they fetch on the first click (theme/javascripts/explorer/export.js joins them in the browser).

A record is the paper's entry exactly as the site's survey.bib, survey.ris and papers.csl.json hold
it, made once for both (bibtex.Bibliography, ris.Records, exports.csl_record), so a selection
joined in key order is the whole-survey file cut down to it, byte for byte.

The files (format in survey/site/explorer/__init__.py): ``<format>-<n>.json`` for format bib, ris
and csl, papers n*CHUNK to (n+1)*CHUNK-1 in the explorer's order, each as [key, record].
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from survey import urls
from survey.model import Paper
from survey.outputs import bibtex, ris
from survey.site.site import Download

# Papers a record file holds. Measured on the 404-paper flagship: the 7 LoRA papers of 2024 with
# code need 4 RIS files of 25 (165 KB) against 2 of 100 (333 KB); 25 keeps a 10,000-paper survey
# at 400 files a format.
CHUNK = 25


@dataclass(frozen=True)
class Format:
    id: str  # the files' name and the button's data-survey-export
    label: str  # the button's text, before the count


FORMATS = (Format("bib", "BibTeX"), Format("ris", "RIS"), Format("csl", "CSL-JSON"))


def record_path(format_id: str, number: int) -> str:
    return f"{urls.EXPLORER_DATA}{format_id}-{number}.json"


def downloads(papers: Sequence[Paper], bibliography: bibtex.Bibliography, records: ris.Records, csl: Mapping[str, str]) -> list[Download]:
    """The record files of every format; ``papers`` in the explorer's order (data.ordered); ``csl``
    each paper's exports.csl_record. Each record was made once for the site's own files."""
    texts = {"bib": bibliography.texts, "ris": records.texts, "csl": csl}
    files = []
    for each in FORMATS:
        for start in range(0, len(papers), CHUNK):
            chunk = [[p.key, texts[each.id][p.key]] for p in papers[start:start + CHUNK]]
            data = json.dumps(chunk, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
            files.append(Download(record_path(each.id, start // CHUNK), data))
    return files


def controls(form: ET.Element, count: int) -> None:
    """The buttons, each saying how many papers it exports (the script keeps the number true), and
    the line that says when a file was made. Real buttons with text: reachable and named alike by
    keyboard, screen reader and pointer. Nothing here works without the script, as the rest of the form."""
    group = ET.SubElement(form, "div", {"class": "survey-explorer__export", "role": "group", "aria-labelledby": "survey-export-label",
                                        "data-survey-chunk": str(CHUNK)})
    ET.SubElement(group, "span", {"id": "survey-export-label"}).text = "Download these papers:"
    for each in FORMATS:
        button = ET.SubElement(group, "button", {"type": "button", "class": "md-button", "data-survey-export": each.id,
                                                 "data-label": each.label})
        button.text = f"{each.label} ({count})"
    ET.SubElement(group, "span", {"class": "survey-explorer__exported", "role": "status"})
