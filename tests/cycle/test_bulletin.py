"""The 通报 as a Word document (read back with python-docx), and as HTML and Markdown."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import bizenv
from bizenv.cycle import SnapshotStore, compare_months
from bizenv.i18n import _, using_locale

from .conftest import RETURNS, Run

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "data" / "yiwu" / "cases.csv"


@pytest.fixture
def recorded(yiwu: Run) -> Run:
    """Yiwu's example returns for June and July 2024 recorded, July with case records."""
    for month, as_of, extra in (("2024-06", "2024-06-30", ()), ("2024-07", "2024-07-31", ("--cases", str(CASES)))):
        done = yiwu("ledger", "record", "yiwu", "--ledger", str(RETURNS / f"{month}.csv"), "--as-of", as_of, *extra)
        assert done.returncode == 0, done.stderr
    return yiwu


def _table(document: docx.document.Document, first_header: str) -> list[list[str]]:
    for table in document.tables:
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows[0][0] == first_header:
            return rows
    raise AssertionError(f"no table starting with {first_header!r}")


def _shaded(row: object) -> bool:
    cell = row.cells[0]  # type: ignore[attr-defined]
    shading = cell._tc.tcPr.find(qn("w:shd"))
    return shading is not None and shading.get(qn("w:fill")) == "FDECEA"


def test_the_word_bulletin_holds_the_figures_the_overdue_items_the_ranking_and_the_talks(
    recorded: Run, tmp_path: Path, db: Path
) -> None:
    out = tmp_path / "通报.docx"
    done = recorded(
        "bulletin", "yiwu", "--month", "2024-07", "--out", str(out), "--bottom", "3", "--issuer", "伊吾县营商办"
    )
    assert done.returncode == 0, done.stderr
    store = SnapshotStore(db)
    july = store.load("yiwu", "2024-07")
    changes = compare_months(july, store.previous("yiwu", "2024-07"), store.history("yiwu"), bottom=3)
    document = docx.Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    with using_locale("zh_Hans"):
        assert paragraphs[0] == _("{region}: bulletin on the business-environment tasks").format(region="伊吾县")
        assert paragraphs[1].startswith("2024年7月")
        assert paragraphs[2].startswith(_("Compared with {month} (as of {date}).").split("{")[0])
        headings = [p for p in paragraphs if re.match(r"^[一二三四五六七八九]、", p)]
        assert [h[0] for h in headings] == list("一二三四五六七八九")
        assert "伊吾县营商办" in paragraphs  # the issuing office signs it (落款)
        figures = _table(document, _("Figure"))
        overdue_row = next(r for r in figures if r[0] == _("Overdue"))
        h = changes.headline
        assert overdue_row[1:] == [str(h.overdue), str(h.overdue_before), f"−{h.overdue_before - h.overdue}"]
        overdue = _table(document, _("Unit"))
        assert overdue[0] == [_("Unit"), _("Item"), _("Task"), _("Due"), _("Days late"), _("Months overdue")]
    listed = {(row[1], row[4]) for row in overdue[1:]}
    assert listed >= {(c.id, str(c.days)) for c in changes.overdue}
    worst = changes.by_unit[0].name
    assert overdue[1][0] == worst and all(row[0] in ("", *(g.name for g in changes.by_unit)) for row in overdue[1:])
    table = next(t for t in document.tables if t.rows[0].cells[0].text == overdue[0][0])
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    bottom = [r.unit for r in changes.bottom]
    assert len(bottom) >= 3 and all(any(unit in p and "约谈" in p for p in paragraphs) for unit in bottom)
    with using_locale("zh_Hans"):
        ranking = _table(document, _("Rank"))
    ranked = document.tables[[t.rows[0].cells[0].text for t in document.tables].index(ranking[0][0])]
    flagged = {row.cells[1].text for row in ranked.rows[1:] if _shaded(row)}
    assert flagged == set(bottom)
    with using_locale("zh_Hans"):
        cases = _table(document, _("Target"))
        assert cases[0][-1] == _("Met") and len(cases) - 1 == len(july.cases or ())
        # Sub-units by their names, as the region declares them (淖毛湖镇, not its id).
        names = {s.names.zh for s in bizenv.profile("yiwu").region.sub_units}
        shown = {row[1] for row in cases[1:]} - {_("all")}
        assert shown and shown <= names
        reasons = _table(document, _("Where"))
    assert any("基本完成" in row[2] for row in reasons[1:])


