"""The indicator categories of China's business-environment evaluation (中国营商环境评价).

The eighteen first-level indicators have stable codes so that regions, which name and
split them differently, can be compared. Three supplementary categories cover what
regional systems add around them (企业注销 as its own indicator, the 城市高质量发展
indicators, and organisational safeguards); they are marked ``national=False``.
"""

from __future__ import annotations

import attrs

from bizenv.errors import UnknownCategoryError
from bizenv.i18n import N_, message
from bizenv.model.region import pick_name


@attrs.frozen(slots=True)
class IndicatorCategory:
    """A first-level indicator of the national evaluation (or a supplementary category), with a stable code."""

    code: str
    zh: str
    en: str
    national: bool = True
    #: Other names regions use for the same indicator, e.g. 获得用水 and 获得用气.
    aliases: tuple[str, ...] = ()
    ug: str | None = None

    def name(self, locale: str = "zh_Hans") -> str:
        """The category's name in a locale (zh_Hans, en, ug)."""
        return pick_name(self.zh, self.en, self.ug, locale)


CATEGORIES: tuple[IndicatorCategory, ...] = (
    IndicatorCategory("starting_a_business", "开办企业", N_("Starting a business")),
    IndicatorCategory("labour_market_regulation", "劳动力市场监管", N_("Labour market regulation")),
    IndicatorCategory("construction_permits", "办理建筑许可", N_("Dealing with construction permits")),
    IndicatorCategory("government_procurement", "政府采购", N_("Government procurement")),
    IndicatorCategory("bidding_and_tendering", "招标投标", N_("Bidding and tendering"), aliases=("招投标",)),
    IndicatorCategory("getting_electricity", "获得电力", N_("Getting electricity")),
    IndicatorCategory(
        "getting_water_and_gas", "获得用水用气", N_("Getting water and gas"), aliases=("获得用水", "获得用气")
    ),
    IndicatorCategory("registering_property", "登记财产", N_("Registering property")),
    IndicatorCategory("getting_credit", "获得信贷", N_("Getting credit")),
    IndicatorCategory("protecting_minority_investors", "保护中小投资者", N_("Protecting minority investors")),
    IndicatorCategory(
        "intellectual_property",
        "知识产权创造保护和运用",
        N_("Creation, protection and use of intellectual property"),
        aliases=("知识产权创造、保护和运用", "知识产权"),
    ),
    IndicatorCategory("trading_across_borders", "跨境贸易", N_("Trading across borders")),
    IndicatorCategory("paying_taxes", "纳税", N_("Paying taxes")),
    IndicatorCategory("enforcing_contracts", "执行合同", N_("Enforcing contracts")),
    IndicatorCategory("resolving_insolvency", "办理破产", N_("Resolving insolvency")),
    IndicatorCategory("market_regulation", "市场监管", N_("Market regulation")),
    IndicatorCategory("government_services", "政务服务", N_("Government services")),
    IndicatorCategory(
        "inclusive_innovation", "包容普惠创新", N_("Inclusive and innovative environment"), aliases=("包容普惠",)
    ),
    IndicatorCategory("closing_a_business", "企业注销", N_("Closing a business"), national=False),
    IndicatorCategory(
        "urban_quality_development",
        "城市高质量发展",
        N_("Quality of urban development (public services, environment, transport)"),
        national=False,
    ),
    IndicatorCategory(
        "general_safeguards",
        "综合保障",
        N_("Organisation, rule of law and other cross-cutting safeguards"),
        national=False,
    ),
)

_BY_CODE = {c.code: c for c in CATEGORIES}


def category(code: str) -> IndicatorCategory:
    """The category with this code; :class:`bizenv.errors.UnknownCategoryError` lists the known codes."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise UnknownCategoryError(
            message("unknown indicator category {code!r}; known: {known}", code=code, known=", ".join(_BY_CODE))
        ) from None


def is_category(code: str) -> bool:
    """Whether ``code`` is a category code."""
    return code in _BY_CODE


def find_category(name: str) -> IndicatorCategory | None:
    """The category whose Chinese name or alias is ``name`` (spaces ignored), if any."""
    wanted = "".join(name.split())
    for c in CATEGORIES:
        if wanted == c.zh or wanted in c.aliases:
            return c
    return None


__all__ = ["CATEGORIES", "IndicatorCategory", "category", "find_category", "is_category"]
