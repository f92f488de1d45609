"""Write synthetic, clearly labelled example inputs for every installed region into examples/data/<region>/.

    python examples/make_synthetic_data.py            # rewrite the files
    python examples/make_synthetic_data.py --check    # exit 1 if a file differs from a fresh run

The data is made up from each region's own targets and deadlines (bizenv.synthetic, fixed seed): case
records around festival breaks, make-up Saturdays, the May and October office-hour switches and year ends;
a progress ledger; observations of quantity targets; indicator values per sub-unit for scoring.
Every row says so in its `label` column, and examples/data/README.md says it again.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import bizenv
from bizenv.synthetic import LABEL, SyntheticInputs, synthetic_inputs

SEED = 2025
OUT = Path(__file__).resolve().parent / "data"


def _csv(header: list[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue()


def _files(data: SyntheticInputs) -> dict[str, str]:
    def iso(moment: object) -> object:
        return moment.isoformat() if hasattr(moment, "isoformat") else moment

    cases = [
        [
            c.case_id,
            c.target_id,
            c.sub_unit,
            iso(c.submitted_at),
            iso(c.completed_at),
            "; ".join(f"{i.start.isoformat()}/{i.end.isoformat()}/{i.reason}" for i in c.excluded),
            LABEL,
        ]
        for c in data.cases
    ]
    ledger = [[r.measure_id, r.status, iso(r.completed_on), r.note, LABEL] for r in data.ledger]
    observed = [[o.target_id, o.value, o.subject, iso(o.observed_on), LABEL] for o in data.observations]
    values = [
        [v.subject, v.indicator, v.value, "lower" if data.directions[v.indicator] else "higher", LABEL]
        for v in data.indicator_values
    ]
    return {
        "cases.csv": _csv(
            ["case_id", "target_id", "sub_unit", "submitted_at", "completed_at", "excluded", "label"], cases
        ),
        "ledger.csv": _csv(["measure_id", "status", "completed_on", "note", "label"], ledger),
        "observations.csv": _csv(["target_id", "value", "subject", "observed_on", "label"], observed),
        "values.csv": _csv(["subject", "indicator", "value", "direction", "label"], values),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = []
    for region in bizenv.region_ids():
        data = synthetic_inputs(bizenv.profile(region), seed=SEED)
        folder = OUT / region
        for name, text in _files(data).items():
            path = folder / name
            if args.check:
                if not path.is_file() or path.read_text("utf-8") != text:
                    stale.append(str(path))
            else:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, "utf-8")
        if not args.check:
            print(f"{region}: {len(data.cases)} cases, {len(data.ledger)} ledger rows, as of {data.as_of.isoformat()}")
    if stale:
        print("stale (run examples/make_synthetic_data.py):", *stale, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
