"""What a curated target means, checked against the source by one rule for every region: quoted scopes, conditions
whose bounds are written, commitment words read by sentence, recurrences that name their period, and every word
that says a fee is zero read as a zero-fee target."""

from __future__ import annotations

from typing import Any

import pytest

from bizenv.model import DataNote
from bizenv.sources.curated import curated_from_dict
from bizenv.sources.errors import BuildError
from bizenv.sources.numerals import FEE_ZERO_WORDS, ZERO_WORDS, fee_zero_spans, zero_in_words
from bizenv.sources.targets import check_measure, check_recurrence, check_targets, commitment_in, is_quoted


def target(**fields: Any) -> dict[str, Any]:
    return {"metric": "electricity_connection_time", "comparator": "<=", "unit": "working_day", **fields}


THREE_ZERO = (
    "实现居民用户和160kW及以下小微企业用电报装“三零”（即零上门、零审批、零投资）服务，"
    "将实行“三零”服务的居民用户全过程办电时间压缩至5个工作日内，非居民用户全过程办电时间压缩至15个工作日内。"
)


# -- scopes are quoted --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "quoted"),
    [
        ("实行“三零”服务的居民用户", True),
        ("实行“三零”服务的…非居民用户", True),  # words left out within the sentence
        ("非居民用户实行“三零”服务", False),  # a paraphrase
        ("非居民用户…实行“三零”服务", False),  # out of order
        ("…非居民用户", False),  # an empty part
        ("小型工商用户", False),
    ],
)
def test_a_quotation_keeps_the_words_and_their_order(phrase: str, quoted: bool) -> None:
    assert is_quoted(phrase, THREE_ZERO) is quoted


def test_an_elision_stays_within_a_sentence() -> None:
    text = "除重大工程建设项目外，政府投资项目55个工作日以内；一般社会投资项目50个工作日以内。其他项目从简。"
    assert is_quoted("除重大工程建设项目外，…一般社会投资项目", text)
    assert not is_quoted("除重大工程建设项目外，…其他项目", text)


def test_scope_clock_start_and_excluded_time_must_be_quoted() -> None:
    text = "用水报装压缩至5个工作日以内（不含供水企业外的审批时间）；自提交资料起3个工作日内退付。"
    good = [
        target(value=5, raw="用水报装压缩至5个工作日以内", excludes="不含供水企业外的审批时间"),
        target(value=3, raw="3个工作日内退付", clock_start="自提交资料起"),
    ]
    assert check_targets(good, text, []) == []
    bad = [target(value=5, raw="用水报装压缩至5个工作日以内", scope="用水报装（工商业）", excludes="不含审批时间")]
    problems = check_targets(bad, text, [])
    assert any("scope '用水报装（工商业）' is not quoted" in p for p in problems)
    assert any("excludes '不含审批时间' is not quoted" in p for p in problems)
    # No note excuses a paraphrase: a scope is quoted, never explained away.
    note = DataNote(field="targets[0].scope", raw="用水报装", reading="x", reason="y")
    assert any("is not quoted" in p for p in check_targets(bad, text, [note]))


# -- conditions -----------------------------------------------------------------------------------------


def condition(**fields: Any) -> dict[str, Any]:
    return {"metric": "electricity_connection_capacity", "comparator": "<=", "unit": "kw", **fields}


def test_a_condition_quotes_its_bound() -> None:
    t = target(value=15, raw="非居民用户全过程办电时间压缩至15个工作日内", scope="实行“三零”服务的…非居民用户")
    assert check_targets([{**t, "conditions": [condition(value=160, raw="160kW及以下")]}], THREE_ZERO, []) == []
    problems = check_targets([{**t, "conditions": [condition(value=200, raw="160kW及以下")]}], THREE_ZERO, [])
    assert problems == [
        "target #1 condition #1: value 200 does not occur in raw '160kW及以下'",
        "target #1 condition #1: the number 160 of raw '160kW及以下' is not accounted for",
    ]
    missing = check_targets([{**t, "conditions": [condition(value=160, raw="160千瓦及以下")]}], THREE_ZERO, [])
    assert missing == ["target #1 condition #1: raw '160千瓦及以下' is not in the measure's text"]
    ranged = check_targets(
        [{**t, "conditions": [condition(comparator="range", value=160, raw="160kW")]}], THREE_ZERO, []
    )
    assert ranged == ["target #1 condition #1: a condition is one bound, not a range"]


