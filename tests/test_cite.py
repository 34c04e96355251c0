"""A paper's reference in reading styles (survey/outputs/reading_styles.py): APA, the ACL's and IEEE,
formatted by citeproc-py with the styles' own CSL files, without a build. Expected strings are the
styles' output for fixture papers, read against each style's rules; papers.csl.json is read back by
citeproc-py's own CSL-JSON reader for every fixture paper."""

from __future__ import annotations

import json

import pytest
from citeproc.source.json import CiteProcJSON
from conftest import DATA, make_paper, small_survey
from selectolax.lexbor import LexborHTMLParser

from survey.content.load import load_content
from survey.outputs import reading_styles
from survey.outputs.exports import csl_json
from survey.outputs.reading_styles import STYLES, format_item, reading_record, references
from survey.outputs.reference_cache import ReferenceCache
from survey.outputs.reference_helper import ReferenceHelper
from survey.site.render import render_site


@pytest.fixture(scope="module")
def flagship():
    return load_content(DATA / "flagship-snapshot")


def _texts(paper) -> dict[str, str]:
    return {reference.style.label: reference.text for reference in references(paper)}


def _paper(survey, key: str):
    return next(p for p in survey.papers if p.key == key)


def test_a_conference_paper_in_apa_acl_and_ieee(flagship) -> None:
    # EMNLP 2024 from the venue registry, with a DOI: the year of publication, not the arXiv date.
    assert _texts(_paper(flagship, "ovadia2023finetuning")) == {
        "APA": "Ovadia, O., Brief, M., Mishaeli, M., & Elisha, O. (2024). Fine-Tuning or Retrieval? Comparing Knowledge Injection in LLMs. "
               "Proceedings of the 2024 Conference on Empirical Methods in Natural Language Processing. "
               "https://doi.org/10.18653/v1/2024.emnlp-main.15",
        "ACL": "Oded Ovadia, Menachem Brief, Moshik Mishaeli, and Oren Elisha. 2024. Fine-Tuning or Retrieval? Comparing Knowledge Injection "
               "in LLMs. In Proceedings of the 2024 Conference on Empirical Methods in Natural Language Processing.",
        "IEEE": "O. Ovadia, M. Brief, M. Mishaeli, and O. Elisha, “Fine-Tuning or Retrieval? Comparing Knowledge Injection in LLMs,” in "
                "Proceedings of the 2024 Conference on Empirical Methods in Natural Language Processing, 2024. "
                "doi: 10.18653/v1/2024.emnlp-main.15.",
    }


def test_a_conference_paper_named_in_free_text() -> None:
    # A survey without a venue registry: the venue as the file writes it.
    assert _texts(_paper(small_survey(), "hu2021lora")) == {
        "APA": "Hu, E. J., Shen, Y., & Wallis, P. (2021). LoRA: Low-Rank Adaptation of Large Language Models. ICLR 2022. "
               "https://arxiv.org/abs/2106.09685",
        "ACL": "Edward J. Hu, Yelong Shen, and Phillip Wallis. 2021. LoRA: Low-Rank Adaptation of Large Language Models. In ICLR 2022.",
        "IEEE": "E. J. Hu, Y. Shen, and P. Wallis, “LoRA: Low-Rank Adaptation of Large Language Models,” in ICLR 2022, 2021. "
                "[Online]. Available: https://arxiv.org/abs/2106.09685",
    }


def test_an_arxiv_preprint_in_apa_acl_and_ieee(flagship) -> None:
    # APA 7 cites a preprint with its archive's number and name; IEEE with its date, as Zotero's
    # citeproc-js writes them; the ACL's 2013 style prints no number for this type.
    assert _texts(_paper(flagship, "press2021train")) == {
        "APA": "Press, O., Smith, N. A., & Lewis, M. (2021). Train Short, Test Long: Attention with Linear Biases Enables Input Length "
               "Extrapolation (arXiv:2108.12409). arXiv. https://arxiv.org/abs/2108.12409",
        "ACL": "Ofir Press, Noah A. Smith, and Mike Lewis. 2021. Train Short, Test Long: Attention with Linear Biases Enables Input "
               "Length Extrapolation.",
        "IEEE": "O. Press, N. A. Smith, and M. Lewis, “Train Short, Test Long: Attention with Linear Biases Enables Input Length "
                "Extrapolation,” Aug. 27, 2021, arXiv: arXiv:2108.12409. [Online]. Available: https://arxiv.org/abs/2108.12409",
    }


def test_a_preprint_without_authors_is_led_by_its_title_once() -> None:
    assert _texts(_paper(small_survey(), "interp2023")) == {
        "APA": "Position Interpolation Without Authors (arXiv:2306.15595). (2023). arXiv. https://arxiv.org/abs/2306.15595",
        "ACL": "2023. Position Interpolation Without Authors.",
        "IEEE": "“Position Interpolation Without Authors,” 2023, arXiv: arXiv:2306.15595. [Online]. Available: https://arxiv.org/abs/2306.15595",
    }


@pytest.mark.parametrize("source", ["test", "flagship-snapshot"])
def test_citeprocs_reader_reads_every_record_of_papers_csl_json(source: str, flagship) -> None:
    """papers.csl.json as written, read by citeproc-py's CSL-JSON reader: every record formats in
    every style and names its paper; a preprint's reference is the page's own."""
    survey = small_survey() if source == "test" else flagship
    items = json.loads(csl_json(survey))
    assert len(items) == len(survey.papers) > 0
    by_key = {p.key: p for p in survey.papers}
    for item in items:
        paper = by_key[item["id"]]
        reader = CiteProcJSON([item])
        assert str(reader[paper.key]["title"]) == paper.title  # what the reader took from the file
        for style in STYLES:
            text = format_item(item, style.file)
            assert paper.title.rstrip(".") in text and str(paper.year) in text, (paper.key, style.id, text)
            if "container-title" not in item:  # a preprint: the record as the file has it
                assert text == _texts(paper)[style.label], (paper.key, style.id)


