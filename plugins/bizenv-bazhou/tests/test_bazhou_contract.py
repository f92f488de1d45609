"""The Bazhou plugin passes the contract every region plugin passes (bizenv.testing)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from bizenv.testing import RegionContract

REPORTED_TO = "named only in 三、组织保障 (及时向州党委、政府汇报), which is not encoded as measures"


class TestBazhouContract(RegionContract):
    region = "bazhou"
    plugin_dir = Path(__file__).resolve().parents[1]
    unreferenced_units: ClassVar[Mapping[str, str]] = {
        "州党委": REPORTED_TO,
        "州人民政府": REPORTED_TO,
    }
