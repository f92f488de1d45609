"""The metric registry: one entry per thing targets measure, used by the regions, named in three languages."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import bizenv
from bizenv.errors import UnknownMetricError
from bizenv.metrics import is_metric, metric, registry
from bizenv.taxonomy import is_category

#: Metrics the registry keeps though no bundled region uses them, each with the reason. Empty: every metric
#: of the registry is some region's target or condition.
KEPT: dict[str, str] = {
    # What the sources write of these is not a goal (docs/domain.md, "What is not a goal"); each stays a note.
    "electricity_price_subsidy": "Bazhou 18's （政府补贴0.1元） explains the price; for a region that sets one",
    "land_use_transition_period": "Yiwu 76.6's 可实行…5年不变 is a permission; a region that sets a term uses it",
    "deregistration_notice_fee": "鼓励…免费发布注销公告 (Changji 4, Yiwu 6) encourages; for a fee a county sets",
}

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


def _used() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for region in bizenv.region_ids():
        for target_id, _, target in bizenv.profile(region).targets():
            used.setdefault(target.metric, []).append(f"{region} {target_id}")
            for condition in target.conditions:
                used.setdefault(condition.metric, []).append(f"{region} {target_id} (condition)")
    return used


def test_every_metric_is_used_by_a_region_or_kept_for_a_reason() -> None:
    used = _used()
    unused = sorted(code for code in registry() if code not in used and code not in KEPT)
    assert unused == [], "metrics no region uses: give each a use or a reason in KEPT"
    assert sorted(code for code in KEPT if code in used) == [], "a kept metric is used: drop it from KEPT"


def test_every_metric_a_region_uses_is_in_the_registry() -> None:
    assert sorted(code for code in _used() if code not in registry()) == []


def test_names_exist_in_three_languages() -> None:
    for code, m in registry().items():
        assert m.names.zh.strip() and m.names.en.strip(), code
        assert m.names.ug is not None and _ARABIC_SCRIPT.search(m.names.ug), f"{code}: no Uyghur name in Arabic script"
        assert not re.search(r"[\u4e00-\u9fff]", m.names.ug), f"{code}: the Uyghur name has Chinese characters"


@pytest.mark.parametrize("language", ["zh", "en", "ug"])
def test_no_two_metrics_share_a_name(language: str) -> None:
    names = Counter(getattr(m.names, language) for m in registry().values())
    assert [name for name, count in names.items() if count > 1] == []


def test_every_metric_is_described_and_filed() -> None:
    for code, m in registry().items():
        assert m.description.endswith(".") and m.description.count(". ") == 0, f"{code}: one sentence"
        assert m.category is not None and is_category(m.category), code
        assert m.units, code


def test_kinds_and_their_units() -> None:
    for code, m in registry().items():
        if m.kind == "case_time_limit":
            assert m.takes_cases and set(m.units) <= {
                "working_day",
                "office_hour",
                "office_minute",
                "calendar_day",
                "clock_hour",
                "minute",
                "month",
            }, code
        else:
            assert not m.takes_cases, code
        if m.kind == "rate":
            assert m.units == ("percent",), code
        if m.kind == "count":
            assert m.units == ("count",), code


@pytest.mark.parametrize(
    ("code", "kind", "direction"),
    [
        ("annual_tax_compliance_time", "measured_quantity", "lower"),  # 100小时 a year: a quantity, not a case limit
        ("tax_filing_processing_time", "case_time_limit", "lower"),  # 1小时内办结 at the counter: each case
        ("health_service_walking_time", "measured_quantity", "lower"),  # 15分钟社区卫生服务圈: a walking distance
        ("electricity_connection_capacity", "eligibility", "higher"),  # 160kW及以下: who qualifies
        ("procurement_budget", "eligibility", "higher"),  # 200万元以下: which projects are reserved
        ("property_registration_fee", "price_standard", "lower"),  # 每件80元: a ceiling
        ("industry_education_integration_enterprises", "count", "higher"),  # 培育2—4个: more is better
    ],
)
def test_what_a_metric_is(code: str, kind: str, direction: str) -> None:
    assert (metric(code).kind, metric(code).direction) == (kind, direction)


def test_synonyms_are_one_metric() -> None:
    for merged in (
        "electricity_connection_site_visits",
        "electricity_connection_fee",
        "housing_contract_filing_visits",
        "tax_clearance_time",
        "one_thing_one_go_theme_packages",
        "tax_payment_time",
        "three_zero_service_capacity",
        "zero_investment_connection_capacity",
        "small_business_connection_capacity",
    ):
        assert not is_metric(merged), merged
    with pytest.raises(UnknownMetricError, match="electricity_connection_fee"):
        metric("electricity_connection_fee")


def test_every_count_says_what_it_counts_in() -> None:
    """A count is shown with its classifier (办事跑动次数 ≤ 0 次, 办电审批数 ≤ 0 项), never the generic 个 for all."""
    counters = {m.code: m.counter for m in registry().values() if "count" in m.units}
    assert counters and all(counters.values()), [c for c, k in counters.items() if not k]
    assert counters["in_person_visits"] == "ci" and counters["electricity_connection_approvals"] == "xiang"
    assert counters["listed_companies"] == "jia" and counters["jobs_created"] == "ren"
    assert len(set(counters.values())) >= 5
    assert all(m.counter is None for m in registry().values() if "count" not in m.units)


def test_only_a_count_has_a_counter() -> None:
    opening = metric("business_opening_time")
    with pytest.raises(ValueError, match="only for a metric counted in 'count'"):
        type(opening)(opening.code, opening.names, opening.kind, opening.direction, opening.units, counter="ci")
