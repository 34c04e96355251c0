"""A `make serve` rebuild reuses the paper pages whose inputs did not change (site/render.py): each
render must still equal a render from scratch, after any save."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.content.load import load_content
from survey.site import render
from survey.site.render import render_site


def _pages(content: Path) -> dict[str, str]:
    return {page.path: page.markdown for page in render_site(load_content(content)).pages}


def _from_scratch(content: Path) -> dict[str, str]:
    render._paper_pages.clear()
    return _pages(content)


@pytest.mark.parametrize(
    ("field", "value"),
    [("tldr", "A summary saved while the site is served."), ("title", "A Title Saved While the Site Is Served")],
)
def test_a_render_after_a_save_is_a_render_from_scratch(project: Path, field: str, value: str) -> None:
    content = project / "content"
    before = _from_scratch(content)
    assert _pages(content) == before  # nothing changed: every page kept, the same
    paper = content / "papers" / "hu2021lora.yaml"
    lines = paper.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    end = next((i for i in range(at + 1, len(lines)) if not lines[i].startswith("  ")), len(lines))
    paper.write_text("".join([*lines[:at], f"{field}: {value}\n", *lines[end:]]), encoding="utf-8")
    after = _pages(content)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert "papers/hu2021lora.md" in changed and value in after["papers/hu2021lora.md"]
    assert after == _from_scratch(content)
