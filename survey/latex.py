"""Turn plain Unicode text into LaTeX that both bibtex and biber read back as the same text."""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

import latexcodec  # noqa: F401  (registers the "latex" codec; a dependency of pybtex)

from .markdown_text import one_line

# Characters LaTeX treats as commands or grouping.
_SPECIAL = {
    "\\": r"{\textbackslash}",
    # Not \{ and \}: bibtex counts every brace, escaped or not, so one stray brace would break the file.
    "{": r"{\textbraceleft}",
    "}": r"{\textbraceright}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"{\textasciitilde}",
    "^": r"{\textasciicircum}",
}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=4096)
def _encode_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if ord(char) < 128:
        return char
    try:
        encoded = char.encode("latex").decode("ascii").strip()
    except (UnicodeEncodeError, UnicodeDecodeError):
        return char  # no LaTeX form (CJK and the like): kept as UTF-8, which biber and bibtex pass on
    if encoded.endswith("\\"):
        encoded = encoded[:-1].rstrip()
    if codecs.decode(encoded, "ulatex").strip("{} ") != char:
        return char  # latexcodec's form means something else (a ligature split, a lookalike)
    # Braces make an accented letter one unit for bibtex's case changes and sorting, and keep
    # neighbouring math ($\times$$^\circ$) apart.
    return "{" + encoded + "}"


def clean(text: str) -> str:
    """Drop control and invisible formatting characters and fold white space to single spaces."""
    return one_line(text)


def encode(text: str) -> str:
    """Plain text -> LaTeX, with every special character escaped."""
    return _encode_raw(clean(text))


def _encode_raw(text: str) -> str:
    if not _NEEDS_WORK.search(text):
        return text  # most titles and names: plain ASCII with nothing to escape
    out = []
    for here, after in zip(text, text[1:] + " "):
        out.append(_encode_char(here))
        if here + after in _LIGATURES:
            out.append("{}")
    return "".join(out)


# TeX joins -- and --- into dashes, ``, '' and ,, into quotes, << and >> into guillemets (T1), and
# ?` and !` into inverted marks: an empty group between the two characters keeps them as typed.
_LIGATURES = {"--", "``", "''", "?`", "!`", ",,", "<<", ">>"}
_NEEDS_WORK = re.compile(r"[^ -~]|[\\{}&%$#_~^]|--|``|''|\?`|!`|,,|<<|>>")


def needs_protection(word: str, protected: frozenset[str]) -> bool:
    """Acronyms and mixed-case names (BERT, LoRA, RoPE, GPT) and listed names keep their case."""
    return any(c.isupper() for c in word[1:]) or word in protected or (len(word) == 1 and word.isupper() and word != "A")


def encode_title(text: str, protected: frozenset[str] = frozenset()) -> str:
    """Like :func:`encode`, wrapping words whose capitals matter in braces: ``{LoRA}``."""
    out, position = [], 0
    text = clean(text)
    for match in _WORD.finditer(text):
        out.append(_encode_raw(text[position : match.start()]))
        word = _encode_raw(match.group())
        out.append("{" + word + "}" if needs_protection(match.group(), protected) else word)
        position = match.end()
    out.append(_encode_raw(text[position:]))
    return "".join(out)


# Reading LaTeX back (BibTeX import, round-trip checks). Escapes become control characters first:
# clean() removes those from any text we encode, so they cannot clash with real content.
_ESCAPED = {
    r"\textbackslash": "\\", r"\textasciitilde": "~", r"\textasciicircum": "^",
    r"\textbraceleft": "{", r"\textbraceright": "}",
    r"\{": "{", r"\}": "}", r"\&": "&", r"\%": "%", r"\$": "$", r"\#": "#", r"\_": "_",
}
_PLACEHOLDER = {escape: chr(0x0E + i) for i, escape in enumerate(_ESCAPED)}  # not \t \n \r
_ESCAPE_RE = re.compile(r"\\text(?:backslash|asciitilde|asciicircum|braceleft|braceright)(?![A-Za-z])\s?|\\[{}&%$#_]")


def decode(text: str) -> str:
    """LaTeX to plain text: escapes and accents decoded, grouping braces dropped, space folded."""
    text = _ESCAPE_RE.sub(lambda m: _PLACEHOLDER[m.group().rstrip()], text)
    try:
        text = codecs.decode(text, "ulatex")
    except ValueError:
        pass
    text = text.replace("{", "").replace("}", "")
    for escape, char in _ESCAPED.items():
        text = text.replace(_PLACEHOLDER[escape], char)
    return " ".join(text.split())
