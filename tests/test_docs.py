"""The docs stay true: every hook documented, README commands are what CI runs."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from bizenv.plugins import hookspecs
from bizenv.testing import RegionContract

ROOT = Path(__file__).resolve().parents[1]


def _hooks() -> list[str]:
    return [name for name, obj in vars(hookspecs).items() if name.startswith("bizenv_") and inspect.isfunction(obj)]


def test_every_hook_has_a_section_headed_by_its_exact_signature() -> None:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### `(.+)`$", text, flags=re.M))
    assert _hooks(), "no hooks found"
    for name in _hooks():
        function = getattr(hookspecs, name)
        signature = f"{name}{inspect.signature(function)}".replace("'", "")
        assert signature in headings, f"docs/plugins.md has no section '### `{signature}`'"
        assert function.__doc__ and len(function.__doc__) > 80


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_ci_runs_the_readme_test_command_exactly() -> None:
    setup_and_run, test_command = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()
    assert "pytest" in test_command and "mypy --strict src" in test_command
    for check in ("ruff check .", "ruff format --check .", "lint-imports"):
        assert check in test_command, f"the test command does not run {check}"
    if any((ROOT / "plugins").glob("bizenv-*/pyproject.toml")):
        assert "mypy --strict src plugins typing_tests" in test_command
    assert setup_and_run.startswith("python3 -m venv .venv && ")


def test_requirements_install_every_bundled_plugin() -> None:
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for plugin in sorted((ROOT / "plugins").glob("bizenv-*/pyproject.toml")):
        assert f"-e plugins/{plugin.parent.name}" in requirements, f"{plugin.parent.name} is not installed by setup"


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize(
    ("page", "index"),
    [(page, i) for page in ("README.md", "docs/cookbook.md") for i in range(len(python_blocks(ROOT / page)))],
)
def test_python_examples_in_the_docs_run(page: str, index: int, capsys: pytest.CaptureFixture[str]) -> None:
    exec(compile(python_blocks(ROOT / page)[index], f"{page}[{index}]", "exec"), {})
    assert capsys.readouterr().out.strip(), "the example printed nothing"


def test_testing_a_plugin_lists_every_check_and_shows_the_example_as_it_is() -> None:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    section = text.split("## Testing a plugin\n", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `(test_\w+)` \|", section, flags=re.M))
    assert listed == {name for name in dir(RegionContract) if name.startswith("test_")}
    blocks = python_blocks(ROOT / "docs" / "plugins.md")
    for shown in (
        ROOT / "examples" / "bizenv-example-region" / "tests" / "test_example_contract.py",
        ROOT / "plugins" / "bizenv-atushi" / "tests" / "test_atushi_contract.py",
    ):
        body = shown.read_text(encoding="utf-8").split("from __future__ import annotations\n\n", 1)[-1]
        assert any(body.strip() in block for block in blocks), f"docs/plugins.md does not show {shown.name} as it is"


def test_the_curated_file_table_names_every_key_the_build_reads() -> None:
    from bizenv.sources import curated

    page = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    table = page[page.index("| section | what it holds |") : page.index("What the build checks")]
    keys = curated.TARGET_KEYS | curated.CONDITION_KEYS | curated.RECURRENCE_KEYS | curated.DOCUMENT_KEYS
    keys |= curated.RELATION_KEYS | curated._MEASURE_KEYS | curated._TOP_KEYS
    missing = sorted(k for k in keys if not re.search(rf"`[^`]*\b{k}\b", table))
    assert not missing, f"docs/plugins.md's curated-file table does not name: {missing}"