def test_a_condition_in_words_and_a_note_for_what_the_bound_raises_from() -> None:
    text = (
        "在有三名以上公证员的公证机构开通“中小微企业绿色通道”，做到当日受理。"
        "将小微企业接电容量由100千伏安提升至160千伏安。"
    )
    notaries = {"metric": "notaries_in_office", "comparator": ">=", "unit": "count", "value": 3}
    same_day = target(value=0, raw="当日受理", conditions=[{**notaries, "raw": "有三名以上公证员的公证机构"}])
    assert check_targets([same_day], text, []) == []
    raised = condition(unit="kva", value=160, raw="将小微企业接电容量由100千伏安提升至160千伏安")
    steps = {"metric": "m", "comparator": "<=", "unit": "count", "value": 0, "raw": "当日受理", "conditions": [raised]}
    (problem,) = check_targets([steps], text, [])
    assert "the number 100" in problem
    note = DataNote(
        field="targets[0].conditions[0]", raw="由100千伏安提升至160千伏安", reading="<= 160", reason="raised"
    )
    assert check_targets([steps], text, [note]) == []


def test_a_targets_raw_may_carry_its_conditions_numbers() -> None:
    text = "外部收购方必须在收购公司50%股权时，向全体股东发出收购要约。"
    stake = {"metric": "takeover_stake", "comparator": ">=", "value": 50, "unit": "percent", "raw": "收购公司50%股权时"}
    offer = {
        "metric": "m",
        "comparator": ">=",
        "unit": "percent",
        "value": 100,
        "raw": text[:-1],
        "conditions": [stake],
    }
    note = DataNote(field="targets[0].value", raw="向全体股东", reading="100", reason="全体 is all")
    assert check_targets([offer], text, [note]) == []


# -- commitment --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("确保企业申报主税种办理时间在1小时内办结", "确保"),  # in the raw
        ("九年义务教育巩固率稳定在99%以上", "确保"),  # before it in its sentence
        ("一般性纳税当日即报即办", None),  # the word comes after it
        ("实现最多跑一次", None),  # another clause (；)
        ("探索小微企业纳税人自发起退税申请至开出税收退还书时间压缩至1个工作日内", "探索"),
        ("其中政府投资项目审批用时压缩到60个工作日内", "力争"),  # the same sentence, after 力争
    ],
)
def test_the_word_that_governs_a_raw(raw: str, word: str | None) -> None:
    text = (
        "一般性纳税当日即报即办，确保企业申报主税种办理时间在1小时内办结。"
        "确保学前教育普及普惠县市创建率达到20%以上，九年义务教育巩固率稳定在99%以上；实现最多跑一次。"
        "探索小微企业纳税人自发起退税申请至开出税收退还书时间压缩至1个工作日内。"
        "力争到2022年底压缩审批时限至30-60个工作日,其中政府投资项目审批用时压缩到60个工作日内。"
    )
    found = commitment_in(text, raw)
    assert (found[0] if found else None) == word


def test_a_targets_commitment_is_its_sentences() -> None:
    text = "畅通主要线上纳税渠道、实现最多跑一次、大厅无纸化办税智能填单，力争企业满意度达90%以上。"
    rate = {"metric": "m", "comparator": ">=", "unit": "percent", "value": 90, "raw": "力争企业满意度达90%以上"}
    (problem,) = check_targets([rate], text, [])
    assert problem == "target #1: the sentence of its raw says 力争 (strive); the target's commitment is None"
    assert check_targets([{**rate, "commitment": "strive"}], text, []) == []
    visits = {"metric": "m", "comparator": "<=", "unit": "count", "value": 1, "raw": "实现最多跑一次"}
    assert "has no commitment word" in check_targets([{**visits, "commitment": "firm"}], text, [])[0]


