"""Whole-file refusals say what the file is (an encrypted workbook, a web page named .xls, a text file of two
encodings) and are shown in the reader's language, as row rejections are."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bizenv.errors import InputError
from bizenv.i18n import using_locale
from bizenv.inputs import read_cases, read_ledger
from bizenv.inputs.readers import read_cases_rows

ROOT = Path(__file__).resolve().parents[2]
TEST_REGION = ROOT / "tests" / "data" / "test_region.toml"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
READERS = (read_cases, read_cases_rows, read_ledger)


def ole2(*streams: str) -> bytes:
    # A compound file's header, then directory entries: each a stream name in UTF-16, padded to 64 bytes.
    header = OLE2 + bytes(504)
    entries = b"".join((name.encode("utf-16-le") + bytes(2)).ljust(128, b"\0") for name in ("Root Entry", *streams))
    return header + entries


def refusal(path: Path, reader: Callable[..., Any] = read_cases) -> InputError:
    with pytest.raises(InputError) as caught:
        reader(path)
    assert caught.value.source is not None and caught.value.source.startswith(str(path))
    return caught.value


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_password_protected_workbook_is_refused_as_such(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"加密{suffix}"
    path.write_bytes(ole2("EncryptionInfo", "EncryptedPackage"))
    for reader in READERS:
        assert "password-protected" in str(refusal(path, reader))


def test_an_old_workbook_named_xlsx_is_refused_with_the_remedy(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    path.write_bytes(ole2("Workbook"))
    assert "rename it to .xls" in str(refusal(path))


@pytest.mark.parametrize("suffix", [".xls", ".xlsx"])
def test_a_web_page_saved_as_a_workbook_is_refused_as_such(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"export{suffix}"
    path.write_text(
        '\ufeff<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head>'
        "<body><table><tr><td>办件编号</td><td>受理时间</td></tr></table></body></html>",
        encoding="utf-8",
    )
    for reader in READERS:
        assert "web page (an HTML table)" in str(refusal(path, reader))


def test_a_text_file_named_xlsx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.xlsx"
    path.write_text("case_id,target_id\nc1,14#1\n", encoding="utf-8")
    assert "not a zip archive" in str(refusal(path))


def test_a_gbk_file_with_one_utf8_line_is_refused_naming_the_lines(tmp_path: Path) -> None:
    lines = ["办件编号,目标编号,受理时间", "甲一,14#1,2025-03-03 10:30+08:00", "乙二,14#1,2025-03-03 10:30+08:00"]
    data = b"\n".join(line.encode("gbk") for line in lines) + b"\n" + "丙三,14#1,2025-03-03 10:30+08:00\n".encode()
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    for reader in READERS:
        error = refusal(path, reader)
        assert (
            "mixes two encodings" in str(error)
            and "line 4 is UTF-8" in str(error)
            and "line 1, 2, 3 is not" in str(error)
        )


@pytest.mark.parametrize(
    ("make", "english"),
    [
        (lambda p: p.with_suffix(".xlsx").write_bytes(ole2("EncryptionInfo")), "password-protected"),
        (
            lambda p: p.with_suffix(".csv").write_bytes("受理時間,臺灣\n".encode("big5")),
            "cannot tell the file's encoding",
        ),
        (lambda p: p.with_suffix(".csv").write_text("a,b\n1,2\n", encoding="utf-8"), "no header row"),
        (lambda p: p.with_suffix(".json").write_text("[" * 100_000, encoding="utf-8"), "nested too deep"),
    ],
)
def test_whole_file_refusals_are_shown_in_the_readers_language(
    tmp_path: Path, make: Callable[[Path], Any], english: str
) -> None:
    make(tmp_path / "f")
    (path,) = tmp_path.iterdir()
    error = refusal(path)
    assert english in str(error) and english in error.message
    with using_locale("en"):
        assert error.localized() == str(error)
    with using_locale("zh_Hans"):
        chinese = error.localized()
    with using_locale("ug"):
        uyghur = error.localized()
    assert chinese.startswith(str(path)) and re.search(r"[\u4e00-\u9fff]", chinese.removeprefix(str(path)))
    assert re.search(r"[\u0600-\u06ff]", uyghur) and english not in chinese and english not in uyghur


def test_the_command_prints_a_whole_file_refusal_in_its_locale(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(ole2("EncryptionInfo"))
    env = {"BIZENV_PLUGINS": "", "BIZENV_PROFILE_FILES": str(TEST_REGION)}
    args = ("evaluate", "testland", "--cases", str(path), "--as-of", "2025-07-01T00:00+08:00")
    english = cli(*args, env={**env, "BIZENV_LOCALE": "en"})
    chinese = cli(*args, env={**env, "BIZENV_LOCALE": "zh_Hans"})
    assert english.returncode == chinese.returncode == 2
    assert "password-protected" in english.stderr and "password-protected" not in chinese.stderr
    assert "密码" in chinese.stderr and str(path) in chinese.stderr
