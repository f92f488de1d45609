"""The build driver and ``bizenv build-profile``, on the walk-through plugin of docs/plugins.md."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import bizenv
from bizenv.cli import main
from bizenv.sources.build import build_profile, load_config, profile_is_current, write_profile
from bizenv.sources.errors import BuildError

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"<!-- file: (?P<path>\S+) -->\n```\w+\n(?P<body>.*?)```", re.S)


def doc_files() -> dict[str, str]:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    return {m["path"]: m["body"] for m in BLOCK.finditer(text)}


@pytest.fixture
def plugin(tmp_path: Path) -> Path:
    """The plugin the docs walk through, written from the docs' own blocks."""
    root = tmp_path / "bizenv-myregion"
    for name, body in doc_files().items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_docs_walk_through_every_file_of_a_plugin() -> None:
    assert set(doc_files()) == {
        "src/bizenv_myregion/__init__.py",
        "src/bizenv_myregion/sources/myregion.txt",
        "tools/myregion_curated.toml",
        "tools/myregion_layout.py",
        "pyproject.toml",
    }


def test_the_walk_through_builds(plugin: Path) -> None:
    text = build_profile(plugin)
    assert text.endswith("}\n") and text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"
    profile = bizenv.profile_from_dict(json.loads(text))
    assert [p for p in bizenv.validate_profile(profile) if p.level == "error"] == []
    first, second = profile.measures
    assert [(u.raw, u.name) for u in first.responsible_units] == [
        ("县市场监督管理局", "县市场监督管理局"),
        ("税务局", "县税务局"),
    ]
    assert [(u.raw, u.name, u.group) for u in second.responsible_units][1] == ("等有关部门", "各有关部门", True)
    assert first.deadline is not None and first.deadline.date == dt.date(2024, 6, 30)
    assert second.deadline is not None and second.deadline.raw == "2024年底前"
    assert "零费用" in second.text  # the stray space of the source is repaired
    assert (first.targets[0].value, first.targets[0].baseline) == (1, 3)
    assert first.provenance.line == 5 and first.provenance.clause == "一、（一）1"
    (area,) = profile.areas
    assert [u.name for u in area.lead_units] == ["县市场监督管理局"]


def _wheel_and_install(root: Path, tmp_path: Path) -> tuple[set[str], Path]:
    """Build the plugin's wheel as pip does (offline, with the hatchling installed here) and install it into a
    folder of its own; the files of the wheel and the folder."""
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(root)], check=True)
    (wheel,) = wheels.glob("*.whl")
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "-q", "--no-deps", "--target", str(site), str(wheel)], check=True)
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist()), site


