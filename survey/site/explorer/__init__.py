"""The paper explorer: a small page (the filter form and an empty table) that
theme/javascripts/explorer/ fills from JSON files, and plain tables for readers without JavaScript.

- form.py: the filter form, seen from the first paint, inert until the script is ready; what each
  control filters on.
- data.py: the JSON files the script fetches, written as site downloads under explore/data/.
- fallback.py: every paper in plain tables, a page of 500 each (explore/all/1/, 2/, …).
- export.py: the buttons that download the current selection as BibTeX, RIS or CSL-JSON, and the
  record files they fetch.

The data (FORMAT 2; every file compact JSON, UTF-8, the same bytes for the same content). A paper
is known by its number: its place in the explorer's order (newest first, then by title).

- ``index.json``, fetched first, filters and counts every paper: ``count``; ``chunk`` (papers per
  display file); ``categories`` as [id, title, parent number or -1, link]; ``venues`` (venue names
  without their years, sorted); ``tags`` ("facet=value" strings); then a list per field with one
  entry per paper: ``year``, ``category`` (number of its own category; the script adds the
  ancestors), ``venue`` (number), ``flags`` (1: has code, 2: preprint), ``tagged`` (tag numbers),
  ``added`` (number of the date it was added into ``dates``, the distinct dates papers were added
  on, oldest first, YYYY-MM-DD); and ``paper``, the link to a paper's page with ``{key}`` in place
  of its key. FORMAT 2 added ``dates`` and ``added``.
- ``papers-<n>.json``: papers n*chunk to (n+1)*chunk-1 as [key, title, [authors], venue (empty for a
  preprint), TL;DR, code URL]: what a row shows, and the words the search and the author filter
  look in. The script fetches the files of the rows in view, and every file once a search or an
  author filter needs them all.
- ``sort.json``: for the paper, authors and venue columns, each paper's rank (equal texts share
  one; -1 sorts last), computed here since the script has not every paper's text at first.
- ``column-<key>.json``: an optional column (evidence or category facts), each paper's value as
  its cell shows it ("" when none), fetched when the column is shown, filtered or sorted on.
- ``bib-<n>.json``, ``ris-<n>.json``, ``csl-<n>.json`` (export.py): papers n*25 to n*25+24 (the
  chunk is the export buttons' data-survey-chunk) as [key, record], the record as the paper's entry
  in survey.bib, its record in survey.ris, its line in papers.csl.json (no indent, no comma).
  Fetched on the first click of an export button, only the files holding selected papers.
"""

from survey.site.explorer.form import FIXED_PARAMS, STATUS, ExtraColumn, extra_columns, facet_param, filter_form, shell, status

__all__ = ["FIXED_PARAMS", "STATUS", "ExtraColumn", "extra_columns", "facet_param", "filter_form", "shell", "status"]
