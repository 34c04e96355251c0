"""The explorer (survey/site/explorer/) without a build: its data files, its plain tables, the filter form.

Expected values come from reading tests/data/content by eye, or from papers built here; output is
parsed as a browser parses it (selectolax), after Python-Markdown where the page goes through it,
and the JSON files by json.loads.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from conftest import make_paper, site_markdown, small_survey
from markupsafe import Markup
from selectolax.lexbor import LexborHTMLParser

from survey import urls
from survey.model import Facet
from survey.site import explorer
from survey.site.explorer import data, fallback
from survey.site.render import render_site

# Hostile text: markup, quotes, a blank line in the middle, a right-to-left override.
TITLE = 'Evil <script>alert(1)</script> "quoted" it\'s\n\nafter a blank line \u202eflipped [x](javascript:alert(1)) | cell'
SHOWN_TITLE = 'Evil <script>alert(1)</script> "quoted" it\'s after a blank line flipped [x](javascript:alert(1)) | cell'
VENUE = '<script>alert(2)</script> "Conf" \n\n Part two\u202e 2023'
SHOWN_VENUE = '<script>alert(2)</script> "Conf" Part two 2023'
SERIES = '<script>alert(2)</script> "Conf" Part two'  # the venue without its year, as the filter names it
AUTHORS = ("Mallory <b>Bold</b>\n\nSecond", 'Eve "E" \u202e')
TLDR = "Ends the span </span><em>early</em>\n\n*not emphasis* `code`."
SHOWN_TLDR = "Ends the span </span><em>early</em> *not emphasis* `code`."


@pytest.fixture(scope="module")
def survey():
    return small_survey()


@pytest.fixture(scope="module")
def hostile(survey):
    paper = make_paper(
        "evil2025", title=TITLE, year=2025, venue=VENUE, authors=AUTHORS, tldr=TLDR, category="peft",
        tags={"approach": ("lora",)}, code="https://example.org/code?a=1&b=2",
    )
    return dataclasses.replace(survey, papers=[*survey.papers, paper])


def _table_html(survey) -> LexborHTMLParser:
    view = fallback.table(data.ordered(survey), lambda p: f"../papers/{p.key}/", lambda p: Markup(f"cat:{p.category}"))
    return site_markdown(view.markdown())


def _rows(survey) -> list[list[str]]:
    return [[td.text() for td in tr.css("td")] for tr in _table_html(survey).css("tbody tr")]


def _keys(survey) -> list[str]:
    """The plain table's papers, by the key in each title's link."""
    return [tr.css_first("a").attributes["href"].split("/")[-2] for tr in _table_html(survey).css("tbody tr")]


def _files(survey) -> dict[str, object]:
    """The explorer's data files, as json.loads reads them, by name."""
    files = data.downloads(survey, lambda target: f"link:{target}")
    return {f.path.removeprefix(urls.EXPLORER_DATA): json.loads(f.content) for f in files}


def _markers(survey) -> dict[str, dict[str, object]]:
    """Each paper's values as the script reads them from the data files (what it filters on)."""
    files = _files(survey)
    index = files["index.json"]
    categories = index["categories"]
    rows = [row for name in sorted(files) if name.startswith("papers-") for row in files[name]]
    columns = {name.removeprefix("column-").removesuffix(".json"): values for name, values in files.items() if name.startswith("column-")}
    found = {}
    for p, (key, title, authors, venue, tldr, code) in enumerate(rows):
        path, c = [], index["category"][p]
        while c >= 0:
            path.insert(0, categories[c][0])
            c = categories[c][2]
        found[key] = {
            "year": index["year"][p], "venue": index["venues"][index["venue"][p]],
            "status": "preprint" if index["flags"][p] & 2 else "peer-reviewed", "categories": " ".join(path),
            "tags": " ".join(index["tags"][t] for t in index["tagged"][p]), "code": index["flags"][p] & 1,
            "text": " ".join([title, *authors, tldr]), "cells": [title, authors, venue, tldr, code],
            **{f"fact-{k}": v[p] for k, v in columns.items() if v[p]},
        }
    return found


