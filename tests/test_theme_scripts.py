"""The explorer's ES modules (theme/javascripts/explorer/), read as text: main.js imports every part
at once (so the browser requests them together, not a level of imports at a time), and every import
names a module that exists. The browser tests run them; these say which file is wrong, in a second."""

from __future__ import annotations

import json
import re
import subprocess

from conftest import ROOT

EXPLORER = ROOT / "theme" / "javascripts" / "explorer"
SPECIFIER = re.compile(r"""(?:^import .* from |^import |import\()\s*"(\./[^"]+)"\)?""", re.MULTILINE)


def test_main_imports_every_part_at_once() -> None:
    main = (EXPLORER / "main.js").read_text(encoding="utf-8")
    listed = main[main.index("const PARTS = [") : main.index("];", main.index("const PARTS = ["))]
    parts = set(re.findall(r'"\./([\w.]+\.js)"', listed))
    there = {path.name for path in EXPLORER.glob("*.js")} - {"main.js"}
    assert len(there) > 5
    assert parts == there


def test_every_import_names_a_module_that_exists() -> None:
    found = []
    for module in sorted(EXPLORER.glob("*.js")):
        for specifier in SPECIFIER.findall(module.read_text(encoding="utf-8")):
            found.append(specifier)
            assert (EXPLORER / specifier).is_file(), f"{module.name} imports {specifier}"
    assert len(found) > 10


def _node_matches(texts: list[str], query: str) -> list[bool]:
    """words.js run by Node, as the browser runs it: which of ``texts`` the query matches."""
    script = (f"import {{ matches, queryWords, searchable }} from {json.dumps((EXPLORER / 'words.js').as_uri())};\n"
              f"const words = queryWords({json.dumps(query)});\n"
              f"console.log(JSON.stringify({json.dumps(texts)}.map((t) => matches(searchable(t), words))));")
    result = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_text_filter_matches_word_starts_with_accents_folded() -> None:
    texts = ["LoRA: Low-Rank Adaptation", "An In-Depth Exploration", "LongLoRA", "Novelty Exploration", "Jörg Müller",
             "Chain-of-thought prompting", "QLoRA-FA"]
    assert _node_matches(texts, "lora") == [True, False, False, False, False, False, False]
    assert _node_matches(texts, "muller") == [False, False, False, False, True, False, False]
    assert _node_matches(texts, "chain-of-thought") == [False, False, False, False, False, True, False]
    assert _node_matches(texts, "MÜLLER jörg") == [False, False, False, False, True, False, False]
    assert _node_matches(texts, "qlora fa") == [False, False, False, False, False, False, True]
    assert _node_matches(texts, "") == [True] * len(texts)  # no words: no filter


def _node_file_name(filters: list[dict], extension: str = "bib") -> str:
    """export.js run by Node: the name of the file the export buttons save for these filters."""
    script = (f"import {{ fileName, filterWords }} from {json.dumps((EXPLORER / 'export.js').as_uri())};\n"
              f"console.log(JSON.stringify(fileName(filterWords({json.dumps(filters)}), {json.dumps(extension)})));")
    result = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _filter(name: str, values: list[str], field: str = "tags", match: str = "token") -> dict:
    return {"name": name, "field": field, "match": match, "values": values}


def test_the_export_is_named_after_the_filters_in_letters_digits_and_hyphens() -> None:
    year = [_filter("from", ["2024"], "year", "min"), _filter("to", ["2024"], "year", "max")]
    assert _node_file_name([_filter("approach", ["lora"]), *year, _filter("code", ["1"], "code", "equal")]) == \
        "survey-approach-lora-year-2024-code.bib"
    assert _node_file_name([]) == "survey-all.bib"
    assert _node_file_name([_filter("approach", [])], "ris") == "survey-all.ris"  # a filter without values names nothing
    assert _node_file_name([_filter("from", ["2020"], "year", "min"), _filter("to", ["2024"], "year", "max")]) == \
        "survey-from-2020-to-2024.bib"
    # Accents folded, anything else between words one hyphen, none at the ends: no path, no dot, no space.
    assert _node_file_name([_filter("search", [" Müller ../../etc/passwd  \"x\"; "], "text", "words")]) == \
        "survey-search-muller-etc-passwd-x.bib"
    assert _node_file_name([_filter("search", ["日本語 ‮"], "text", "words")], "json") == "survey-search.json"


def test_a_long_export_name_is_cut_at_a_word_end() -> None:
    many = [_filter("approach", [f"value{i:02d}" for i in range(40)])]
    name = _node_file_name(many)
    assert name.startswith("survey-approach-value00-value01-")
    assert len(name) <= len("survey-") + 80 + len(".bib")
    assert re.fullmatch(r"value\d\d", name.removesuffix(".bib").rsplit("-", 1)[1])  # a whole word last
    assert _node_file_name([_filter("search", ["x" * 200], "text", "words")]) == "survey-search.bib"


def test_the_author_filter_compares_names_with_case_accents_and_spaces_folded() -> None:
    names = ["Jürgen Müller", "JURGEN  muller", " Jurgen\tMuller ", "Jürgen", "Piotr Miłoś", "Zoë Ångström"]
    script = (f"import {{ nameKey }} from {json.dumps((EXPLORER / 'words.js').as_uri())};\n"
              f"console.log(JSON.stringify({json.dumps(names)}.map(nameKey)));")
    result = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    keys = json.loads(result.stdout)
    assert keys[:3] == ["jurgen muller"] * 3  # one name, however it is written
    assert keys[3] == "jurgen"  # a part of a name is another name
    assert keys[4:] == ["piotr miłos", "zoe angstrom"]  # NFKD: "ł" has no accent to drop, "ś" has
