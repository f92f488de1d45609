"""The example region passes the contract every region plugin passes (docs/plugins.md, "Testing a plugin")."""

from __future__ import annotations

from bizenv.testing import RegionContract


class TestExampleContract(RegionContract):
    region = "example"
    # A made-up county: its profile is written by hand to show the file format, from no document.
    hand_written = "a made-up county: profile.toml is written by hand to show the profile format"
    without_sources = "a made-up county: the profile quotes no published document, so no source text is bundled"
