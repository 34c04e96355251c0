"""The survey's theme, shipped inside the package: Material's templates overridden (theme/main.html,
theme/partials/), the site's CSS and its small scripts. The top-level theme/ folder is its source;
survey/theme links to it, so a wheel carries it and a checkout reads it in place.

A survey's mkdocs.yml needs only `theme: material` and the plugin: the plugin puts this folder among
the theme's folders (after the survey's own custom_dir, which can still override any file) and
lists the stylesheets and scripts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "theme"
STYLESHEETS = ("stylesheets/survey.css", "stylesheets/figures.css", "stylesheets/accessibility.css")
# Sortable tables and the explorer's filters (survey.js), the header's search over Pagefind (search.js).
SCRIPTS = ("javascripts/survey.js", "javascripts/search.js")


def theme_folders(folders: list[str], custom_dir: str | None) -> list[str]:
    """The theme's template folders with the survey's theme in its place: right after the survey's
    own custom_dir (mkdocs puts that first), before Material's. Unchanged when it is already there
    (an older mkdocs.yml that names the repository's theme/ as its custom_dir)."""
    ours = str(FOLDER)
    if any(Path(folder).resolve() == FOLDER for folder in folders):
        return folders
    at = 1 if custom_dir else 0
    return [*folders[:at], ours, *folders[at:]]


def missing(listed: Iterable[str], assets: tuple[str, ...]) -> list[str]:
    """The theme's stylesheets or scripts that a survey's extra_css or extra_javascript (its paths)
    does not list yet: they go after the survey's own, each once."""
    have = set(listed)
    return [asset for asset in assets if asset not in have]
