"""The core's single entry point for adapters: content folder in, rendered site out."""

from __future__ import annotations

from pathlib import Path

from survey.content.load import LoadCache, load_content
from survey.site.render import render_site
from survey.site.site import Site
from survey.urls import Publishing


def build_site(
    content_root: Path, *, display_root: Path | None = None, publishing: Publishing = Publishing(), cache: LoadCache | None = None
) -> Site:
    """Load, validate and render; raises survey.errors.ContentError with every problem. ``cache``:
    what one build of a process (`make serve`) keeps for the next (content.load.LoadCache)."""
    return render_site(load_content(content_root, display_root=display_root, cache=cache), publishing)
