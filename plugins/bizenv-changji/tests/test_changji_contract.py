"""The Changji plugin passes the contract every region plugin passes (bizenv.testing)."""

from __future__ import annotations

from pathlib import Path

from bizenv.testing import RegionContract


class TestChangjiContract(RegionContract):
    region = "changji"
    plugin_dir = Path(__file__).resolve().parents[1]