def _form(survey) -> LexborHTMLParser:
    return LexborHTMLParser(str(explorer.filter_form(survey)))


def _options(survey, name: str) -> list[tuple[str | None, str]]:
    """A select's options, or a group of checkboxes as (value, "label (count)"), sub-categories
    indented by an em space a level."""
    form = _form(survey)
    if form.css(f'select[name="{name}"]'):
        return [(o.attributes.get("value"), o.text()) for o in form.css(f'select[name="{name}"] option')]
    options = []
    for box in form.css(f'input[type="checkbox"][name="{name}"]'):
        label = box.parent
        indent = "\u2003" * int(label.attributes.get("data-depth") or 0)
        text = f"{label.css_first('.survey-facet__label').text()} {label.css_first('.survey-facet__count').text()}"
        options.append((box.attributes.get("value"), indent + text))
    return options


# The plain tables (without JavaScript)


def test_one_row_per_paper_newest_first(survey) -> None:
    assert _keys(survey) == ["muller2024german", "interp2023", "hu2021lora"]
    headers = [th.text() for th in _table_html(survey).css("thead th")]
    assert headers == ["Paper", "Authors", "Year", "Venue", "Category", "Code"]  # the TL;DR sits under the title


def test_papers_of_one_year_are_ordered_by_title_ignoring_case_then_key(survey) -> None:
    papers = [make_paper("k3", title="beta"), make_paper("k2", title="Alpha"), make_paper("k1", title="alpha"),
              make_paper("k0", title="Zulu", year=2025)]
    assert _keys(dataclasses.replace(survey, papers=papers)) == ["k0", "k1", "k2", "k3"]
    assert list(_markers(dataclasses.replace(survey, papers=papers))) == ["k0", "k1", "k2", "k3"]  # the data: the same order


def test_cells_of_a_paper_with_everything(survey) -> None:
    row = _rows(survey)[2]
    assert row == [
        "LoRA: Low-Rank Adaptation of Large Language Models"
        "Freezes the weights and trains low-rank update matrices, matching fine-tuning with far fewer trainable parameters.",
        "Edward J. Hu et al.", "2021", "ICLR 2022", "cat:peft", "code",
    ]
    cells = _table_html(survey).css("tbody tr")[2].css("td")
    tldr = cells[0].css_first("span.survey-tldr").text()
    assert tldr == "Freezes the weights and trains low-rank update matrices, matching fine-tuning with far fewer trainable parameters."
    assert [a.attributes["href"] for a in cells[0].css("a")] == ["../papers/hu2021lora/"]
    assert [a.attributes["href"] for a in cells[5].css("a")] == ["https://github.com/microsoft/LoRA"]


def test_a_paper_without_authors_venue_or_code_shows_dashes_and_arxiv(survey) -> None:
    row = _rows(survey)[1]
    assert row[0].startswith("Position Interpolation Without Authors")
    assert row[1:] == ["–", "2023", "arXiv", "cat:position", "–"]
    assert _table_html(survey).css("tbody tr")[1].css("td")[5].css("a") == []


# The data files: what the script filters on and shows


