"""Decoding text files as offices save them: UTF-8 (with or without BOM), UTF-16 ("Unicode text"),
GB18030/GBK (what Excel and WPS write as "CSV" on Chinese Windows).

The encoding is decided, never guessed: a byte-order mark decides; otherwise strict UTF-8; otherwise
UTF-16 without a mark when every other byte of ASCII text is zero; otherwise GB18030 when the text
decodes strictly and reads as simplified Chinese (its Chinese characters are, nearly all, the common
characters of GB 2312: text in another encoding read as GB18030 gives rare ones). Anything else is
one clear error naming the file, with the remedy.
"""

from __future__ import annotations

import codecs

from bizenv.errors import InputError, Template

#: Encodings that can be named explicitly (e.g. ``--encoding``), with the names offices know them by.
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be")
_MIN_COMMON_SHARE = 0.9


class TextFileError(InputError):
    """A text file whose encoding cannot be decided, or that does not decode in the encoding named."""


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0003134f"


def _reads_as_simplified_chinese(text: str) -> bool:
    cjk = [ch for ch in text if _is_cjk(ch)]
    if not cjk:
        # Only symbols or Latin letters above ASCII: nothing shows the text is GB18030.
        return all(ord(ch) < 0x80 or ch in "，。；：、（）《》“”‘’！？【】—…·％" for ch in text)
    common = 0
    for ch in cjk:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(cjk) >= _MIN_COMMON_SHARE


def _utf16_without_bom(raw: bytes) -> str | None:
    sample = raw[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zeros = sample[0::2].count(0) / (len(sample) / 2)
    odd_zeros = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def detect_encoding(raw: bytes, name: str = "<data>") -> str:
    """The encoding of ``raw``; :class:`TextFileError` when it cannot be decided."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if (utf16 := _utf16_without_bom(raw)) is not None:
        try:
            raw.decode(utf16)
            return utf16
        except UnicodeDecodeError:
            pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    mixed = _mixed_lines(raw)
    if mixed is not None:
        utf8, other = mixed
        raise TextFileError(
            Template(
                "the file mixes two encodings: line {utf8} is UTF-8, line {other} is not (GBK/GB18030 or another): "
                "rows were pasted from a file saved otherwise; save the whole file again in one encoding (Excel: "
                "'CSV UTF-8')",
                utf8=_lines(utf8),
                other=_lines(other),
            ),
            source=name,
        )
    if text is not None and _reads_as_simplified_chinese(text):
        return "gb18030"
    raise TextFileError(
        Template(
            "cannot tell the file's encoding: it is not UTF-8, UTF-16 or GB18030/GBK text in simplified Chinese; "
            "save it as UTF-8 (Excel: 'CSV UTF-8'; WPS: 'UTF-8'), or name the encoding (--encoding)"
        ),
        source=name,
    )


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:5]))
    return shown + (" …" if len(numbers) > 5 else "")


def _mixed_lines(raw: bytes) -> tuple[list[int], list[int]] | None:
    """The lines that are UTF-8 Chinese and the lines that are not UTF-8, when a file has both (a file that is
    not UTF-8 as a whole): such a file would be read as GB18030 with the UTF-8 lines garbled."""
    utf8: list[int] = []
    other: list[int] = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            other.append(number)
            continue
        if any(_is_cjk(ch) for ch in text):
            utf8.append(number)
    return (utf8, other) if utf8 and other else None


def decode_text(raw: bytes, name: str = "<data>", encoding: str | None = None) -> str:
    """``raw`` as text, in ``encoding`` or the one :func:`detect_encoding` decides; a BOM is dropped."""
    return decode(raw, name, encoding)[0]


def decode(raw: bytes, name: str = "<data>", encoding: str | None = None) -> tuple[str, str]:
    """``raw`` as text and the encoding it was read in (``encoding``, or the one :func:`detect_encoding` decides)."""
    chosen = encoding or detect_encoding(raw, name)
    if chosen.lower().replace("_", "-") in ("gbk", "gb2312"):
        chosen = "gb18030"  # a superset: a GBK file decodes the same
    try:
        text = raw.decode(chosen)
    except LookupError:
        raise TextFileError(
            Template("unknown encoding {encoding}; use one of {encodings}", encoding=repr(encoding),
                     encodings=", ".join(ENCODINGS)),
            source=name,
        ) from None  # fmt: skip
    except UnicodeDecodeError as exc:
        raise TextFileError(
            Template(
                "does not decode as {encoding} (byte {byte}): the file is in another encoding",
                encoding=chosen,
                byte=exc.start,
            ),
            source=name,
        ) from None
    return (text[1:] if text.startswith("\ufeff") else text), chosen


__all__ = ["ENCODINGS", "TextFileError", "decode", "decode_text", "detect_encoding"]
