"""survey: a static site generator for curated research-paper surveys.

The core (load -> validate -> model -> render) knows nothing of mkdocs; ``survey.mkdocs_plugin``
and ``survey.cli`` are thin adapters over :func:`survey.build.build_site`.
"""

__version__ = "0.3.0"
