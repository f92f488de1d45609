"""The evaluation command as it was before the columnar core: the whole file read row by row into records, each
record judged one at a time with the scalar calendar API (the per-case reference path), the summaries printed.

benchmarks/run.py runs it beside ``bizenv evaluate`` on the same file. Usage:
``python benchmarks/per_case_cli.py PROFILE_FILE REGION CASES.csv ZONE``
"""

from __future__ import annotations

import sys

import bizenv
from bizenv.calendars import get_calendar
from bizenv.evaluate.cases import evaluate_cases_per_case
from bizenv.inputs.readers import read_cases_rows
from bizenv.io.results import plain


def main() -> None:
    profile_file, region, cases, zone = sys.argv[1:5]
    profile = bizenv.load_profile(profile_file)
    assert profile.id == region
    read = read_cases_rows(cases, zone=zone)
    calendar = get_calendar(profile.region.calendar, provisional="allow")
    evaluation = evaluate_cases_per_case(profile, read.records, calendar, rejections=read.rejections)
    for summary in evaluation.summaries:
        print(plain(summary))


if __name__ == "__main__":
    main()
