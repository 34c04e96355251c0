"""``survey render DIR --zensical mkdocs.yml``: the survey as a project that Zensical builds.

Zensical reads mkdocs.yml but runs no mkdocs plugins, so nothing adds the survey's pages during its
build. This module lays them out as files instead: ``DIR/docs/`` holds the generated pages, the
downloads and every file of mkdocs.yml's docs_dir (the hand-written pages), and ``DIR/mkdocs.yml``
inherits the project's mkdocs.yml (``INHERIT``), pointing docs_dir and site_dir at the right places,
the theme's custom_dir at ``DIR/theme/`` (the survey's packaged theme with the project's own
custom_dir laid over it, as the plugin layers them), listing the theme's CSS and scripts and the nav
the plugin would have made.
``zensical build -f DIR/mkdocs.yml`` then writes the site to ``DIR/site``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag  # type: ignore[import-untyped]  # mkdocs's own !ENV, untyped

from survey.errors import ContentError, Problem
from survey.site import theme
from survey.site.site import Download, Site
from survey.urls import Publishing

DOCS = "docs"
THEME = "theme"
CONFIG = "mkdocs.yml"
HEADER = "# Written by `survey render --zensical`; rewritten at each render: edit the inherited file instead.\n"


class _Loader(yaml.SafeLoader):
    """Reads a mkdocs.yml for the few settings needed here: !ENV as mkdocs resolves it (site_url
    comes from SITE_URL, and the feed and papers.json must carry the URLs mkdocs would give them);
    other tags such as !!python/name: (mkdocs and Zensical resolve them) are read as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_constructor("!ENV", construct_env_tag)


@dataclass(frozen=True)
class MkdocsConfig:
    path: Path
    settings: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> MkdocsConfig:
        try:
            settings = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise ContentError([Problem(str(path), line, column, "", f"not valid YAML: {getattr(error, 'problem', error)}")]) from None
        if not isinstance(settings, dict):
            raise ContentError([Problem(str(path), 1, 1, "", "a mkdocs configuration is a mapping")])
        return cls(path, settings)

    def _folder(self, value: object) -> Path:
        return (self.path.parent / str(value)).resolve()

    @property
    def docs_dir(self) -> Path:
        value = self.settings.get("docs_dir")
        return self._folder(value if value is not None else "docs")

    @property
    def custom_dir(self) -> Path | None:
        theme = self.settings.get("theme")
        value = theme.get("custom_dir") if isinstance(theme, dict) else None
        return self._folder(value) if value is not None else None

    @property
    def publishing(self) -> Publishing:
        """As the plugin reads it, so the feed and papers.json carry the same URLs."""
        directory_urls = self.settings.get("use_directory_urls", True) is not False
        return Publishing(self.settings.get("site_url") or None, directory_urls, source_links=True)


def project(site: Site, config: MkdocsConfig, out: Path) -> Site:
    """The files of ``out``: pages and downloads under docs/, the hand-written files beside them
    (refused when one has a generated page's path, as the plugin refuses it), and the config."""
    generated = [Download(f"{DOCS}/{page.path}", page.markdown.encode("utf-8")) for page in site.pages]
    generated += [Download(f"{DOCS}/{download.path}", download.content) for download in site.downloads]
    taken = {download.path for download in generated}
    handwritten, clashes = [], []
    for file in sorted(path for path in config.docs_dir.rglob("*") if path.is_file()):
        relative = file.relative_to(config.docs_dir).as_posix()
        if f"{DOCS}/{relative}" in taken:
            clashes.append(Problem(str(file), 1, 1, "", "a generated page has the same path; rename this file"))
        handwritten.append(Download(f"{DOCS}/{relative}", file.read_bytes()))
    if clashes:
        raise ContentError(clashes)
    pages = sorted(d.path.removeprefix(f"{DOCS}/") for d in handwritten if d.path.endswith(".md"))
    text = HEADER + yaml.safe_dump(_settings(site, config, out.resolve(), pages), sort_keys=False, allow_unicode=True)
    return Site(downloads=generated + handwritten + _theme_files(config) + [Download(CONFIG, text.encode("utf-8"))])


def _theme_files(config: MkdocsConfig) -> list[Download]:
    """The packaged theme, then the project's custom_dir over it: Zensical takes one custom_dir."""
    files: dict[str, bytes] = {}
    for folder in (theme.FOLDER, config.custom_dir):
        if folder is not None:
            for file in sorted(path for path in folder.rglob("*") if path.is_file()):
                files[f"{THEME}/{file.relative_to(folder).as_posix()}"] = file.read_bytes()
    return [Download(path, content) for path, content in sorted(files.items())]


def _settings(site: Site, config: MkdocsConfig, out: Path, handwritten: list[str]) -> dict[str, object]:
    settings: dict[str, object] = {"INHERIT": os.path.relpath(config.path.resolve(), out), "docs_dir": DOCS, "site_dir": "site"}
    settings["theme"] = {"custom_dir": THEME}  # INHERIT merges it into the inherited theme settings
    for key, assets in (("extra_css", theme.STYLESHEETS), ("extra_javascript", theme.SCRIPTS)):
        listed = config.settings.get(key) or []  # INHERIT replaces a list: the survey's own come first
        paths = {str(item.get("path")) if isinstance(item, dict) else str(item) for item in listed}
        settings[key] = [*listed, *theme.missing(paths, assets)]
    if config.settings.get("nav") is None:  # the plugin's nav: INHERIT would add ours to a set one
        settings["nav"] = site.nav_setting(handwritten)
    return settings

