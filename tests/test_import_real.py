"""Issue 19: BibTeX as the ACL Anthology, DBLP, Google Scholar, Zotero and arXiv export it.

Every .bib here is an excerpt of a real file in a public repository (tests/data/import/real/README.md
says which); only broken-entry.bib lost a comma on purpose. The reading list is their concatenation,
imported into a survey with the flagship's venue registry that already holds four of its papers."""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import DATA

from survey import cli
from survey.contribute.imports import bibtex

REAL = DATA / "import" / "real"
HELD = ["ouyang2022training", "press2021train", "su2021roformer", "houlsby2019parameterefficient"]  # flagship papers (tests/data/flagship-snapshot)
LIST = ["acl-anthology.bib", "acl-anthology-scrolls.bib", "dblp.bib", "dblp-crossref.bib", "google-scholar.bib", "arxiv.bib",
        "zotero-better-biblatex.bib", "broken-entry.bib", "readmes.bib", "publishers.bib", "href-titles.bib", "model-card.bib",
        "better-biblatex-names.bib", "bibdesk-duplicate-fields.bib", "math-in-title.bib"]


def read(name: str):
    found, skipped = bibtex.read((REAL / name).read_text(encoding="utf-8"))
    return {f.label: f.record for f in found}, skipped


def test_every_real_file_is_listed_in_the_reading_list_and_its_readme() -> None:
    files = sorted(p.name for p in REAL.glob("*.bib"))
    assert files and files == sorted(LIST)
    readme = (REAL / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in files)


def test_anthology_exports_with_month_macros_are_read_whole() -> None:
    records, skipped = read("acl-anthology.bib")
    assert skipped == [] and len(records) == 6  # shin-etal-2020-autoprompt is there twice, one label
    paranmt = records["wieting-gimpel-2018-paranmt"]
    assert (paranmt.title, paranmt.year, paranmt.doi) == (
        "ParaNMT-50M: Pushing the Limits of Paraphrastic Sentence Embeddings with Millions of Machine Translations", 2018, "10.18653/v1/P18-1042")
    assert paranmt.venue == "Proceedings of the 56th Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)"
    assert read("acl-anthology.bib")[0]["petroni-etal-2019-language"].authors[1] == "Tim Rocktäschel"
    scrolls, skipped = read("acl-anthology-scrolls.bib")
    assert skipped == [] and scrolls["kocisky2018narrativeqa"].authors[0] == "Tomáš Kočiský"


def test_dblp_arxiv_and_scholar_exports_give_their_identifiers() -> None:
    dblp, skipped = read("dblp.bib")
    assert skipped == []
    assert (dblp["DBLP:journals/corr/abs-1907-11692"].arxiv, dblp["DBLP:journals/corr/abs-1907-11692"].venue) == ("1907.11692", None)  # CoRR
    assert dblp["DBLP:conf/iclr/Chen0CPPSGGMB0P23"].title == "PaLI: A Jointly-Scaled Multilingual Language-Image Model"
    scholar, skipped = read("google-scholar.bib")
    assert skipped == [] and (scholar["li2023loftq"].arxiv, scholar["li2023loftq"].venue) == ("2310.08659", None)
    assert scholar["wan2023efficient"].authors[-1] == "Yu Zheng"  # "and others" is no author
    arxiv, skipped = read("arxiv.bib")
    assert skipped == [] and {r.arxiv for r in arxiv.values()} >= {"2104.09864", "1904.09751"}
    assert arxiv["xiao2023efficient"].url == "https://arxiv.org/abs/2309.17453"


def test_zotero_biblatex_gives_dates_eprints_and_event_titles() -> None:
    zotero, skipped = read("zotero-better-biblatex.bib")
    assert skipped == []
    rectifiers = zotero["arXiv.org_preprinthe_delving_deep_into_rectifiers_2015"]
    assert (rectifiers.arxiv, rectifiers.year, rectifiers.date) == ("1502.01852", 2015, "2015-02-06")
    assert rectifiers.title == "Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet Classification"
    assert zotero["chaudhari_stochastic_gradient_2018"].venue == "International Conference on Learning Representations"


