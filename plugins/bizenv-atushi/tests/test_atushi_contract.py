"""The Atushi plugin passes the contract every region plugin passes (bizenv.testing)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from bizenv.testing import RegionContract

CC_LINE = "named only in the document's 抄送 line (市委办，人大办，政协办，纪委办), which assigns no measure"


class TestAtushiContract(RegionContract):
    region = "atushi"
    plugin_dir = Path(__file__).resolve().parents[1]
    unreferenced_units: ClassVar[Mapping[str, str]] = {
        "市委办": CC_LINE,
        "市人大办": CC_LINE,
        "市政协办": CC_LINE,
        "市纪委办": CC_LINE,
    }
