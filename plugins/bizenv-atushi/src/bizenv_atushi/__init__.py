"""Atushi City (阿图什市): the region profile read from 阿图什市优化营商环境25条措施 (阿政办发〔2022〕22号)."""

from collections.abc import Iterable
from importlib.resources import files

import bizenv


@bizenv.hookimpl
def bizenv_profiles() -> Iterable[bizenv.RegionProfile]:
    return [bizenv.load_profile(files(__package__) / "profile.json")]
