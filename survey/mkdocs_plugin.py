"""mkdocs adapter: load and render in on_config, add the results as in-memory files in on_files,
hand pages written as finished HTML to mkdocs unconverted, check every generated page as built,
and swap the finished site in.

The plugin only orchestrates; what it adds comes from survey.build.build_site, what it checks from
survey.publish.html_check, and the swap from survey.publish.staged_folder. Each handler states its
priority (mkdocs runs higher first; plugins without one run at 0) and why.
"""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from survey.build import build_site
from survey.content.load import LoadCache
from survey.errors import ContentError
from survey.publish import heap
from survey.publish.backstop import Backstop
from survey.publish.rebuilds import Rebuilds, fingerprint
from survey.publish.search_index import BackgroundIndex, SearchIndexError, build_search_index
from survey.publish.shared_blocks import SharedBlocks
from survey.publish.signals import terminate_as_interrupt
from survey.publish.staged_folder import StagedFolder
from survey.publish.template_cache import CompiledTemplates, tune
from survey.site import markup, theme
from survey.site.site import Page as SurveyPage
from survey.site.site import Site
from survey.urls import Publishing

log = get_plugin_logger(__name__)


class SurveyConfig(base.Config):  # type: ignore[no-untyped-call]  # mkdocs' Config.__init_subclass__ is untyped
    # The content folder (survey.yaml and papers/), relative to mkdocs.yml; it must exist.
    content = c.Dir(exists=True, default="content")
    # The parts of the page frame that many pages show alike (the sidebar's navigation on pages outside
    # the nav, the header's logo and tools) rendered once a build, not once a page
    # (survey/publish/shared_blocks.py). A part that comes out different on the first two pages that
    # show it is rendered for every page anyway; false renders them all for every page, as Material
    # does, for a custom_dir whose frame shows something of its page on some pages only.
    shared_frame = c.Type(bool, default=True)


