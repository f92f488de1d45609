"""One view model, one set of renderers: the report and the bulletin draw their sections with the same code."""

from __future__ import annotations

from bizenv.cycle.bulletin import BulletinSection, BulletinTable
from bizenv.report.sections import _section, _table
from bizenv.views import FOLD_ROWS, Section, Table, html_section, html_table, markdown_section, text_section


def test_the_report_and_the_bulletin_build_the_same_sections() -> None:
    assert BulletinSection is Section and BulletinTable is Table
    report_table = _table(["单位", "逾期"], [("县发改委", "3/12 (25.0%)")])
    assert isinstance(_section("k", "标题", "说明", report_table), Section)


def test_every_cell_is_isolated_for_bidi_in_every_page() -> None:
    html = html_table(Table(("ئورۇن", "نىسبەت"), (("县发改委", "10/12 (83.3%)"),), numeric=frozenset({1})))
    assert '<td class="n"><bdi dir="ltr">10/12 (83.3%)</bdi></td>' in html
    assert "<bdi>县发改委</bdi>" in html or '<bdi dir="ltr">县发改委</bdi>' in html


def test_markup_in_a_cell_or_a_paragraph_stays_text_in_html_and_markdown() -> None:
    section = Section("s", "<b>x</b>", ("<script>alert(1)</script>",), Table(("a",), (("<i>",),)), ("n & m",))
    html = html_section(section)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<i>" not in html
    markdown = "\n".join(markdown_section(section))
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown and "n &amp; m" in markdown


def test_only_a_foldable_long_table_is_folded_and_no_row_is_cut() -> None:
    rows = tuple((str(i),) for i in range(FOLD_ROWS + 1))
    folded = html_table(Table(("n",), rows, foldable=True))
    printed = html_table(Table(("n",), rows))
    assert folded.startswith("<details>") and not printed.startswith("<details>")
    assert folded.count("<tr>") == printed.count("<tr>") == len(rows) + 1


def test_text_marks_flagged_rows() -> None:
    lines = text_section(Section("s", "Title", ("intro",), Table(("a",), (("x",), ("y",)), flagged=frozenset({1}))))
    assert lines[:3] == ["Title", "=====", "intro"] and lines[-1].endswith("!") and not lines[-2].endswith("!")


def test_a_column_is_widened_to_hold_its_longest_word_and_the_page_width_is_kept() -> None:
    from bizenv.views import fitted_widths

    table = Table(
        ("ئورۇن", "خىزمەت", "كېچىككەن كۈن سانى"),
        (("县人民法院", "依法保护中小投资者合法权益，完善中小投资者多元化维权机制", "397"),),
        widths=(0.3, 0.62, 0.08),
    )
    widths = fitted_widths(table, 16.0, 0.35)
    assert abs(sum(widths) - 16.0) < 1e-9
    assert widths[2] > 0.08 * 16.0 and widths[2] >= len("كېچىككەن") * 0.7 * 0.35
    assert widths[1] < 0.62 * 16.0  # the Chinese text wraps anywhere: it gives room
    # A table whose columns all fit keeps its shares.
    assert fitted_widths(Table(("a", "b"), (("1", "2"),), widths=(0.5, 0.5)), 10.0, 0.35) == (5.0, 5.0)
