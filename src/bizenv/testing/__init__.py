"""Testing helpers for region plugins: :class:`RegionContract`, the contract every region passes.

A plugin's tests subclass the contract in a few lines, and pytest runs every check of it on the plugin::

    from pathlib import Path

    from bizenv.testing import RegionContract


    class TestMyRegionContract(RegionContract):
        region = "myregion"
        plugin_dir = Path(__file__).resolve().parents[1]

The module needs pytest, and jsonschema for the schema check: ``pip install bizenv[test]`` installs both.
Nothing in bizenv imports it. See docs/plugins.md, "Testing a plugin".
"""

from __future__ import annotations

from bizenv.testing.contract import CHECKSUMS, ENV_SEEDS, RegionContract

__all__ = ["CHECKSUMS", "ENV_SEEDS", "RegionContract"]
