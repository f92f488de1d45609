"""Repairing text damaged by PDF extraction, without changing what it says.

Source texts are bundled as extracted from PDF files. The extraction leaves ``<p>`` remnants, breaks
lines (and pages) in the middle of words and scatters spaces between Chinese characters. Chinese is
written without spaces, so whitespace inside it is damage; between two ASCII letters or digits it
separates words ("Ukey 和", "LPR 150") and is kept, as one space. Nothing else is changed: a measure's
text is the source text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TAG = re.compile(r"</?p>")
_WHITESPACE = re.compile(r"\s+")

# Half-width punctuation and the full-width form Chinese text uses for it. Folding maps one character to
# one character, so a match found in folded text has the same offsets in the text as written.
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；", ",": "，", "!": "！", "?": "？"})


def is_ascii_word_char(char: str) -> bool:
    """Whether ``char`` is an ASCII letter or digit: whitespace between two of them separates words."""
    return len(char) == 1 and char.isascii() and char.isalnum()


def remove_tags(text: str) -> str:
    """``text`` without ``<p>`` and ``</p>`` remnants of the extraction."""
    return _TAG.sub("", text)


def repair(text: str) -> str:
    """A line, cell or paragraph with PDF damage removed: ``<p>`` remnants and whitespace breaking the text.

    Whitespace (spaces, line and page breaks) is dropped, except between two ASCII letters or digits,
    where it becomes one space. The result has no leading or trailing whitespace.

    >>> repair("州市场 监管局<p>")
    '州市场监管局'
    >>> repair("税务 Ukey  和电子发票")
    '税务Ukey和电子发票'
    >>> repair("LPR\\n150")
    'LPR 150'
    """
    text = remove_tags(text)

    def keep(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return " " if is_ascii_word_char(before) and is_ascii_word_char(after) else ""

    return _WHITESPACE.sub(keep, text).strip()


def join_lines(lines: Iterable[str]) -> str:
    """Lines of one paragraph (broken by line wrapping or a page break) joined and repaired.

    A break between two ASCII letters or digits separates words, like a space; any other break is
    dropped, so a word the extraction split over two lines or two pages is whole again.
    """
    return repair("\n".join(lines))


def squash(text: str) -> str:
    """``text`` without any whitespace: for checking that a repaired text still occurs in its source."""
    return _WHITESPACE.sub("", text)


def fold_punctuation(text: str) -> str:
    """``text`` with half-width brackets, colons, semicolons and commas in their full-width form.

    For matching only: sources mix "（责任单位：" and "(责任单位:", and a pattern written for the
    full-width form matches both in folded text. The result has the same length as ``text``, so a
    match's offsets slice the text as written, which is what the profile keeps.
    """
    return text.translate(_FULL_WIDTH)


def as_written(text: str, match: re.Match[str], group: int | str = 0) -> str:
    """A group of a match found in ``fold_punctuation(text)``, sliced from ``text`` as written."""
    return text[match.start(group) : match.end(group)]


__all__ = ["as_written", "fold_punctuation", "is_ascii_word_char", "join_lines", "remove_tags", "repair", "squash"]
