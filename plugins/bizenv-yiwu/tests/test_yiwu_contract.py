"""The Yiwu plugin passes the contract every region plugin passes (bizenv.testing)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from bizenv.testing import RegionContract


class TestYiwuContract(RegionContract):
    region = "yiwu"
    plugin_dir = Path(__file__).resolve().parents[1]
    areas_without_heading: ClassVar[Mapping[str, str]] = {
        "（一）": "the source gives area （一） no heading: measures 2-9 come before the first one, （二）",
    }