def test_a_bulletin_without_case_results_says_so(recorded: Run, tmp_path: Path) -> None:
    out = tmp_path / "june.docx"
    done = recorded("bulletin", "yiwu", "--month", "2024-06", "--out", str(out), "--locale", "en")
    assert done.returncode == 0, done.stderr
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "No case results were recorded for this month." in text
    assert "The first month recorded: nothing to compare with." in text
    assert "No item overdue last month was resolved." not in text


def test_html_and_markdown_bulletins(recorded: Run, tmp_path: Path) -> None:
    html = recorded("bulletin", "yiwu", "--month", "2024-07", "--format", "html", "--locale", "ug")
    assert html.returncode == 0, html.stderr
    assert '<html lang="ug" dir="rtl">' in html.stdout and 'class="flag"' in html.stdout
    out = tmp_path / "b.md"
    markdown = recorded("bulletin", "yiwu", "--month", "2024-07", "--out", str(out), "--locale", "en")
    assert markdown.returncode == 0, markdown.stderr
    text = out.read_text("utf-8")
    assert text.startswith("# Yiwu County: bulletin") and "## 8. Ranking" in text and "| 县人民法院 |" in text


def test_a_bulletin_of_a_month_not_recorded_names_the_months_there_are(recorded: Run, tmp_path: Path) -> None:
    done = recorded("bulletin", "yiwu", "--month", "2024-09", "--out", str(tmp_path / "x.docx"))
    assert done.returncode == 2 and "2024-06, 2024-07" in done.stderr
    no_file = recorded("bulletin", "yiwu", "--month", "2024-07")
    assert no_file.returncode == 2 and "--out" in no_file.stderr
    bad = recorded("bulletin", "yiwu", "--month", "2024-13", "--format", "markdown")
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr


def test_a_uyghur_word_bulletin_runs_right_to_left(recorded: Run, tmp_path: Path) -> None:
    out = tmp_path / "ug.docx"
    assert recorded("bulletin", "yiwu", "--month", "2024-07", "--out", str(out), "--locale", "ug").returncode == 0
    document = docx.Document(str(out))
    assert document.paragraphs[0]._p.pPr.find(qn("w:bidi")) is not None
    assert document.tables[0]._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    # Text cells run right to left; numbers, signed changes and dates stay left to right (−18, not 18−).
    cells = [cell.paragraphs[0] for table in document.tables for row in table.rows[1:] for cell in row.cells]
    signed = [p for p in cells if re.match(r"[−+-]\d", p.text)]
    dates = [p for p in cells if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p.text)]
    assert signed and dates
    assert all(p._p.pPr.find(qn("w:bidi")) is None for p in signed + dates)
    assert any(p._p.pPr.find(qn("w:bidi")) is not None for p in cells if re.search(r"[\u0600-\u06ff]", p.text))


def test_the_bulletin_shows_figures_as_the_report_does(recorded: Run) -> None:
    from bizenv.cycle import vocabulary as words
    from bizenv.report import fmt

    with using_locale("en"):
        assert words.percent(0.9997) == fmt.percent(0.9997) == "99.97%"
        assert words.count_of(10, 12) == fmt.count_of(10, 12) == "10/12 (83.3%)"
    html = recorded("bulletin", "yiwu", "--month", "2024-07", "--format", "html", "--locale", "ug")
    assert html.returncode == 0, html.stderr
    # In the right-to-left page a figure such as 10/12 (83.3%) keeps its order: isolated, left to right.
    figures = re.findall(r'<td class="n"><bdi dir="ltr">([^<]*)</bdi></td>', html.stdout)
    assert figures and any(re.fullmatch(r"\d+/\d+ \(.*%\)", f) for f in figures)
    assert "<td>" + "2024-07-31" not in html.stdout


