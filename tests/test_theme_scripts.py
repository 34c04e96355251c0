"""The explorer's ES modules (theme/javascripts/explorer/), read as text: main.js imports every part
at once (so the browser requests them together, not a level of imports at a time), and every import
names a module that exists. The browser tests run them; these say which file is wrong, in a second."""

from __future__ import annotations

import re

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
