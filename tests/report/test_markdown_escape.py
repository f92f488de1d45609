"""Markdown output shows text as text: HTML in a cell or a heading is escaped, and ``|`` never breaks a row."""

from __future__ import annotations

from pathlib import Path

from bizenv.layout import markdown_table, markdown_text


def test_cells_with_html_and_pipes_stay_one_cell_of_text() -> None:
    header, _rule, row = markdown_table(["id", "note"], [["<script>alert(1)</script>", "a|b & c"]])
    assert row == "| &lt;script&gt;alert(1)&lt;/script&gt; | a\\|b &amp; c |"
    assert row.replace("\\|", "").count("|") == header.count("|")
    assert markdown_text("<b>") == "&lt;b&gt;"


def test_the_markdown_report_escapes_file_names(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = tmp_path / "x|<b>.csv"
    cases.write_text("case_id,target_id,submitted_at,completed_at\n<i>1</i>,1#1,2025-03-03T10:00+08:00,\n", "utf-8")
    root = Path(__file__).resolve().parents[2]
    env = {"BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(root / "tests" / "data" / "test_region.toml")}
    done = cli(
        "report",
        "testland",
        "--cases",
        str(cases),
        "--format",
        "markdown",
        "--as-of",
        "2025-03-10T12:00+08:00",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "<b>" not in done.stdout and "<i>" not in done.stdout
    assert "&lt;b&gt;" in done.stdout
