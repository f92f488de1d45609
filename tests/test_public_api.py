"""Every public name is documented; every error bizenv raises belongs to one family."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import pytest

import bizenv
import bizenv.errors


def _public_modules() -> list[Any]:
    modules = []
    for info in pkgutil.walk_packages(bizenv.__path__, "bizenv."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]) or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        if hasattr(module, "__all__"):
            modules.append(module)
    return [bizenv, *modules]


def _undocumented() -> list[str]:
    missing = []
    for module in _public_modules():
        for name in module.__all__:
            obj = getattr(module, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue  # constants and type aliases are documented where they are defined
            if not (obj.__doc__ or "").strip():
                missing.append(f"{module.__name__}.{name}")
            if inspect.isclass(obj) and obj.__module__.startswith("bizenv"):
                for attr, member in vars(obj).items():
                    if attr.startswith("_") or not (inspect.isfunction(member) or isinstance(member, property)):
                        continue
                    if not (member.__doc__ or "").strip():
                        missing.append(f"{module.__name__}.{name}.{attr}")
    return sorted(set(missing))


def test_every_public_name_has_a_docstring() -> None:
    assert _undocumented() == []


def _exception_classes() -> list[type[BaseException]]:
    found = set()
    for module in _public_modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__.startswith("bizenv"):
                found.add(obj)
    return sorted(found, key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", _exception_classes(), ids=lambda c: c.__name__)
def test_every_exported_error_is_in_the_family(cls: type[BaseException]) -> None:
    assert issubclass(cls, bizenv.errors.BizenvError | bizenv.errors.BizenvWarning)


def test_lookups_by_a_wrong_name_raise_not_found_errors() -> None:
    yiwu = bizenv.profile("yiwu")
    for call in (
        lambda: bizenv.profile("nowhere"),
        lambda: yiwu.measure("999"),
        lambda: yiwu.target("2#99"),
        lambda: yiwu.target("nonsense"),
        lambda: yiwu.resolve_unit("不存在的局"),
        lambda: bizenv.category("no_such_category"),
        lambda: bizenv.get_calendar("CN-XX"),
    ):
        with pytest.raises(bizenv.NotFoundError) as info:
            call()
        assert isinstance(info.value, KeyError)
        assert not str(info.value).startswith(("'", '"')), "the message prints as written, not quoted"
