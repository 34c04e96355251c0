"""The README's layouts of survey/ and of the theme's scripts name every module and folder there
is, and nothing that is not."""

from __future__ import annotations

import re

from conftest import ROOT


def _listed(head: str = "survey/") -> set[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    at = text.index(f"```\n{head}\n") + 4
    block = text[at : text.index("```", at)]
    listed, folders = set(), []
    for line in block.splitlines()[1:]:
        match = re.match(r"( +)(\S+)", line)
        if not match or not re.fullmatch(r"[\w.]+/?", match[2]) or "." not in match[2] and not match[2].endswith("/"):
            continue  # a description's second line
        depth = len(match[1]) // 2
        folders = folders[: depth - 1]
        listed.add("/".join([*folders, match[2].rstrip("/")]))
        if match[2].endswith("/"):
            folders.append(match[2].rstrip("/"))
    return listed


def _there() -> set[str]:
    survey = ROOT / "survey"
    out = set()
    for path in survey.rglob("*"):
        relative = path.relative_to(survey)
        parts = relative.parts
        if "__pycache__" in parts or parts[0] in ("theme", "schema") and len(parts) > 1:
            continue
        if any(part in ("starter", "templates") for part in parts[:-1]):
            continue  # data folders are listed as a whole
        if path.is_dir() or path.suffix == ".py" and (path.name != "__init__.py" or relative.as_posix() == "contribute/imports/__init__.py"):
            out.add(relative.as_posix())
    return out


def test_the_layout_lists_every_module_and_folder_and_nothing_else() -> None:
    listed, there = _listed(), _there()
    assert len(listed) > 50
    assert listed - there == set(), "listed but not there"
    assert there - listed == set(), "there but not listed"


def test_the_layout_lists_every_script_of_the_theme_and_nothing_else() -> None:
    scripts = ROOT / "theme" / "javascripts"
    there = {path.relative_to(scripts).as_posix() for path in scripts.rglob("*")}
    assert "explorer/main.js" in there
    assert _listed("theme/javascripts/") == there
