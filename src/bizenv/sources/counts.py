"""The count table of a region plugin's README, generated from its profile so that it cannot go stale.

A README marks the place with two lines, and ``scripts/update_generated_docs.py`` rewrites what is between::

    <!-- generated: counts (scripts/update_generated_docs.py) -->
    <!-- end of the generated counts -->
"""

from __future__ import annotations

from collections import Counter

from bizenv.model import RegionProfile

BEGIN = "<!-- generated: counts (scripts/update_generated_docs.py) -->"
END = "<!-- end of the generated counts -->"


def _plural(n: int, one: str) -> str:
    many = one[:-1] + "ies" if one.endswith("y") else one + "s"
    return f"{n} {one if n == 1 else many}"


def profile_counts(profile: RegionProfile) -> list[tuple[str, int, str]]:
    """(what, count, what it is made of) for a profile: documents, areas, measures, dates, targets, milestones,
    units, sub-units, rules and data notes."""
    measures = profile.measures
    headings = sum(1 for m in measures if profile.is_heading(m))
    children = sum(1 for m in measures if m.parent is not None)
    with_targets = sum(1 for m in measures if m.targets)
    own_dates = sum(1 for m in measures if m.deadline is not None)
    dated_targets = sum(1 for _, _, t in profile.targets() if t.due is not None)
    milestones = sum(len(m.milestones) for m in measures)
    groups = sum(1 for u in profile.units if u.group)
    kinds = Counter(s.kind for s in profile.region.sub_units)
    rules = [r for d in profile.documents for r in d.rules]
    rule_kinds = Counter(r.kind for r in rules)
    notes = {
        "measures": sum(len(m.notes) for m in measures),
        "units": sum(len(u.notes) for u in profile.units),
        "areas": sum(len(a.notes) for a in profile.areas),
        "documents": sum(len(d.notes) for d in profile.documents),
    }

    def per_document(counts: Counter[str]) -> str:
        if len(profile.documents) < 2:
            return ""
        return "; " + ", ".join(f"{counts.get(d.id, 0)} in `{d.id}`" for d in profile.documents)

    by_doc = Counter(m.document for m in measures)
    areas_by_doc = Counter(a.document for a in profile.areas)
    targets_by_doc = Counter(m.document for m in measures for _ in m.targets)
    links = sum(len(m.related) for m in measures)
    return [
        ("documents", len(profile.documents), ", ".join(f"`{d.id}`" for d in profile.documents)),
        ("areas", len(profile.areas), "headings that group measures" + per_document(areas_by_doc)),
        (
            "measures",
            len(measures),
            f"{_plural(headings, 'heading')} with sub-measures, {_plural(children, 'sub-measure')}"
            + per_document(by_doc),
        ),
        ("links between measures", links, "`related`: same_as, refines, restates"),
        ("own due dates (完成时限)", own_dates, "the others are due by their goals or the programme's end"),
        (
            "targets",
            sum(len(m.targets) for m in measures),
            f"in {_plural(with_targets, 'measure')}, {dated_targets} dated" + per_document(targets_by_doc),
        ),
        ("milestones", milestones, "dated goals without a number, tracked by their dates"),
        ("units", len(profile.units), f"{_plural(len(profile.units) - groups, 'unit')}, {_plural(groups, 'group')}"),
        ("sub-units", len(profile.region.sub_units), ", ".join(_plural(n, k) for k, n in sorted(kinds.items()))),
        ("rules", len(rules), ", ".join(f"{n} {k}" for k, n in sorted(rule_kinds.items()))),
        ("data notes", sum(notes.values()), ", ".join(f"{n} on {where}" for where, n in notes.items() if n)),
    ]


def counts_table(profile: RegionProfile) -> str:
    """The count table as Markdown, as the README shows it."""
    rows = [f"| {what} | {count} | {detail} |" for what, count, detail in profile_counts(profile)]
    return "\n".join(["| what | count | of which |", "|---|---|---|", *rows]) + "\n"


def with_counts(readme: str, profile: RegionProfile) -> str:
    """The README text with its generated count table rewritten; it must have the two marker lines."""
    head, begin, rest = readme.partition(BEGIN)
    _, end, tail = rest.partition(END)
    if not begin or not end:
        raise ValueError(f"the README has no {BEGIN!r} … {END!r} block")
    return f"{head}{BEGIN}\n\n{counts_table(profile)}\n{END}{tail}"


__all__ = ["BEGIN", "END", "counts_table", "profile_counts", "with_counts"]