def test_links_written_in_latex_are_the_papers_or_its_codes_and_anonymous_is_no_author() -> None:
    """Hand-kept entries without a `url` field: a title as \\href{link}{title}, a \\url in
    howpublished. Before, both links were lost and "Anonymous" became an author."""
    records, skipped = read("href-titles.bib")
    assert skipped == []
    assert {label: (r.url, r.code) for label, r in records.items()} == {
        "TramerBoneh2019": ("http://papers.nips.cc/paper/8821-adversarial-training-and-robustness-for-multiple-perturbations.html", None),
        "Dykstra1983": ("https://www.jstor.org/stable/2288193", None),
        "Anonymous2020": ("https://openreview.net/forum?id=Skgq1ANFDB", None),
        "ManoleBW2019": ("https://arxiv.org/abs/1909.07862", None),  # the arXiv id's page, as for any entry with one
        "BoydVandenberghe2004": ("https://web.stanford.edu/~boyd/cvxbook/", None),
    }
    assert records["TramerBoneh2019"].title == "Adversarial Training and Robustness for Multiple Perturbations"
    assert records["ManoleBW2019"].arxiv == "1909.07862"
    assert records["Anonymous2020"].authors == [] and records["Dykstra1983"].authors == ["Richard L Dykstra"]
    card, skipped = read("model-card.bib")
    assert skipped == []
    assert {label: (r.url, r.code, r.venue) for label, r in card.items()} == {
        "dosovitskiy2021vit": (None, None, "International Conference on Learning Representations (ICLR)"),
        "hu2022lora": (None, None, "International Conference on Learning Representations (ICLR)"),
        "mangrulkar2022peft": (None, "https://github.com/huggingface/peft", None),  # software: its repository is the code
        "rw2019timm": (None, "https://github.com/huggingface/pytorch-image-models", None),
    }
    assert card["mangrulkar2022peft"].authors == ["Sourab Mangrulkar", "Sayak Paul"]  # "and others" is no author


def test_biblatex_extended_names_are_read_as_names() -> None:
    """Better BibLaTeX writes a name with a particle in biblatex's extended form (family=Oord,
    given=Aaron, prefix=van den, useprefix=true): pybtex refused it ("Too many commas"), and the
    entry was skipped."""
    records, skipped = read("better-biblatex-names.bib")
    assert skipped == []
    wavenet = records["vandenoordWaveNetGenerativeModel2016"]
    assert wavenet.authors[:3] == ["Aaron van den Oord", "Sander Dieleman", "Heiga Zen"] and len(wavenet.authors) == 9
    assert (wavenet.arxiv, wavenet.year, wavenet.date) == ("1609.03499", 2016, "2016-09-19")
    assert records["yangTorchAudioBuildingBlocks2022"].authors[21] == "Vincent Quenneville-Bélair"
    names = bibtex.read("@misc{k, title={T}, year={2024}, author={family=Puy de Clinchamps, given=Philippe, given-i={{Ph}}, "
                        "prefix=du, useprefix=true and family=Stevenson, given=Adlai E., suffix=III and A, B, C, D}}\n")
    assert names == ([], [bibtex.Skipped(1, "k", "author 'A, B, C, D': Too many commas in 'A, B, C, D'")])
    found, _ = bibtex.read("@misc{k, title={T}, year={2024}, author={family=Puy de Clinchamps, given=Philippe, given-i={{Ph}}, "
                           "prefix=du, useprefix=true and family=Stevenson, given=Adlai E., suffix=III}}\n")
    assert found[0].record.authors == ["Philippe du Puy de Clinchamps", "Adlai E. Stevenson III"]


def test_a_year_a_paper_file_may_not_have_is_named_by_every_reader() -> None:
    """Better BibTeX's fixtures hold items from 1878 and 1883: BibTeX's reader wrote them (and survey
    check then refused the file), CSL-JSON's said "no year"."""
    from survey.contribute.imports import csl_json

    why = "year 1883 is outside the years a paper file may have (1900 to 2100)"
    assert bibtex.read("@article{k, title={T}, year={1883}}\n") == ([], [bibtex.Skipped(1, "k", why)])
    found, skipped = csl_json.read('[{"id": "k", "title": "T", "issued": {"date-parts": [["1883"]]}}]')
    assert (found, [(s.label, s.reason) for s in skipped]) == ([], [("k", why)])


