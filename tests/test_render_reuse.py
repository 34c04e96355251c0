"""A `make serve` rebuild reuses the paper pages whose inputs did not change (site/render.py) and the
checks of the paper files that did not change (content/load.py): each render and each load must
still equal one from scratch, after any save."""

from __future__ import annotations

from pathlib import Path

import pytest

from survey.content.load import LoadCache, load_content
from survey.errors import ContentError
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


def _loaded(content: Path, cache: LoadCache | None) -> tuple[object, ...]:
    try:
        survey = load_content(content, display_root=content.parent, cache=cache)
    except ContentError as error:
        return ("refused", error.problems)
    return ("loaded", survey.papers, survey.warnings)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_load_that_reuses_the_last_ones_checks_is_a_load_from_scratch(project: Path) -> None:
    """A paper file's own checks are kept between the loads of a `make serve` session (content/load.py,
    LoadCache): after any save, a load with them must find what a load without them finds."""
    content = project / "content"
    survey, paper = content / "survey.yaml", content / "papers" / "hu2021lora.yaml"
    cache = LoadCache()
    first = _loaded(content, cache)
    assert first[0] == "loaded" and first == _loaded(content, None)
    kept = cache.papers["content/papers/hu2021lora.yaml"]
    assert _loaded(content, cache) == first and cache.papers["content/papers/hu2021lora.yaml"] is kept  # reused
    saves = [
        (paper, "tldr: Freezes", "tldr: Saved while served. Freezes"),  # the paper's own file
        (paper, "category: peft", "category: no-such-category"),  # its rules fail
        (paper, "category: no-such-category", "category: peft"),  # and pass again
        (survey, "      lora: Low-rank adaptation", "      low-rank: Low-rank adaptation"),  # its tag is gone from survey.yaml
        (survey, "      low-rank: Low-rank adaptation", "      lora: Low-rank adaptation"),
        (paper, "key: hu2021lora", "key: [hu2021lora"),  # a YAML error: nothing of the file is kept
        (paper, "key: [hu2021lora", "key: hu2021lora"),
    ]
    outcomes = []
    for path, old, new in saves:
        _edit(path, old, new)
        outcome = _loaded(content, cache)
        assert outcome == _loaded(content, None), f"after {new!r}"
        outcomes.append(outcome[0])
    assert outcomes == ["loaded", "refused", "loaded", "refused", "loaded", "refused", "loaded"]
    paper.unlink()
    assert _loaded(content, cache) == _loaded(content, None)
    assert "content/papers/hu2021lora.yaml" not in cache.papers  # a removed file's checks go with it
