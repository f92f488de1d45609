"""Every file of the corpus (tests/data/inputs, made by make_corpus.py) is read as its maker meant, or refused
with one message naming the file; every rejected row names file, row (or cell), column and reason; and
accepted + rejected = data rows, always."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from typing import Any

import pytest

import bizenv
from bizenv.errors import InputError
from bizenv.evaluate import evaluate_cases, evaluate_observations, score_indicators, specs_from_values, track_deadlines
from bizenv.inputs import Read, read_cases, read_indicator_values, read_ledger, read_observations

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "tests" / "data" / "inputs"
BJ = dt.timezone(dt.timedelta(hours=8))
SHANGHAI = "Asia/Shanghai"


def _corpus_module() -> Any:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS_DIR / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CORPUS = _corpus_module().CORPUS


@pytest.fixture(scope="module")
def region() -> bizenv.RegionProfile:
    return bizenv.load_profile(ROOT / "tests" / "data" / "test_region.toml")


def path(name: str) -> Path:
    return CORPUS_DIR / name


def accounted(read: Read[Any]) -> None:
    assert len(read.records) + len(read.rejections) == read.info.rows
    for rejection in read.rejections:
        assert rejection.origin.source.startswith(str(CORPUS_DIR)) and rejection.origin.row
        assert rejection.reason


def ids(read: Read[Any]) -> list[str]:
    return [getattr(r, "case_id", None) or getattr(r, "measure_id", None) or r.target_id for r in read.records]


CASE_IDS = ["c1", "c2", "c3"]


# -- encodings, delimiters, headers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("utf8.csv", "utf-8", ","),
        ("utf8-bom.csv", "utf-8-sig", ","),
        ("gbk.csv", "gb18030", ","),
        ("utf16.txt", "utf-16", "\t"),
        ("semicolon.csv", "utf-8", ";"),
        ("tab.tsv", "utf-8", "\t"),
        ("header-spaces.csv", "utf-8", ","),
    ],
)
def test_text_files_in_every_encoding_and_delimiter_read_alike(name: str, encoding: str, delimiter: str) -> None:
    read = read_cases(path(name))
    accounted(read)
    assert (read.info.encoding, read.info.delimiter) == (encoding, delimiter)
    assert ids(read) == CASE_IDS and read.rejections == ()
    first = read.records[0]
    assert first.submitted_at == dt.datetime(2025, 3, 3, 10, 30, tzinfo=BJ)
    assert first.sub_unit == "北县"


def test_gb18030_keeps_characters_gbk_lacks() -> None:
    read = read_cases(path("gb18030.csv"))
    assert ids(read) == ["㐀1"] and read.info.encoding == "gb18030"


def test_an_undecidable_encoding_is_one_error_with_the_remedy() -> None:
    with pytest.raises(InputError, match=r"big5\.csv: cannot tell the file's encoding.*save it as UTF-8"):
        read_cases(path("big5.csv"))
    # Named explicitly, the same file is read (its traditional-Chinese header mapped by the user).
    mapping = {"辦件編號": "case_id", "目標編號": "target_id", "受理時間": "submitted_at"}
    read = read_cases(path("big5.csv"), encoding="big5", columns=mapping)
    assert ids(read) == ["一"] and read.info.encoding == "big5"


def test_title_rows_above_the_header_are_recognised() -> None:
    read = read_cases(path("title-rows.csv"))
    assert read.info.header_row == 3 and read.info.title_rows == (1, 2)
    assert ids(read) == CASE_IDS
    assert [r.origin.row for r in read.records] == [4, 5, 6]


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("duplicate-column.csv", r"duplicate-column\.csv:1: column 'completed_at' appears twice"),
        ("two-names-one-field.csv", r"columns '办结时间' and 'completed_at' both name the field 'completed_at'"),
        (
            "missing-column.csv",
            r"missing-column\.csv: no header row .* missing: submitted_at \(受理时间.*the likeliest header has: "
            r"'办件编号', '目标编号', '办结时间'",
        ),
    ],
)
def test_a_file_with_unusable_columns_is_refused_before_any_row(name: str, says: str) -> None:
    with pytest.raises(InputError, match=says):
        read_cases(path(name))


def test_a_users_column_mapping_covers_other_names() -> None:
    read = read_cases(path("missing-column.csv"), columns={"办结时间": "submitted_at"})
    assert ids(read) == ["m1"]
    with pytest.raises(InputError, match="not a field of the cases file"):
        read_cases(path("utf8.csv"), columns={"x": "nonsense"})


def test_a_column_mapping_that_names_no_field_or_no_column_is_refused() -> None:
    # A mistyped field is refused with the likely one, never left out (every case would read as open).
    with pytest.raises(InputError, match="did you mean 'completed_at'"):
        read_cases(path("utf8.csv"), columns={"结案时间": "complete_at"})
    # A header the file does not have: the field would be empty in every row without a word.
    with pytest.raises(InputError, match="the header has no column '结案时间'"):
        read_cases(path("utf8.csv"), columns={"结案时间": "completed_at"})
    with pytest.raises(InputError, match="did you mean 'status'"):
        read_ledger(path("ledger.csv"), columns={"进度": "stauts"})


# -- rows -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "row", "says"),
    [
        ("short-row.csv", 5, "the row has 3 cells but the header has 6 columns: the row is cut short"),
        ("long-row.csv", 5, "the row has 7 cells but the header has 6 columns: a value is out of its column"),
    ],
)
def test_a_row_of_the_wrong_width_is_rejected_not_misread(name: str, row: int, says: str) -> None:
    read = read_cases(path(name))
    accounted(read)
    assert ids(read) == CASE_IDS
    (rejection,) = read.rejections
    assert (rejection.origin.row, rejection.record_id, rejection.reason) == (row, "c4", says)


def test_row_numbers_are_the_files_lines_after_blank_lines() -> None:
    read = read_cases(path("blank-lines.csv"))
    accounted(read)
    assert [r.origin.row for r in read.records] == [3, 6]
    (rejection,) = read.rejections
    assert rejection.origin.row == 7 and rejection.field == "submitted_at"


def test_a_totals_row_is_recognised_not_read() -> None:
    read = read_cases(path("totals.csv"))
    accounted(read)
    assert ids(read) == CASE_IDS and read.info.totals_rows == (5,) and read.info.rows == 3


# -- values -----------------------------------------------------------------------------------------------


def test_times_in_the_forms_offices_write() -> None:
    read = read_cases(path("date-forms.csv"), zone=SHANGHAI)
    accounted(read)
    starts = {r.case_id: r.submitted_at for r in read.records}
    assert set(starts.values()) == {dt.datetime(2025, 3, 3, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))}
    assert len(starts) == 4
    assert read.records[3].completed_at is not None
    assert read.records[3].completed_at.replace(tzinfo=None) == dt.datetime(2025, 3, 4, 11, 0)


def test_times_that_are_not_times_are_rejected_with_their_cell() -> None:
    read = read_cases(path("bad-dates.csv"))
    accounted(read)
    assert ids(read) == ["b5"]
    reasons = {r.record_id: r.reason for r in read.rejections}
    assert "cannot read the time '1 10:30'" in reasons["b1"]  # 2025-03-031 is not read as 2025-03-03
    assert "names a day that does not exist" in reasons["b2"]
    assert "has no time of day" in reasons["b3"]
    assert "is not a date" in reasons["b4"]
    assert all(r.field == "submitted_at" for r in read.rejections)


def test_times_without_a_zone_need_the_zone_once_for_the_file() -> None:
    with pytest.raises(InputError, match=r"naive-times\.csv:2: .*has no time zone.*--zone"):
        read_cases(path("naive-times.csv"))
    read = read_cases(path("naive-times.csv"), zone="Asia/Urumqi")
    assert read.records[0].submitted_at.utcoffset() == dt.timedelta(hours=6)


# -- spreadsheets ---------------------------------------------------------------------------------------------


def test_a_merged_county_cell_counts_for_every_case_it_covers(region: bizenv.RegionProfile) -> None:
    read = read_cases(path("merged.xlsx"), zone=SHANGHAI)
    assert [r.sub_unit for r in read.records] == ["北县", "北县", "北县", "南县"]
    evaluation = evaluate_cases(region, read.records)
    north = evaluation.summary("1#1", "north")
    # Three cases in 北县, two of them late: not "1 case, 100%, met".
    assert (north.cases, north.passed, north.met) == (3, 1, False)


def test_the_data_sheet_is_chosen_and_the_others_are_said() -> None:
    cover = read_cases(path("cover-sheet.xlsx"), zone=SHANGHAI)
    assert cover.info.sheet == "办件" and ids(cover) == ["d1"]
    assert any("说明" in str(p) for p in cover.info.passed_over)
    hidden = read_cases(path("hidden-old.xlsx"), zone=SHANGHAI)
    assert hidden.info.sheet == "2025年" and ids(hidden) == ["new1"]
    assert any("hidden sheet '旧数据'" in str(p) for p in hidden.info.passed_over)
    explicit = read_cases(path("hidden-old.xlsx"), zone=SHANGHAI, sheet="旧数据")
    assert ids(explicit) == ["old1"] and any("hidden" in str(p) for p in explicit.info.passed_over)
    with pytest.raises(InputError, match="has no sheet 'nope'; its sheets are 旧数据, 2025年"):
        read_cases(path("hidden-old.xlsx"), zone=SHANGHAI, sheet="nope")


def test_the_only_matching_sheet_being_hidden_is_an_error_with_the_remedy() -> None:
    with pytest.raises(InputError, match=r"only sheet with the columns is the hidden sheet '数据'.*--sheet '数据'"):
        read_cases(path("only-hidden.xlsx"), zone=SHANGHAI)


def test_a_formula_without_its_result_refuses_the_file_naming_the_cell() -> None:
    with pytest.raises(InputError, match=r"formula-uncached\.xlsx\[办件\]: cell E3 is a formula whose result"):
        read_cases(path("formula-uncached.xlsx"), zone=SHANGHAI)


def test_a_merged_title_and_a_totals_row_around_the_table() -> None:
    read = read_cases(path("title-merged.xlsx"), zone=SHANGHAI)
    assert (read.info.header_row, read.info.title_rows, read.info.totals_rows) == (3, (1,), (5,))
    assert ids(read) == ["t1"]


@pytest.mark.parametrize("name", ["legacy.xls", "cases.ods"])
def test_old_excel_and_opendocument_files(name: str) -> None:
    read = read_cases(path(name), zone=SHANGHAI)
    accounted(read)
    assert len(read.records) == 2 and read.rejections == ()
    if name == "legacy.xls":
        assert [r.sub_unit for r in read.records] == ["南县", "南县"]  # merged over both cases


def test_json_with_chinese_keys_in_any_encoding() -> None:
    assert ids(read_cases(path("cases.json"))) == CASE_IDS
    gbk = read_cases(path("cases-gbk.json"))
    assert ids(gbk) == ["c1"] and gbk.info.encoding == "gb18030"


# -- quantities ---------------------------------------------------------------------------------------------


def test_percent_cells_are_percentages(region: bizenv.RegionProfile) -> None:
    read = read_observations(path("percent-cells.xlsx"))
    assert [(o.value, o.percent) for o in read.records] == [(99.5, True), (93.0, True), (96.0, False)]
    results, rejected = evaluate_observations(region, read.records)
    assert [r.met for r in results] == [True, False, True] and rejected == []


def test_observed_values_refuse_nan_inf_negatives_and_shares(region: bizenv.RegionProfile) -> None:
    read = read_observations(path("observations.csv"))
    accounted(read)
    assert [(r.origin.row, r.reason) for r in read.rejections] == [
        (2, "'nan' is not a number"),
        (3, "'inf' is not a number"),
        (8, "is empty"),
    ]
    results, rejected = evaluate_observations(region, read.records)
    assert [(r.observation.origin.row, r.observation.value, r.met) for r in results] == [
        (5, 96.0, True),
        (6, 1234.0, False),
    ]
    reasons = {r.origin.row: r.reason for r in rejected}
    assert reasons == {
        4: "-5 is negative; a yuan cannot be negative",
        7: "0.93 looks like a share (0-1), not percent points: write 93 or 93%",
    }


def test_indicator_values_with_chinese_directions(region: bizenv.RegionProfile) -> None:
    read = read_indicator_values(path("values.csv"))
    accounted(read)
    assert [r.origin.row for r in read.rejections] == [3]
    specs = specs_from_values(read.records)
    assert {s.name: s.lower_is_better for s in specs} == {"开办时间": True, "网办率": False}
    board = score_indicators(read.records, specs)
    assert [r.subject for r in board.overall if r.bottom] == ["南县"]


# -- ledgers ----------------------------------------------------------------------------------------------


def test_a_ledger_as_offices_keep_it(region: bizenv.RegionProfile) -> None:
    read = read_ledger(path("ledger.csv"))
    accounted(read)
    assert [(r.measure_id, r.status, r.completed_on) for r in read.records] == [
        ("1", "已完成", dt.date(2024, 6, 20)),
        ("2", "", None),
        ("3", "推进中", None),
    ]
    report = track_deadlines(region, read.records, dt.date(2024, 7, 1))
    assert report.rejections == ()
    statuses = {m.measure.id: m.status for m in report.measures}
    assert {k: statuses[k] for k in ("1", "2", "3")} == {"1": "done_on_time", "2": "overdue", "3": "no_deadline"}


def test_ledger_dates_in_every_form_and_bad_ones_rejected() -> None:
    read = read_ledger(path("excel-dates.xlsx"))
    assert [r.completed_on for r in read.records] == [dt.date(2024, 6, 20), dt.date(2024, 6, 30), dt.date(2024, 6, 30)]
    bad = read_ledger(path("ledger-bad.csv"))
    accounted(bad)
    assert [(r.origin.row, r.field) for r in bad.rejections] == [(2, "completed_on"), (3, "status")]
    assert "'2024-06-301' is not a date" in bad.rejections[0].reason


def test_ids_stored_as_numbers_are_taken_only_when_unambiguous(region: bizenv.RegionProfile) -> None:
    read = read_ledger(path("numeric-ids.xlsx"))
    assert read.records[0].id_candidates == ("1.1", "1.10", "1.100")
    data = bizenv.profile_to_dict(region)
    extra = [dict(data["measures"][2], id=i, deadline=None) for i in ("1.1", "1.10", "2.5")]
    both = bizenv.profile_from_dict({**data, "measures": [*data["measures"], *extra]})
    report = track_deadlines(both, read.records, dt.date(2024, 7, 1))
    (rejection,) = report.rejections
    assert rejection.record_id == "1.1" and "may be measure 1.1 or 1.10; store ids as text" in rejection.reason
    assert {m.measure.id: m.status for m in report.measures}["2.5"] == "no_deadline"
    assert report.measures[-1].ledger is not None


# -- evaluation rules -----------------------------------------------------------------------------------------


def test_an_interval_listed_twice_or_overlapping_is_excluded_once(region: bizenv.RegionProfile) -> None:
    evaluation = evaluate_cases(region, read_cases(path("excluded-twice.csv")).records)
    result = evaluation.results[0]
    # 10:00 (Mon) -> 12:00 (Tue), winter hours 10-14 and 15:30-19:30: 4 + 4 + 2 = 10 office hours; the union
    # of the three listed intervals is 11:00-14:00, 3 office hours (listed separately they would make 7).
    assert (result.excluded, result.duration) == (3, 7)


def test_excluded_time_outside_the_case_is_rejected(region: bizenv.RegionProfile) -> None:
    evaluation = evaluate_cases(region, read_cases(path("excluded-outside.csv")).records)
    (rejection,) = evaluation.rejections
    assert "is not inside the case's time" in rejection.reason


def test_excluded_times_written_with_slashes(region: bizenv.RegionProfile) -> None:
    record = read_cases(path("excluded-slashes.csv")).records[0]
    assert len(record.excluded) == 1 and record.excluded[0].reason == "补正"
    assert evaluate_cases(region, [record]).results[0].duration == 2


def test_an_open_case_after_the_as_of_time_is_rejected(region: bizenv.RegionProfile) -> None:
    read = read_cases(path("open-after-as-of.csv"))
    evaluation = evaluate_cases(region, read.records, as_of=dt.datetime(2025, 3, 5, 12, tzinfo=BJ))
    assert [r.case.case_id for r in evaluation.results] == ["l2"]
    assert evaluation.results[0].duration >= 0
    (rejection,) = evaluation.rejections
    assert rejection.record_id == "l1" and "after the as-of time" in rejection.reason


def test_unknown_sub_units_are_rejected_never_a_new_county(region: bizenv.RegionProfile) -> None:
    evaluation = evaluate_cases(region, read_cases(path("sub-units.csv")).records)
    assert {r.case.case_id: r.sub_unit for r in evaluation.results} == {"u1": "north", "u2": "north", "u3": "south"}
    assert {r.record_id for r in evaluation.rejections} == {"u4", "u5"}
    assert all("is not a sub-unit of the region (its sub-units: 北县, 南县)" in r.reason for r in evaluation.rejections)
    assert {s.sub_unit for s in evaluation.summaries} == {None, "north", "south"}


# -- the corpus itself ----------------------------------------------------------------------------------------


def test_every_corpus_file_is_labelled_and_present() -> None:
    on_disk = {p.name for p in CORPUS_DIR.iterdir() if p.suffix not in (".py", ".md")}
    assert on_disk == set(CORPUS)
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    assert all(f"| {name} |" in readme for name in CORPUS)


def test_the_script_makes_the_same_files(tmp_path: Path) -> None:
    made = _corpus_module().make(tmp_path)
    for file in made:
        committed = CORPUS_DIR / file.name
        if file.suffix in (".csv", ".tsv", ".txt", ".json"):
            assert file.read_bytes() == committed.read_bytes(), file.name
        else:  # workbooks carry their creation time: compare what they hold
            from python_calamine import CalamineWorkbook

            def cells(p: Path) -> list[Any]:
                book = CalamineWorkbook.from_path(str(p))
                return [(m.name, book.get_sheet_by_name(m.name).to_python()) for m in book.sheets_metadata]

            assert cells(file) == cells(committed), file.name


def test_an_item_id_column_wins_over_a_measure_id_column_and_two_item_ids_are_refused(tmp_path: Path) -> None:
    both = tmp_path / "both.csv"
    both.write_text("id,measure_id,status\n21#2,21,done\n21,21,in progress\n", "utf-8")
    read = read_ledger(both)
    assert [r.measure_id for r in read.records] == ["21#2", "21"] and read.rejections == ()
    assert read.info.columns["measure_id"] == "id" and "measure_id" in read.info.ignored_columns
    # Either order of the columns.
    swapped = tmp_path / "swapped.csv"
    swapped.write_text("措施编号,事项编号,状态\n21,21#2,已完成\n", "utf-8")
    assert [r.measure_id for r in read_ledger(swapped).records] == ["21#2"]
    # Two columns that both outrank the others: which one is meant cannot be told.
    two = tmp_path / "two.csv"
    two.write_text("id,事项编号,状态\n21#2,21#2,已完成\n", "utf-8")
    with pytest.raises(InputError, match="both name the field"):
        read_ledger(two)
