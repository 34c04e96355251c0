"""`survey import` of awesome lists as people write them: every bullet gets one line of output
(imported, or skipped and why), and the identifiers lists write are found: arXiv ids in links and
as text, DOIs in doi.org and publishers' links, ACL Anthology ids in every link form.

The real lists are excerpts in tests/data/import/real (see its README); they import --offline, so
the records are the lists' own text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import LISTS, import_list, load

from survey.contribute.imports import markdown

REAL = LISTS / "real"
# A list item as CommonMark starts one: a marker (-, *, + or a number with . or )) then a space.
ITEM = re.compile(r"\s*(?:[-*+]|[0-9]{1,9}[.)])\s+\S")
NO_ID = "no identifier found: its links ({}) give no arXiv id, DOI, ACL Anthology id or OpenReview id"
TOC = "a table of contents entry: its links point within the list"


def never(url: str) -> bytes:
    raise AssertionError(f"--offline fetched {url}")


def import_real(project: Path, name: str, capsys) -> list[str]:
    shutil.copy(REAL / name, project / name)
    code, lines = import_list(project, name, "--offline", capsys=capsys, fetcher=never)
    assert code == 0
    return lines


def items(path: Path) -> list[int]:
    """The line of each list item outside fenced code, counted without the reader."""
    lines, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        fenced ^= line.lstrip().startswith(("```", "~~~"))
        if not fenced and ITEM.match(line):
            lines.append(number)
    return lines


def accounted(name: str, lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """(imported labels, {line: why} of the skipped), after asserting that each bullet has one line."""
    *per_bullet, written, summary = lines
    imported = [line.removeprefix("imported ") for line in per_bullet if line.startswith("imported ")]
    skipped = {int(m.group(1)): m.group(2) for line in per_bullet if (m := re.fullmatch(rf"{name}:(\d+): skipped (.*)", line))}
    bullets = items(REAL / name)
    assert len(bullets) >= 30
    assert len(imported) + len(skipped) == len(per_bullet) == len(bullets)  # one line each, none unaccounted
    assert set(skipped) <= set(bullets)
    assert written.startswith(f"{len(imported)} written from the list's own text (--offline)")
    assert summary.startswith(f"{len(imported)} imported, {len(skipped)} skipped.")
    return imported, skipped


def test_every_bullet_of_a_real_list_gets_one_line(project: Path, capsys) -> None:
    imported, skipped = accounted("efficient-llms-survey.md", import_real(project, "efficient-llms-survey.md", capsys))
    toc = ["Efficient Fine-Tuning", "Parameter Efficient Fine-Tuning", "Adapter-based Tuning", "Low-Rank Adaptation",
           "Prefix Tuning", "Prompt Tuning", "Memory Efficient Fine-Tuning"]
    assert skipped == {
        **{line: f'"{name}": {TOC}' for line, name in enumerate(toc, start=1)},
        34: '"LoRA: Low-Rank Adaptation of Large Language Models": a paper with a near-identical title is already in the'
            " survey: content/papers/hu2021lora.yaml",
        47: '"Flash-Decoding for Long-Context Inference": a link to a blog (https://pytorch.org/blog/flash-decoding/) that'
            " names no paper",
    }
    assert len(imported) == 31
    # The title ends where the list's <ins>Venue, year</ins> starts, and at a fullwidth comma.
    assert load(project, "opendelta2023")["title"] == "OpenDelta: A Plug-and-play Library for Parameter-efficient Adaptation of Pre-trained Models"
    adamix = load(project, "adamix2022")  # aclanthology.org/2022.emnlp-main.388/: the id, its year and addresses
    assert (adamix["year"], adamix["url"], adamix["pdf"]) == (2022, "https://aclanthology.org/2022.emnlp-main.388/",
                                                              "https://aclanthology.org/2022.emnlp-main.388.pdf")
    assert "ACL Anthology id 2022.emnlp-main.388" in adamix["note"] and "authors" not in adamix and "venue" not in adamix
    assert load(project, "meft2024")["arxiv"] == "2406.04984"  # arxiv.org/html/2406.04984v1
    assert load(project, "llamaadapter2023")["arxiv"] == "2303.16199"  # doi.org/10.48550/arXiv.2303.16199
    gpt = load(project, "gpt2023")  # a publisher's DOI, the year from <ins>AI Open, 2023</ins>
    assert (gpt["doi"], gpt["year"], gpt["code"]) == ("10.1016/j.aiopen.2023.08.012", 2023, "https://github.com/THUDM/P-tuning")


def test_every_bullet_of_a_list_with_old_anthology_ids_and_publishers_links_gets_one_line(project: Path, capsys) -> None:
    imported, skipped = accounted("nlp4socialgood.md", import_real(project, "nlp4socialgood.md", capsys))
    assert {line: why.split('": ', 1)[1] for line, why in skipped.items()} == {
        7: NO_ID.format("elliottash.com"), 12: NO_ID.format("sbp-brims.org"), 13: NO_ID.format("pnas.org"),
        14: NO_ID.format("pnas.org"), 15: NO_ID.format("cs.cornell.edu"), 30: NO_ID.format("incidentdatabase.ai"),
        34: NO_ID.format("csi.asu.edu"), 37: NO_ID.format("unesdoc.unesco.org"), 38: NO_ID.format("static1.squarespace.com"),
        47: NO_ID.format("hhs.gov"), 51: "no identifier found: no link, and no arXiv id or DOI in its text",
        61: NO_ID.format("terpconnect.umd.edu"), 65: NO_ID.format("nature.com"),
    }
    assert skipped[51] == '"ACM Code of Ethics": no identifier found: no link, and no arXiv id or DOI in its text'
    assert len(imported) == 17
    old = load(project, "entitycentric2019")  # www.aclweb.org/anthology/P19-1243.pdf
    assert (old["title"], old["year"]) == ("Entity-Centric Contextual Affective Analysis", 2019)
    assert (old["url"], old["pdf"]) == ("https://aclanthology.org/P19-1243/", "https://aclanthology.org/P19-1243.pdf")
    assert load(project, "metoo2018")["url"] == "https://aclanthology.org/W18-0802/"  # W18-0802v2.pdf: any version
    wrapped = load(project, "evaluate2016")  # the bullet wraps; the link is on its second line
    assert wrapped["url"] == "https://aclanthology.org/D16-1230/" and wrapped["title"].endswith("for Dialogue Response Generation")
    acm = load(project, "empathy2020")  # dl.acm.org/doi/pdf/10.1145/…?casa_token=…: the DOI, and doi.org's link
    assert (acm["doi"], acm["url"], acm["year"]) == ("10.1145/3313831.3376461", "https://doi.org/10.1145/3313831.3376461", 2020)
    assert load(project, "data2018")["doi"] == "10.1162/tacl_a_00041"  # mitpressjournals.org/doi/pdf/…
    assert load(project, "fifty1997")["doi"] == "10.1056/NEJM199711133372006"  # nejm.org/doi/full/…


def test_every_row_of_a_list_kept_in_a_table_gets_one_line(project: Path, capsys) -> None:
    """Awesome-LLM keeps its milestone papers in a table (date | keywords | institute | [title](link) |
    venue and a citation badge): the import read none of its rows, and said nothing of them."""
    lines = import_real(project, "awesome-llm.md", capsys)
    *per_row, written, summary = lines
    text = (REAL / "awesome-llm.md").read_text(encoding="utf-8").splitlines()
    rows = [number for number, line in enumerate(text, start=1) if line.startswith("| 20")]  # below the header and |:---:|
    assert len(rows) == 33 and len(per_row) == len(rows)  # the header and delimiter rows are no papers
    skipped = {int(m.group(1)): m.group(2) for line in per_row if (m := re.fullmatch(r"awesome-llm.md:(\d+): skipped (.*)", line))}
    assert {line: why.split('": ', 1)[1] for line, why in skipped.items()} == {
        10: NO_ID.format("cs.ubc.ca"), 12: NO_ID.format("d4mucfpksywv.cloudfront.net"), 24: NO_ID.format("semanticscholar.org"),
        25: NO_ID.format("deepmind.com"), 37: "a link to code (github.com) that names no paper",  # BIG-bench links its repository
    }
    assert written.startswith("28 written from the list's own text") and summary.startswith("28 imported, 5 skipped.")
    # Links to the venue's own pages: NeurIPS's proceedings and JMLR give the venue and the year (the
    # test survey has no venue registry, so the name stays; a registry makes it its id, test_venue_match).
    gpt3 = load(project, "language2020")
    assert (gpt3["title"], gpt3["venue"], gpt3["year"]) == (
        "Language models are few-shot learners", "Advances in Neural Information Processing Systems", 2020)
    assert gpt3["url"] == "https://papers.nips.cc/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf"
    assert "on its venue's own site (NeurIPS's proceedings)" in gpt3["note"] and "add the authors and date" in gpt3["note"]
    t5 = load(project, "exploring2020")  # jmlr.org/papers/v21/: volume 21 is 2020
    assert (t5["venue"], t5["year"], t5["url"]) == ("Journal of Machine Learning Research", 2020, "https://jmlr.org/papers/v21/20-074.html")
    attention = load(project, "attention2017")  # arxiv.org/pdf/1706.03762.pdf
    assert (attention["title"], attention["arxiv"], attention["year"]) == ("Attention Is All You Need", "1706.03762", 2017)
    bert = load(project, "bert2019")  # aclanthology.org/N19-1423.pdf: the Anthology's year, not the row's 2018-10
    assert (bert["year"], bert["url"]) == (2019, "https://aclanthology.org/N19-1423/")
    assert load(project, "finetuned2021")["url"] == "https://openreview.net/forum?id=gEZrGCozdqR"  # FLAN, an OpenReview id


NEURIPS, JMLR = "Advances in Neural Information Processing Systems", "Journal of Machine Learning Research"


@pytest.mark.parametrize(
    ("link", "venue", "year"),
    [
        ("https://papers.neurips.cc/paper_files/paper/2022/hash/0cde695b83bd186c1fd456302888454c-Abstract-Conference.html", NEURIPS, 2022),
        ("https://proceedings.neurips.cc/paper/2020/hash/1457c0d6bfcb4967418bfb8ac142f64a-Abstract.html", NEURIPS, 2020),
        ("http://papers.nips.cc/paper/8821-adversarial-training-and-robustness-for-multiple-perturbations.pdf", NEURIPS, None),
        ("https://jmlr.org/papers/volume21/20-074/20-074.pdf", JMLR, 2020),
        ("http://www.jmlr.org/papers/v1/meila00a.html", JMLR, 2000),
        # PMLR: ICML's volumes by their own records; another volume (v222, ACML 2024) gives its year only.
        ("http://proceedings.mlr.press/v97/houlsby19a.html", "Proceedings of the 36th International Conference on Machine Learning", 2019),
        ("https://proceedings.mlr.press/v202/zhu23k/zhu23k.pdf", "Proceedings of the 40th International Conference on Machine Learning", 2023),
        ("https://proceedings.mlr.press/v222/ballout24a.html", None, 2024),
    ],
)
def test_a_link_to_the_venues_own_page_gives_the_venue_and_its_year(link: str, venue: str | None, year: int | None) -> None:
    found, skipped = markdown.read(f"- [A Paper Title Here]({link})\n- [Another Paper Title]({link}) (2019)\n")
    if year is None:  # the old NeurIPS address names no year: the bullet's own year, else skipped
        assert [s.reason for s in skipped] == ["no year: the bullet names no single year, and its link gives none"]
        assert [(f.record.venue, f.record.year) for f in found] == [(venue, 2019)]
    else:
        assert skipped == [] and [(f.record.venue, f.record.year) for f in found] == [(venue, year)] * 2  # the address's year first
    assert all(f.lookup is None and f.record.url == link for f in found)


@pytest.mark.parametrize("link", ["https://papers.nips.cc/", "https://proceedings.neurips.cc/paper/2020", "https://jmlr.org/papers/v21/",
                                  "https://jmlr.org/mloss/", "https://nips.cc/Conferences/2020", "https://proceedings.mlr.press/v202/",
                                  "https://proceedings.mlr.press/v202/assets/logo.png"])
def test_a_venues_other_pages_name_no_paper(link: str) -> None:
    from survey.contribute.imports.proceedings import published_at

    assert published_at(link) is None


def test_a_publications_list_linking_proceedings_imports_each_with_its_venue(project: Path, capsys) -> None:
    """AutoGluon's CITING.md lists its papers on arXiv, NeurIPS's proceedings and PMLR (ICML 2023)."""
    lines = import_real(project, "autogluon-citing.md", capsys)
    assert lines[-1].startswith("6 imported, 1 skipped.")
    assert lines[6] == ('autogluon-citing.md:7: skipped "Benchmarking Multimodal AutoML for Tabular Data with Text…": '
                        + NO_ID.format("datasets-benchmarks-proceedings.neurips.cc"))  # the 2021 track's own proceedings
    xtab = load(project, "xtab2023")
    assert (xtab["venue"], xtab["year"]) == ("Proceedings of the 40th International Conference on Machine Learning", 2023)
    assert "(PMLR volume 202)" in xtab["note"]
    distillation = load(project, "fast2020")
    assert (distillation["venue"], distillation["year"]) == (NEURIPS, 2020)
    assert load(project, "autogluontabular2020")["arxiv"] == "2003.06505"


def test_html_links_in_bullets_give_their_text_as_the_title(project: Path, capsys) -> None:
    """A workshop's accepted papers as HTML anchors (<a href="openreview…" target="_blank">Title</a><br>):
    each paper was labelled '"<a href="' and, for an arXiv link offline, written with that title."""
    *per_bullet, summary = import_real(project, "workshop-accepted-papers.md", capsys)
    assert summary.startswith("0 imported, 24 skipped.") and len(per_bullet) == len(items(REAL / "workshop-accepted-papers.md")) == 24
    assert per_bullet[0] == ('workshop-accepted-papers.md:10: skipped "Analysis of the Attention in Tabular Language Models": '
                             "no year: the bullet names no single year, and its link gives none")  # OpenReview gives no year
    assert not [line for line in per_bullet if "<a" in line or "no year" not in line]
    found, skipped = markdown.read(
        '- <a href="https://arxiv.org/abs/2106.09685" target="_blank">LoRA: Low-Rank Adaptation of Large Language Models</a><br>\n'
        '- <a href="assets/papers/lora.pdf">A paper kept beside the list</a>\n- <a href="#orals">Orals</a>\n')
    assert [(f.record.title, f.lookup) for f in found] == [("LoRA: Low-Rank Adaptation of Large Language Models", ("arxiv", "2106.09685"))]
    assert [(s.line, s.reason) for s in skipped] == [
        (2, "no identifier found: its links point to files beside the list (assets/papers/lora.pdf), not to a paper's page"),
        (3, TOC)]


def test_an_items_second_paragraph_is_part_of_it(project: Path, capsys) -> None:
    """thunlp/PromptPapers puts each paper's title and venue on the item's line and, after a blank
    line, its authors and links indented below: the links were lost (89 of its 112 items skipped)."""
    *per_item, written, summary = import_real(project, "promptpapers.md", capsys)
    assert len(per_item) == len(items(REAL / "promptpapers.md")) == 10 and summary.startswith("9 imported, 1 skipped.")
    assert per_item[-1] == ('promptpapers.md:43: skipped "On the Advance of Making Language Models Better Reasoners": arXiv'
                            " 2205.11822 is already in the survey: content/papers/maieutic2022.yaml")  # the list's own slip
    adapters = load(project, "parameterefficient2019")  # PMLR v97: ICML 2019; the repository as the code
    assert (adapters["venue"], adapters["year"], adapters["code"]) == (
        "Proceedings of the 36th International Conference on Machine Learning", 2019, "https://github.com/google-research/adapter-bert")
    assert load(project, "know2019")["arxiv"] == "1911.12543"
    found, skipped = markdown.read("1. **Title One.** ACL 2021.\n\n   *A. Author* [[pdf](https://arxiv.org/abs/2106.09685)]\n\n"
                                   "Not in the item: [Title Two](https://arxiv.org/abs/2305.14314)\n")
    assert skipped == [] and [(f.line, f.record.title, f.lookup) for f in found] == [(1, "Title One", ("arxiv", "2106.09685"))]


def test_a_line_that_opens_emphasis_with_a_star_and_a_tab_is_no_bullet(project: Path, capsys) -> None:
    """dqxiu/ICL_PaperList writes one paper's authors as "*<tab>Yiming Zhang, … Tan.* [[pdf](…)]": a
    star and a tab read as a list marker, so the authors became a paper of their own (titled with
    their names) and the paper above them was skipped for want of a link."""
    *per_item, written, summary = import_real(project, "icl-paperlist.md", capsys)
    assert summary.startswith("12 imported, 1 skipped.") and len(per_item) == 13
    assert per_item[-1].startswith('icl-paperlist.md:16: skipped "Using N/A string to calibrate LMs away')  # a note, no paper
    active = load(project, "active2022")
    assert (active["title"], active["url"]) == ("Active example selection for in-context learning", "https://aclanthology.org/2022.emnlp-main.622/")
    assert not [line for line in per_item if "Yiming Zhang" in line]
    calibrate = load(project, "calibrate2021")  # proceedings.mlr.press/v139: ICML 2021
    assert (calibrate["venue"], calibrate["year"]) == ("Proceedings of the 38th International Conference on Machine Learning", 2021)
    found, _ = markdown.read("* A real bullet, *emphasis* and all [Title A](https://arxiv.org/abs/2106.09685)\n")
    assert [f.record.title for f in found] == ["Title A"]  # a star bullet whose text pairs its own stars stays one


QLORA = "QLoRA: Efficient Finetuning of Quantized LLMs"


@pytest.mark.parametrize(
    "table",
    [
        # The title in a cell of its own, the paper's link as "[paper]": the longest plain cell is the title.
        f"| Paper | Venue | Links |\n|---|:---:|---|\n| {QLORA} | NeurIPS 2023 | [[paper]](https://arxiv.org/abs/2305.14314) [[code]](https://github.com/artidoro/qlora) |\n",
        # No outer pipes, and a pipe inside a cell escaped.
        f"Title | Year \\| Venue | Link\n--- | --- | ---\n[{QLORA}](https://arxiv.org/pdf/2305.14314.pdf) | 2023 \\| NeurIPS | [code](https://github.com/artidoro/qlora)\n",
    ],
)
def test_a_table_row_gives_its_title_year_and_code(table: str) -> None:
    found, skipped = markdown.read("Some text before the table.\n\n" + table + "\nAfter it, a paragraph | with a pipe.\n")
    assert skipped == []
    assert [(f.line, f.record.title, f.lookup, f.record.year, f.record.code) for f in found] == [
        (5, QLORA, ("arxiv", "2305.14314"), 2023, "https://github.com/artidoro/qlora")]


def test_a_table_in_a_code_block_or_without_a_delimiter_row_is_no_list() -> None:
    row = "| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | 2017 |\n"
    assert markdown.read("```\n| Paper | Year |\n|---|---|\n" + row + "```\n") == ([], [])
    assert markdown.read("| Paper | Year |\n" + row) == ([], [])


TOOLFORMER = "Toolformer: Language Models Can Teach Themselves to Use Tools"
ICL = "Rethinking the Role of Demonstrations: What Makes In-Context Learning Work?"


@pytest.mark.parametrize(
    ("bullet", "title", "lookup", "year"),
    [
        (f"- {TOOLFORMER} (arXiv:2302.04761)", TOOLFORMER, ("arxiv", "2302.04761"), 2023),
        (f"- {TOOLFORMER}, arXiv 2302.04761v2", TOOLFORMER, ("arxiv", "2302.04761"), 2023),
        (f"- **{TOOLFORMER}.** Schick et al. arXiv preprint arXiv:2302.04761 (2023).", TOOLFORMER, ("arxiv", "2302.04761"), 2023),
        ("- One-Shot Sensitivity-Aware Mixed Sparsity Pruning for Large Language Models [[Paper](https://arxiv.org/pdf/2310.09499v1.pdf)]",
         "One-Shot Sensitivity-Aware Mixed Sparsity Pruning for Large Language Models", ("arxiv", "2310.09499"), 2023),
        ("- **GPT Understands, Too.** AI Open, 2023. doi:10.1016/j.aiopen.2023.08.012", "GPT Understands, Too",
         ("doi", "10.1016/j.aiopen.2023.08.012"), 2023),
        ("- NativE, SIGIR 2024, DOI `10.1145/3626772.3657800`", "NativE, SIGIR 2024", ("doi", "10.1145/3626772.3657800"), None),
        ("- [Prefix-Tuning](https://doi.org/10.18653/v1/2021.acl-long.353) (ACL 2021)", "Prefix-Tuning",
         ("doi", "10.18653/v1/2021.acl-long.353"), 2021),
        # The Anthology link and an arXiv link: the one a lookup can use.
        (f"- [{ICL}](https://aclanthology.org/2022.emnlp-main.759/) [[arXiv](https://arxiv.org/abs/2202.12837)]", ICL,
         ("arxiv", "2202.12837"), 2022),
    ],
)
def test_identifiers_written_as_text_and_in_links(bullet: str, title: str, lookup: tuple[str, str], year: int | None) -> None:
    found, skipped = markdown.read(bullet + "\n")
    assert skipped == [] and [(f.record.title, f.lookup, f.record.year or None) for f in found] == [(title, lookup, year)]
    # Without a year the record waits for its lookup (which gives one), or is skipped without it.
    assert found[0].problem == (None if year else "no year: the bullet names no single year, and its link gives none")


@pytest.mark.parametrize(
    ("link", "identifier"),
    [
        ("https://aclanthology.org/2022.emnlp-main.759/", "2022.emnlp-main.759"),
        ("https://aclanthology.org/2022.emnlp-main.759.pdf", "2022.emnlp-main.759"),
        ("https://aclanthology.org/2023.findings-acl.441/", "2023.findings-acl.441"),
        ("https://www.aclweb.org/anthology/2007.sigdial-1.23.pdf", "2007.sigdial-1.23"),
        ("https://aclanthology.org/P19-1243", "P19-1243"),
        ("https://www.aclweb.org/anthology/P19-1243.pdf", "P19-1243"),
        ("https://www.aclweb.org/anthology/P/P19/P19-1243.pdf", "P19-1243"),
        ("https://aclanthology.org/W18-0802v2.pdf", "W18-0802"),
    ],
)
def test_acl_anthology_links_give_the_id_its_year_and_its_addresses(link: str, identifier: str) -> None:
    found, skipped = markdown.read(f"- [{ICL}]({link})\n", "list.md")
    assert skipped == []
    ((entry,),) = [found]
    assert entry.lookup is None and entry.problem is None  # nothing to look up: the bullet's text is the record
    record = entry.record
    assert (record.url, record.pdf) == (f"https://aclanthology.org/{identifier}/", f"https://aclanthology.org/{identifier}.pdf")
    assert record.year == int(identifier[:4]) if "." in identifier else 2000 + int(identifier[1:3])
    assert (record.arxiv, record.doi, record.authors, record.venue) == (None, None, [], None)  # nothing invented
    assert f"ACL Anthology id {identifier}." in (record.note or "")


@pytest.mark.parametrize(
    ("bullet", "reason"),
    [
        ("- [Flash-Decoding for Long-Context Inference](https://pytorch.org/blog/flash-decoding/)",
         "a link to a blog (https://pytorch.org/blog/flash-decoding/) that names no paper"),
        ("- [GPTQ-for-LLaMA](https://github.com/qwopqwop200/GPTQ-for-LLaMa): 4 bits quantization of LLaMA using GPTQ.",
         "a link to code (github.com) that names no paper"),
        ("- [Papers](#papers)", TOC),
        ("- **ACM Code of Ethics.**", "no identifier found: no link, and no arXiv id or DOI in its text"),
        ("- A paper arXiv, 2023", "no identifier found: no link, and no arXiv id or DOI in its text"),  # "arXiv, 2023" is no id
    ],
)
def test_a_bullet_that_names_no_paper_says_why(bullet: str, reason: str) -> None:
    found, skipped = markdown.read(bullet + "\n")
    assert found == [] and [s.reason for s in skipped] == [reason]