def test_a_field_given_twice_keeps_the_first_as_bibtex_does() -> None:
    """A BibDesk library sent to Better BibTeX's issue tracker repeats `file` in three entries:
    pybtex refused each ("has a duplicate file field"); BibTeX and biber warn and keep the first."""
    records, skipped = read("bibdesk-duplicate-fields.bib")
    assert skipped == [] and len(records) == 7
    history = records["garberayers1998b"]
    assert (history.title, history.year) == ("The Cambridge History of Seventeenth-Century Philosophy", 1998)
    found, _ = bibtex.read("@misc{k, title={First}, title={Second}, year={2024}}\n")
    assert found[0].record.title == "First"


def test_simple_math_in_a_title_reads_as_the_text_it_shows() -> None:
    """{Cu$_2$O} was imported as 'Cu$_2$O', which the BibTeX writer then escaped to Cu\\$\\_2\\$O."""
    records, skipped = read("math-in-title.bib")
    assert skipped == [] and records["Abu-Zeid_1986"].title == (
        "Determination of the Thickness and Refractive Index of Cu₂O Thin Film Using Thermal and Optical Interferometry")
    titles = {  # this field's titles as arXiv and DOI exports write them; math beyond letters and scripts is left as it was
        r"$\mathcal{Y}$-Tuning: An Efficient Tuning Paradigm": "Y-Tuning: An Efficient Tuning Paradigm",
        r"Nearest Neighbor Language Models ($k$NN-LM)": "Nearest Neighbor Language Models (kNN-LM)",
        r"Few-Shot Tuning with (IA)$^3$": "Few-Shot Tuning with (IA)³",
        r"$\infty$-former: Infinite Memory Transformer": "∞-former: Infinite Memory Transformer",
        r"Attention in $O(n^2)$, and \$5 prizes": "Attention in O(n²), and $5 prizes",
        r"Cu$_{2-\delta}$O": "Cu$_2-\\delta $O",
        r"$\mathrm{GPT}$-4 and $\mathbf{x}$": "GPT-4 and x",  # _FORMATTING had left ${GPT}$, which read as math
    }
    for written, read_as in titles.items():
        found, _ = bibtex.read(f"@misc{{k, title={{{written}}}, year={{2024}}}}\n")
        assert found[0].record.title == read_as, written


def test_an_empty_bib_file_is_named_as_such() -> None:
    with pytest.raises(ValueError, match=r"^no BibTeX entry in it: no line starts one with @"):
        bibtex.read("")
    with pytest.raises(ValueError, match=r"^no BibTeX entry in it"):
        bibtex.read("% a comment, and no entry\n")


def test_zoteros_csl_json_dates_give_their_first_year_and_say_which_they_cannot() -> None:
    """Better BibTeX's own expected export of Zotero's date forms (its test fixture): ranges, circa,
    seasons, years as strings, an open end, no issued date, years before the common era."""
    from survey.contribute.imports import csl_json

    found, skipped = csl_json.read((REAL / "better-csl-json-dates.json").read_text(encoding="utf-8"))
    assert {f.label: (f.line, f.record.year, f.record.date) for f in found} == {
        "doe10_edtf_2011": (2, 2011, "2011-05-25"), "doe11_edtf_2011": (29, 2011, "2011-05-25"), "doe12_edtf_2011": (56, 2011, None),
        "doe13_season_2017": (77, 2017, None), "doe14_date2010_2010": (98, 2011, None), "doe15_multiple_2017": (116, 2017, None),
        "doe7_politics_1985": (135, 1985, None), "doe8_title_2017": (169, 2017, None), "doe9_edtf_2011": (189, 2011, "2011-05-25"),
        "t1": (216, 2014, "2014-12-31"), "t3": (330, 2014, "2014-12-31"), "t4": (354, 2014, "2014-12-31"),
    }
    assert found[4].record.authors == ["Doe14"]  # a literal name
    assert [(s.line, s.label, s.reason) for s in skipped] == [
        (287, "t2", "no year: the item has no 'issued' date"),
        (375, "t5", 'no year in \'issued\' (got {"date-parts": [["-334"]]})'),
        (427, "t6", 'no year in \'issued\' (got {"date-parts": [["-100", 7, 12], ["-44", 3, 15]]})'),
    ]


