"""The 通报: the month's bulletin, as translated sections ready for Word, HTML or Markdown.

What it says, in the order a reader acts on it: the month's figures against last month's; the overdue items by
unit (worst unit first) with days late and how many recorded months in a row each has been overdue; what was
resolved since last month; the ranking of units with its movement and the units at the bottom called in for a talk
(约谈) and given a deadline to put things right (限期整改); case compliance, when case results were recorded; and the
ledger lines that could not be read. Measure texts and unit names stay as the sources write them.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from html import escape
from pathlib import Path, PurePath
from typing import Literal

import attrs

from bizenv.cycle import vocabulary as words
from bizenv.cycle.changes import ItemChange, MonthChanges, completed_in_month
from bizenv.cycle.store import Snapshot
from bizenv.errors import BizenvError
from bizenv.i18n import _, get_locale
from bizenv.layout import isolated
from bizenv.model import RegionProfile
from bizenv.views import Section, Table, html_section, markdown_section

BulletinFormat = Literal["docx", "html", "markdown"]
FORMATS: tuple[BulletinFormat, ...] = ("docx", "html", "markdown")


#: A bulletin's table and section are the view model's (:mod:`bizenv.views`): one model, one set of renderers,
#: for the bulletin and the report alike.
BulletinTable = Table
BulletinSection = Section


def _names(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(p.strip() for p in value.replace("，", "、").replace(",", "、").split("、") if p.strip())
    if isinstance(value, list | tuple):
        return tuple(str(v).strip() for v in value if str(v).strip())
    raise TypeError(f"expected a name or a list of names, not {type(value).__name__}")


@attrs.frozen(slots=True)
class BulletinSettings:
    """How an office issues its 通报 (docs/monthly-cycle.md, "The 通报's settings"): the issuing office (发文机关),
    the document number (文号, e.g. 伊营商办〔2024〕8号), the addressees (主送) and copies (抄送), the date of issue,
    and whether the red masthead (版头) is printed. A per-region TOML file holds them; options override it."""

    issuer: str | None = None
    number: str | None = None
    to: tuple[str, ...] = attrs.field(default=(), converter=_names)
    cc: tuple[str, ...] = attrs.field(default=(), converter=_names)
    issued_on: dt.date | None = None
    masthead: bool = False

    @classmethod
    def load(cls, path: Path) -> BulletinSettings:
        """Read a settings file (TOML: ``issuer``, ``number``, ``to``, ``cc``, ``issued_on``, ``masthead``)."""
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise BulletinError(f"{path}: cannot read the bulletin settings: {exc.strerror or exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise BulletinError(f"{path}: not a TOML file: {exc}") from None
        known = {f.name for f in attrs.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise BulletinError(f"{path}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        issued = data.get("issued_on")
        if issued is not None and not isinstance(issued, dt.date):
            try:
                issued = dt.date.fromisoformat(str(issued))
            except ValueError:
                raise BulletinError(f"{path}: issued_on {issued!r} is not a date (YYYY-MM-DD)") from None
        masthead = data.get("masthead", False)
        if not isinstance(masthead, bool):
            raise BulletinError(f"{path}: masthead is true or false, not {masthead!r}")
        try:
            return cls(
                issuer=_text_setting(data, "issuer", path),
                number=_text_setting(data, "number", path),
                to=data.get("to"),
                cc=data.get("cc"),
                issued_on=issued,
                masthead=masthead,
            )
        except TypeError as exc:
            raise BulletinError(f"{path}: {exc}") from None

    def but(self, **changes: object) -> BulletinSettings:
        """These settings with the options given (None: keep the setting)."""
        return attrs.evolve(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]


def _text_setting(data: dict[str, object], key: str, path: Path) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BulletinError(f"{path}: {key} is text, not {value!r}")
    return value.strip() or None


class BulletinError(BizenvError):
    """A bulletin that cannot be made as asked (settings that cannot be read)."""


@attrs.frozen(slots=True)
class Bulletin:
    """The whole bulletin in the current locale, in the form of an official notice: the masthead (版头) and
    document number (文号), title, addressees (主送), numbered sections, the issuing office and date (落款), the
    annexes (附件), copies (抄送), and the line that says where it comes from."""

    locale: str
    title: str
    issuer: str | None
    period: str
    comparison: str
    sections: tuple[BulletinSection, ...]
    footer: str
    number: str | None = None
    to: str | None = None
    cc: str | None = None
    issued_on: str | None = None
    #: The red masthead's text (the issuing office), None when not printed.
    masthead: str | None = None
    annexes: tuple[BulletinSection, ...] = ()

    @property
    def rtl(self) -> bool:
        """Whether the locale is written right to left (Uyghur)."""
        return self.locale == "ug"


_NUMERALS_ZH = "一二三四五六七八九十"


def _numbered(index: int, title: str) -> str:
    # Chinese documents number their parts 一、二、三、; other locales 1. 2. 3.
    if get_locale() == "zh_Hans":
        return f"{_NUMERALS_ZH[index]}、{title}"
    return f"{index + 1}. {title}"


def _day(day: dt.date | None) -> str:
    # Tables show days as 2024-07-31: short, and the same in every locale.
    return "–" if day is None else day.isoformat()


def _movement(change: int | None) -> str:
    if change is None:
        return _("new")
    if change > 0:
        return f"↑{words.number(change)}"
    if change < 0:
        return f"↓{words.number(-change)}"
    return "–"


def _figure(label: str, now: int, before: int | None, *, compare: bool = True) -> tuple[str, ...]:
    if not compare or before is None:
        return (label, words.number(now), "–", "–")
    return (label, words.number(now), words.number(before), words.signed(now - before))


def _overview(changes: MonthChanges) -> BulletinSection:
    h = changes.headline
    first = changes.previous_month is None
    if first:
        text = _("{items} measures and dated targets are tracked; {overdue} are overdue.").format(
            items=words.number(h.items), overdue=words.number(h.overdue)
        )
    else:
        assert h.overdue_before is not None
        text = _(
            "{items} measures and dated targets are tracked. {overdue} are overdue ({change} on last month): "
            "{newly} newly overdue, {still} still overdue. {resolved} were resolved since last month."
        ).format(
            items=words.number(h.items),
            overdue=words.number(h.overdue),
            change=words.signed(h.overdue - h.overdue_before),
            newly=words.number(h.newly_overdue),
            still=words.number(h.still_overdue),
            resolved=words.number(h.resolved),
        )
    rows = (
        _figure(_("Items tracked"), h.items, None, compare=False),
        _figure(_("Overdue"), h.overdue, h.overdue_before),
        _figure(_("Done"), h.done, h.done_before),
        _figure(_("Newly overdue"), h.newly_overdue, None, compare=False),
        _figure(_("Still overdue"), h.still_overdue, None, compare=False),
        _figure(_("Resolved since last month"), h.resolved, None, compare=False),
        _figure(_("Units with overdue items"), h.units_with_overdue, h.units_with_overdue_before),
        _figure(_("Completed this month"), h.completed, None, compare=False),
        _figure(_("To be verified"), h.disputed, None, compare=False),
        *(
            ()
            if h.unreported is None
            else (_figure(_("Units that have not reported"), h.unreported, None, compare=False),)
        ),
        _figure(_("Ledger lines not accepted"), h.rejected, None, compare=False),
    )
    table = BulletinTable(
        (_("Figure"), _("This month"), _("Last month"), _("Change")),
        rows,
        (0.46, 0.18, 0.18, 0.18),
        frozenset({1}) if not first and h.overdue > (h.overdue_before or 0) else frozenset(),
        numeric=frozenset({1, 2, 3}),
    )
    return BulletinSection("overview", _numbered(0, _("Overview")), (text,), table)


def _overdue(changes: MonthChanges) -> BulletinSection:
    by_unit: dict[str, list[ItemChange]] = {}
    for change in changes.overdue:
        for unit in change.units:
            by_unit.setdefault(unit, []).append(change)
    order = [g.name for g in changes.by_unit if g.name in by_unit]
    rows: list[tuple[str, ...]] = []
    flagged: set[int] = set()
    bottom = {r.unit for r in changes.bottom}
    for unit in order:
        items = sorted(by_unit[unit], key=lambda c: (-(c.days or 0), c.id))
        for index, c in enumerate(items):
            if unit in bottom:
                flagged.add(len(rows))
            rows.append(
                (
                    unit if index == 0 else "",
                    c.id,
                    c.title,
                    _day(c.due),
                    words.number(c.days or 0),
                    words.number(c.months_overdue),
                )
            )
    if not rows:
        return BulletinSection("overdue", _numbered(1, _("Overdue items by unit")), (_("No item is overdue."),))
    table = BulletinTable(
        (_("Unit"), _("Item"), _("Task"), _("Due"), _("Days late"), _("Months overdue")),
        tuple(rows),
        (0.18, 0.08, 0.40, 0.14, 0.08, 0.12),
        frozenset(flagged),
        group=True,
        numeric=frozenset({4, 5}),
    )
    note = _(
        "An item answered for by several units is listed under each. Months overdue: recorded months in a row, this "
        "one included (1: newly overdue)."
    )
    return BulletinSection("overdue", _numbered(1, _("Overdue items by unit")), (), table, (note,))


def _resolved(changes: MonthChanges) -> BulletinSection:
    title = _numbered(3, _("Resolved since last month"))
    if changes.previous_month is None:
        return BulletinSection("resolved", title, (_("The first month recorded: nothing to compare with."),))
    if not changes.resolved:
        return BulletinSection("resolved", title, (_("No item overdue last month was resolved."),))
    rows = tuple(
        (
            c.id,
            c.title,
            "、".join(c.units),
            words.status(c.status) if c.status else _("no longer tracked"),
            _day(c.completed_on),
        )
        for c in changes.resolved
    )
    table = BulletinTable(
        (_("Item"), _("Task"), _("Unit"), _("Status"), _("Completed on")), rows, (0.09, 0.4, 0.23, 0.14, 0.14)
    )
    return BulletinSection("resolved", title, (), table)


def _ranking(changes: MonthChanges) -> BulletinSection:
    shown = [r for r in changes.ranking if r.fallen_due]
    rows = tuple(
        (
            words.number(r.rank),
            r.unit if r.reported is not False else _("{unit} (not reported)").format(unit=r.unit),
            words.number(r.overdue),
            words.number(r.fallen_due),
            words.percent(r.share),
            "–" if r.previous_rank is None else words.number(r.previous_rank),
            _movement(r.movement) if changes.previous_month is not None else "–",
            _("yes") if r.bottom else "",
        )
        for r in shown
    )
    basis = (
        _("Units are ranked by their overdue items, then by the overdue share of their items fallen due.")
        if changes.rank_by == "count"
        else _("Units are ranked by the overdue share of their items fallen due, then by their overdue items.")
    )
    notes = [basis]
    if any(r.reported is False for r in changes.ranking):
        notes.append(_("A unit that owed a return and sent none is ranked below every unit that reported."))
    hidden = len(changes.ranking) - len(shown)
    if hidden:
        notes.append(
            _("{count} units with no item fallen due yet have nothing overdue and share the first rank; they are not "
              "listed.").format(count=words.number(hidden))
        )  # fmt: skip
    table = BulletinTable(
        (_("Rank"), _("Unit"), _("Overdue"), _("Fallen due"), _("Share overdue"), _("Last month"), _("Movement"),
         _("Called in")),
        rows,
        (0.08, 0.3, 0.09, 0.1, 0.11, 0.1, 0.11, 0.11),
        frozenset(i for i, r in enumerate(shown) if r.bottom),
        numeric=frozenset({0, 2, 3, 4, 5}),
    )  # fmt: skip
    bottom = changes.bottom
    if bottom:
        talk = _(
            "Ranked last, called in for a talk (约谈) and given a deadline to put things right (限期整改): {units}."
        ).format(units="、".join(r.unit for r in bottom))
    else:
        talk = _("No unit is called in: none ranked last has an overdue item.")
    return BulletinSection("ranking", _numbered(7, _("Ranking")), (talk,), table, tuple(notes))


def _cases(snapshot: Snapshot, profile: RegionProfile) -> BulletinSection:
    title = _numbered(8, _("Case compliance per target and sub-unit"))
    if snapshot.cases is None:
        return BulletinSection("cases", title, (_("No case results were recorded for this month."),))
    if not snapshot.cases:
        return BulletinSection("cases", title, (_("Case results were recorded, but no case was judged."),))
    # A sub-unit by its name in the bulletin's language (Chinese where it has none), as the report shows it.
    names = {s.id: s.names.get(get_locale()) for s in profile.region.sub_units}
    rows = tuple(
        (
            c.target_id,
            names.get(c.sub_unit, c.sub_unit) if c.sub_unit else _("all"),
            words.number(c.cases),
            words.count_of(c.passed, c.completed),
            words.number(c.open_overdue),
            "–" if c.met is None else _("yes") if c.met else _("no"),
        )
        for c in snapshot.cases
    )
    failed = {c.target_id for c in snapshot.cases if c.met is False}
    judged = {c.target_id for c in snapshot.cases if c.met is not None}
    text = (
        _("{failed} of {judged} targets with cases to judge are not met (shaded).").format(
            failed=words.number(len(failed)), judged=words.number(len(judged))
        )
        if failed
        else _("Every target with cases to judge is met.")
    )
    table = BulletinTable(
        (_("Target"), _("Sub-unit"), _("Cases"), _("Completed within the limit"), _("Open past the limit"), _("Met")),
        rows,
        (0.12, 0.22, 0.12, 0.24, 0.16, 0.14),
        frozenset(i for i, c in enumerate(snapshot.cases) if c.met is False),
        numeric=frozenset({2, 3, 4}),
    )
    return BulletinSection("cases", title, (text,), table)


def _where(source: str, row: int | None, cell: str | None) -> str:
    # A file by its name only: the office's folders are nobody else's business.
    name = PurePath(source.replace("\\", "/")).name or source
    return name + (f":{row}" if row is not None else "") + (f" {cell}" if cell else "")


def _rejections(snapshot: Snapshot) -> BulletinSection:
    title = _("Annex: ledger lines not accepted")
    notes: tuple[str, ...] = tuple(f.translated() for f in snapshot.flags)
    if not snapshot.rejections:
        return BulletinSection("rejections", title, (_("Every ledger line was read."),), None, notes)
    rows = tuple(
        (_where(r.origin.source, r.origin.row, r.cell), r.record_id or "", r.localized()) for r in snapshot.rejections
    )
    text = _("{count} ledger lines could not be read and are not counted above; each says why.").format(
        count=words.number(len(rows))
    )
    table = BulletinTable((_("Where"), _("Item"), _("Reason")), rows, (0.30, 0.12, 0.58))
    return BulletinSection("rejections", title, (text,), table, notes)


def _completed(snapshot: Snapshot, index: int) -> BulletinSection:
    title = _numbered(index, _("Completed this month"))
    done = completed_in_month(snapshot)
    if not done:
        return BulletinSection("completed", title, (_("No item was completed this month."),))
    rows = tuple((i.id, i.title, "、".join(i.units()), words.status(i.status), _day(i.completed_on)) for i in done)
    text = _("{count} items were completed this month.").format(count=words.number(len(done)))
    table = BulletinTable(
        (_("Item"), _("Task"), _("Unit"), _("Status"), _("Completed on")), rows, (0.09, 0.4, 0.23, 0.14, 0.14)
    )
    return BulletinSection("completed", title, (text,), table)


def _disputed(snapshot: Snapshot, index: int) -> BulletinSection:
    title = _numbered(index, _("To be verified"))
    items = [i for i in snapshot.items if i.status == "disputed"]
    if not items:
        return BulletinSection("disputed", title, (_("No item has reports that disagree."),))
    rows: list[tuple[str, ...]] = []
    for item in items:
        for n, answer in enumerate(snapshot.answers_of(item.id)):
            rows.append(
                (
                    item.id if n == 0 else "",
                    item.title if n == 0 else "",
                    answer.unit or _where(answer.source or answer.row.origin.source, None, None),
                    words.role(answer.role) if answer.role in words.ROLE_NAMES else "",
                    answer.row.status,
                    _day(answer.row.completed_on),
                )
            )
    text = _(
        "{count} items have reports that disagree: they are counted neither done nor overdue until the office has "
        "verified them with the units below."
    ).format(count=words.number(len(items)))
    table = BulletinTable(
        (_("Item"), _("Task"), _("Unit"), _("Role"), _("Reported"), _("Completed on")),
        tuple(rows),
        (0.08, 0.28, 0.22, 0.16, 0.12, 0.14),
    )
    return BulletinSection("disputed", title, (text,), table)


def _extended(snapshot: Snapshot, index: int) -> BulletinSection:
    title = _numbered(index, _("Extended deadlines"))
    extensions = {e.item_id: e for e in snapshot.extensions}
    items = [i for i in snapshot.items if i.id in extensions]
    if not items:
        return BulletinSection("extended", title, (_("No deadline was extended."),))
    rows = tuple(
        (
            i.id,
            i.title,
            _day(i.original_due),
            _day(i.due),
            extensions[i.id].approved_by,
            _day(extensions[i.id].approved_on),
            words.status(i.status),
        )
        for i in items
    )
    table = BulletinTable(
        (_("Item"), _("Task"), _("Due before"), _("Due now"), _("Approved by"), _("Approved on"), _("Status")),
        rows,
        (0.07, 0.26, 0.13, 0.13, 0.15, 0.13, 0.13),
    )
    return BulletinSection("extended", title, (), table)


def _unreported(snapshot: Snapshot, index: int) -> BulletinSection:
    title = _numbered(index, _("Units that have not reported"))
    notes: list[str] = []
    if snapshot.groups:
        notes.append(
            _("Collective names are not ranked or called in; their items are listed under them: {groups}.").format(
                groups="、".join(snapshot.groups)
            )
        )
    if snapshot.info.consolidated:
        text = _("A consolidated ledger was read (a return that names no unit): who has not reported is not known.")
        return BulletinSection("unreported", title, (text,), None, tuple(notes))
    missing = snapshot.unreported
    if not missing:
        text = _("Every unit that owed a return sent one ({count} units).").format(
            count=words.number(len(snapshot.reported))
        )
        return BulletinSection("unreported", title, (text,), None, tuple(notes))
    text = _(
        "{count} units answer for items open this month and sent no return (未报送): {units}. Their items count as "
        "not done, and they are ranked below every unit that reported."
    ).format(count=words.number(len(missing)), units="、".join(missing))
    return BulletinSection("unreported", title, (text,), None, tuple(notes))


def default_issuer(profile: RegionProfile) -> str | None:
    """The office that issues a region's 通报 when no setting names one: the programme's lead unit."""
    for document in profile.documents:
        if document.lead_units:
            return document.lead_units[0].name
    return None


def build_bulletin(
    profile: RegionProfile,
    snapshot: Snapshot,
    changes: MonthChanges,
    *,
    issuer: str | None = None,
    version: str = "",
    settings: BulletinSettings | None = None,
) -> Bulletin:
    """The bulletin of ``snapshot``'s month, in the current locale (:func:`bizenv.i18n.using_locale`), in the form
    ``settings`` give (``issuer`` overrides theirs; default: the programme's lead unit)."""
    chosen = (settings or BulletinSettings()).but(issuer=issuer)
    office = chosen.issuer or default_issuer(profile)
    region = profile.region.names.get(get_locale())
    title = _("{region}: bulletin on the business-environment tasks").format(region=region)
    period = _("{month} (as of {date})").format(month=words.month(snapshot.month), date=words.date(snapshot.as_of))
    if changes.previous_month is not None:
        comparison = _("Compared with {month} (as of {date}).").format(
            month=words.month(changes.previous_month), date=words.date(changes.previous_as_of)
        )
    else:
        comparison = _("The first month recorded: nothing to compare with.")
    footer = _(
        "Made with bizenv {version} from the snapshot of {month} recorded {time}; returns read: {count}."
    ).format(
        version=version or snapshot.info.bizenv_version,
        month=snapshot.month,
        time=snapshot.info.recorded_at.strftime("%Y-%m-%d %H:%M"),
        count=words.number(len(snapshot.info.sources)),
    )
    sections = (
        _overview(changes),
        _overdue(changes),
        _completed(snapshot, 2),
        _resolved(changes),
        _disputed(snapshot, 4),
        _extended(snapshot, 5),
        _unreported(snapshot, 6),
        _ranking(changes),
        _cases(snapshot, profile),
    )
    issued = chosen.issued_on or dt.date.today()
    return Bulletin(
        get_locale(),
        title,
        office,
        period,
        comparison,
        sections,
        footer,
        number=chosen.number,
        to="、".join(chosen.to) or None,
        cc="、".join(chosen.cc) or None,
        issued_on=words.date(issued),
        masthead=office if chosen.masthead and office else None,
        annexes=(_rejections(snapshot),),
    )


# -- HTML and Markdown --------------------------------------------------------------------------------------------

_CSS = """
body{font-family:"FangSong","仿宋","Noto Serif CJK SC","Noto Sans CJK SC","Microsoft YaHei",serif;margin:2rem auto;
max-width:60rem;padding:0 1rem;color:#1d2733;line-height:1.6}
h1{font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif;font-size:1.6rem;text-align:center;margin-bottom:.3rem}
.issuer,.period{text-align:center;margin:.2rem 0}.comparison{text-align:center;color:#555;margin-top:0}
h2{font-family:"SimHei","黑体","Noto Sans CJK SC",sans-serif;font-size:1.15rem;margin-top:1.8rem}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem;width:100%}
th,td{border:1px solid #9aa5b1;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#dce6f1}td.n{text-align:right}tr.flag td{background:#fdecea}.note{color:#555;font-size:.88rem}
footer{margin-top:2rem;color:#555;font-size:.85rem;border-top:1px solid #ccc;padding-top:.5rem}
[dir=rtl] th,[dir=rtl] td{text-align:right}[dir=rtl] td.n{text-align:left}
.masthead{color:#c00000;font-family:"FZXiaoBiaoSong-B05S","SimSun","Noto Serif CJK SC",serif;font-size:2.2rem;
text-align:center;letter-spacing:.1rem;margin:0}.number{text-align:center;margin:.4rem 0}
hr.red{border:0;border-top:2px solid #c00000;margin:.4rem 0 1.2rem}.to{margin-top:1.2rem}
.signature{text-align:right;margin-top:2rem}[dir=rtl] .signature{text-align:left}
.cc{border-top:1px solid #333;border-bottom:1px solid #333;padding:.3rem 0;margin-top:1.5rem}
"""


def render_html(bulletin: Bulletin) -> str:
    """The bulletin as one self-contained HTML page (right to left for Uyghur)."""
    lang = {"zh_Hans": "zh-Hans", "en": "en", "ug": "ug"}.get(bulletin.locale, bulletin.locale)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}" dir="{"rtl" if bulletin.rtl else "ltr"}"><head><meta charset="utf-8">',
        f"<title>{escape(bulletin.title)}</title><style>{_CSS}</style></head><body>",
    ]
    if bulletin.masthead:
        out.append(f'<p class="masthead">{escape(bulletin.masthead)}</p>')
    if bulletin.number:
        out.append(f'<p class="number">{isolated(bulletin.number)}</p>')
    if bulletin.masthead:
        out.append('<hr class="red">')
    out.append(f"<h1>{escape(bulletin.title)}</h1>")
    out.append(f'<p class="period">{escape(bulletin.period)}</p>')
    out.append(f'<p class="comparison">{escape(bulletin.comparison)}</p>')
    if bulletin.to:
        out.append(f'<p class="to">{escape(bulletin.to)}{"：" if bulletin.locale == "zh_Hans" else ":"}</p>')
    out += [html_section(section) for section in (*bulletin.sections, *bulletin.annexes)]
    if bulletin.issuer or bulletin.issued_on:
        out.append(
            '<p class="signature">'
            + "<br>".join(escape(x) for x in (bulletin.issuer, bulletin.issued_on) if x)
            + "</p>"
        )
    if bulletin.cc:
        out.append(f'<p class="cc">{escape(_("Copies to: {units}").format(units=bulletin.cc))}</p>')
    out.append(f"<footer>{escape(bulletin.footer)}</footer></body></html>")
    return "\n".join(out) + "\n"


def render_markdown(bulletin: Bulletin) -> str:
    """The bulletin as Markdown."""
    out = []
    if bulletin.masthead:
        out += [f"**{bulletin.masthead}**", ""]
    if bulletin.number:
        out += [bulletin.number, ""]
    out += [f"# {bulletin.title}", ""]
    out += [bulletin.period, "", bulletin.comparison, ""]
    if bulletin.to:
        out += [bulletin.to + ("：" if bulletin.locale == "zh_Hans" else ":"), ""]
    for section in (*bulletin.sections, *bulletin.annexes):
        out += markdown_section(section)
    for line in (bulletin.issuer, bulletin.issued_on):
        if line:
            out += [line, ""]
    if bulletin.cc:
        out += [_("Copies to: {units}").format(units=bulletin.cc), ""]
    out += ["---", "", bulletin.footer, ""]
    return "\n".join(out)


__all__ = [
    "FORMATS",
    "Bulletin",
    "BulletinError",
    "BulletinFormat",
    "BulletinSection",
    "BulletinSettings",
    "BulletinTable",
    "build_bulletin",
    "default_issuer",
    "render_html",
    "render_markdown",
]