def test_the_bulletin_settings_file_and_its_refusals(recorded: Run, tmp_path: Path) -> None:
    settings = tmp_path / "通报设置.toml"
    settings.write_text(
        'issuer = "伊吾县优化营商环境工作领导小组办公室"\nnumber = "伊营商办〔2024〕8号"\n'
        'to = ["各乡镇人民政府", "县直各部门单位"]\ncc = "县委办公室、县人民政府办公室"\n'
        "issued_on = 2024-08-05\nmasthead = true\n",
        "utf-8",
    )
    done = recorded("bulletin", "yiwu", "--month", "2024-07", "--format", "markdown", "--settings", str(settings))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("**伊吾县优化营商环境工作领导小组办公室**\n\n伊营商办〔2024〕8号")
    assert "各乡镇人民政府、县直各部门单位：" in text and "2024年8月5日" in text
    assert "抄送：县委办公室、县人民政府办公室" in text
    overridden = recorded(
        "bulletin", "yiwu", "--month", "2024-07", "--format", "markdown", "--settings", str(settings),
        "--number", "伊营商办〔2024〕9号", "--no-masthead",
    )  # fmt: skip
    assert overridden.stdout.startswith("伊营商办〔2024〕9号")
    plain = recorded("bulletin", "yiwu", "--month", "2024-07", "--format", "markdown")
    assert "县发展和改革委员会" in plain.stdout  # the programme's lead unit issues it by default
    settings.write_text('issuer = "x"\nnumbr = "typo"\n', "utf-8")
    bad = recorded("bulletin", "yiwu", "--month", "2024-07", "--format", "markdown", "--settings", str(settings))
    assert bad.returncode == 2 and "unknown setting(s) numbr" in bad.stderr


def test_uyghur_headings_start_at_the_right_margin_and_chinese_names_keep_their_order(
    recorded: Run, tmp_path: Path
) -> None:
    out = tmp_path / "ug.docx"
    done = recorded(
        "bulletin", "yiwu", "--month", "2024-07", "--out", str(out), "--locale", "ug", "--bottom", "3",
        "--masthead", "--issuer", "伊吾县优化营商环境工作领导小组办公室", "--to", "各乡镇人民政府、县直各部门单位",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(out))
    headings = [p for p in document.paragraphs if re.match(r"^\d\. ", p.text)]
    assert len(headings) == 9
    # A right-to-left paragraph aligned "left" starts at the right margin (its start), in Word and LibreOffice.
    assert all(h._p.pPr.find(qn("w:bidi")) is not None and h._p.pPr.jc.get(qn("w:val")) == "left" for h in headings)
    # Chinese inside Uyghur text is isolated, so (约谈) and the list of units keep their order.
    talk = next(p for p in document.paragraphs if "约谈" in p.text)
    assert "\u2066约谈\u2069" in talk.text
    # The addressees (Chinese names) are one left-to-right line with the colon after them.
    to = next(p for p in document.paragraphs if p.text.startswith("各乡镇人民政府"))
    assert to.text.endswith(":") and to._p.pPr.find(qn("w:bidi")) is None
    # The masthead fits one line of the page: its size is made to fit the office's name.
    masthead = document.paragraphs[0]
    assert masthead.text == "伊吾县优化营商环境工作领导小组办公室"
    assert masthead.runs[0].font.size.pt * 18 <= 15.6 / 2.54 * 72
    assert str(masthead.runs[0].font.color.rgb) == "C00000"
