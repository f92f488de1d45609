"""Read a year's holiday notice (State Council or Xinjiang) into calendar data.

The notices follow one style: numbered clauses "（二）春节：1月31日至2月6日放假调休，共7天。1月29日（星期六）、
1月30日（星期日）上班。", festival statements "5月3日是肉孜节，5月5日放假调休1天", office-hour clauses
"自2022年5月1日起实行夏季作息时间，上班时间为：上午10:00至14:00，下午16:00至20:00". Everything read is checked
(weekday annotations, "共N天" totals, make-up days on weekends, every national holiday present) and anything
that cannot be read is an error naming its line: a notice is imported whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator

import attrs

from bizenv.calendars.errors import NoticeError
from bizenv.calendars.schedule import (
    Break,
    CalendarData,
    OfficeSeason,
    YearSchedule,
    dump_calendar_data,
    format_period,
    parse_period,
)

KINDS = ("national", "xinjiang")
NATIONAL_HOLIDAYS = {
    "元旦": "New Year's Day",
    "春节": "Spring Festival",
    "清明节": "Qingming Festival",
    "劳动节": "Labour Day",
    "端午节": "Dragon Boat Festival",
    "中秋节": "Mid-Autumn Festival",
    "国庆节": "National Day",
}
REGIONAL_FESTIVALS = {"肉孜节": "Eid al-Fitr", "古尔邦节": "Eid al-Adha"}
_ENGLISH_NAMES = NATIONAL_HOLIDAYS | REGIONAL_FESTIVALS
SEASONS = {"夏季": "summer", "冬季": "winter"}
_WEEKDAYS = "一二三四五六日"


@attrs.frozen(slots=True)
class Line:
    number: int
    #: The line normalised for reading (ASCII digits and colons, no spaces).
    text: str
    #: The line as pasted, quoted in errors.
    raw: str

    def error(self, reason: str) -> NoticeError:
        return NoticeError(f"line {self.number}: {reason}: «{self.raw}»")


@attrs.frozen(slots=True)
class ReadBreak:
    """A break as read, with the line it came from."""

    line: int
    brk: Break
    regional: bool


@attrs.frozen(slots=True)
class ImportedNotice:
    """What a notice says, ready to be written as a calendar data file."""

    kind: str
    year: int
    source: str
    breaks: tuple[ReadBreak, ...]
    seasons: tuple[tuple[int, OfficeSeason], ...]
    #: Lines that are not schedule clauses (title, preamble, closing), with why they were passed over.
    passed_over: tuple[tuple[int, str, str], ...]

    def schedules(self) -> list[YearSchedule]:
        national = tuple(b.brk for b in self.breaks if not b.regional)
        regional = tuple(b.brk for b in self.breaks if b.regional)
        years = [YearSchedule("CN", self.year, "official", self.source, national)]
        if self.kind == "xinjiang":
            years.append(YearSchedule("CN-XJ", self.year, "official", self.source, regional))
        return years

    def data(self) -> CalendarData:
        return CalendarData(tuple(self.schedules()), tuple(s for _, s in self.seasons), self.source)

    def to_toml(self) -> str:
        header = f"# Imported from: {self.source}\n"
        return header + dump_calendar_data(self.schedules(), [s for _, s in self.seasons])

    def explain(self) -> Iterator[str]:
        """What was understood, day by day, for a person to confirm against the notice."""
        yield f"{self.year} ({self.kind} notice): {self.source}"
        for rb in self.breaks:
            b = rb.brk
            level = "CN-XJ" if rb.regional else "CN"
            festival = f", festival day {_show(b.festival)}" if b.festival else ""
            yield f"line {rb.line}: {level} {b.name}{festival}"
            for day in b.days_off():
                weekend = " (weekend)" if day.weekday() >= 5 else ""
                yield f"    {_show(day)}  day off{weekend}"
            for day in b.workdays:
                yield f"    {_show(day)}  working day (make-up)"
        for line, s in self.seasons:
            periods = ", ".join(format_period(p) for p in s.periods)
            start = f"{self.year}-{s.starts[0]:02d}-{s.starts[1]:02d}"
            yield f"line {line}: {s.calendar} {s.name or s.season} from {start}: {periods}"
        for line, text, why in self.passed_over:
            yield f"line {line}: passed over ({why}): {text[:60]}"


def _show(day: dt.date) -> str:
    return f"{day.isoformat()} {day.strftime('%a')}"


def _normalise(text: str) -> str:
    # NFKC turns full-width digits, colons and commas into ASCII; keep Chinese brackets uniform afterwards.
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("(", "（").replace(")", "）").replace(",", "，").replace(";", "；")
    return re.sub(r"\s+", "", text)


_CLAUSE = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)(?P<head>[^:]+?):(?P<body>.+)$")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)[^:]*$")
_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?P<{p}a>（[^）]*）)?"
_RANGE = re.compile(
    "^" + _DATE.format(p="s") + "(?:至" + _DATE.format(p="e") + ")?"
    r"放假(?:调休)?(?:(?P<n1>\d+)天)?(?:，共(?P<n2>\d+)天)?(?:，(?P<tail>不调休|与周末连休))?$"
)
_ONE_DATE = re.compile(_DATE.format(p=""))
_FESTIVAL = re.compile("^" + _DATE.format(p="f") + r"是(?:少数民族习惯节日)?(?P<name>肉孜节|古尔邦节)，(?P<rest>.+)$")
_SEASON = re.compile(r"^自" + _DATE.format(p="") + r"起实行(?P<season>夏季|冬季)作息时间，上班时间为:(?P<hours>.+)$")
_PERIOD = re.compile(r"\d{1,2}:\d{2}至\d{1,2}:\d{2}")
_TITLE_YEAR = re.compile(r"关于(\d{4})年")
# The notice's own number stands on a line of its own; numbers cited in the text do not.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")
_LOOKS_LIKE_SCHEDULE = re.compile(r"\d+月\d+日.*(?:放假|上班)|作息时间.*\d+:\d+")


def read_notice(
    text: str, *, kind: str | None = None, year: int | None = None, origin: str = "<notice>"
) -> ImportedNotice:
    """Read the pasted text of a notice. ``kind`` is "national" or "xinjiang" (guessed from the text when None);
    ``year`` is taken from the title ("关于2027年…") when None."""
    lines = [Line(i, _normalise(raw), raw.strip()) for i, raw in enumerate(text.splitlines(), 1) if raw.strip()]
    if not lines:
        raise NoticeError(f"{origin}: the notice is empty")
    if kind is None:
        kind = "xinjiang" if any(re.search("肉孜节|古尔邦节|作息时间", ln.text) for ln in lines) else "national"
    if kind not in KINDS:
        raise NoticeError(f"{origin}: kind must be one of {KINDS}, not {kind!r}")
    title = next((ln.raw for ln in lines if "通知" in ln.raw and "关于" in ln.raw), None)
    if year is None:
        found = next((int(m[1]) for ln in lines if (m := _TITLE_YEAR.search(ln.text))), None)
        if found is None:
            raise NoticeError(
                f"{origin}: no title with the year (关于YYYY年…的通知) was found; give the year explicitly"
            )
        year = found
    number = next((ln.text for ln in lines if _DOC_NUMBER.fullmatch(ln.text)), None)
    source = title or f"{year}年节假日安排通知"
    if number and number not in source:
        source += f"（{number}）"
    reader = _Reader(year, kind, origin)
    passed_over: list[tuple[int, str, str]] = []
    for ln in lines:
        try:
            why = reader.read(ln)
        except NoticeError as exc:
            raise NoticeError(f"{origin}: {exc}") from None
        if why:
            passed_over.append((ln.number, ln.raw, why))
    reader.check_complete()
    return ImportedNotice(kind, year, source, tuple(reader.breaks), tuple(reader.seasons), tuple(passed_over))


class _Reader:
    def __init__(self, year: int, kind: str, origin: str) -> None:
        self.year = year
        self.kind = kind
        self.origin = origin
        self.breaks: list[ReadBreak] = []
        self.seasons: list[tuple[int, OfficeSeason]] = []

    def read(self, line: Line) -> str | None:
        """Read one line; return why it was passed over, or None when it was a schedule clause."""
        m = _CLAUSE.match(line.text)
        if m is None:
            if _HEADING.match(line.text):
                return "section heading"
            if _LOOKS_LIKE_SCHEDULE.search(line.text):
                raise line.error("this reads like a schedule clause but has no clause number (一、 or （一）)")
            return "not a schedule clause"
        head = m["head"]
        if "作息时间" in head:
            self._season(line, m["body"])
            return None
        names = head.split("、")
        unknown = [n for n in names if n not in _ENGLISH_NAMES]
        if unknown:
            if _LOOKS_LIKE_SCHEDULE.search(m["body"]):
                raise line.error(f"unknown holiday {'、'.join(unknown)}")
            return "numbered clause that is not a holiday"
        regional = [n for n in names if n in REGIONAL_FESTIVALS]
        if regional and (len(regional) != len(names)):
            raise line.error("a clause mixes a regional festival with national holidays")
        if regional and self.kind == "national":
            raise line.error(f"{regional[0]} is a Xinjiang festival: import this notice with kind xinjiang")
        self._holiday(line, head, names, bool(regional), m["body"])
        return None

    def _date(
        self, line: Line, m: re.Match[str], p: str, *, year: int | None = None, month: int | None = None
    ) -> dt.date:
        y = int(m[p + "y"]) if m[p + "y"] else (year if year is not None else self.year)
        mo = int(m[p + "m"]) if m[p + "m"] else month
        if mo is None:
            raise line.error(f"the date {m[0]!r} has no month")
        try:
            day = dt.date(y, mo, int(m[p + "d"]))
        except ValueError:
            raise line.error(f"{y}年{mo}月{m[p + 'd']}日 is not a date") from None
        annotation = m[p + "a"]
        if annotation:
            said = re.search(r"(?:星期|周)([一二三四五六日天])", annotation)
            if said:
                stated = _WEEKDAYS.index(said[1].replace("天", "日"))
                if stated != day.weekday():
                    raise line.error(
                        f"{day.isoformat()} is a {day.strftime('%A')}, but the notice says {said[0]}; check the date"
                    )
        return day

    def _holiday(self, line: Line, head: str, names: list[str], regional: bool, body: str) -> None:
        sentences = [s for s in body.split("。") if s]
        festival: dt.date | None = None
        first = last = None
        workdays: list[dt.date] = []
        no_shift = False
        for sentence in sentences:
            if sentence.startswith("鼓励"):
                continue  # advice to employers (e.g. a day off on 除夕), not part of the schedule
            f = _FESTIVAL.match(sentence)
            if f:
                festival = self._date(line, f, "f")
                sentence = f["rest"]
            r = _RANGE.match(sentence)
            if r:
                if first is not None:
                    raise line.error("two runs of days off in one clause")
                first = self._date(line, r, "s")
                last = self._date(line, r, "e", year=first.year, month=first.month) if r["ed"] else first
                if last < first and not r["ey"]:
                    last = last.replace(year=last.year + 1)
                if r["tail"] == "与周末连休":
                    first, last = _join_weekend(line, first, last)
                no_shift = r["tail"] == "不调休"
                stated = r["n1"] or r["n2"]
                if stated is not None and int(stated) != (last - first).days + 1:
                    raise line.error(
                        f"the notice says {stated} days, but {first.isoformat()} to {last.isoformat()} is "
                        f"{(last - first).days + 1} days; check the dates and the total"
                    )
                continue
            if sentence.endswith("上班"):
                listed = sentence[: -len("上班")]
                found = list(_ONE_DATE.finditer(listed))
                if not found or "、".join(d[0] for d in found) != listed:
                    raise line.error(f"cannot read the make-up days {listed!r}")
                for d in found:
                    day = self._date(line, d, "")
                    if day.weekday() < 5:
                        raise line.error(f"{day.isoformat()} is a weekday: working on it is no make-up day")
                    workdays.append(day)
                continue
            raise line.error(f"cannot read {sentence!r}")
        if first is None or last is None:
            raise line.error("the clause names no days off")
        if no_shift and workdays:
            raise line.error("the clause says 不调休 but names make-up days")
        for day in workdays:
            if first <= day <= last:
                raise line.error(f"make-up day {day.isoformat()} lies inside the break")
        en = " and ".join(_ENGLISH_NAMES[n] for n in names)
        brk = Break(name=head, first=first, last=last, en=en, workdays=tuple(workdays), festival=festival)
        self.breaks.append(ReadBreak(line.number, brk, regional))

    def _season(self, line: Line, body: str) -> None:
        if self.kind != "xinjiang":
            raise line.error("office hours are part of a Xinjiang notice: import it with kind xinjiang")
        m = _SEASON.match(body.rstrip("。"))
        if m is None:
            raise line.error("cannot read the office-hour clause")
        start = self._date(line, m, "")
        periods = tuple(parse_period(p[0]) for p in _PERIOD.finditer(m["hours"]))
        if not periods:
            raise line.error("no office period (HH:MM至HH:MM) in the clause")
        try:  # OfficeSeason checks that the periods are in order and do not overlap
            season = OfficeSeason(
                calendar="CN-XJ",
                season=SEASONS[m["season"]],
                starts=(start.month, start.day),
                periods=periods,
                name=f"{m['season']}作息时间",
                since_year=start.year,
            )
        except ValueError as exc:
            raise line.error(str(exc)) from None
        self.seasons.append((line.number, season))

    def check_complete(self) -> None:
        named = {n for rb in self.breaks for n in rb.brk.name.split("、")}
        missing = [n for n in NATIONAL_HOLIDAYS if n not in named]
        if missing:
            raise NoticeError(f"{self.origin}: no clause for {'、'.join(missing)}: a clause was dropped or not read")
        if self.kind == "xinjiang":
            missing = [n for n in REGIONAL_FESTIVALS if n not in named]
            if missing:
                raise NoticeError(f"{self.origin}: no clause for {'、'.join(missing)} in a Xinjiang notice")
        seen: dict[dt.date, str] = {}
        for rb in self.breaks:
            for day in [*rb.brk.days_off(), *rb.brk.workdays]:
                if day in seen:
                    raise NoticeError(f"{self.origin}: line {rb.line}: {day.isoformat()} is also in {seen[day]}")
                seen[day] = rb.brk.name


def _join_weekend(line: Line, first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """ "与周末连休": the days off run on into the adjacent weekend."""
    start, end = first, last
    while (start - dt.timedelta(days=1)).weekday() >= 5:
        start -= dt.timedelta(days=1)
    while (end + dt.timedelta(days=1)).weekday() >= 5:
        end += dt.timedelta(days=1)
    if (start, end) == (first, last):
        raise line.error("the notice says 与周末连休, but the days off are not next to a weekend")
    return start, end