def test_the_data_hold_the_filter_values_of_each_paper(survey) -> None:
    markers = _markers(survey)
    assert list(markers) == ["muller2024german", "interp2023", "hu2021lora"]  # the explorer's order
    assert markers["hu2021lora"] == {
        "year": 2021, "venue": "ICLR", "status": "peer-reviewed", "categories": "adaptation peft",
        "tags": "approach=lora modality=text", "code": 1,
        "text": "LoRA: Low-Rank Adaptation of Large Language Models Edward J. Hu Yelong Shen Phillip Wallis "
                "Freezes the weights and trains low-rank update matrices, matching fine-tuning with far fewer trainable parameters.",
        "cells": ["LoRA: Low-Rank Adaptation of Large Language Models", ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"], "ICLR 2022",
                  "Freezes the weights and trains low-rank update matrices, matching fine-tuning with far fewer trainable parameters.",
                  "https://github.com/microsoft/LoRA"],
        # The table facts the optional columns show, as their cells show them.
        "fact-base_models": "GPT-3 175B, RoBERTa", "fact-evidence_finding": "LoRA matches full fine-tuning",
        "fact-method": "LoRA", "fact-trainable_params": "0.01",
    }
    assert markers["interp2023"]["fact-max_context"] == "32,768"
    assert markers["muller2024german"]["fact-models"] == "BERT, GPT-4"
    assert markers["interp2023"]["venue"] == "arXiv" and markers["interp2023"]["cells"][2] == ""  # shown as arXiv
    assert markers["interp2023"]["status"] == "preprint"
    assert markers["interp2023"]["code"] == 0
    assert markers["interp2023"]["categories"] == "context position"
    assert markers["interp2023"]["text"] == "Position Interpolation Without Authors Extends the context window by scaling position indices down."
    assert markers["muller2024german"]["tags"] == "approach=in-context-learning approach=full-fine-tuning"
    assert markers["muller2024german"]["venue"] == "ACM Transactions on Software Engineering and Methodology"


def test_the_index_names_every_category_venue_and_tag_and_the_links(survey) -> None:
    index = _files(survey)["index.json"]
    assert index["format"] == data.FORMAT and index["count"] == 3 and index["chunk"] == data.CHUNK
    assert index["categories"] == [
        ["adaptation", "Adaptation", -1, "link:adaptation/index.md"], ["peft", "Parameter-efficient tuning", 0, "link:adaptation/peft.md"],
        ["comparisons", "Comparisons", 0, "link:adaptation/comparisons.md"], ["context", "Long context", -1, "link:context/index.md"],
        ["position", "Position interpolation", 3, "link:context/position.md"],
    ]
    assert index["venues"] == ["ACM Transactions on Software Engineering and Methodology", "arXiv", "ICLR"]
    assert index["tags"] == ["approach=in-context-learning", "approach=lora", "approach=full-fine-tuning", "modality=text", "modality=vision"]
    assert index["paper"] == "link:papers/{key}.md"
    assert index["dates"] == ["2026-11-20", "2026-11-26"]  # the dates papers were added on, oldest first
    added = {p.key: index["dates"][index["added"][i]] for i, p in enumerate(data.ordered(survey))}
    assert added == {p.key: p.added for p in survey.papers}


def test_the_form_filters_by_date_added_and_by_author(survey) -> None:
    assert _options(survey, "added") == [("", "Any date"), ("2026-11-26", "2026-11-26"), ("2026-11-20", "2026-11-20")]  # the latest first
    form = _form(survey)
    (field,) = form.css('input[name="author"]')
    assert (field.attributes["data-field"], field.attributes["data-match"], field.parent.css_first("span").text()) == ("author", "names", "Author")
    assert "hidden" in form.css_first("ul.survey-explorer__chips").attributes  # the script adds a chip a name
    assert {"added", "author"} <= explorer.FIXED_PARAMS  # a facet of that id gets a prefix: its parameter stays its own


def test_every_paper_is_in_exactly_one_display_file_in_order() -> None:
    papers = [make_paper(f"k{i:04d}", year=2000 + i % 7) for i in range(2 * data.CHUNK + 5)]
    survey = dataclasses.replace(small_survey(), papers=papers)
    files = _files(survey)
    names = sorted((n for n in files if n.startswith("papers-")), key=lambda n: int(n.removeprefix("papers-").removesuffix(".json")))
    assert names == ["papers-0.json", "papers-1.json", "papers-2.json"]
    assert [len(files[n]) for n in names] == [data.CHUNK, data.CHUNK, 5]
    keys = [row[0] for n in names for row in files[n]]
    assert keys == [p.key for p in data.ordered(survey)] and len(set(keys)) == len(papers)
    index = files["index.json"]
    assert all(len(index[field]) == len(papers) for field in ("year", "category", "venue", "flags", "tagged", "added"))
    assert index["year"] == [p.year for p in data.ordered(survey)]


