"""survey/publish/shared_blocks.py with Jinja, as the theme calls it: which pages share a part; and
the copy of Material's site_nav block in theme/main.html that asks for it."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import jinja2
import material

from survey.publish.shared_blocks import SharedBlocks
from survey.site import theme

# As theme/main.html asks for a part: the part shows its page's path on the pages in ``own``, and the
# same text on every other page. ``rendered`` counts the pages that rendered it.
TEMPLATE = """{% set kept = shared(name) %}{% if kept %}{{ kept }}{% else %}{% set part %}
{{- rendered.append(1) or "" }}{{ page.file.src_uri if page.file.src_uri in own else "alike" -}}
{% endset %}{{ shared(name, part) }}{% endif %}"""


def _render(blocks: SharedBlocks, name: str, paths: list[str], own: set[str], base_url: str = "..") -> tuple[list[str], int]:
    """Each page's part, and how many pages rendered it."""
    env = jinja2.Environment()
    env.globals["shared"] = blocks.render
    template = env.from_string(TEMPLATE)
    pages = [SimpleNamespace(file=SimpleNamespace(src_uri=path)) for path in paths]
    rendered: list[int] = []
    return [template.render(name=name, page=page, own=own, base_url=base_url, rendered=rendered) for page in pages], len(rendered)


def test_the_navigation_is_shared_among_pages_outside_the_nav_only() -> None:
    blocks = SharedBlocks()
    blocks.start(in_nav=["c.md", "d.md"])
    assert _render(blocks, "nav", ["a.md", "b.md", "a.md", "c.md", "d.md"], own={"d.md"}) == (["alike", "alike", "alike", "alike", "d.md"], 4)


def test_a_part_two_pages_render_differently_is_rendered_for_every_page() -> None:
    blocks = SharedBlocks()
    blocks.start(in_nav=[])
    assert _render(blocks, "header-tools", ["a.md", "b.md", "c.md"], own={"b.md", "c.md"}) == (["alike", "b.md", "c.md"], 3)


def test_pages_at_other_depths_and_later_builds_render_their_own() -> None:
    blocks = SharedBlocks()
    blocks.start(in_nav=[])
    assert _render(blocks, "header-start", ["a.md", "b.md"], own=set(), base_url="..") == (["alike", "alike"], 2)
    assert _render(blocks, "header-start", ["c.md"], own={"c.md"}, base_url=".") == (["c.md"], 1)
    assert _render(blocks, "header-start", ["c.md"], own=set(), base_url="..") == (["alike"], 0)
    blocks.start(in_nav=[])  # `make serve`: the next build
    assert _render(blocks, "header-start", ["a.md"], own={"a.md"}) == (["a.md"], 1)


def test_the_themes_site_nav_is_materials_with_the_navigation_shared() -> None:
    """theme/main.html copies Material's site_nav block to share its navigation: the copy must follow
    the installed Material (pyproject allows any 9.x), so an upgrade that changes the block shows here."""
    def block(text: str) -> str:
        found = re.search(r"\{% block site_nav %\}\n(.*?)\n *\{% endblock %\}", text, re.S)
        assert found, "no site_nav block"
        return found.group(1)

    materials = block((Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8"))
    ours = block((theme.FOLDER / "main.html").read_text(encoding="utf-8"))
    sharing = re.compile(r' *\{% set kept = survey_shared\("nav"\).*?\n *\{% if kept %\}.*?\n( *\{% include "partials/nav.html" %\}\n)\{% endset %\}.*?\n', re.S)
    assert sharing.search(ours), "the navigation is not shared"
    assert sharing.sub(r"\1", ours) == materials
