"""Catalogs: complete in every locale, placeholders intact, compiled into the wheel; Babel formatting."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bizenv.i18n import EXTRACT_KEYWORDS, LOCALES, _, set_locale, translations
from bizenv.report import fmt
from bizenv.taxonomy import CATEGORIES

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "src" / "bizenv" / "locale"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def extracted() -> set[str]:
    found = extract_from_dir(str(ROOT / "src" / "bizenv"), keywords=dict.fromkeys(EXTRACT_KEYWORDS))
    return {message for _file, _line, message, _comments, _context in found if isinstance(message, str)}


def catalog(locale: str) -> dict[str, str]:
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "bizenv.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and isinstance(m.id, str)}


def test_the_code_has_messages_to_translate() -> None:
    messages = extracted()
    assert "Deadlines" in messages
    assert {c.en for c in CATEGORIES} <= messages


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_translates_every_message_of_the_code(locale: str) -> None:
    translated = {k for k, v in catalog(locale).items() if v}
    missing = sorted(extracted() - translated)
    assert not missing, f"{locale}: untranslated (run the update step in docs/translations.md): {missing}"


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_their_placeholders(locale: str) -> None:
    for msgid, msgstr in catalog(locale).items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), (locale, msgid, msgstr)


def test_chinese_and_uyghur_differ_from_english() -> None:
    zh, ug = catalog("zh_Hans"), catalog("ug")
    assert zh["Deadlines"] != "Deadlines" and ug["Deadlines"] != "Deadlines"
    assert re.search(r"[\u0600-\u06ff]", ug["Overdue items"])
    assert re.search(r"[\u4e00-\u9fff]", zh["Overdue items"])


def test_category_names_follow_the_locale() -> None:
    set_locale("zh_Hans")
    assert fmt.category("getting_electricity") == "获得电力"
    set_locale("en")
    assert fmt.category("getting_electricity") == "Getting electricity"
    set_locale("ug")
    assert (
        fmt.category("getting_electricity")
        == translations("ug").gettext("Getting electricity")
        != "Getting electricity"
    )


def test_numbers_dates_and_money_use_babel_for_the_locale() -> None:
    set_locale("en")
    assert (fmt.percent(0.873), fmt.money(73), fmt.date(dt.date(2025, 6, 30))) == ("87.3%", "CN¥73.00", "Jun 30, 2025")
    set_locale("zh_Hans")
    assert (fmt.money(73), fmt.date(dt.date(2025, 6, 30))) == ("¥73.00", "2025年6月30日")
    set_locale("ug")
    assert fmt.number(12345.67) == "12,345.67" and fmt.number(0.4157) == "0.4157"  # as precise as given
    assert _("Deadlines") == catalog("ug")["Deadlines"]


def test_amounts_in_wan_yuan_are_yuan_outside_chinese_and_counts_have_no_unit_word_in_english() -> None:
    set_locale("zh_Hans")
    assert fmt.measured(80, "ten_thousand_yuan") == "80 万元"
    set_locale("en")
    assert fmt.measured(80, "ten_thousand_yuan") == "CN¥800,000.00"
    assert fmt.measured(0.75, "ten_thousand_yuan", against=0.75) == "7,500 yuan"
    assert (fmt.measured(3, "count"), fmt.measured(3, "working_day")) == ("3", "3 working days")


def test_a_column_of_scores_has_one_precision_and_keeps_different_scores_apart() -> None:
    set_locale("en")
    assert fmt.column([81.724, 74.0, 60.01]) == ["81.72", "74.00", "60.01"]
    # 60.0044 and 60.0041 would both show as 60.00 with two decimals, 60.004 with three; the column gets four.
    assert fmt.column([60.0044, 60.0041, 7.5]) == ["60.0044", "60.0041", "7.5000"]
    assert fmt.column([50.0, 50.0]) == ["50.00", "50.00"]  # a tie is shown as a tie


def test_the_wheel_ships_compiled_catalogs(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("bizenv-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        for locale in LOCALES:
            data = archive.read(f"bizenv/locale/{locale}/LC_MESSAGES/bizenv.mo")
            compiled = gettext.GNUTranslations(io.BytesIO(data))
            assert compiled.gettext("Deadlines") == catalog(locale)["Deadlines"]


def test_a_count_takes_its_counter_and_no_working_day_is_jiban() -> None:
    from bizenv.model import Target

    visits = Target(metric="in_person_visits", comparator="<=", raw="最多跑一次", value=0, unit="count")
    approvals = Target(
        metric="electricity_connection_approvals", comparator="<=", raw="审批不超过2项", value=2, unit="count"
    )
    at_once = Target(metric="business_opening_time", comparator="<=", raw="即办", value=0, unit="working_day")
    day = Target(metric="business_opening_time", comparator="<=", raw="1个工作日", value=1, unit="working_day")
    set_locale("zh_Hans")
    assert fmt.limit(visits, "lower", "ci") == "≤ 0 次"
    assert fmt.limit(approvals, "lower", "xiang") == "≤ 2 项"
    assert fmt.limit(visits, "lower") == "≤ 0 个"  # a count of a metric the registry does not know
    assert fmt.limit(at_once) == "即办" and fmt.limit(day) == "≤ 1 工作日"
    set_locale("ug")
    assert fmt.limit(visits, "lower", "ci") == "≤ 0 قېتىم" and "即办" in fmt.limit(at_once)
    set_locale("en")
    assert fmt.limit(visits, "lower", "ci") == "≤ 0" and fmt.limit(at_once) == "immediately (即办)"