def test_a_published_paper_is_cited_by_its_published_title_and_year(flagship) -> None:
    paper = make_paper("k2023x", title="A preprint's title", published_title="The Published Title", venue="iclr", year=2024,
                       published_in=flagship.venues["iclr"], date="2023-05-01", arxiv="2305.00001", authors=("Ann Lee",))
    record = reading_record(paper)
    assert record["title"] == "The Published Title" and record["issued"] == {"date-parts": [[2024]]} and "number" not in record
    assert "abstract" not in reading_record(make_paper("k2024y", abstract="Long text."))


HOSTILE = "<img src=x onerror=alert(1)> {\\textbf} & \"quotes\" </dd><script>alert(2)</script>"


def test_hostile_text_stays_plain_and_the_page_escapes_it() -> None:
    """citeproc-py's HTML formatter would print the tag as it is: the plain text is kept, and the
    page prints it escaped."""
    survey = small_survey()
    evil = make_paper("evil2024", title=HOSTILE, authors=(HOSTILE, "Ann Lee"), venue=HOSTILE, category="peft")
    survey.papers.append(evil)
    texts = _texts(evil)
    assert all(HOSTILE in text for text in texts.values()), texts
    page = next(p for p in render_site(survey).pages if p.path == "papers/evil2024.md")
    _, front_matter, body = page.markdown.split("---\n", 2)  # the front matter is data: theme/main.html escapes it
    assert "<img" not in body and "<script>" not in body
    tree = LexborHTMLParser(body)  # as a browser reads it
    assert not tree.css("img, script")
    assert {style.label: tree.css_first(f"#cite-{style.id}").text() for style in STYLES} == texts  # the text, to the character


def test_a_reference_made_before_is_read_from_the_cache_file(tmp_path, monkeypatch) -> None:
    """A build formats only what no earlier build formatted: the file's text is used as it is
    (here a marked one), and what is formatted anew is written for the next build."""
    monkeypatch.setenv("SURVEY_CACHE_DIR", str(tmp_path))
    reading_styles._cache.cache_clear()
    paper = _paper(small_survey(), "hu2021lora")
    made = references(paper)
    reading_styles.save()
    stored = json.loads((tmp_path / "references.json").read_text(encoding="utf-8"))
    assert sorted(stored["references"].values()) == sorted(r.text for r in made)
    key = next(key for key, text in stored["references"].items() if text == made[0].text)
    stored["references"][key] = "Made by an earlier build."
    (tmp_path / "references.json").write_text(json.dumps(stored), encoding="utf-8")
    reading_styles._cache.cache_clear()  # a new process
    assert references(paper)[0].text == "Made by an earlier build."
    stored["edition"] = "another citeproc-py or style file"
    (tmp_path / "references.json").write_text(json.dumps(stored), encoding="utf-8")
    reading_styles._cache.cache_clear()
    assert references(paper) == made  # formatted again
    reading_styles._cache.cache_clear()


def test_a_cache_file_that_cannot_be_read_or_written_changes_nothing(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SURVEY_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "references.json").write_text("{not json", encoding="utf-8")
    cache = ReferenceCache("edition")
    assert cache.get("apa:0") is None
    cache.put("apa:0", "A reference.")
    cache.save()
    assert ReferenceCache("edition").get("apa:0") == "A reference." and ReferenceCache("other").get("apa:0") is None
    monkeypatch.setenv("SURVEY_CACHE_DIR", str(tmp_path / "cache" / "references.json" / "below-a-file"))
    cache.put("apa:1", "Another.")
    cache.save()  # cannot be written: no error, and no file half written
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["references.json"]


def test_the_second_process_formats_the_same_references(flagship, tmp_path, monkeypatch) -> None:
    """A cold build formats in a second process too (outputs/reference_helper.py): what it sends is
    what this process formats, to the character, and a build takes it."""
    monkeypatch.setenv("SURVEY_CACHE_DIR", str(tmp_path / "with"))
    monkeypatch.setattr(reading_styles, "MIN_ITEMS", 1)
    reading_styles._cache.cache_clear()
    papers = flagship.papers[:20]
    reading_styles.prepare(papers)
    (helper,) = reading_styles._helper
    helper.process.wait()  # all sent before the first is asked for: every reference comes from the helper
    assert len(helper.sent) == len(papers) * len(STYLES)
    with_helper = [references(p) for p in papers]
    reading_styles.save()
    monkeypatch.setenv("SURVEY_CACHE_DIR", str(tmp_path / "without"))
    monkeypatch.setattr(reading_styles, "MIN_ITEMS", 10**9)
    reading_styles._cache.cache_clear()
    reading_styles.prepare(papers)
    assert not reading_styles._helper
    assert [references(p) for p in papers] == with_helper
    reading_styles._cache.cache_clear()


def test_a_helper_that_fails_changes_nothing(flagship, tmp_path, monkeypatch) -> None:
    """The second process dies on a style file that does not exist (its last item, the first it
    formats): it sends nothing, and this process is told so rather than kept waiting."""
    record = reading_record(flagship.papers[0])
    helper = ReferenceHelper([("apa:good", "apa.csl", record), ("apa:bad", "no-such-style.csl", record)])
    helper.process.wait()
    assert helper.process.process.returncode != 0
    assert helper.take("apa:good") is None and helper.sent == {}
    helper.stop()
