"""mkdocs adapter: load and render in on_config, add the results as in-memory files in on_files,
check every generated page as built, and swap the finished site in.

The plugin only orchestrates; what it adds comes from survey.build.build_site, what it checks from
survey.publish.html_check, and the swap from survey.publish.staged_folder. Each handler states its
priority (mkdocs runs higher first; plugins without one run at 0) and why.
"""

from __future__ import annotations

import posixpath
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from survey.build import build_site
from survey.errors import ContentError
from survey.publish import html_check
from survey.publish.staged_folder import StagedFolder
from survey.site.paths import Publishing
from survey.site.site import Site

log = get_plugin_logger(__name__)
SignalHandler = Callable[[int, FrameType | None], Any] | int | None


class SurveyConfig(base.Config):
    # The content folder (survey.yaml and papers/), relative to mkdocs.yml; it must exist.
    content = c.Dir(exists=True, default="content")


class SurveyPlugin(BasePlugin[SurveyConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.site: Site | None = None
        self.staged: StagedFolder | None = None
        self.dirty = False
        self.sigterm: SignalHandler = None  # the SIGTERM handler before ours
        self.sources: dict[str, str] = {}  # generated page -> the content file it was made from
        self.theme_scripts: html_check.ThemeScripts | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that mkdocs keeps one plugin instance across ``serve`` rebuilds."""
        self.dirty = dirty
        if command == "serve" and threading.current_thread() is threading.main_thread():
            # SIGTERM ends Python without running finally blocks, so neither serve's clean-up nor
            # on_shutdown would remove the build folders; stop as on Ctrl-C instead.
            self.sigterm = signal.signal(signal.SIGTERM, _interrupt)

    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Early (50): the nav and site_dir are set before other plugins read them."""
        self._drop_staged()  # serve: the previous build's backup is no longer needed
        root = _root(config)
        try:
            publishing = Publishing(config.site_url or None, config.use_directory_urls)
            self.site = build_site(Path(self.config.content), display_root=root, publishing=publishing)
        except ContentError as error:
            raise PluginError("The survey's content has problems:\n" + error.report()) from None
        log.info(f"{len(self.site.pages)} pages and {len(self.site.downloads)} downloads generated")
        if config.nav is None:
            # Paper pages stay out of the sidebar: listing them would make every page carry them all.
            handwritten = sorted(p.relative_to(config.docs_dir).as_posix() for p in Path(config.docs_dir).rglob("*.md"))
            config.nav = self.site.nav_setting(handwritten)
        if not self.dirty:  # a --dirty build updates the existing folder in place
            # All or nothing: build beside site_dir and swap it in only when the build succeeded.
            self.staged = StagedFolder(Path(config.site_dir))
            config.site_dir = str(self.staged.path)
        return config

    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Early (50): plugins that run later (search, tags, …) see the generated pages."""
        assert self.site is not None, "on_config has run"
        self.sources = {page.path: page.source for page in self.site.pages}
        # What docs_dir (hand-written pages) and the theme already write, by output path.
        docs = Path(config.docs_dir).resolve()
        root = _root(config).resolve()
        shown = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)
        taken = {file.dest_uri: f"{shown}/{file.src_uri}" for file in files}
        for page in self.site.pages:
            _add(files, File.generated(config, page.path, content=page.markdown), page.source, taken)
        for download in self.site.downloads:
            _add(files, File.generated(config, download.path, content=download.content), "the survey", taken)
        return files

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Last (-100): the theme's 404 page, built before any page and holding nothing of ours,
        as every plugin left it: its scripts are the theme's own, which pages may carry too."""
        if template_name == "404.html":
            root = urlsplit(config.site_url or "/").path or "/"  # mkdocs' base for the 404 page
            self.theme_scripts = html_check.ThemeScripts.from_page(output_content, root=root.rstrip("/") + "/")
        return output_content

    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Last (-100): a generated page's content, as Markdown and every plugin left it."""
        source = self.sources.get(page.file.src_uri)
        if source is not None:
            _refuse(source, page.file.src_uri, html_check.content_problems(html))
        return html

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Last (-100): the whole page as it will be written."""
        source = self.sources.get(page.file.src_uri)
        if source is not None:
            folder = posixpath.dirname(page.file.dest_uri)
            _refuse(source, page.file.src_uri, html_check.page_problems(output, folder, self.theme_scripts))
        return output

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Last (-100): swap the site in after every plugin has written its files (search's index)."""
        if self.staged is not None:
            self.staged.commit()

    def on_build_error(self, *, error: Exception) -> None:
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

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        server.watch(self.config.content)
        return server


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def _interrupt(signum: int, frame: FrameType | None) -> None:
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
