"""A paper whose cite key had to change keeps its old one as `former_keys`: BibTeX lists it as
biblatex's `ids`, the old page address says where the paper went, and no other paper may hold it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import mkdocs_build
from pybtex.database import parse_string

from survey.build import build_site
from survey.cli import main


def _rename(project: Path, old: str, new: str) -> Path:
    papers = project / "content" / "papers"
    text = (papers / f"{old}.yaml").read_text(encoding="utf-8").replace(f"key: {old}\n", f"key: {new}\nformer_keys:\n  - {old}\n")
    (papers / f"{old}.yaml").unlink()
    (papers / f"{new}.yaml").write_text(text, encoding="utf-8")
    return papers / f"{new}.yaml"


def test_bibtex_gives_the_former_key_as_ids_and_the_old_address_links_to_the_paper(project: Path) -> None:
    _rename(project, "hu2021lora", "hu2022lora")
    site = build_site(project / "content")
    bib = parse_string(next(d.content for d in site.downloads if d.path == "survey.bib").decode(), "bibtex")
    assert bib.entries["hu2022lora"].fields["ids"] == "hu2021lora" and "hu2021lora" not in bib.entries
    moved = next(p for p in site.pages if p.path == "papers/hu2021lora.md")
    assert "[here](hu2022lora.md)" in moved.markdown and "search:\n  exclude: true" in moved.markdown


@pytest.mark.slow
def test_the_old_address_is_a_page_of_the_built_site(project: Path) -> None:
    _rename(project, "hu2021lora", "hu2022lora")
    assert main(["--content", str(project / "content"), "schema"]) == 0
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    old = (project / "site" / "papers" / "hu2021lora" / "index.html").read_text(encoding="utf-8")
    assert 'href="../hu2022lora/"' in old


def test_a_former_key_another_paper_holds_is_refused(project: Path, capsys, monkeypatch) -> None:
    path = _rename(project, "hu2021lora", "hu2022lora")
    path.write_text(path.read_text(encoding="utf-8").replace("  - hu2021lora\n", "  - interp2023\n"), encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert "content/papers/hu2022lora.yaml:3:5: former_keys[0]: 'interp2023' is already the key or a former key of content/papers/interp2023.yaml" in lines
