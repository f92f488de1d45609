"""The count tables of the plugins' READMEs are generated from their profiles and kept current."""

from __future__ import annotations

from pathlib import Path

import pytest

import bizenv
from bizenv.sources.counts import BEGIN, END, counts_table, profile_counts, with_counts

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ("atushi", "bazhou", "changji", "yiwu")


@pytest.mark.parametrize("region", REGIONS)
def test_the_readmes_count_table_is_the_profiles(region: str) -> None:
    readme = (ROOT / "plugins" / f"bizenv-{region}" / "README.md").read_text(encoding="utf-8")
    assert BEGIN in readme and END in readme
    assert with_counts(readme, bizenv.profile(region)) == readme, (
        f"plugins/bizenv-{region}/README.md's counts are stale: python scripts/update_generated_docs.py"
    )


def test_the_counts_are_the_profiles(region_profile: bizenv.RegionProfile) -> None:
    counts = {what: count for what, count, _ in profile_counts(region_profile)}
    assert counts["measures"] == len(region_profile.measures)
    assert counts["targets"] == sum(1 for _ in region_profile.targets())
    assert counts["milestones"] == sum(1 for _ in region_profile.milestones())
    assert counts["data notes"] == sum(len(m.notes) for m in region_profile.measures) + sum(
        len(u.notes) for u in region_profile.units
    ) + sum(len(a.notes) for a in region_profile.areas) + sum(len(d.notes) for d in region_profile.documents)
    table = counts_table(region_profile)
    assert table.count("\n") == len(counts) + 2


def test_a_readme_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="no"):
        with_counts("# a README\n", bizenv.profile("yiwu"))


@pytest.fixture(params=REGIONS)
def region_profile(request: pytest.FixtureRequest) -> bizenv.RegionProfile:
    return bizenv.profile(str(request.param))
