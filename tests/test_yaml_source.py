from pathlib import Path

from survey.content.yaml_source import load_yaml


def test_positions_of_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("key: x\nauthors:\n  - Ann\n  - Bob\ndate: 2024-01-02\n", encoding="utf-8")
    problems: list = []
    doc = load_yaml(path, "p.yaml", problems)
    assert problems == []
    assert doc.data == {"key": "x", "authors": ["Ann", "Bob"], "date": "2024-01-02"}  # dates stay text
    assert doc.where(("authors", 1)) == (4, 5)
    assert doc.where(("authors",), key=True) == (2, 1)
    assert doc.where(("missing", "deeper")) == (1, 1)


def test_duplicate_field_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("title: a\ntitle: b\n", encoding="utf-8")
    problems: list = []
    load_yaml(path, "p.yaml", problems)
    assert [str(p) for p in problems] == ["p.yaml:2:1: title: duplicate field"]


def test_invalid_utf8_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"title: \xff\n")
    problems: list = []
    assert load_yaml(path, "p.yaml", problems) is None
    assert str(problems[0]).startswith("p.yaml:1:1: file is not valid UTF-8")


def test_escaped_surrogates_are_reported_by_libyaml(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text('title: "smile \\ud83d\\ude00"\n', encoding="utf-8")
    problems: list = []
    assert load_yaml(path, "p.yaml", problems) is None
    assert [str(p) for p in problems] == ["p.yaml:1:17: YAML syntax error: while parsing a quoted scalar found invalid Unicode character escape code"]


def test_pure_python_loader_joins_surrogate_pairs_and_refuses_lone_halves(tmp_path: Path, monkeypatch) -> None:
    import yaml

    from survey.content import yaml_source

    class Pure(yaml.SafeLoader):
        yaml_implicit_resolvers = yaml_source._Loader.yaml_implicit_resolvers

    monkeypatch.setattr(yaml_source, "_Loader", Pure)
    path = tmp_path / "p.yaml"
    path.write_text('title: "smile \\ud83d\\ude00"\nnote: "half \\ud83d"\n', encoding="utf-8")
    problems: list = []
    doc = load_yaml(path, "p.yaml", problems)
    assert doc.data["title"] == "smile \U0001F600"
    assert [str(p) for p in problems] == [
        "p.yaml:2:7: note: contains a lone UTF-16 surrogate escape (\\uD800-\\uDFFF); write the character itself"
    ]


def test_a_parse_cache_hands_back_unchanged_text_and_keeps_no_failed_file(tmp_path) -> None:
    from survey.content.yaml_source import ParseCache, load_yaml

    file = tmp_path / "a.yaml"
    file.write_text("key: a\n", encoding="utf-8")
    cache: ParseCache = {}
    first = load_yaml(file, "a.yaml", [], cache)
    assert first is not None and load_yaml(file, "a.yaml", [], cache) is first  # not parsed again
    file.write_text("key: b\n", encoding="utf-8")
    second = load_yaml(file, "a.yaml", [], cache)
    assert second is not first and second is not None and second.data == {"key": "b"}
    file.write_text("key: [\n", encoding="utf-8")
    problems: list = []
    assert load_yaml(file, "a.yaml", problems, cache) is None and problems  # reported every time
    assert cache["a.yaml"][1] is second
    assert load_yaml(file, "a.yaml", [], None) is None  # without a cache nothing is kept


def test_numbers_are_bounded_whatever_their_base(tmp_path: Path) -> None:
    """Issue 19: YAML 1.1's 0x, 0b, 0-octal and sexagesimal integers skip Python's 4,300-digit limit, so a
    3,700-digit hexadecimal fact loaded and then failed the build where a table printed it."""
    path = tmp_path / "p.yaml"
    huge = "0x" + "f" * 3700
    path.write_text(f"a: {huge}\nb: 07777777777777777777\nc: 190:20:30:15:25:40:50:10:20\nd: -1.5e+15\n"
                    f"e: 999999999999999\nf: -0x38d7ea4c67fff\ng: 1.0e-300\n? {'0b' + '1' * 60}\n: x\n", encoding="utf-8")
    problems: list = []
    doc = load_yaml(path, "p.yaml", problems)
    range_ = "is out of range: a number must be between -10^15 and 10^15"
    assert [str(p) for p in problems] == [
        f"p.yaml:1:4: a: {range_} (got '{huge[:57]}...')",
        f"p.yaml:2:4: b: {range_} (got '07777777777777777777')",
        f"p.yaml:3:4: c: {range_} (got '190:20:30:15:25:40:50:10:20')",
        f"p.yaml:4:4: d: {range_} (got '-1.5e+15')",
        "p.yaml:8:3: keys must be plain words (got 1152921504606846975)",
    ]
    assert doc.data["a"] == huge[:20] + "..."  # unprintable as a number: later messages quote its text
    assert (doc.data["e"], doc.data["f"], doc.data["g"]) == (10**15 - 1, -(10**15 - 1), 1e-300)  # the largest allowed
