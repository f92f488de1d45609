"""Numbers as the sources write them: Chinese numerals (（十八）, 一次) and zero in words (零费用, 即办).

One list of the words that mean zero, used by every region: a target whose value is 0 must be read
from one of them, since the source writes no digit 0.
"""

from __future__ import annotations

import re
from typing import Final

_DIGITS: Final = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NAMES: Final = {value: name for name, value in _DIGITS.items()}

#: A Chinese numeral of one to ninety-nine as headings number areas: "一", "十", "十八", "二十", "九十九".
CN_NUMERAL: Final = r"(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CN_NUMERAL = re.compile(CN_NUMERAL)

#: Words that state a quantity of zero without a digit. 零 (零费用, 零成本, 零投资, 零上门, 零审批, 零见面 …)
#: is zero of what follows; 即办, 即时, 当场, 当日 and 一次都不跑 are zero days or visits; 免 (免费, 免缴, 免收)
#: and 无费用 are zero cost; 清零 is paying off in full.
ZERO_WORDS: Final[tuple[str, ...]] = (
    "零",
    "即办",
    "即时",
    "当场",
    "当日",
    "一次都不跑",
    "免",
    "无费用",
    "清零",
    "取消",
)

#: Words that say a fee or cost is zero. Each one is a zero-fee target (``<=`` 0 yuan on a price standard) wherever
#: a source writes it, in every region: the build finds every occurrence in a measure's text and asks for a target
#: quoting it, or a data note saying why it is none (a programme's name such as 免费健康体检). Each is zero by
#: :data:`ZERO_WORDS` too, so a target quoting it may have the value 0.
FEE_ZERO_WORDS: Final[tuple[str, ...]] = ("免费", "免缴", "免收", "免服务费", "无费用", "零费用", "零收费", "零投资")

#: A fee, charge or deposit abolished: 取消 and, in the same clause, what is abolished up to 费, 收费 or 保证金
#: ("取消报装费、开口费、开户费、接入费等相关费用", "取消缴纳投标保证金"). A zero fee like the words above.
FEE_ABOLISHED = re.compile(r"取消[^，。；,;]*?(?:费|保证金)")

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# A count written in words before a measure word: 一次, 一套, 两个 …
_COUNT_WORD = re.compile(rf"({CN_NUMERAL}|两)(?=[次套项个件名家天日年])")


def cn_numeral_value(text: str) -> int:
    """The value of a Chinese numeral from 一 (1) to 九十九 (99); raises ValueError for anything else.

    >>> cn_numeral_value("十八")
    18
    >>> cn_numeral_value("二十")
    20
    """
    if not _CN_NUMERAL.fullmatch(text):
        raise ValueError(f"{text!r} is not a Chinese numeral from 一 to 九十九")
    if "十" not in text:
        return _DIGITS[text]
    tens, _, ones = text.partition("十")
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def cn_numeral(value: int) -> str:
    """The Chinese numeral of ``value`` (1-99) as headings write it: 十 for 10, 十八 for 18, 二十 for 20."""
    if not 1 <= value <= 99:
        raise ValueError(f"{value} is outside 1-99")
    tens, ones = divmod(value, 10)
    if not tens:
        return _NAMES[ones]
    return ("" if tens == 1 else _NAMES[tens]) + "十" + (_NAMES[ones] if ones else "")


def zero_in_words(text: str) -> bool:
    """Whether ``text`` states zero in words (one of :data:`ZERO_WORDS`)."""
    return any(word in text for word in ZERO_WORDS)


def fee_zero_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` says a fee is zero: the (start, end) of each word of :data:`FEE_ZERO_WORDS` and of each
    :data:`FEE_ABOLISHED` phrase (取消…费, 取消…保证金), in order.

    >>> fee_zero_spans("实现企业无费用注销，免费提供")
    [(4, 7), (10, 12)]
    """
    spans = [(m.start(), m.end()) for word in FEE_ZERO_WORDS for m in re.finditer(re.escape(word), text)]
    spans += [(m.start(), m.end()) for m in FEE_ABOLISHED.finditer(text)]
    return sorted(spans)


def numbers_in(text: str) -> list[float]:
    """The numbers written in digits in ``text``, in order ("0.49元/千瓦时" gives 0.49)."""
    return [float(n) for n in _NUMBER.findall(text)]


def counts_in_words(text: str) -> list[int]:
    """Counts written as Chinese numerals before a measure word, in order ("一次公示" gives 1)."""
    return [2 if m[1] == "两" else cn_numeral_value(m[1]) for m in _COUNT_WORD.finditer(text)]


__all__ = [
    "CN_NUMERAL",
    "FEE_ABOLISHED",
    "FEE_ZERO_WORDS",
    "ZERO_WORDS",
    "cn_numeral",
    "cn_numeral_value",
    "counts_in_words",
    "fee_zero_spans",
    "numbers_in",
    "zero_in_words",
]
