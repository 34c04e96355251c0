"""Turn plain Unicode text into LaTeX that both bibtex and biber read back as the same text."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from functools import lru_cache

import latexcodec  # noqa: F401  (registers the "latex" codec; a dependency of pybtex)

from survey.text import one_line

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
# latexcodec forms that stop pdflatex (article class, T1 fonts) with "Undefined control sequence" or
# "Missing $": they need amssymb, are math-only, or do not exist. UTF-8 instead fails only where the
# reader's setup lacks the glyph, which a preamble can fix and a .bib reader cannot.
_NOT_IN_LATEX = re.compile(
    r"\\(?:not\{|(?:neg|yen|mathbb|complement|nexists|notni|blacksquare|n?su[bp]seteq|su[bp]setneq"
    r"|Alpha|Beta|Epsilon|Zeta|Eta|Iota|Kappa|Mu|Nu|Omicron|omicron|Rho|Tau|Chi)(?![A-Za-z]))"
)


def _from_latex(text: str) -> str:
    """latexcodec's "ulatex" codec: LaTeX text in, Unicode text out."""
    # typeshed's overloads of codecs.decode take a str only for the standard text codecs it names
    # (rot13, unicode_escape); latexcodec registers "ulatex" at run time as another str -> str codec.
    result: str = codecs.decode(text, "ulatex")  # type: ignore[call-overload]
    return result


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
    if _from_latex(encoded).strip("{} ") != char or _NOT_IN_LATEX.search(encoded):
        return char  # latexcodec's form means something else (a ligature split, a lookalike) or fails in LaTeX
    # Braces make an accented letter one unit for bibtex's case changes and sorting, and keep
    # neighbouring math ($\times$$^\circ$) apart.
    return "{" + encoded + "}"


@lru_cache(maxsize=1 << 15)  # a `make serve` rebuild writes every entry again, from the same text
def encode(text: str) -> str:
    """Plain text -> LaTeX, with every special character escaped."""
    return _encode_raw(one_line(text))


def _encode_raw(text: str, encode_char: Callable[[str], str] = _encode_char, breaker: str = "{}") -> str:
    if not _NEEDS_WORK.search(text):
        return text  # most titles and names: plain ASCII with nothing to escape
    # One pass in C over the characters that need a form of their own and the places between the two
    # characters of a ligature (none of which needs one), instead of a Python step per character.
    return _WORK.sub(lambda found: encode_char(found.group()) if found.group() else breaker, text)


# Names need more care. Biber makes a name part's initial from what is left once LaTeX commands (\cmd,
# \cmd{arg}) and leading braces are deleted, after splitting the part at dashes: "{\textasciitilde}Ann"
# leaves "}Ann" and "-{}-" leaves a part "{}", and the initial "}" breaks the .bbl ("Extra }"). So names
# write "\textasciitilde{}" and break ligatures with \textcompwordmark, which vanish whole (not \relax:
# natbib reads a label that starts with \relax as a command). Math ({$\mu$}) would give the initial "$",
# and latexcodec's {,,} two commas, which biber rejects in a name. Quotes and inverted marks become text
# commands; dashes stay UTF-8, since biber splits "\textendash{}" at the dash it decodes it to. And a "]"
# is braced: natbib reads it as the end of the label, \bibitem[Name(2024)], that plainnat makes of names.
_NAME_COMMANDS = {"“": "textquotedblleft", "”": "textquotedblright", "„": "quotedblbase",
                  "¡": "textexclamdown", "¿": "textquestiondown"}
_NAME_SPECIAL = {
    **_SPECIAL,
    **{c: _SPECIAL[c][1:-1] + "{}" for c in "\\{}~^"},  # {\textasciitilde} -> \textasciitilde{}
    **{c: f"\\{name}{{}}" for c, name in _NAME_COMMANDS.items()},
    "]": "{]}",
}
_COMMAND = re.compile(r"\{(\\[A-Za-z]+)\}")


