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


def _remembered(cls: type, name: str) -> None:
    """``cls.name`` keeps each answer by its arguments (a style element, and a query): what it answers
    depends on the loaded style alone, which never changes. Keys hold their element, so lxml keeps its
    proxy and the key stays that element. A method already kept (or inherited kept) is left as it is."""
    asked = getattr(cls, name)
    if getattr(asked, "remembers", False):
        return
    answers: dict[tuple[Any, ...], Any] = {}

    def remembered(*arguments: Any) -> Any:
        if arguments not in answers:
            answers[arguments] = asked(*arguments)
        return answers[arguments]

    remembered.remembers = True  # type: ignore[attr-defined]
    setattr(cls, name, remembered)


# citeproc-py finds a style's macros and terms with an XPath query on every use: 40% of its time, 5.0 s
# of CPU for the flagship's 404 papers in three styles; kept, 2.4 s (220 answers for the three styles).
_remembered(model.CitationStylesElement, "xpath_search")
# Whether an element (with its children and macros) prints a variable is asked of every element of the
# style for every reference (cs:group's rule): 17% of what was left. Every reference stays the same text.
_remembered(model.Parent, "calls_variable")
_remembered(model.Text, "calls_variable")


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