def test_the_data_are_the_same_bytes_for_the_same_content(survey) -> None:
    first = data.downloads(survey, lambda target: target)
    shuffled = dataclasses.replace(survey, papers=list(reversed(survey.papers)))
    second = data.downloads(shuffled, lambda target: target)
    assert [(f.path, f.content) for f in first] == [(f.path, f.content) for f in second]
    assert all(b"\n" not in f.content for f in first)  # compact: one line a file


def test_sort_ranks_order_text_ignoring_case_numbers_as_numbers_and_empty_last(survey) -> None:
    papers = [make_paper("a", title="LLaMA 13", year=2024, authors=()), make_paper("b", title="llama 2", year=2023, authors=("Zed",)),
              make_paper("c", title="Alpaca", year=2022, venue="ICLR 2022", authors=("Ann", "Bo", "Cy"))]
    ranks = _files(dataclasses.replace(survey, papers=papers))["sort.json"]
    assert ranks["paper"] == [2, 1, 0]  # Alpaca, llama 2, LLaMA 13
    assert ranks["authors"] == [-1, 1, 0]  # no authors: last; "Ann et al." before "Zed"
    assert ranks["venue"] == [0, 0, 1]  # arXiv, arXiv, ICLR 2022: equal texts share a rank
    assert data.natural("LLaMA 2") < data.natural("llama 13")


def test_the_plain_tables_hold_every_paper_once_in_pages() -> None:
    papers = [make_paper(f"k{i:04d}") for i in range(fallback.PAGE_SIZE * 2 + 1)]
    pages = fallback.table_pages(data.ordered(dataclasses.replace(small_survey(), papers=papers)))
    assert [(t.number, t.path, len(t.papers), t.label) for t in pages] == [
        (1, "explore/all/1.md", fallback.PAGE_SIZE, f"1–{fallback.PAGE_SIZE}"),
        (2, "explore/all/2.md", fallback.PAGE_SIZE, f"{fallback.PAGE_SIZE + 1:,}–{2 * fallback.PAGE_SIZE:,}"),
        (3, "explore/all/3.md", 1, f"{2 * fallback.PAGE_SIZE + 1:,}–{2 * fallback.PAGE_SIZE + 1:,}"),
    ]
    keys = [p.key for t in pages for p in t.papers]
    assert sorted(keys) == sorted(p.key for p in papers) and len(set(keys)) == len(keys)


def test_the_explorer_page_is_a_shell_linking_its_plain_tables(survey) -> None:
    site = render_site(survey)
    pages = {p.path: p.markdown for p in site.pages}
    assert "explore/all/1.md" in pages and "explore/all/2.md" not in pages
    shell = site_markdown(pages["explore.md"].split("---", 2)[2])
    table = shell.css_first("table[data-survey-explorer]")
    assert "hidden" in table.attributes and table.attributes["data-survey-data"] == "data/"
    assert [th.text() for th in table.css("th")] == list(explorer.form.HEADERS) and table.css("tbody tr") == []
    (pages_line,) = shell.css("p.survey-explorer__pages")
    assert [a.attributes["href"] for a in pages_line.css("a")] == ["explore/all/1.md"]
    assert "search:\n  exclude: true" in pages["explore/all/1.md"]  # the papers' own pages are the search's
    downloads = {d.path for d in site.downloads}
    assert {"explore/data/index.json", "explore/data/papers-0.json", "explore/data/sort.json"} <= downloads


# The filter form


def test_the_form_is_inert_not_hidden_and_counts_the_papers(survey) -> None:
    form = _form(survey).css_first("form")
    assert "inert" in form.attributes and "hidden" not in form.attributes  # seen from the first paint: nothing moves
    assert form.css_first("p.survey-explorer__count").text() == "3 papers"
    box = form.css_first('input[name="code"]')
    assert (box.attributes["type"], box.attributes["value"], box.attributes["data-field"]) == ("checkbox", "1", "code")


