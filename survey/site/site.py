"""The Site: what the core hands an adapter, and how it is written to a folder."""

from __future__ import annotations

from dataclasses import dataclass, field

from survey.errors import ContentError, Problem
from survey.urls import Publishing


@dataclass(frozen=True)
class Page:
    path: str  # a Markdown source path, such as "papers/li2024autoflow.md"
    markdown: str  # front matter, then the body
    source: str = ""  # the content file it is made from, named when the page is refused
    # The body is finished HTML (links already final): an adapter may hand it to the builder as
    # the page's content without converting it. It stays valid Markdown (a raw HTML block).
    html: bool = False
    # Blocks of finished HTML that stand in ``markdown`` as they are, each on lines of its own (a
    # table, a figure): an adapter may keep them out of the Markdown conversion and put them back.
    islands: tuple[str, ...] = ()

    def without_islands(self, markdown: str) -> str:
        """The Markdown with each island replaced by a comment, which Markdown passes as it is."""
        for number, block in enumerate(self.islands):
            markdown = markdown.replace(block, _island_mark(number), 1)
        return markdown

    def with_islands(self, html: str) -> str:
        """The converted HTML with each island back in its comment's place."""
        for number, block in enumerate(self.islands):
            html = html.replace(_island_mark(number), block, 1)
        return html


def _island_mark(number: int) -> str:
    return f"<!--survey-island-{number}-->"


@dataclass(frozen=True)
class Download:
    path: str
    content: bytes


@dataclass(frozen=True)
class NavEntry:
    title: str
    path: str | None = None
    children: tuple[NavEntry, ...] = ()


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    downloads: list[Download] = field(default_factory=list)
    nav: list[NavEntry] = field(default_factory=list)

    def refuse_shared_paths(self, publishing: Publishing) -> None:
        """Two generated files with one output path would silently replace each other: name both."""
        owners: dict[str, str] = {}
        problems = []
        outputs = [(publishing.url(p.path), p.source, p.path) for p in self.pages] + [(d.path, "", d.path) for d in self.downloads]
        for output, source, path in outputs:
            if output in owners:
                problems.append(Problem(source or "content", 1, 1, "", f"{path} would be written to {output}, as would {owners[output]}"))
            owners.setdefault(output, f"{path} (from {source})" if source else path)
        if problems:
            raise ContentError(problems)

    def nav_setting(self, handwritten: list[str]) -> list[object]:
        """The nav as mkdocs.yml writes it (what the plugin sets, what Zensical reads): the generated
        pages' tree, then the hand-written pages. Paper pages are never in it."""
        return [_nav_item(entry) for entry in self.nav] + list(handwritten)

    def files(self) -> list[tuple[str, bytes]]:
        """(path, bytes) of every page (its Markdown) and download."""
        return [(p.path, p.markdown.encode("utf-8")) for p in self.pages] + [(d.path, d.content) for d in self.downloads]


def _nav_item(entry: NavEntry) -> dict[str, object]:
    if entry.children:
        return {entry.title: [_nav_item(child) for child in entry.children]}
    return {entry.title: entry.path}
