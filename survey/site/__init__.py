"""Render a validated survey into pages: paths, Markdown templates, tables, explorer, charts, related papers."""
