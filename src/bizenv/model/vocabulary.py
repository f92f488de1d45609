"""Closed vocabularies used by targets: units, comparators and aggregations.

Kept closed on purpose: an evaluator has to know how to count every unit, so a new unit is a
deliberate change here, never an ad-hoc string in a data file. Each vocabulary is a ``Literal``
type (what mypy and the profile reader check) with a description per value.
"""

from __future__ import annotations

from typing import Final, Literal, TypeGuard, get_args

UnitCode = Literal[
    "working_day",
    "office_hour",
    "office_minute",
    "calendar_day",
    "clock_hour",
    "minute",
    "month",
    "year",
    "percent",
    "yuan",
    "ten_thousand_yuan",
    "yuan_per_kwh",
    "yuan_per_ton",
    "kva",
    "kw",
    "kv",
    "tonne",
    "square_metre",
    "cubic_metre",
    "count",
]
Comparator = Literal["<=", "<", ">=", ">", "==", "range"]
Aggregation = Literal["each", "mean", "median", "p90", "rate", "total"]
#: How firmly the source commits: 确保 (firm), 力争/争取 (strive), 探索 (explore).
Commitment = Literal["firm", "strive", "explore"]
#: How often a duty recurs (每月, 每季度, 每年 …).
Every = Literal["day", "week", "month", "quarter", "half_year", "year"]
#: Which way is better for a metric.
Direction = Literal["lower", "higher"]
#: What a metric is: a limit on each case's time, a measured quantity, a price or fee standard, a rate,
#: a count, or a condition of eligibility (who a policy applies to).
MetricKind = Literal["case_time_limit", "measured_quantity", "price_standard", "rate", "count", "eligibility"]
#: What a count metric counts in, as the Chinese classifier says it: 次 (times), 个 (things), 项 (items, matters),
#: 家 (enterprises, agencies), 人 (people), 人次 (person-times), 套 (sets, homes), 份 (copies of documents).
Counter = Literal["ci", "ge", "xiang", "jia", "ren", "renci", "tao", "fen"]

UNITS: Final[dict[str, str]] = {
    "working_day": "days that are working days of the region's calendar (N个工作日)",
    "office_hour": "hours inside office hours on working days (N个小时内办结)",
    "office_minute": "minutes inside office hours on working days (60分钟出证: counter time stops at lunch)",
    "calendar_day": "every day counts (N天, N日, N日内)",
    "clock_hour": "wall-clock hours (24小时报告), or hours as a measured quantity",
    "minute": "minutes of wall-clock time",
    "month": "calendar months",
    # A term, not a time limit on a case (租赁期限不得超过20年, 5年过渡期), so not in TIME_UNITS.
    "year": "calendar years, as a term or period (N年)",
    "percent": "a rate or share, 0-100",
    "yuan": "renminbi",
    "ten_thousand_yuan": "renminbi in units of 10,000 (万元)",
    "yuan_per_kwh": "price of electricity (元/千瓦时)",
    "yuan_per_ton": "price of water or gas (元/吨)",
    "kva": "capacity in kilovolt-amperes (千伏安)",
    "kw": "capacity in kilowatts (千瓦)",
    "kv": "voltage in kilovolts (千伏)",
    "tonne": "mass in tonnes (吨)",
    "square_metre": "area in square metres (平方米)",
    "cubic_metre": "volume in cubic metres (立方米)",
    "count": "a number of things (项, 个, 家, 次, 人, 件)",
}

#: Units that measure elapsed time; evaluators count them on a calendar (a case's limit is in one of them).
TimeUnit = Literal["working_day", "office_hour", "office_minute", "calendar_day", "clock_hour", "minute", "month"]
TIME_UNITS: Final[frozenset[str]] = frozenset(get_args(TimeUnit))


def is_time_unit(unit: str) -> TypeGuard[TimeUnit]:
    """Whether ``unit`` measures elapsed time (a unit a case's limit can be in)."""
    return unit in TIME_UNITS


COMPARATORS: Final[frozenset[str]] = frozenset(get_args(Comparator))

AGGREGATIONS: Final[dict[str, str]] = {
    "each": "every case must meet the target",
    "mean": "the mean over cases must meet the target",
    "median": "the median over cases must meet the target",
    "p90": "the 90th percentile over cases must meet the target",
    "rate": "a share of cases or items, in percent",
    "total": "a sum or count over the period",
}

COUNTERS: Final[dict[str, str]] = {
    "ci": "次: times, visits, filings",
    "ge": "个: steps, processes, sectors, places",
    "xiang": "项: approvals, services, matters",
    "jia": "家: enterprises, agencies",
    "ren": "人: people",
    "renci": "人次: person-times (a person trained twice counts twice)",
    "tao": "套: sets of documents, homes",
    "fen": "份: copies of documents",
}

# The descriptions and the Literal types name the same values (checked here, at import).
assert set(COUNTERS) == set(get_args(Counter)), "COUNTERS and Counter disagree"
assert set(UNITS) == set(get_args(UnitCode)), "UNITS and UnitCode disagree"
assert set(AGGREGATIONS) == set(get_args(Aggregation)), "AGGREGATIONS and Aggregation disagree"

#: The words that say a commitment's strength, as the sources write them.
COMMITMENT_WORDS: Final[dict[str, str]] = {"确保": "firm", "力争": "strive", "争取": "strive", "探索": "explore"}
