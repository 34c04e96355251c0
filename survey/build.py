"""The core's single entry point for adapters: content folder in, rendered site out."""

from __future__ import annotations

from pathlib import Path

from survey.content.load import load_content
from survey.content.yaml_source import ParseCache
from survey.site.render import render_site
from survey.site.site import Site
from survey.urls import Publishing


def build_site(
    content_root: Path, *, display_root: Path | None = None, publishing: Publishing = Publishing(), parsed: ParseCache | None = None
) -> Site:
    """Load, validate and render; raises survey.errors.ContentError with every problem. ``parsed``:
    a cache of parsed files kept between builds of one process (`make serve`)."""
    return render_site(load_content(content_root, display_root=display_root, parsed=parsed), publishing)