def test_a_crossref_takes_the_volumes_fields_and_the_volume_is_no_paper() -> None:
    records, skipped = read("dblp-crossref.bib")
    assert list(records) == ["DBLP:conf/ijcai/WangCL13"] and records["DBLP:conf/ijcai/WangCL13"].year == 2013
    assert [(s.line, s.label) for s in skipped] == [(14, "DBLP:conf/ijcai/2013")]
    # The volume may come first, and a paper without booktitle takes the volume's title.
    text = (REAL / "dblp-crossref.bib").read_text(encoding="utf-8")
    paper, volume = text.split("\n\n@proceedings")
    found, _ = bibtex.read("@proceedings" + volume + "\n" + paper.replace("  booktitle = {IJCAI},\n", ""))
    assert found[0].record.venue.startswith("IJCAI 2013, Proceedings of the 23rd International Joint Conference on Artificial Intelligence")


def test_a_missing_comma_says_what_to_add_and_where() -> None:
    records, skipped = read("broken-entry.bib")
    assert records == {}
    assert [(s.line, s.reason) for s in skipped] == [
        (1, "line 2: a comma is missing at the end of the line (after the value of 'title', before 'author' on line 3): add ',' there")]


@pytest.fixture
def reading_list(tmp_path: Path) -> tuple[Path, Path, str]:
    content = tmp_path / "content"
    (content / "papers").mkdir(parents=True)
    shutil.copy(DATA / "flagship-snapshot" / "survey.yaml", content / "survey.yaml")
    for key in HELD:
        shutil.copy(DATA / "flagship-snapshot" / "papers" / f"{key}.yaml", content / "papers")
    text = "\n".join((REAL / name).read_text(encoding="utf-8") for name in LIST)
    (tmp_path / "reading-list.bib").write_text(text, encoding="utf-8")
    return tmp_path, content, text


