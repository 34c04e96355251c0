"""Real mkdocs builds: the small test survey, the project's own site, and a build that must fail."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, mkdocs_build, run, search_index
from pybtex.database import parse_file

# Builds the site, compiles LaTeX or drives a browser: left out of `make test-fast`.
pytestmark = pytest.mark.slow


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html))


def test_build_of_the_test_survey(built_test_survey: Path) -> None:
    site = built_test_survey / "site"  # built by mkdocs build --strict, which must succeed (conftest.py)

    category = (site / "adaptation" / "peft" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>(.*?)</tr>", category, re.S)
    assert len(rows) == 2  # header + one paper
    cells = [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", rows[1], re.S)]
    assert cells == ["LoRA: Low-Rank Adaptation of Large Language Models", "2021", "ICLR 2022", "LoRA", "0.01", "GPT-3 175B, RoBERTa", "–"]
    assert 'href="../../papers/hu2021lora/"' in category
    assert "Trainable parameters (%)" in _text(category)

    paper = (site / "papers" / "hu2021lora" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in paper and "LoRA: Low-Rank Adaptation of Large Language Models" in _text(paper)
    assert "Edward J. Hu, Yelong Shen, Phillip Wallis" in _text(paper)
    assert 'href="https://github.com/microsoft/LoRA"' in paper
    block = re.search(r'<div class="highlight"><pre>(.*?)</pre>', paper, re.S)
    assert block and "@inproceedings{hu2021lora," in _text(block.group(1))
    assert "NOTE-MUST-NOT-LEAK" not in paper
    assert 'download="hu2021lora.bib"' in paper

    # Paper pages are reachable from tables and search, not from the sidebar.
    home = (site / "index.html").read_text(encoding="utf-8")
    sidebar = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', home, re.S)
    assert sidebar and "Position interpolation" in sidebar.group(0) and "papers/" not in sidebar.group(0)
    assert "Position interpolation" in _text(home)
    assert search_index(site)["/papers/hu2021lora/"]["meta"]["title"] == "LoRA: Low-Rank Adaptation of Large Language Models"

    bib = parse_file(str(site / "survey.bib"), "bibtex")
    assert sorted(bib.entries) == ["hu2021lora", "interp2023", "muller2024german"]
    assert sorted(parse_file(str(site / "bib" / "peft.bib"), "bibtex").entries) == ["hu2021lora"]
    assert sorted(parse_file(str(site / "bib" / "adaptation.bib"), "bibtex").entries) == ["hu2021lora", "muller2024german"]
    assert (site / "schema" / "paper.schema.json").is_file()
    assert (site / "about" / "index.html").is_file()

    # The downloads page saves its files rather than opening them as text.
    downloads = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("survey.bib", "survey-full.bib", "survey.ris", "papers.csl.json"):
        assert re.search(rf'<a download="{re.escape(name)}" href="../{re.escape(name)}">|<a href="../{re.escape(name)}" download="{re.escape(name)}">',
                         downloads), name


def test_evidence_table_collects_papers_across_categories(built_test_survey: Path) -> None:
    page = _text((built_test_survey / "site" / "adaptation" / "index.html").read_text(encoding="utf-8"))
    evidence = page.split("Evidence across the survey", 1)[1]
    assert "LoRA matches full fine-tuning" in evidence
    assert "fine-tuning wins on German topics" in evidence


def test_bad_content_fails_the_build_with_every_problem(project: Path) -> None:
    papers = project / "content" / "papers"
    (papers / "hu2021lora.yaml").write_text(
        (papers / "hu2021lora.yaml").read_text(encoding="utf-8").replace("year: 2021", "year: twenty"), encoding="utf-8"
    )
    (papers / "x.yaml").write_text("key: [\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "content/papers/hu2021lora.yaml:4:7: year: expected an integer (got 'twenty')" in result.stderr
    assert "content/papers/x.yaml:2:1: YAML syntax error" in result.stderr
    assert not (project / "site" / "index.html").exists()


def test_the_project_site_builds(flagship_site: Path) -> None:
    bib = parse_file(str(flagship_site / "survey.bib"), "bibtex")  # built by mkdocs build --strict, which must succeed
    papers = list((ROOT / "content" / "papers").glob("*.yaml"))
    assert len(bib.entries) == len(papers) > 0


def test_contributed_text_is_inert(project: Path) -> None:
    path = project / "content" / "papers" / "interp2023.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: Position Interpolation Without Authors", 'title: "<script>alert(1)</script> **bold** {{ 7*7 }}"')
    text = text.replace("tldr: Extends", "tldr: \"[click](javascript:alert(2)) <img src=x onerror=alert(3)> !!! note\"\nabstract: |\n  --8<-- /etc/passwd\n\n  {: .x } | a | b |\nnote2: x\n")
    text = text.replace("note2: x\n", "")
    path.write_text(text.replace(' the context window by scaling position indices down.', ''), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "papers" / "interp2023" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page and "<strong>bold" not in page
    assert 'href="javascript:' not in page and "<table" not in page.split("Abstract", 1)[1].split("Cite", 1)[0]
    shown = _text(page)
    assert "<script>alert(1)</script> **bold** {{ 7*7 }}" in shown
    assert "[click](javascript:alert(2)) <img src=x onerror=alert(3)> !!! note" in shown
    assert "--8<-- /etc/passwd" in shown


# `mkdocs build` as its command-line program runs it, then what Python's last collection would walk:
# the objects the collector still tracks, against those the plugin set aside (publish/heap.py).
AT_EXIT = """
import atexit, gc, json
atexit.register(lambda: print(json.dumps({"frozen": gc.get_freeze_count(), "tracked": len(gc.get_objects())})))
from mkdocs.__main__ import cli
cli(["build", "-q"])
"""


def test_a_build_leaves_the_collector_little_to_walk_at_exit(project: Path) -> None:
    result = run(["-c", AT_EXIT], project)
    assert result.returncode == 0, result.stderr
    heap = json.loads(result.stdout.splitlines()[-1])
    assert heap["frozen"] > 10 * heap["tracked"], heap


def test_a_content_option_that_is_no_folder_is_a_config_error(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      content: content", "      content: nowhere"), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "nowhere' isn't an existing directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_paper_pages_reach_mkdocs_as_finished_html(built_test_survey: Path) -> None:
    """Paper pages skip Python-Markdown: the generator's body is the page's content, byte for byte,
    and mkdocs still knows its headings (the skip link, anchors, the table of contents)."""
    from survey.build import build_site
    from survey.site.markup import toc_tokens

    project = built_test_survey
    generated = next(p for p in build_site(project / "content").pages if p.path == "papers/hu2021lora.md")
    assert generated.html
    body = generated.markdown.split("---\n", 2)[2]
    page = (project / "site" / "papers" / "hu2021lora" / "index.html").read_text(encoding="utf-8")
    article = re.search(r'<article class="md-content__inner md-typeset"[^>]*>(.*?)</article>', page, re.S)
    # Section by section: the theme wraps the sections left out of search (theme/partials/content.html).
    assert article and all(section.strip() in article.group(1) for section in re.split(r"(?=<h2)", body))
    # The id Python-Markdown gave the title before (old links still land) and the skip link uses.
    assert '<h1 id="lora-low-rank-adaptation-of-large-language-models">' in page
    assert 'href="#lora-low-rank-adaptation-of-large-language-models" class="md-skip"' in page
    tokens = toc_tokens(body)
    assert [t["id"] for t in tokens] == ["lora-low-rank-adaptation-of-large-language-models"]
    assert [c["id"] for c in tokens[0]["children"]] == ["cite", "related-papers"]  # the Cite block near the top


def test_links_into_a_paper_page_are_checked_against_its_anchors(project: Path) -> None:
    """mkdocs checks a hand-written page's link to a heading of a paper page as it checks any link
    (validation.anchors), though paper pages are never converted: their anchors come from their HTML."""
    (project / "content" / "pages" / "links.md").write_text(
        "# Links\n\n[Cite LoRA](papers/hu2021lora.md#cite) and [nowhere](papers/hu2021lora.md#no-such-heading).\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "validation:\n  anchors: warn\n", encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "does not contain an anchor '#no-such-heading'" in result.stderr
    assert "'#cite'" not in result.stderr


def test_toc_tokens_nest_by_level() -> None:
    from survey.site.markup import heading, toc_tokens

    html = "\n".join([heading(2, "A", "a"), heading(3, "A.1", "a1"), heading(4, "A.1.x", "a1x"), heading(2, "B", "b"), "<h2>no id</h2>"])
    tokens = toc_tokens(html)
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in tokens] == [("a", ["a1"]), ("b", [])]
    assert tokens[0]["children"][0]["children"][0]["name"] == "A&#46;1&#46;x"


def test_html_blocks_in_markdown_pages_come_through_whole(built_test_survey: Path) -> None:
    """A category page's tables skip Markdown (survey.site.site.Page.islands): each is in the page as
    the generator wrote it, where the template put it, and no placeholder is left."""
    from survey.build import build_site

    project = built_test_survey
    generated = next(p for p in build_site(project / "content").pages if p.path == "adaptation/peft.md")
    assert generated.islands and all(block.startswith("<table>") for block in generated.islands)
    page = (project / "site" / "adaptation" / "peft" / "index.html").read_text(encoding="utf-8")
    for block in generated.islands:
        assert page.count(block) == 1
    assert page.index('id="papers"') < page.index(generated.islands[0])
    assert "survey-island" not in page


def test_a_paper_page_shows_the_tier_of_each_source(project: Path) -> None:
    """Each source's tier (survey.yaml `sources`) as a label after its host, escaped text with a class."""
    policy = yaml.safe_load((DATA / "source_cases.yaml").read_text(encoding="utf-8"))["policy"]
    policy = policy.replace("label: index", "label: \"index <i>&</i>\"")  # labels are text, whatever they hold
    survey_yaml = project / "content" / "survey.yaml"
    survey_yaml.write_text(survey_yaml.read_text(encoding="utf-8") + policy, encoding="utf-8")
    paper = project / "content" / "papers" / "hu2021lora.yaml"
    sources = ["https://openreview.net/forum?id=nZeVKeeFYf9", "https://github.com/microsoft/LoRA", "https://arxiv.org/abs/2106.09685",
               "https://dblp.org/rec/conf/iclr/HuSWALWWC22", "https://www.example.net/lora-notes"]
    paper.write_text(paper.read_text(encoding="utf-8") + "sources:\n" + "".join(f"  - {url}\n" for url in sources), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr  # the backstop checked the page: classes, no style
    page = (project / "site" / "papers" / "hu2021lora" / "index.html").read_text(encoding="utf-8")
    (line,) = re.findall(r'<p class="survey-sources">(.*?)</p>', page, re.S)
    items = [_text(item).strip() for item in line.split("</a>")[1:]]
    assert _text(line).startswith("Bibliographic facts from: openreview.net proceedings, github.com authors' page")
    assert re.findall(r'<span class="survey-source-tier survey-source-tier-(\d)"[^>]*>', line) == ["1", "2", "3", "4"]
    assert '<span class="survey-source-tier survey-source-tier-1" title="the venue&#39;s own records">proceedings</span>' in line
    assert '<span class="survey-source-tier survey-source-tier-4">index &#60;i&#62;&#38;&#60;/i&#62;</span>' in line  # never an <i>
    assert "<i>" not in line and "style=" not in line
    assert items[-1] == ""  # www.example.net: in no tier, so no label
