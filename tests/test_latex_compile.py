"""The BibTeX the site ships, run all the way through LaTeX: bibtex with plain and plainnat, biber with biblatex.

Every hostile payload (tests/data/hostile/payloads.yaml) and a set of hostile author names become
papers whose title, authors, venue and abstract all carry them. The site is rendered as it ships and
its survey-full.bib (every entry, with abstracts) is compiled once per style: pdflatex, then bibtex or
biber, then pdflatex again. No step may report an error or a truncation warning. A paper with a DOI
that has an underscore rides along: its reference prints the DOI as the publisher wrote it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA, STYLES, make_bbl, pdflatex

from survey import urls
from survey.content.load import load_content
from survey.site.render import render_site

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow

PAYLOADS: list[str] = yaml.safe_load((DATA / "hostile" / "payloads.yaml").read_text(encoding="utf-8"))
SPECIAL = "~{}\\^"
NAMES = (
    [f"{c}Ann Lee" for c in SPECIAL] + [f"{c} Ann Lee" for c in SPECIAL] + [f"Ann Lee{c}" for c in SPECIAL]
    + [f"Ann {c}Lee" for c in SPECIAL] + [f"{c}{c}Ann" for c in SPECIAL]
    + ["x" * 500, "Ann " + "Lee" * 170, ("Ann " * 125).strip(), "Ann % Lee", "Ann #Lee", "&Ann Lee", "Ann $x$ Lee",
       "Ann\x00Lee", "Ann \u202eLee", "Ann -- Lee", "--Ann Lee", "Ann „Lee“ ¡Lo!", "Ann ]Lee", "]Ann [Lee]",
       "Ann (Lee)", "Ann ¬ ¥ Α ℝ … Lee", "μAnn ℓLee", "Łukasz Żółć-Ørsted"]
)
LONG_TITLES = ["T" * 5000, ("Title " * 833).strip()]
UNSIGNED = ["K" * 5000, ("Heading " * 625).strip()]  # papers without authors, which bibtex labels by the key field


def _paper(key: str, text: str, title: str, authors: list[str] | None) -> dict:
    paper = {"key": key, "title": title, "authors": authors, "year": 2024, "venue": text, "url": "https://example.org/paper",
             "category": "peft", "tldr": "Hostile text.", "tags": {"approach": ["lora"]}, "added": "2026-11-26",
             "abstract": text}
    # Without authors, no venue either: bibtex rightly warns of an @inproceedings without an author.
    return paper if authors else {k: v for k, v in paper.items() if k not in ("authors", "venue")}


def _unique(text: str) -> str:
    """A title for an added case: the case, and a tag that keeps near-identical cases apart."""
    return f"{text} ({hashlib.sha1(text.encode()).hexdigest()[:12]})"


# A DOI with an underscore, in the one document each style compiles: biblatex reads doi verbatim and
# natbib styles print it with \Url (url or hyperref loaded, as in the ACL's template): an escaped
# "tacl\_a" would print, and link to, a DOI with backslashes. (plain prints no DOI.)
DOI = "10.1162/tacl_a_00638"
DOI_IN_BBL = {"plainnat": f"\\doi{{{DOI}}}", "biblatex": f"\\verb {DOI}"}


@pytest.fixture(scope="module")
def bib_text(tmp_path_factory) -> str:
    content = tmp_path_factory.mktemp("latex") / "content"
    shutil.copytree(DATA / "content", content)
    papers = [_paper(f"evil{i:02d}", p, p, [p, "Ann Lee"]) for i, p in enumerate(PAYLOADS)]
    papers += [_paper(f"name{i:02d}", n, _unique(n), [n, "Ann Lee"]) for i, n in enumerate(NAMES + LONG_TITLES)]
    papers += [_paper(f"anon{i}", t, _unique(t), None) for i, t in enumerate(UNSIGNED)]
    papers.append(_paper("lost", "TACL", "Lost in the Middle", ["Nelson F. Liu"]) | {"doi": DOI})
    for paper in papers:
        (content / "papers" / f"{paper['key']}.yaml").write_text(yaml.safe_dump(paper, allow_unicode=True), encoding="utf-8")
    site = render_site(load_content(content))
    downloads = {d.path: d.content.decode("utf-8") for d in site.downloads}
    assert f"doi = {{{DOI}}}" in downloads[urls.SURVEY_BIB] and f"doi = {{{DOI}}}" in downloads[urls.SURVEY_FULL_BIB]
    return downloads[urls.SURVEY_FULL_BIB]


# pdfLaTeX has no glyphs for CJK, Arabic or emoji, whatever the .bib says: a reader sets them with XeLaTeX
# or declares them. They print as "?" here, so only what the .bib controls can fail ("Invalid UTF-8" still does).
UNSET_AS_QUESTION_MARK = r"\makeatletter\def\UTFviii@undefined@err#1{?}\makeatother"


@pytest.mark.parametrize("style", STYLES)
def test_the_shipped_bib_compiles(tmp_path: Path, bib_text: str, style: str) -> None:
    made = make_bbl(tmp_path, bib_text, style, UNSET_AS_QUESTION_MARK + "\n\\usepackage{url}")
    report = made.stdout + made.stderr
    assert made.returncode == 0, report[-3000:]
    # bibtex warns when it truncates a label ("you've exceeded ... entry-string-size"); biber skips bad names.
    assert not re.search(r"error|warn", report, re.IGNORECASE), report[-3000:]
    bbl = (tmp_path / "doc.bbl").read_text(encoding="utf-8")
    assert bbl.count("\\entry{" if style == "biblatex" else "\\bibitem") == len(re.findall("^@", bib_text, re.MULTILINE))
    assert style not in DOI_IN_BBL or DOI_IN_BBL[style] in bbl, f"{style}: the DOI not as the publisher wrote it"
    final = pdflatex(tmp_path)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    errors = [line for line in log.splitlines() if line.startswith("!") or "Error" in line]
    assert final.returncode == 0 and not errors, "\n".join(errors) or final.stdout[-3000:]
