"""Sub-commands about installed regions: regions, show, units, export, validate."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bizenv.cli._common import CliError, environment, get_profile, write_json, write_rows
from bizenv.cycle import vocabulary
from bizenv.i18n import _
from bizenv.model import UNIT_ROLES, Measure, RegionProfile
from bizenv.profile_file import ProfileFileError, load_profile, profile_to_dict
from bizenv.report import fmt
from bizenv.taxonomy import category
from bizenv.validate import errors, validate_profile

FORMATS = ("table", "json", "csv")


def register(sub: Any) -> None:
    p = sub.add_parser("regions", help=_("list installed regions and plugins that failed to load"))
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_regions)

    p = sub.add_parser("show", help=_("list a region's measures"))
    p.add_argument("region")
    p.add_argument("--category", help=_("only measures of this indicator category code"))
    p.add_argument("--unit", help=_("only measures this unit leads, is responsible for or cooperates on"))
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_show)

    p = sub.add_parser("units", help=_("a region's units, or what one unit leads and shares"))
    p.add_argument("region")
    p.add_argument("name", nargs="?")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_units)

    p = sub.add_parser("export", help=_("write a region's whole validated profile"))
    p.add_argument("region")
    p.add_argument("--format", choices=("json",), default="json")
    p.set_defaults(run=cmd_export)

    p = sub.add_parser("validate", help=_("check a region or a profile data file; list data notes"))
    p.add_argument("target", nargs="?", help=_("region id or path to a .json/.toml profile (default: all regions)"))
    p.add_argument("--format", choices=FORMATS, default="table")
    p.set_defaults(run=cmd_validate)


def cmd_regions(args: argparse.Namespace) -> int:
    registry = environment(args).registry
    rows = []
    for rid in registry.region_ids():
        p = registry.profiles[rid]
        rows.append(
            [
                rid,
                p.region.names.zh,
                p.region.names.en,
                registry.providers[rid],
                len(p.documents),
                len(p.measures),
                sum(len(m.targets) for m in p.measures),
                len(p.units),
                sum(1 for n in registry.notes[rid] if n.level == "note"),
            ]
        )
    headers = ["region", "name_zh", "name_en", "plugin", "documents", "measures", "targets", "units", "data_notes"]
    write_rows(args.format, headers, rows)
    for failure in registry.failures:
        print(_("bizenv: error: {message}").format(message=failure), file=sys.stderr)
    return 1 if registry.failures else 0


def _lead_names(profile: RegionProfile, measure: Measure) -> str:
    leads = profile.leads(measure)
    own = [o.unit.name for o in leads if o.role == "lead"]
    return "、".join(dict.fromkeys(own or [o.unit.name for o in leads]))


def _for_people(args: argparse.Namespace) -> bool:
    """Whether the output is read by people (table, markdown: words in the locale) rather than programs (JSON,
    CSV: the codes, stable across locales)."""
    return str(getattr(args, "format", "table")) in ("table", "markdown")


def _due_text(profile: RegionProfile, measure: Measure, translated: bool) -> str:
    due = profile.due_of_measure(measure)
    if due is None:
        return ""
    source = vocabulary.due_source(due.source) if translated else due.source
    return due.date.isoformat() + ("" if due.source == "own" else f" ({source})")


def _other_readings(profile: RegionProfile, measure: Measure) -> str:
    """The other days an uncertain due date may mean (20235年12月: 2025-12-31 beside the reading 2023-12-31)."""
    due = profile.due_of_measure(measure)
    return "" if due is None else ",".join(day.isoformat() for day in due.alternatives)


def _aggregation_readings(measure: Measure, for_people: bool) -> str:
    """Targets whose aggregation is not the stated rule (平均 → mean, else each), with the reading and its reason
    (the reason, a data note in the profile's words, in JSON and CSV; tables name the aggregation in the locale)."""
    readings = []
    for index, target in enumerate(measure.targets):
        for note in measure.notes:
            if note.field == f"targets[{index}].aggregation":
                if for_people:
                    readings.append(f"{measure.target_id(index)}: {fmt.aggregation(target.aggregation)}")
                else:
                    readings.append(f"{measure.target_id(index)} {target.aggregation}: {note.reading} ({note.reason})")
    return "; ".join(readings)


def _units_in(profile: RegionProfile, measure: Measure, role: str) -> str:
    return "、".join(dict.fromkeys(o.unit.name for o in profile.owners(measure) if o.role == role))


def cmd_show(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    measures = profile.measures
    if args.category:
        category(args.category)  # an unknown code is an error listing the known ones, not an empty table
        measures = tuple(m for m in measures if args.category in m.categories)
    if args.unit:
        measures = tuple(m for m in profile.measures_of_unit(args.unit) if m in measures)
    rows = [
        [
            m.id,
            m.parent or "",
            m.title,
            ",".join(m.categories),
            _lead_names(profile, m),
            _units_in(profile, m, "responsible"),
            _units_in(profile, m, "cooperating"),
            _due_text(profile, m, _for_people(args)),
            _other_readings(profile, m),
            len(m.targets),
            _aggregation_readings(m, _for_people(args)),
        ]
        for m in measures
    ]
    write_rows(
        args.format,
        [
            "id",
            "parent",
            "title",
            "categories",
            "lead_units",
            "responsible_units",
            "cooperating_units",
            "deadline",
            "other_readings",
            "targets",
            "aggregation_readings",
        ],
        rows,
    )
    return 0


def cmd_units(args: argparse.Namespace) -> int:
    profile = get_profile(args)
    if args.name is None:
        rows = []
        for unit in profile.units:
            counts = {role: len(profile.measures_of_unit(unit.name, (role,))) for role in UNIT_ROLES}
            rows.append(
                [
                    unit.name,
                    "、".join(unit.aliases),
                    "group" if unit.group else "unit",
                    counts["lead"],
                    counts["area_lead"],
                    counts["responsible"],
                    counts["cooperating"],
                    "、".join(unit.members),
                ]
            )
        headers = ["unit", "aliases", "kind", "leads", "area_leads", "responsible", "cooperating", "members"]
        write_rows(args.format, headers, rows, profile)
        return 0
    name = profile.resolve_unit(args.name)
    rows = [
        [
            m.id,
            vocabulary.roles(profile.roles_of_unit(m, name))
            if _for_people(args)
            else "/".join(profile.roles_of_unit(m, name)),
            m.title or m.text[:40],
            _due_text(profile, m, _for_people(args)),
        ]
        for m in profile.measures_of_unit(name)
    ]
    write_rows(args.format, ["measure", "role", "title", "deadline"], rows)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    write_json(profile_to_dict(get_profile(args)))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    registry = environment(args).registry
    if args.target is None:
        problems = [p for rid in registry.region_ids() for p in registry.notes[rid]]
        failures = [str(f) for f in registry.failures]
    elif args.target in registry.profiles:
        problems, failures = registry.notes[args.target], []
    elif args.target.endswith((".json", ".toml")):
        try:
            calendars = [data for _, data in registry.calendar_data]
            problems = validate_profile(load_profile(args.target), calendar_data=calendars)
        except ProfileFileError as exc:
            raise CliError(str(exc)) from None
        failures = []
    else:
        raise CliError(
            _("{target!r} is neither an installed region nor a .json/.toml profile file").format(target=args.target)
        )
    rows = [[p.level, p.region, p.where, p.message] for p in problems]
    rows += [["error", "", "plugin", f] for f in failures]
    bad = bool(errors(problems) or failures)
    what = args.target or _("every installed region")
    if rows or not _for_people(args):
        write_rows(args.format, ["level", "region", "where", "message"], rows)
    if bad:
        verdict = _("{what} is not valid: {count} error(s)").format(
            what=what, count=len(errors(problems)) + len(failures)
        )
    elif rows:
        verdict = _("{what} is valid: no errors, {count} note(s) above").format(what=what, count=len(rows))
    else:
        verdict = _("{what} is valid: no errors, no notes").format(what=what)
    # The verdict is for people: on stdout under a table, on stderr beside JSON or CSV (which stay data only).
    print(verdict, file=sys.stdout if _for_people(args) else sys.stderr)
    return 1 if bad else 0