def test_category_options_count_papers_with_their_sub_categories(survey) -> None:
    assert _options(survey, "category") == [
        ("adaptation", "Adaptation (2)"), ("peft", "\u2003Parameter-efficient tuning (1)"),
        ("comparisons", "\u2003Comparisons (1)"), ("context", "Long context (1)"), ("position", "\u2003Position interpolation (1)"),
    ]
    box = _form(survey).css_first('input[name="category"]').attributes
    assert (box["type"], box["data-field"], box["data-match"]) == ("checkbox", "categories", "token")


def test_a_category_without_papers_has_no_option(survey) -> None:
    only = dataclasses.replace(survey, papers=[make_paper("a", category="peft"), make_paper("b", category="peft")])
    assert _options(only, "category") == [("adaptation", "Adaptation (2)"), ("peft", "\u2003Parameter-efficient tuning (2)")]


def test_facet_options_in_the_survey_order_with_counts(survey) -> None:
    assert _options(survey, "approach") == [
        ("in-context-learning", "In-context learning (1)"), ("lora", "Low-rank adaptation (1)"),
        ("full-fine-tuning", "Full fine-tuning (2)"),
    ]
    box = _form(survey).css_first('input[name="approach"]').attributes
    assert (box["data-field"], box["data-match"], box["data-prefix"]) == ("tags", "token", "approach=")


def test_a_facet_value_no_paper_uses_has_no_option(survey) -> None:
    # modality: vision is in the vocabulary, no paper has it.
    assert _options(survey, "modality") == [("text", "Text (1)")]


def test_each_facet_option_count_is_the_number_of_rows_it_selects(hostile) -> None:
    markers = _markers(hostile).values()
    assert markers and hostile.facets
    for facet in hostile.facets:
        options = _options(hostile, explorer.facet_param(facet.id))
        assert options, facet.id
        for value, label in options:
            token = f"{facet.id}={value}"
            selected = sum(1 for m in markers if token in m["tags"].split())
            assert label.endswith(f" ({selected})"), (token, label)


def test_venue_options_merge_years_sorted_ignoring_case(survey) -> None:
    papers = [make_paper("a", venue="ICLR 2024"), make_paper("b", venue="ICLR 2023"), make_paper("c", venue="acl 2022"),
              make_paper("d"), make_paper("e", venue="ACL 2021"), make_paper("f", venue="Findings of EMNLP 2023")]
    assert _options(dataclasses.replace(survey, papers=papers), "venue") == [
        ("ACL", "ACL (1)"), ("acl", "acl (1)"), ("arXiv", "arXiv (1)"), ("Findings of EMNLP", "Findings of EMNLP (1)"),
        ("ICLR", "ICLR (2)"),
    ]


def test_year_options_list_the_years_that_have_papers(survey) -> None:
    years = [("", "Any"), ("2021", "2021"), ("2023", "2023"), ("2024", "2024")]
    assert _options(survey, "from") == years
    assert _options(survey, "to") == years
    form = _form(survey)
    assert form.css_first('select[name="from"]').attributes["data-match"] == "min"
    assert form.css_first('select[name="to"]').attributes["data-match"] == "max"


def test_every_venue_option_matches_the_rows_it_counts(hostile) -> None:
    venues = [m["venue"] for m in _markers(hostile).values()]
    options = _options(hostile, "venue")
    assert options
    for value, label in options:
        assert label == f"{value} ({venues.count(value)})"
        assert venues.count(value) > 0


def test_a_venue_with_a_noncharacter_is_still_matched_by_its_option(survey) -> None:
    only = dataclasses.replace(survey, papers=[make_paper("a", venue="ICLR\ufffe 2022")])
    [(value, _)] = _options(only, "venue")
    assert _markers(only)["a"]["venue"] == value