def test_a_reading_list_from_five_exporters_imports_every_entry_or_names_why_not(reading_list, capsys) -> None:
    """Issue 19's "Done when": every entry imported or skipped as a duplicate of a paper the survey
    holds (or of an earlier entry), the broken one named with its line, Rücklé decoded, registry
    venue ids for Anthology, DBLP and PMLR titles, and the rest left in `note` so `check` passes."""
    folder, content, text = reading_list
    code = cli.main(["--content", str(content), "import", "--offline", str(folder / "reading-list.bib")], today=datetime.date(2026, 12, 7))
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    lines = [line.replace(f"{folder}/", "") for line in out.splitlines()]
    imported = [line for line in lines if line.startswith("imported ")]
    skipped = [line for line in lines if ": skipped " in line]
    entries = len(re.findall(r"^@", text, re.M))
    assert lines[-1].startswith(f"{len(imported)} imported, {len(skipped)} skipped.") and len(imported) + len(skipped) == entries
    broken_line = text[: text.index("@inproceedings{najafi-fyshe-2023-weakly")].count("\n") + 1
    why = {re.search(r": skipped (\S+): ", line).group(1): line for line in skipped}  # a key has no space, DBLP's have colons
    assert why.pop("najafi-fyshe-2023-weakly") == (
        f"reading-list.bib:{broken_line}: skipped najafi-fyshe-2023-weakly: line {broken_line + 1}: a comma is missing at the end of"
        f" the line (after the value of 'title', before 'author' on line {broken_line + 2}): add ',' there")
    assert "a proceedings volume, not a paper" in why.pop("DBLP:conf/ijcai/2013")
    assert len(why) == 8 and all("is already in the survey: content/papers/" in line for line in why.values())
    named = {line.rsplit("content/papers/", 1)[1] for line in why.values()}
    # the file's own second copy too, the model card's ViT, which DBLP's gave before it, and Better
    # BibLaTeX's second WaveNet entry (the same arXiv id)
    assert named == {f"{key}.yaml" for key in HELD} | {"shin2020autoprompt.yaml", "dosovitskiy2021image.yaml", "oord2016dummy.yaml"}
    papers = {data["title"]: data for path in (content / "papers").glob("*.yaml") if (data := yaml.safe_load(path.read_text(encoding="utf-8")))}
    assert "Andreas Rücklé" in papers["AdapterHub: A Framework for Adapting Transformers"]["authors"]
    assert "Andreas Rücklé" in papers["BEIR: A Heterogeneous Benchmark for Zero-shot Evaluation of Information Retrieval Models"]["authors"]
    venues = {
        "ParaNMT-50M: Pushing the Limits of Paraphrastic Sentence Embeddings with Millions of Machine Translations": ("acl", 2018),
        "Efficient (Soft) Q-Learning for Text Generation with Limited Good Data": ("findings-emnlp", 2022),
        "Language Models as Knowledge Bases?": ("emnlp", 2019),  # EMNLP-IJCNLP
        "GrIPS: Gradient-free, Edit-based Instruction Search for Prompting Large Language Models": ("eacl", 2023),
        "AutoPrompt: Eliciting Knowledge from Language Models with Automatically Generated Prompts": ("emnlp", 2020),
        "SummScreen: A Dataset for Abstractive Screenplay Summarization": ("acl", 2022),
        "The NarrativeQA Reading Comprehension Challenge": ("tacl", 2018),
        "ContractNLI: A Dataset for Document-level Natural Language Inference for Contracts": ("findings-emnlp", 2021),
        "QuALITY: Question Answering with Long Input Texts, Yes!": ("naacl", 2022),
        "The Curse of Dense Low-Dimensional Information Retrieval for Large Index Sizes": ("acl", 2021),  # ACL-IJCNLP, Volume 2
        "Adapters: A Unified Library for Parameter-Efficient and Modular Transfer Learning": ("emnlp", 2023),
        "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale": ("iclr", 2021),  # DBLP
        "PaLI: A Jointly-Scaled Multilingual Language-Image Model": ("iclr", 2023),
        "Unified Named Entity Recognition as Word-Word Relation Classification": ("aaai", 2022),
        "Memory Augmented Policy Optimization for Program Synthesis and Semantic Parsing": ("neurips", 2018),
        "Stochastic Gradient Descent Performs Variational Inference, Converges to Limit Cycles for Deep Networks": ("iclr", 2018),
        "LoRA: Low-Rank Adaptation of Large Language Models": ("iclr", 2022),  # "... Representations (ICLR)", a model card's
        "Adversarial Training and Robustness for Multiple Perturbations": ("neurips", 2019),  # "... Systems 32"
    }
    assert {title: (papers[title].get("venue"), papers[title]["year"]) for title in venues} == venues
    unknown = {"Large-Scale, Diverse, Paraphrastic Bitexts via Sampling and Clustering": "Proceedings of the 23rd Conference on Computational",
               "Emergent Abilities of Large Language Models": "Trans. Mach. Learn. Res.",
               "Collaborative Topic Regression with Social Regularization for Tag Recommendation": "IJCAI"}
    peft = papers["PEFT: State-of-the-art Parameter-Efficient Fine-Tuning methods"]
    assert (peft.get("url"), peft["code"]) == (None, "https://github.com/huggingface/peft")
    assert "authors" not in papers["Curvature-based Robustness Certificates against Adversarial Examples"]  # "Anonymous"
    for title, said in unknown.items():
        assert "venue" not in papers[title] and f'Venue as the source gives it: "{said}' in papers[title]["note"]
    assert cli.main(["--content", str(content), "schema"]) == 0
    cli.main(["--content", str(content), "check"])
    problems = capsys.readouterr().err.splitlines()
    assert problems and not [line for line in problems if ": venue" in line or ": year" in line]  # tldr, category, tags: to write