class SurveyPlugin(BasePlugin[SurveyConfig]):  # type: ignore[no-untyped-call]  # as above
    def __init__(self) -> None:
        super().__init__()
        self.site: Site | None = None
        self.staged: StagedFolder | None = None
        self.dirty = False
        self.signals = contextlib.ExitStack()  # serve: SIGTERM as Ctrl-C until on_shutdown
        self.pages: dict[str, SurveyPage] = {}  # generated pages by path (their source file, islands, HTML)
        self.backstop = Backstop(elsewhere=False)  # each build's markup checks (publish/backstop.py)
        self.rebuilds = Rebuilds()  # dirty builds (`make serve`): which generated files changed
        self.kept = LoadCache()  # dirty builds: content files parsed and checked, kept for the next rebuild
        self.previewing = False  # `mkdocs serve --dirty`: the search index follows the pages
        self.command: str | None = None  # mkdocs' command, when run as one (on_startup)
        self.indexing = BackgroundIndex(lambda message, failed: (log.warning if failed else log.info)(message))
        self.compiled = CompiledTemplates()  # the theme's templates, compiled once a `serve` session
        self.shared = SharedBlocks()  # the parts of the frame that pages show alike, rendered once a build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that mkdocs keeps one plugin instance across ``serve`` rebuilds."""
        self.dirty = dirty
        self.command = command
        self.previewing = command == "serve" and dirty  # make serve
        if command == "serve":
            # SIGTERM ends Python without running finally blocks, so neither serve's clean-up nor
            # on_shutdown would remove the build folders; stop as on Ctrl-C instead.
            self.signals.enter_context(terminate_as_interrupt())

    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Early (50): the nav and site_dir are set before other plugins read them."""
        self._drop_staged()  # serve: the previous build's backup is no longer needed
        self.indexing.cancel()  # make serve: the last build's index is outdated, and it would slow this one
        self.backstop.stop()
        # A full build checks its pages on the second core; a dirty one, writing into the served
        # folder as it goes, checks each page before it is written.
        self.backstop = Backstop(elsewhere=not self.dirty)
        _use_survey_theme(config)
        root = _root(config)
        try:
            publishing = Publishing(config.site_url or None, config.use_directory_urls)
            kept = self.kept if self.dirty else None  # a single build gains nothing from keeping them
            self.site = build_site(Path(self.config.content), display_root=root, publishing=publishing, cache=kept)
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
        self.pages = {page.path: page for page in self.site.pages}
        # What docs_dir (hand-written pages) and the theme already write, by output path.
        docs = Path(config.docs_dir).resolve()
        root = _root(config).resolve()
        shown = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else str(docs)
        taken = {file.dest_uri: f"{shown}/{file.src_uri}" for file in files}
        if self.dirty:
            self._prepare_dirty(files, config)
        for page in self.site.pages:
            file = self._generated(config, page.path, page.markdown)
            _add(files, file, page.source, taken)
            if page.html:
                _FinishedPage(None, file, config)  # mkdocs makes the other pages' Page objects itself
        for download in self.site.downloads:
            _add(files, self._generated(config, download.path, download.content), "the survey", taken)
        return files

    def _generated(self, config: MkDocsConfig, path: str, content: str | bytes) -> File:
        file = _GeneratedFile.generated(config, path, content=content)
        assert isinstance(file, _GeneratedFile)
        file.changed = not self.dirty or self.rebuilds.changed(path, content)
        return file

    def _prepare_dirty(self, files: Files, config: MkDocsConfig) -> None:
        """A dirty build renders only what changed. Everything when what every page shows changed:
        the nav, the theme, mkdocs.yml, the hand-written pages. These pages are always rendered
        again (by removing their output): a dirty build takes unread pages' titles from their file
        names, which the sidebar would show."""
        custom_dir = config.theme.custom_dir
        folders = [Path(config.config_file_path), Path(config.docs_dir), theme.FOLDER] + ([Path(custom_dir)] if custom_dir else [])
        self.rebuilds.start(fingerprint(config.nav, folders))
        for file in files.documentation_pages():
            if file.abs_dest_path and not file.generated_by:
                Path(file.abs_dest_path).unlink(missing_ok=True)

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """Last (-100): the theme's 404 page, built before any page and holding nothing of ours,
        as every plugin left it: its scripts, stylesheets and links are the theme's own, which pages
        may carry too."""
        if template_name == "404.html":
            root = urlsplit(config.site_url or "/").path or "/"  # mkdocs' base for the 404 page
            self.backstop.theme_page(output_content, root.rstrip("/") + "/")
        return output_content

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The frame's parts that show where a page stands in the nav are shared among the pages outside it."""
        self.shared.start(page.file.src_uri for page in nav.pages)
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        """Compiled templates kept across `serve` rebuilds, block tags' lines dropped (publish/template_cache.py);
        the frame's shared parts (publish/shared_blocks.py)."""
        tune(env, self.compiled)
        if self.config.shared_frame:
            env.globals["survey_shared"] = self.shared.render
        return env

    @event_priority(-100)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Last (-100): a page's blocks of finished HTML (tables, figures) wait in comments while
        Python-Markdown converts the rest. (Pages written wholly as finished HTML are not converted
        at all: _FinishedPage.)"""
        ours = self.pages.get(page.file.src_uri)
        return ours.without_islands(markdown) if ours is not None and ours.islands else markdown

    @event_priority(100)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """First (100): the blocks kept aside go back in their places, before any other plugin reads them."""
        ours = self.pages.get(page.file.src_uri)
        return ours.with_islands(html) if ours is not None and ours.islands else html

    @event_priority(-100)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """Last (-100): a generated page's content, as Markdown (or the generator) and every plugin left it."""
        ours = self.pages.get(page.file.src_uri)
        if ours is not None and page.content is not None:
            _refuse(self.backstop.content(ours.source, page.file.src_uri, page.content))
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Last (-100): the whole page as it will be written."""
        ours = self.pages.get(page.file.src_uri)
        if ours is not None:
            folder = posixpath.dirname(page.file.dest_uri)
            _refuse(self.backstop.page(ours.source, page.file.src_uri, folder, output))
        return output

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Last (-100): after every plugin has written its files, index the finished pages for
        search, then swap the site in; a failure to index fails the build (the swap rolls back).
        In `make serve` the index follows in the background: an edit shows on its page without
        waiting for it (half a second on the flagship), and a failure is a warning there. First,
        the markup checks of a full build, made on the second core, refuse it if a page is unsound."""
        _refuse(self.backstop.finish())
        if self.previewing:
            self.indexing.start(Path(config.site_dir))
            return
        log.info("Indexing the site for search (Pagefind)")
        try:
            index = build_search_index(Path(config.site_dir))
        except SearchIndexError as error:
            raise PluginError(f"The search index could not be built: {error}") from None
        log.info(f"Search index: {index.pages} pages")
        if self.staged is not None:
            self.staged.commit()

    def on_build_error(self, *, error: Exception) -> None:
        """Runs for any failure, also strict mode's abort, which comes after on_post_build."""
        self.rebuilds.forget()
        self.backstop.stop()
        if self.staged is not None:
            self.staged.rollback()
            self.staged = None

    def on_shutdown(self) -> None:
        self.backstop.stop()
        self.indexing.join()
        self._drop_staged()
        self.signals.close()  # the SIGTERM handler before serve's
        if self.command is not None:  # mkdocs' command is over, and so is the process
            heap.before_exit()  # its last collection need not walk the whole build (publish/heap.py)

    def _drop_staged(self) -> None:
        if self.staged is not None:
            self.staged.cleanup()
            self.staged = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        """The content folder watched too, by a server that looks for saves every 0.1 s instead of
        mkdocs' 0.5 s: a save waited a quarter of a second on average before its rebuild began."""
        quicker = _polling_every(server, builder, POLL_SECONDS)
        quicker.watch(self.config.content)
        return quicker


