"""The command speaks the chosen language: an English message or an English code reaching Chinese or Uyghur output
fails these tests. What may stay in Latin letters: codes, ids and paths (region ids, option and command names, the
column names of input files), and words of the sources themselves (an office's "Ukey")."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import bizenv
from bizenv.cli import build_parser
from bizenv.inputs import FIELDS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "data" / "bazhou"
Run = Callable[..., Any]

#: A word: Latin letters, digits and the marks of codes, ids and paths.
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_./:#=+\-]*")
#: What a leaked English word looks like: lower-case letters only, or one capital and lower-case letters ("False").
ENGLISH = re.compile(r"[a-z]{2,}|[A-Z][a-z]+")


@cache
def allowed() -> frozenset[str]:
    """Codes, ids and source words that may appear in any language."""
    words = {"bizenv", "help", "YYYY", "MM", "DD"}
    parser = build_parser()
    stack = [parser]
    while stack:  # every command name
        for action in stack.pop()._actions:
            if hasattr(action, "choices") and isinstance(action.choices, dict):
                words |= set(action.choices)
                stack += list(action.choices.values())
    words |= set(bizenv.region_ids())
    words |= {f.name for fields in FIELDS.values() for f in fields}
    for example in DATA.glob("*.csv"):  # the column names of the example files, as the files give them
        words |= set(TOKEN.findall(example.read_text(encoding="utf-8").splitlines()[0]))
    for profile in bizenv.profiles():
        for measure in profile.measures:
            words |= set(TOKEN.findall(measure.text))
            words |= {w for t in measure.targets for w in TOKEN.findall(t.raw)}
    return frozenset(words)


def leaked(text: str) -> list[str]:
    """English words in ``text`` outside codes, ids, paths, quoted values and options."""
    text = re.sub(r"'[^']*'", "", text)  # a value as the user gave it ('2024/07/01', 'yiwuu')
    text = re.sub(r"--[\w-]+", "", text)  # an option
    return [w for w in TOKEN.findall(text) if ENGLISH.fullmatch(w) and w not in allowed()]


CASES = str(DATA / "cases.csv")
COMMANDS = [
    # error paths
    ["show", "yiwuu"],
    ["calendar", "days", "--from", "2024/07/01", "--to", "2024-07-05"],
    ["report", "bazhou", "--out", str(ROOT / "examples")],
    ["report", "bazhou", "--as-of", "2024-07-01"],
    ["validate", "no-such-thing.txt"],
    ["compare", "no_such_category"],
    # tables
    ["show", "bazhou"],
    ["units", "bazhou"],
    ["units", "bazhou", "州市场监督管理局"],
    ["deadlines", "bazhou", "--ledger", str(DATA / "ledger.csv"), "--as-of", "2024-07-01"],
    ["evaluate", "bazhou", "--cases", CASES, "--as-of", "2024-07-01T12:00+08:00"],
    ["thresholds", "bazhou", "--observations", str(DATA / "observations.csv")],
    ["compare", "starting_a_business"],
    ["score", "--values", str(DATA / "values.csv")],
    ["calendar", "days", "--from", "2024-09-28", "--to", "2024-10-08"],
    # the report and its subtitle, on synthetic data (labelled) and on files
    ["report", "bazhou", "--as-of", "2024-07-01T12:00+08:00"],
    ["report", "bazhou", "--cases", CASES, "--as-of", "2024-07-01T12:00+08:00", "--format", "markdown"],
]


def test_the_detector_finds_english() -> None:
    assert leaked("错误：no region 'yiwuu' is installed") == ["no", "region", "is", "installed"]
    codes = "逾期  overdue  measure  own  False  starting_a_business  working_day"
    assert leaked(codes) == ["overdue", "measure", "own", "False"]
    assert leaked("bizenv show: 错误：参数 --from：'2024/07/01' 不是日期（YYYY-MM-DD）") == []


@pytest.mark.parametrize("locale", ["zh_Hans", "ug"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_english_reaches_chinese_or_uyghur_output(cli: Run, locale: str, command: list[str]) -> None:
    done = cli(*command, "--locale", locale)
    said = done.stdout + done.stderr
    assert said.strip()
    assert leaked(said) == [], said[:2000]


def test_codes_are_names_in_tables_and_codes_in_json_and_csv(cli: Run) -> None:
    ledger = ["deadlines", "bazhou", "--ledger", str(DATA / "ledger.csv"), "--as-of", "2024-07-01"]
    table = cli(*ledger, "--locale", "zh_Hans").stdout
    assert "逾期" in table and "措施" in table and " overdue " not in table and "False" not in table
    csv = cli(*ledger, "--format", "csv").stdout
    assert ",overdue," in csv and ",measure," in csv
    scores = cli("evaluate", "bazhou", "--cases", CASES, "--as-of", "2024-07-01T12:00+08:00", "--locale", "zh_Hans")
    assert re.search(r"\d\.\d{3,}", scores.stdout) is None  # computed numbers rounded
    assert "和静县" in scores.stdout and " hejing " not in scores.stdout  # a sub-unit by its name


def test_validate_says_plainly_that_a_file_is_valid(cli: Run) -> None:
    example = ROOT / "examples" / "bizenv-example-region" / "src" / "bizenv_example_region" / "profile.toml"
    done = cli("validate", str(example), "--locale", "en")
    assert done.returncode == 0 and done.stdout.strip() == f"{example} is valid: no errors, no notes"
    assert "有效" in cli("validate", str(example)).stdout
    as_json = cli("validate", str(example), "--format", "json")
    assert as_json.stdout.strip() == "[]" and "is valid" in as_json.stderr.replace("有效", "is valid")


def test_metrics_and_categories_list_the_codes_with_three_names(cli: Run) -> None:
    import json

    metrics = json.loads(cli("metrics", "--format", "json").stdout)
    codes = {m["code"]: m for m in metrics}
    visits = codes["in_person_visits"]
    assert (visits["name_zh"], visits["counter"], visits["kind"]) == ("办事跑动次数", "ci", "count")
    assert all(m["name_en"] and m["name_ug"] for m in metrics)
    electricity = json.loads(cli("metrics", "--category", "getting_electricity", "--format", "json").stdout)
    assert electricity and {m["category"] for m in electricity} == {"getting_electricity"}
    categories = json.loads(cli("categories", "--format", "json").stdout)
    first = categories[0]
    assert (first["code"], first["name_zh"], first["name_en"]) == (
        "starting_a_business",
        "开办企业",
        "Starting a business",
    )
    assert re.search(r"[\u0600-\u06ff]", first["name_ug"])
    assert cli("metrics", "--category", "no_such").returncode == 2


def test_completion_knows_regions_categories_and_units(cli: Run) -> None:
    script = cli("completion", "bash").stdout
    regions = re.search(r"_bizenv_complete_region\(\) \{\n.*?compgen -W \"(.*?)\"", script, re.S)
    assert regions is not None and set(regions[1].split("\n")) == set(bizenv.region_ids())
    assert "getting_electricity" in script and "州市场监督管理局" in script
    zsh = cli("completion", "zsh").stdout
    assert ":region:(atushi bazhou changji yiwu)" in zsh