def _regions(site: Path) -> dict[str, dict[str, object]]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("BIZENV_PLUGINS", None)
    run = subprocess.run(
        [sys.executable, "-m", "bizenv", "regions", "--format", "json"], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    return {row["region"]: row for row in json.loads(run.stdout)}


def test_the_documented_pyproject_builds_a_wheel_that_carries_the_profile(plugin: Path, tmp_path: Path) -> None:
    write_profile(plugin)
    files, site = _wheel_and_install(plugin, tmp_path)
    assert {"bizenv_myregion/__init__.py", "bizenv_myregion/profile.json"} <= files
    assert "bizenv_myregion/sources/myregion.txt" in files
    assert _regions(site)["myregion"]["measures"] == 2


def test_the_example_plugin_builds_from_the_documented_pyproject(tmp_path: Path) -> None:
    """The example plugin, with the pyproject.toml of docs/plugins.md (its names put in), installs and loads."""
    example = ROOT / "examples" / "bizenv-example-region"
    root = tmp_path / "bizenv-example-region"
    shutil.copytree(example / "src", root / "src")
    pyproject = doc_files()["pyproject.toml"]
    for old, new in [("bizenv_myregion", "bizenv_example_region"), ("bizenv-myregion", "bizenv-example-region")]:
        pyproject = pyproject.replace(old, new)
    (root / "pyproject.toml").write_text(pyproject.replace("myregion =", "example ="), encoding="utf-8")
    files, site = _wheel_and_install(root, tmp_path)
    assert "bizenv_example_region/profile.toml" in files
    assert _regions(site)["example"]["measures"] == 1


def test_freshness_and_writing(plugin: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = load_config(plugin).output
    assert not profile_is_current(plugin)
    assert main(["build-profile", str(plugin), "--check"]) == 1
    assert str(output) in capsys.readouterr().err
    assert main(["build-profile", str(plugin)]) == 0
    assert output.read_text(encoding="utf-8") == build_profile(plugin)
    assert profile_is_current(plugin)
    assert main(["build-profile", str(plugin), "--check"]) == 0
    edit(output, '"县税务局"', '"县地税局"')
    assert main(["build-profile", str(plugin), "--check", "--locale", "en"]) == 1
    assert "is stale" in capsys.readouterr().err
    assert main(["build-profile", str(plugin), "--check"]) == 1
    assert "已过期" in capsys.readouterr().err  # the command speaks Chinese unless told otherwise
    assert write_profile(plugin) == output and profile_is_current(plugin)


def test_a_target_not_in_its_text_refuses_the_build(plugin: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(plugin / "tools/myregion_curated.toml", 'raw = "实现企业开办“零费用”"', 'raw = "实现企业开办零费用"')
    with pytest.raises(BuildError, match="measure 2: target #1: raw '实现企业开办零费用' is not in the measure's text"):
        build_profile(plugin)
    assert main(["build-profile", str(plugin)]) == 2
    assert "not in the measure's text" in capsys.readouterr().err
    assert not load_config(plugin).output.exists()


def test_an_unknown_unit_refuses_the_build(plugin: Path) -> None:
    edit(plugin / "tools/myregion_curated.toml", 'name = "县税务局"', 'name = "县地方税务局"')
    with pytest.raises(BuildError, match="unit '税务局'"):
        build_profile(plugin)


def test_a_deadline_typo_needs_a_curated_reading_and_a_note(plugin: Path) -> None:
    edit(plugin / "src/bizenv_myregion/sources/myregion.txt", "2024年6月", "20245年6月")
    with pytest.raises(BuildError, match=r"measure 1: .*curated file"):
        build_profile(plugin)
    curated = plugin / "tools/myregion_curated.toml"
    curated.write_text(
        curated.read_text(encoding="utf-8")
        + '\n[measures."1"]\ndeadline = { raw = "20245年6月", date = 2024-06-30 }\n',
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="data note on 'deadline'"):
        build_profile(plugin)
    curated.write_text(
        curated.read_text(encoding="utf-8")
        + 'notes = [{ field = "deadline", raw = "20245年6月", reading = "2024-06-30", reason = "5-digit year" }]\n',
        encoding="utf-8",
    )
    profile = bizenv.profile_from_dict(json.loads(build_profile(plugin)))
    assert profile.measure("1").deadline == bizenv.Deadline("20245年6月", dt.date(2024, 6, 30))


def test_what_a_target_means_is_checked_by_the_build(plugin: Path) -> None:
    curated = plugin / "tools/myregion_curated.toml"
    original = curated.read_text(encoding="utf-8")
    # A scope is quoted from the text, never paraphrased.
    edit(curated, 'unit = "yuan"\nraw', 'unit = "yuan"\nscope = "新开办的企业"\nraw')
    with pytest.raises(BuildError, match="measure 2: target #1: scope '新开办的企业' is not quoted"):
        build_profile(plugin)
    # 零费用 is a zero fee: without its target the build asks for one, or for a note saying why not.
    curated.write_text(original.split('[[measures."2".targets]]')[0], encoding="utf-8")
    with pytest.raises(BuildError, match=r"measure 2: '零费用' in .* says a fee is zero"):
        build_profile(plugin)
    # A metric the registry does not know, or one whose direction the comparator goes against, fails validation.
    curated.write_text(original.replace('metric = "business_opening_fee"', 'metric = "opening_fee"'), "utf-8")
    with pytest.raises(BuildError, match="metric 'opening_fee' is neither in bizenv's registry"):
        build_profile(plugin)
    curated.write_text(original.replace('comparator = "<="\nvalue = 1', 'comparator = ">="\nvalue = 1'), "utf-8")
    with pytest.raises(BuildError, match="comparator '>=' goes against 'business_opening_time', where lower is better"):
        build_profile(plugin)


def test_validation_errors_refuse_the_build(plugin: Path) -> None:
    edit(plugin / "tools/myregion_curated.toml", 'categories = ["starting_a_business"]', 'categories = ["no_such"]')
    with pytest.raises(BuildError, match="unknown indicator category 'no_such'"):
        build_profile(plugin)


def test_curated_entries_must_exist_in_the_source(plugin: Path) -> None:
    curated = plugin / "tools/myregion_curated.toml"
    curated.write_text(curated.read_text(encoding="utf-8") + '\n[measures."3"]\ncategories = ["paying_taxes"]\n')
    with pytest.raises(BuildError, match="curated measure '3' is not in the source"):
        build_profile(plugin)


def test_layout_by_module_path(plugin: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = build_profile(plugin)
    package = plugin / "myregion_tools"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (plugin / "tools/myregion_layout.py").rename(package / "layout.py")
    edit(plugin / "pyproject.toml", 'layout = "tools/myregion_layout.py"', 'layout = "myregion_tools.layout"')
    monkeypatch.syspath_prepend(str(plugin))
    assert build_profile(plugin) == expected


@pytest.mark.parametrize(
    ("pyproject", "message"),
    [
        ('[project]\nname = "x"\n', r"no \[tool.bizenv.build\] table"),
        ('[tool.bizenv.build]\nlayout = "l.py"\ncurated = "c.toml"\n', "needs output"),
        ('[tool.bizenv.build]\nlayout = "l.py"\ncurated = "c.toml"\noutput = "p.json"\nextra = 1\n', "unknown keys"),
    ],
)
def test_bad_configuration(tmp_path: Path, pyproject: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject)
    with pytest.raises(BuildError, match=message):
        load_config(tmp_path)


@pytest.mark.parametrize("region", ["bazhou", "atushi", "changji", "yiwu"])
def test_the_bundled_plugins_declare_their_build(region: str) -> None:
    config = load_config(ROOT / "plugins" / f"bizenv-{region}")
    assert config.output.name == "profile.json" and config.curated.is_file() and config.sources.is_dir()


def test_a_build_reports_every_problem_at_once(plugin: Path) -> None:
    """Two measures with a problem each, and a curated measure the source does not have: one run names all three."""
    curated = plugin / "tools/myregion_curated.toml"
    edit(curated, 'categories = ["starting_a_business"]', "categories = []")
    text = curated.read_text(encoding="utf-8")
    curated.write_text(text + '\n[measures."9"]\ncategories = ["paying_taxes"]\n', encoding="utf-8")
    with pytest.raises(BuildError) as raised:
        build_profile(plugin)
    said = str(raised.value)
    assert "curated measure '9' is not in the source" in said
    assert said.startswith(f"{said.count(chr(10) + '- ')} problems:")
    assert said.count("\n- ") >= 2
