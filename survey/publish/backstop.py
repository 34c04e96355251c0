"""The markup backstop (publish/html_check.py) as mkdocs renders the pages: in a second process for
a full build, so that its checks (about 0.7 s of CPU for the flagship) take the second core while
mkdocs renders on the first; in this process for a `make serve --dirty` rebuild, which writes each
page into the served folder as it goes and so must refuse a page before it is written.

A full build writes into a staged folder swapped in only once every page was found sound
(publish/staged_folder.py): a page refused after it was written never reaches the site, and every
refusal is reported at once. The check fails closed: a second process that stops before it has
checked every page sent to it refuses the build.
"""

from __future__ import annotations

from typing import Any

from survey import second_process
from survey.publish import html_check
from survey.publish.theme_markup import ThemeMarkup
from survey.second_process import SecondProcess


def refusal(source: str, page: str, problems: list[str]) -> str:
    lines = "\n".join(f"  {problem}" for problem in problems[:10])
    return f"{source}: the page made from it ({page}) holds markup that is not allowed:\n{lines}"


class Backstop:
    """One build's checks. ``content`` and ``page`` return the refusals found at once (in this
    process); ``finish`` returns every refusal of the build, once all pages are checked."""

    def __init__(self, *, elsewhere: bool) -> None:
        self.theme: ThemeMarkup | None = None
        self.verified: set[bytes] = set()  # digests of sidebars found on sound pages
        self.refusals: list[str] = []
        self.sent = 0  # pages handed to the second process
        self.checked: int | None = None  # its count, once it has checked everything
        # Where no second process starts, the checks run here, page by page.
        self.process = SecondProcess.start("survey.publish.backstop", "main", self._heard) if elsewhere else None

    def _heard(self, line: list[Any]) -> None:
        if line[0] == "refused":
            self.refusals.append(line[1])
        else:
            self.checked = line[1]

    def theme_page(self, html: str, root: str) -> None:
        """The theme's own 404 page, built before any page: what every page may load and run."""
        if self.process is not None:
            self.process.send(["theme", html, root])
        else:
            self.theme = ThemeMarkup.from_page(html, root=root)

    def content(self, source: str, page: str, html: str) -> list[str]:
        """A generated page's content HTML, as Markdown (or the generator) and every plugin left it."""
        if self.process is not None:
            self.process.send(["content", source, page, html])
            self.sent += 1
            return []
        problems = html_check.content_problems(html)
        return [refusal(source, page, problems)] if problems else []

    def page(self, source: str, page: str, folder: str, html: str) -> list[str]:
        """A generated page as the theme wrote it (``folder``: its folder in the site)."""
        if self.process is not None:
            self.process.send(["page", source, page, folder, html])
            self.sent += 1
            return []
        problems = html_check.page_problems(html, folder, self.theme, self.verified)
        return [refusal(source, page, problems)] if problems else []

    def finish(self) -> list[str]:
        if self.process is not None:
            self.process.close()
            self.process.wait()
            if self.checked != self.sent:
                code, done = self.process.process.returncode, self.checked or 0
                self.refusals.append(f"The markup backstop stopped (exit code {code}) having checked {done} of {self.sent} pages")
            self.process = None
        return self.refusals

    def stop(self) -> None:
        """A failed build: no more checks."""
        if self.process is not None:
            self.process.stop()
            self.process = None


def main() -> None:
    """The second process: every page as it comes, then how many were checked."""
    theme: ThemeMarkup | None = None
    verified: set[bytes] = set()
    checked = 0
    for kind, *fields in second_process.incoming():
        if kind == "theme":
            html, root = fields
            theme = ThemeMarkup.from_page(html, root=root)
            continue
        if kind == "content":
            source, page, html = fields
            problems = html_check.content_problems(html)
        else:
            source, page, folder, html = fields
            problems = html_check.page_problems(html, folder, theme, verified)
        checked += 1
        if problems:
            second_process.reply(["refused", refusal(source, page, problems)])
    second_process.reply(["checked", checked])