@lru_cache(maxsize=4096)
def _encode_name_char(char: str) -> str:
    if char in _NAME_SPECIAL:
        return _NAME_SPECIAL[char]
    encoded = _encode_char(char)
    command = _COMMAND.fullmatch(encoded)
    if command and not char.isalpha():  # biber decodes letters ({\l}, {\ss}), not every symbol ({\ldots})
        return command.group(1) + "{}"
    # Accented letters ({\"u}) stay: biber decodes them. Math and lone accents ({\v{}}) stay UTF-8.
    return encoded if "\\" in encoded and "$" not in encoded and "{}" not in encoded else char


def encode_name(text: str) -> str:
    """Like :func:`encode`, in forms that survive biber's name parsing and initials."""
    return _encode_raw(one_line(text), _encode_name_char, r"\textcompwordmark")


# TeX joins -- and --- into dashes, ``, '' and ,, into quotes, << and >> into guillemets (T1), and
# ?` and !` into inverted marks: an empty group between the two characters keeps them as typed.
_LIGATURES = {"--", "``", "''", "?`", "!`", ",,", "<<", ">>"}
_NEEDS_WORK = re.compile(r"[^ -~]|[\\{}&%$#_~^\]]|--|``|''|\?`|!`|,,|<<|>>")
# A character that may need a form of its own (encode_char decides), or the empty place inside a ligature.
_INSIDE_LIGATURES = "|".join(f"(?<={re.escape(pair[0])})(?={re.escape(pair[1])})" for pair in sorted(_LIGATURES))
_WORK = re.compile(r"[^ -~]|[\\{}&%$#_~^\]]|" + _INSIDE_LIGATURES)


def needs_protection(word: str, protected: frozenset[str]) -> bool:
    """Acronyms and mixed-case names (BERT, LoRA, RoPE, GPT) and listed names keep their case."""
    return any(c.isupper() for c in word[1:]) or word in protected or (len(word) == 1 and word.isupper() and word != "A")


@lru_cache(maxsize=1 << 15)  # likewise
def encode_title(text: str, protected: frozenset[str] = frozenset()) -> str:
    """Like :func:`encode`, wrapping words whose capitals matter in braces: ``{LoRA}``."""
    out, position = [], 0
    text = one_line(text)
    for match in _WORD.finditer(text):
        out.append(_encode_raw(text[position : match.start()]))
        word = _encode_raw(match.group())
        out.append("{" + word + "}" if needs_protection(match.group(), protected) else word)
        position = match.end()
    out.append(_encode_raw(text[position:]))
    return "".join(out)


# Reading LaTeX back (BibTeX import, round-trip checks). Escapes become control characters first:
# one_line() removes those from any text we encode, so they cannot clash with real content.
_ESCAPED = {
    r"\textbackslash": "\\", r"\textasciitilde": "~", r"\textasciicircum": "^",
    r"\textbraceleft": "{", r"\textbraceright": "}",
    r"\{": "{", r"\}": "}", r"\&": "&", r"\%": "%", r"\$": "$", r"\#": "#", r"\_": "_",
}
_PLACEHOLDER = {escape: chr(0x0E + i) for i, escape in enumerate(_ESCAPED)}  # not \t \n \r
_ESCAPE_RE = re.compile(r"\\text(?:backslash|asciitilde|asciicircum|braceleft|braceright)(?![A-Za-z])\s?|\\[{}&%$#_]")


# Text commands that names use and latexcodec does not read; "-{}-" stays two hyphens through ulatex.
_UNREAD = {name: char for char, name in _NAME_COMMANDS.items()} | {"textcompwordmark": "{}"}
_UNREAD_RE = re.compile(rf"\\({'|'.join(_UNREAD)})(?![A-Za-z])\s?")


def decode(text: str) -> str:
    """LaTeX to plain text: escapes and accents decoded, grouping braces dropped, space folded."""
    text = _ESCAPE_RE.sub(lambda m: _PLACEHOLDER[m.group().rstrip()], text)
    text = _UNREAD_RE.sub(lambda m: _UNREAD[m.group(1)], text)
    try:
        text = _from_latex(text)
    except ValueError:
        pass
    text = text.replace("{", "").replace("}", "")
    for escape, char in _ESCAPED.items():
        text = text.replace(_PLACEHOLDER[escape], char)
    return " ".join(text.split())
