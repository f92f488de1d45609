"""Yiwu County (伊吾县, Hami City): the profile is data; the code only hands it to bizenv."""

from collections.abc import Iterable
from importlib.resources import files

import bizenv


@bizenv.hookimpl
def bizenv_profiles() -> Iterable[bizenv.RegionProfile]:
    return [bizenv.load_profile(files(__package__) / "profile.json")]
