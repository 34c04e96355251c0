"""mkdocs adapter: load and render in on_config, add the results as in-memory files in on_files.

The plugin only orchestrates; everything it adds comes from survey.build.build_site.
"""

from __future__ import annotations

import posixpath
import signal
import threading
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from survey.build import build_site
from survey.errors import ContentError
from survey.publish import html_check
from survey.publish.staged_folder import StagedFolder
from survey.site.paths import Publishing
from survey.site.site import NavEntry, Site


class SurveyConfig(base.Config):
    content = c.Type(str, default="content")


class SurveyPlugin(BasePlugin[SurveyConfig]):
    site: Site | None = None
    staged: StagedFolder | None = None
    dirty = False
    sigterm = None  # the SIGTERM handler before ours

    def on_startup(self, *, command, dirty) -> None:
        """Defined so that mkdocs keeps one plugin instance across ``serve`` rebuilds."""
        self.dirty = dirty
        if command == "serve" and threading.current_thread() is threading.main_thread():
            # SIGTERM ends Python without running finally blocks, so neither serve's clean-up nor
            # on_shutdown would remove the build folders; stop as on Ctrl-C instead.
            self.sigterm = signal.signal(signal.SIGTERM, _interrupt)

    def _root(self, config) -> Path:
        return Path(config.config_file_path).parent

    def on_config(self, config):
        self._drop_staged()  # serve: the previous build's backup is no longer needed
        root = self._root(config)
        try:
            publishing = Publishing(config.site_url or None, config.use_directory_urls)
            self.site = build_site(root / self.config.content, display_root=root, publishing=publishing)
        except ContentError as error:
            raise PluginError("The survey's content has problems:\n" + error.report()) from None
        if config.nav is None:
            # Paper pages stay out of the sidebar: listing them would make every page carry them all.
            handwritten = sorted(p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).rglob("*.md"))
            config.nav = [_mkdocs_nav(entry) for entry in self.site.nav] + handwritten
        if not self.dirty:  # a --dirty build updates the existing folder in place
            # All or nothing: build beside site_dir and swap it in only when the build succeeded.
            self.staged = StagedFolder(Path(config.site_dir))
            config.site_dir = str(self.staged.path)
        return config

    def on_post_build(self, *, config) -> None:
        if self.staged is not None:
            self.staged.commit()

    def on_build_error(self, *, error) -> None:
        """Runs for any failure, also strict mode's abort, which comes after on_post_build."""
        if self.staged is not None:
            self.staged.rollback()
            self.staged = None

    def on_shutdown(self) -> None:
        self._drop_staged()
        if self.sigterm is not None:
            signal.signal(signal.SIGTERM, self.sigterm)
            self.sigterm = None

    def _drop_staged(self) -> None:
        if self.staged is not None:
            self.staged.cleanup()
            self.staged = None

    def on_files(self, files: Files, *, config) -> Files:
        assert self.site is not None
        self.sources = {page.path: page.source for page in self.site.pages}
        # What docs_dir (hand-written pages) and the theme already write, by output path.
        docs = Path(config.docs_dir).resolve()
        shown = (
            docs.relative_to(self._root(config).resolve()).as_posix() if docs.is_relative_to(self._root(config).resolve()) else str(docs)
        )
        taken = {file.dest_uri: f"{shown}/{file.src_uri}" for file in files}
        for page in self.site.pages:
            _add(files, File.generated(config, page.path, content=page.markdown), page.source, taken)
        for download in self.site.downloads:
            _add(files, File.generated(config, download.path, content=download.content), "the survey", taken)
        return files

    # The backstop (survey/publish/html_check.py): generated pages, as built, hold only allowed markup.
    theme_scripts: html_check.ThemeScripts | None = None
    sources: dict[str, str] = {}  # generated page -> the content file it was made from

    def on_post_template(self, output_content: str, *, template_name: str, config) -> str:
        """The theme's 404 page is built before any page and holds nothing of ours: its scripts
        are the theme's own."""
        if template_name == "404.html":
            self.theme_scripts = html_check.ThemeScripts.from_page(output_content)
        return output_content

    def on_page_content(self, html: str, *, page, config, files) -> str:
        source = self.sources.get(page.file.src_uri)
        if source is not None:
            _refuse(source, page.file.src_uri, html_check.content_problems(html))
        return html

    def on_post_page(self, output: str, *, page, config) -> str:
        source = self.sources.get(page.file.src_uri)
        if source is not None:
            folder = posixpath.dirname(page.file.dest_uri)
            _refuse(source, page.file.src_uri, html_check.page_problems(output, folder, self.theme_scripts))
        return output

    def on_serve(self, server, *, config, builder):
        server.watch(str(self._root(config) / self.config.content))
        return server


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _refuse(source: str, page: str, problems: list[str]) -> None:
    if problems:
        lines = "\n".join(f"  {problem}" for problem in problems[:10])
        raise PluginError(f"{source}: the page made from it ({page}) holds markup that is not allowed:\n{lines}")


def _add(files: Files, file: File, source: str, taken: dict[str, str]) -> None:
    """Add a generated file, refusing one that would overwrite a hand-written page or theme file."""
    other = taken.get(file.dest_uri) or (f"{file.src_uri} in docs_dir" if files.get_file_from_path(file.src_uri) else None)
    if other is not None:
        raise PluginError(f"{source} and {other} would both be written to {file.dest_uri}; rename one of them")
    files.append(file)


def _mkdocs_nav(entry: NavEntry):
    if entry.children:
        return {entry.title: [_mkdocs_nav(child) for child in entry.children]}
    return {entry.title: entry.path}