# Facet parameters


@pytest.mark.parametrize("facet_id", sorted(explorer.FIXED_PARAMS))
def test_a_facet_named_like_a_fixed_parameter_gets_a_prefix(survey, facet_id) -> None:
    assert explorer.facet_param(facet_id) == f"tag-{facet_id}"
    facet = Facet(facet_id, "Clash", {"x": "X"})
    clash = dataclasses.replace(survey, facets=[facet], papers=[make_paper("a", tags={facet_id: ("x",)})])
    boxes = _form(clash).css(f'input[name="tag-{facet_id}"]')
    assert [b.attributes["value"] for b in boxes] == ["x"]
    assert boxes[0].attributes["data-prefix"] == f"{facet_id}="


def test_an_ordinary_facet_is_its_own_parameter() -> None:
    assert explorer.facet_param("approach") == "approach"
    assert explorer.facet_param("modality") == "modality"


def test_two_facets_never_share_a_query_parameter(survey) -> None:
    facets = [Facet("venue", "Venue kind", {"x": "X"}), Facet("tag-venue", "Venue tag", {"y": "Y"})]
    clash = dataclasses.replace(survey, facets=facets, papers=[make_paper("a", tags={"venue": ("x",), "tag-venue": ("y",)})])
    form = _form(clash)
    names = [s.attributes["name"] for s in form.css("select")] + [g.attributes["data-group"] for g in form.css(".survey-facet")]
    assert len(names) == len(set(names))
    assert {b.attributes["name"] for b in form.css('.survey-facet[data-group="tag-venue"] input')} == {"tag-venue"}


# Hostile text from a paper file


def test_hostile_text_is_only_text_in_the_rows(hostile) -> None:
    tree = _table_html(hostile)
    assert tree.css("script, b, em, code") == []
    row = next(tr for tr in tree.css("tbody tr") if "evil2025" in tr.css_first("a").attributes["href"])
    cells = row.css("td")
    assert [td.text() for td in cells] == [
        SHOWN_TITLE + SHOWN_TLDR, 'Mallory <b>Bold</b> Second and Eve "E"', "2025", SHOWN_VENUE, "cat:peft", "code",
    ]
    assert cells[0].css_first("span.survey-tldr").text() == SHOWN_TLDR
    assert [a.attributes["href"] for a in cells[0].css("a")] == ["../papers/evil2025/"]
    assert [a.attributes["href"] for a in cells[5].css("a")] == ["https://example.org/code?a=1&b=2"]
    assert len(tree.css("tbody tr")) == 4 and all(len(tr.css("td")) == 6 for tr in tree.css("tbody tr"))


def test_hostile_text_is_kept_whole_in_the_data(hostile) -> None:
    marker = _markers(hostile)["evil2025"]
    assert marker["venue"] == SERIES
    assert marker["text"] == f'{SHOWN_TITLE} Mallory <b>Bold</b> Second Eve "E" {SHOWN_TLDR}'
    assert marker["cells"] == [SHOWN_TITLE, ["Mallory <b>Bold</b> Second", 'Eve "E"'], SHOWN_VENUE, SHOWN_TLDR, "https://example.org/code?a=1&b=2"]
    assert marker["code"] == 1
    for file in data.downloads(hostile, lambda target: target):
        text = file.content.decode("utf-8")
        assert "\u202e" not in text and "\n" not in text  # direction overrides dropped, one line
        json.loads(text)  # quotes and backslashes escaped: it parses


def test_each_table_row_is_one_markdown_line(hostile) -> None:
    view = fallback.table(data.ordered(hostile), lambda p: "x/", lambda p: Markup("c"))
    lines = view.markdown().split("\n")
    assert len(lines) == 2 + len(hostile.papers)
    assert all(line.startswith("| ") and line.endswith(" |") for line in lines)