def test_every_commitment_word_of_a_measure_is_read() -> None:
    text = "推广应用移动数字证书，积极争取试点建设。"
    (problem,) = check_measure([], text, [])
    assert problem.startswith("'争取' in") and "is neither the measure's commitment nor a target's" in problem
    assert check_measure([], text, [], commitment="strive") == []
    assert check_measure([], text, [], commitment="explore")[0] == "commitment 'explore': no word of the text says it"
    note = DataNote(field="commitment", raw="积极争取试点建设", reading="strive, for the pilot", reason="part")
    assert check_measure([], text, [note]) == []
    premise = "在确保现有各类技术中心稳定转化基础上，指导企事业单位申报。"
    note = DataNote(field="commitment", raw="在确保现有各类技术中心稳定转化基础上", reading="none", reason="premise")
    assert check_measure([], premise, [note]) == []


# -- recurrence ----------------------------------------------------------------------------------------------


def test_a_recurrence_names_its_period_and_times() -> None:
    text = "实现增值税每季度1次缴纳；个人所得税每月1次申报；每年对照开展核查。"
    assert check_recurrence({"every": "quarter", "raw": "每季度1次"}, text) == []
    assert check_recurrence({"every": "year", "raw": "每年"}, text) == []
    assert check_recurrence({"every": "month", "raw": "每季度1次"}, text) == [
        "recurrence raw '每季度1次' does not name the period 'month'"
    ]
    assert check_recurrence({"every": "quarter", "raw": "每季度1次", "times": 2}, text) == [
        "recurrence raw '每季度1次' does not write 2 times"
    ]
    assert check_recurrence({"every": "week", "raw": "每周"}, text) == [
        "recurrence raw '每周' is not in the measure's text"
    ]
    payments = {"metric": "m", "comparator": "<=", "unit": "count", "value": 1, "raw": "实现增值税每季度1次缴纳"}
    assert check_targets([{**payments, "recurrence": {"every": "quarter", "raw": "每季度1次"}}], text, []) == []
    assert check_measure([], text, [], recurrence={"every": "day", "raw": "每年"}) == [
        "recurrence raw '每年' does not name the period 'day'"
    ]


# -- stages ------------------------------------------------------------------------------------------------


def test_a_stage_points_at_another_target() -> None:
    text = "2个小时内办结（窗口受理2个工作日内）"
    overall = {"metric": "m", "comparator": "<=", "unit": "office_hour", "value": 2, "raw": "2个小时内办结"}
    stage = {"metric": "m", "comparator": "<=", "unit": "working_day", "value": 2, "raw": "窗口受理2个工作日内"}
    assert check_targets([overall, {**stage, "stage_of": 1}], text, []) == []
    for wrong in (2, 3, 0):
        assert (
            "is not the number of another target" in check_targets([overall, {**stage, "stage_of": wrong}], text, [])[0]
        )


# -- fees in words ------------------------------------------------------------------------------------------


def test_every_fee_zero_word_is_zero() -> None:
    assert all(zero_in_words(word) for word in FEE_ZERO_WORDS)
    assert "无费用" in ZERO_WORDS
    assert fee_zero_spans("实现企业无费用注销，免费提供，免缴登记费") == [(4, 7), (10, 12), (15, 17)]


FEES = "实现企业无费用注销。对新开办企业实行首次申领税务Ukey和电子发票免费等措施。提升城乡居民免费健康体检质效。"


def fee(metric: str, raw: str, **fields: Any) -> dict[str, Any]:
    return {"metric": metric, "comparator": "<=", "value": 0, "unit": "yuan", "raw": raw, **fields}


