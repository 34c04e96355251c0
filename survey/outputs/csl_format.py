"""One CSL-JSON record as a reading style prints it: citeproc-py with the CSL files in outputs/csl/,
and what citeproc-py 0.11 leaves undone mended on its output.

Apart from reading_styles.py (which knows papers and the cache) so that the second process of
outputs/reference_helper.py loads only citeproc-py: there, main() formats ``[[key, style file,
record], …]`` and sends ``[key, text]`` as each is made (survey/second_process.py).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter, model
from citeproc.source.json import CiteProcJSON

from survey import second_process
from survey.text import one_line

STYLE_FOLDER = Path(__file__).parent / "csl"


def format_item(item: dict[str, Any], style_file: str) -> str:
    """One CSL-JSON item as a reference list of one entry in the style of ``style_file`` (in outputs/csl/) prints it."""
    bibliography = CitationStylesBibliography(_style(style_file), CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([_Item(item["id"])]))
    (entry,) = bibliography.bibliography()
    return _finished(str(entry))


class _Item(CitationItem):  # type: ignore[misc]  # citeproc-py is untyped
    """The one item of a one-entry list, which finds its reference once: citeproc-py looks it up
    through the citation and the bibliography at every use (160,000 times for the flagship, 20% of
    its time), and the reference never changes while the list is printed."""

    @functools.cached_property
    def reference(self) -> Any:
        return self.citation.bibliography.source[self.key]


def _remember_queries() -> None:
    """citeproc-py finds a style's macros and terms with an XPath query on every use: 40% of its time,
    5.0 s of CPU for the flagship's 404 papers in three styles. A loaded style never changes, so each
    element's answer to each query is kept (220 answers for the three styles): 2.4 s, every reference
    the same text. Keys hold their element, so lxml keeps its proxy and the key stays that element."""
    search = model.CitationStylesElement.xpath_search
    if getattr(search, "remembers", False):
        return
    answers: dict[tuple[Any, str], Any] = {}

    def xpath_search(element: Any, expression: str) -> Any:
        key = (element, expression)
        if key not in answers:
            answers[key] = search(element, expression)
        return answers[key]

    xpath_search.remembers = True  # type: ignore[attr-defined]
    model.CitationStylesElement.xpath_search = xpath_search


def _remember_calls_variable() -> None:
    """Whether an element (with its children and macros) prints a variable is asked of every element
    of the style for every reference (cs:group's rule), and depends on the style alone: kept per
    element like the queries above (17% of citeproc-py's time, every reference the same text)."""
    for cls in (model.Parent, model.Text):
        asked = cls.calls_variable
        if getattr(asked, "remembers", False):
            continue
        answers: dict[Any, bool] = {}

        def calls_variable(element: Any, asked: Any = asked, answers: dict[Any, bool] = answers) -> bool:
            if element not in answers:
                answers[element] = asked(element)
            return answers[element]

        calls_variable.remembers = True  # type: ignore[attr-defined]
        cls.calls_variable = calls_variable


_remember_queries()
_remember_calls_variable()


@functools.cache
def _style(style_file: str) -> CitationStylesStyle:
    # validate=False: checking the file against the CSL schema costs more than formatting with it,
    # and these files are the CSL project's own, checked by its tests.
    return CitationStylesStyle(str(STYLE_FOLDER / style_file), validate=False)


# What citeproc-py 0.11 leaves undone, each mended on its output:
_NUMBER = re.compile(r"^\[1\]\s*")  # a numbered style labels an entry of a list: a single reference needs no number
_OUTSIDE_QUOTE = re.compile(r"”([.,])")  # en-US puts a comma or full stop inside closing quotes (punctuation-in-quote)
# A title standing in for missing authors is left out further on (CSL's cs:substitute): APA's
# "Title. (2023). Title. arXiv." becomes "Title. (2023). arXiv.".
_SUBSTITUTED_TWICE = re.compile(r"^(?P<title>.+?)\. (?P<date>\([^()]*\)\.) (?P=title)\.(?= |$)")
# text-case="capitalize-first" changes only a word in lower case: "arXiv:2106.09685" stays as it is.
_ARXIV = re.compile(r"\bArXiv:(?=\d)")


def _finished(text: str) -> str:
    text = _NUMBER.sub("", text)
    text = _OUTSIDE_QUOTE.sub(r"\1”", text)
    text = _SUBSTITUTED_TWICE.sub(r"\g<title>. \g<date>", text)
    return one_line(_ARXIV.sub("arXiv:", text))


def main() -> None:
    """The second process's loop: every item in the order given, each sent as soon as it is made."""
    for work in second_process.incoming():
        for key, style_file, record in work:
            second_process.reply([key, format_item(record, style_file)])