def test_hostile_venue_is_only_text_in_the_form_and_the_form_is_one_line(hostile) -> None:
    html = str(explorer.filter_form(hostile))
    assert "\n" not in html and "\u202e" not in html
    form = LexborHTMLParser(html)
    assert form.css("script") == []
    assert ("<script>alert(2)</script> \"Conf\" Part two", '<script>alert(2)</script> "Conf" Part two (1)') in _options(hostile, "venue")
    assert form.css_first("p.survey-explorer__count").text() == "4 papers"


def test_markdown_passes_the_form_through_whole(hostile) -> None:
    direct = LexborHTMLParser(str(explorer.filter_form(hostile))).css_first("form")
    converted = site_markdown(explorer.filter_form(hostile)).css("form")
    assert len(converted) == 1
    assert converted[0].html == direct.html
    assert len(converted[0].css("option")) == 5 + 5 + 1 + len({p.added for p in hostile.papers})  # from, to, added since
    # category, approach, modality, venue, publication status, code, columns
    assert len(converted[0].css("input[type=checkbox]")) == 5 + 3 + 1 + 4 + 2 + 1 + 7


# Optional columns: evidence facts and category columns


def test_extra_columns_put_the_evidence_first_then_the_most_given(survey) -> None:
    columns = [(c.key, c.label, c.group, c.papers) for c in explorer.extra_columns(survey)]
    assert columns == [
        ("evidence_finding", "Finding", "Evidence", 2),
        ("base_models", "Base models", "Category columns", 1),
        ("winner", "Came out ahead", "Category columns", 1),
        ("max_context", "Longest context (tokens)", "Category columns", 1),
        ("method", "Method", "Category columns", 1),
        ("models", "Models", "Category columns", 1),
        ("trainable_params", "Trainable parameters (%)", "Category columns", 1),
    ]  # needs_gpu and demo: no paper gives them


def test_each_extra_column_has_a_checkbox_and_a_hidden_filter_field(survey) -> None:
    form = _form(survey)
    boxes = form.css('input[name="columns"]')
    assert [(b.attributes["value"], b.attributes["data-label"]) for b in boxes][:3] == [
        ("evidence_finding", "Finding"), ("base_models", "Base models"), ("winner", "Came out ahead")]
    field = form.css_first('input[name="col.winner"]')
    assert (field.attributes["data-field"], field.attributes["data-match"]) == ("fact-winner", "words")
    assert "hidden" in field.parent.attributes and field.parent.attributes["data-column-filter"] == "winner"
    assert "columns" in explorer.FIXED_PARAMS and explorer.facet_param("columns") == "tag-columns"


def test_a_hostile_fact_is_kept_whole_in_its_column_file(survey) -> None:
    fact = 'wins "big" <b>x</b> | [a](javascript:1) &amp;'
    paper = make_paper("evil", category="comparisons", facts={"winner": fact, "models": ("A<b>", 'B"')})
    marker = _markers(dataclasses.replace(survey, papers=[paper]))["evil"]
    assert marker["fact-winner"] == fact
    assert marker["fact-models"] == 'A<b>, B"'


def test_the_empty_result_message_is_in_the_form_hidden(survey) -> None:
    form = _form(survey)
    empty = form.css_first(".survey-explorer__empty")
    assert "hidden" in empty.attributes
    assert empty.css_first("button").attributes["type"] == "button"


def test_the_publication_filter_tells_peer_reviewed_papers_from_preprints(survey) -> None:
    form = LexborHTMLParser(str(explorer.filter_form(survey))).css_first("form")
    boxes = form.css('input[name="status"]')
    assert [(b.attributes["value"], b.attributes["data-field"], b.attributes["data-match"]) for b in boxes] == [
        ("peer-reviewed", "status", "equal"), ("preprint", "status", "equal")]
    counts = [label.css_first(".survey-facet__count").text() for label in form.css("label.survey-facet__option") if label.css_first('input[name="status"]')]
    with_venue = sum(1 for p in survey.papers if p.venue)
    assert counts == [f"({with_venue})", f"({len(survey.papers) - with_venue})"]