def test_a_fee_in_words_is_a_zero_fee_target_or_a_note_says_why_not() -> None:
    targets = [
        fee("deregistration_fee", "实现企业无费用注销"),
        fee("tax_ukey_fee", "对新开办企业实行首次申领税务Ukey和电子发票免费"),
    ]
    problems = check_measure(targets, FEES, [])
    assert problems == [
        "'免费' in '施。提升城乡居民免费健康体检质效。' says a fee is zero: give it a target "
        "(<= 0 yuan on a price standard) quoting it, or a note on 'targets' quoting it and saying why it is none"
    ]
    note = DataNote(field="targets", raw="城乡居民免费健康体检", reading="no fee target", reason="a programme's name")
    assert check_measure(targets, FEES, [note]) == []
    assert len(check_measure(targets[:1], FEES, [note])) == 1  # the Ukey sentence is not quoted by any target


def test_a_zero_fee_is_a_price_standard() -> None:
    wrong = fee("tax_filing_processing_time", "实现企业无费用注销")
    note = DataNote(field="targets", raw="电子发票免费等措施。提升城乡居民免费健康体检", reading="-", reason="-")
    (problem,) = check_measure([wrong], FEES.split("。")[0] + "。", [note])
    assert problem == "target #1: a zero fee is a price standard; tax_filing_processing_time is a case_time_limit"
    # A zero that is no fee (arrears paid off) is not held to it.
    arrears = fee("sme_payment_arrears", "账款全部“清零”")
    assert check_measure([arrears], "账款全部“清零”。", []) == []


# -- the curated file accepts the new keys ---------------------------------------------------------------------


def curated(measure: dict[str, Any]) -> dict[str, Any]:
    return {
        "region": {"id": "r"},
        "documents": [{"id": "d", "title": "t", "issuer": "i", "seed_file": "d.txt"}],
        "units": [{"name": "县公安局"}],
        "measures": {"1": measure},
    }


def test_the_curated_file_reads_the_new_keys() -> None:
    measure = {
        "commitment": "explore",
        "recurrence": {"every": "year", "raw": "每年"},
        "targets": [
            target(
                value=15,
                raw="r",
                commitment="strive",
                clock_start="自受理之日起",
                excludes="不含审批时间",
                stage_of=2,
                recurrence={"every": "quarter", "raw": "每季度1次", "times": 1},
                conditions=[condition(value=160, raw="160kW及以下")],
            )
        ],
    }
    entry = curated_from_dict(curated(measure)).measure("1")
    assert (entry.commitment, entry.recurrence) == ("explore", {"every": "year", "raw": "每年"})
    assert entry.targets[0]["conditions"] == [condition(value=160, raw="160kW及以下")]


@pytest.mark.parametrize(
    ("measure", "message"),
    [
        ({"commitment": "must"}, r"measures.'1'.commitment: 'must' is not one of firm, strive, explore"),
        ({"recurrence": {"every": "fortnight", "raw": "每两周"}}, r"recurrence.every: 'fortnight' is not one of"),
        ({"recurrence": {"every": "year", "raw": "每年", "times": 0}}, r"recurrence.times: expected a whole number"),
        ({"targets": [target(raw="r", stage_of=0)]}, r"targets\[0\].stage_of: expected the number"),
        ({"targets": [target(raw="r", conditions=[{"metric": "m"}])]}, r"conditions\[0\]: missing keys"),
        ({"targets": [target(raw="r", conditions={"metric": "m"})]}, r"conditions: expected a list"),
        ({"targets": [target(raw="r", commitment="maybe")]}, r"targets\[0\].commitment: 'maybe' is not one of"),
        ({"targets": [target(raw="r", clock_start="")]}, r"targets\[0\].clock_start: expected a non-empty string"),
    ],
)
def test_the_new_keys_are_checked_for_shape(measure: dict[str, Any], message: str) -> None:
    with pytest.raises(BuildError, match=message):
        curated_from_dict(curated(measure))