# A snapshot of the watched files (the content folder, docs_dir, mkdocs.yml) takes about 5 ms of CPU on the
# flagship: polling costs `make serve` 5% of a core, for a save seen 0.2 s sooner on average.
POLL_SECONDS = 0.1


def _polling_every(server: LiveReloadServer, builder: Callable[..., Any], seconds: float) -> LiveReloadServer:
    """A server like ``server`` (not yet started, so nothing of it runs) whose file watcher polls every
    ``seconds``, watching what ``server`` watches; mkdocs lets on_serve hand back another server."""
    host, port = server.server_address[:2]
    quicker = LiveReloadServer(builder, str(host), int(port), server.root, server.mount_path, polling_interval=seconds)
    quicker.error_handler = server.error_handler
    # The paths as mkdocs gave them (a file stays a file: watchdog's own watch is its whole folder);
    # mkdocs 1.6 keeps them in this attribute only, and mkdocs 1.x changes no more.
    for path in sorted(server._watched_paths):
        quicker.watch(path)
    server.server_close()
    return quicker


class _FinishedPage(Page):
    """A generated page written as finished HTML (paper pages): mkdocs reads its front matter and
    runs every page event on it as on any page, but nothing converts it, since its body is final,
    links included (a Python-Markdown converter made for each page only to pass it through cost 0.1 s
    of the flagship's build). The table of contents and anchors a conversion gives are read from
    the HTML the generator wrote (survey.site.markup)."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.content = self.markdown  # as the page events before this one left it
        self.toc = get_toc(markup.toc_tokens(self.content))
        self.present_anchor_ids = markup.anchor_ids(self.content)


class _GeneratedFile(File):
    """A generated file that a dirty build writes only when it changed (mkdocs writes a generated
    file at every build, since it has no source file to compare dates with)."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed


def _use_survey_theme(config: MkDocsConfig) -> None:
    """The survey's theme (survey/site/theme.py) among the theme's folders, its CSS and scripts listed."""
    config.theme.dirs = theme.theme_folders(config.theme.dirs, config.theme.custom_dir)
    config.extra_css.extend(theme.missing(config.extra_css, theme.STYLESHEETS))
    config.extra_javascript.extend(theme.missing(map(str, config.extra_javascript), theme.SCRIPTS))


def _root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def _refuse(refusals: list[str]) -> None:
    if refusals:
        raise PluginError("\n".join(refusals))


def _add(files: Files, file: File, source: str, taken: dict[str, str]) -> None:
    """Add a generated file, refusing one that would overwrite a hand-written page or theme file."""
    other = taken.get(file.dest_uri) or (f"{file.src_uri} in docs_dir" if files.get_file_from_path(file.src_uri) else None)
    if other is not None:
        raise PluginError(f"{source} and {other} would both be written to {file.dest_uri}; rename one of them")
    files.append(file)
