"""Domain layer: ISO weeks, the zone's time grid of blocks, and local-time arithmetic.

Blocks are wall-clock intervals of the zone's time zone (e.g. 07:00-09:00). Their length
in hours is measured in real elapsed time, so the block that holds a daylight-saving
change lasts one hour less or more, and the week has 167 or 169 hours.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
UTC = dt.UTC

_WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")
_TIME_RE = re.compile(r"^(\d{1,2}):(\d{2})$")


class TimeFormatError(ValueError):
    """A week, time or day list not written as expected: `code` and `values` say what was
    expected (planner.text.inputs words them); str() is the English for logs."""

    def __init__(self, english: str, code: str, **values: object):
        super().__init__(english)
        self.code = code
        self.values = values


def parse_week(text: str) -> tuple[int, int]:
    """'2026-W49' -> (2026, 49); raises ValueError with the expected form."""
    m = _WEEK_RE.match(text.strip())
    if not m:
        raise TimeFormatError("an ISO week like 2026-W49", "iso_week")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError as exc:
        raise TimeFormatError(
            f"an existing ISO week of {year}", "existing_week", year=year
        ) from exc
    return year, week


def week_label(year: int, week: int) -> str:
    return f"{year}-W{week:02d}"


def shift_week(week: str, weeks: int) -> str:
    """The ISO week `weeks` weeks after `week` (before it when negative)."""
    monday = dt.date.fromisocalendar(*parse_week(week), 1) + dt.timedelta(weeks=weeks)
    y, w, _ = monday.isocalendar()
    return week_label(y, w)


def next_iso_week(today: dt.date) -> str:
    monday = today + dt.timedelta(days=7 - today.weekday())
    y, w, _ = monday.isocalendar()
    return week_label(y, w)


def parse_clock(text: str, allow_past_midnight: bool = False) -> int:
    """'07:30' -> minutes after midnight. With allow_past_midnight, up to 48:00."""
    m = _TIME_RE.match(str(text).strip())
    if not m:
        raise TimeFormatError("a time HH:MM", "clock")
    hours, minutes = int(m.group(1)), int(m.group(2))
    limit = 48 if allow_past_midnight else 24
    if minutes >= 60 or hours > limit or (hours == limit and minutes):
        raise TimeFormatError(f"a time between 00:00 and {limit}:00", "clock_range", max_hour=limit)
    return hours * 60 + minutes


def parse_days(text: str) -> tuple[int, ...]:
    """'Mon-Fri', 'Fri,Sat', 'Mon-Sun' -> weekday indexes (0 = Monday)."""
    days: list[int] = []
    for part in str(text).split(","):
        part = part.strip()
        if "-" in part:
            a, b = (p.strip() for p in part.split("-", 1))
            if a not in WEEKDAYS or b not in WEEKDAYS:
                raise TimeFormatError("days like Mon-Fri or Fri,Sat", "days")
            i, j = WEEKDAYS.index(a), WEEKDAYS.index(b)
            if j < i:
                raise TimeFormatError("a day range in week order, like Mon-Fri", "day_order")
            days.extend(range(i, j + 1))
        elif part in WEEKDAYS:
            days.append(WEEKDAYS.index(part))
        else:
            raise TimeFormatError("days like Mon-Fri or Fri,Sat", "days")
    return tuple(sorted(set(days)))


def local_to_utc(day: dt.date, minutes: int, tz: ZoneInfo) -> dt.datetime:
    """Wall-clock time `minutes` after the local midnight of `day`, as a UTC instant.

    An ambiguous time (the repeated hour when clocks go back) is its first occurrence; a
    time that does not exist (the hour skipped when clocks go forward) is read with the
    offset before the change, so 02:00 on that night is the instant the clock jumps to 03:00.
    """
    naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC)


def hours_between(a: dt.datetime, b: dt.datetime) -> float:
    return (b.astimezone(UTC) - a.astimezone(UTC)).total_seconds() / 3600.0


@dataclass(frozen=True)
class Block:
    index: int
    day: int  # 0 = Monday of the planned week (the operational day the block belongs to)
    date: dt.date  # local date on which the block starts
    slot: int  # position within the operational day
    start_minute: int  # wall-clock minutes after the operational day's midnight (may be >= 1440)
    start_utc: dt.datetime
    end_utc: dt.datetime
    hours: int  # real elapsed hours (block_hours, or one less/more across a DST change)

    @property
    def label(self) -> str:
        start = self.start_minute % 1440
        end = (self.start_minute + 0) % 1440
        del end
        return f"{WEEKDAYS[self.day]} {start // 60:02d}:{start % 60:02d}"


@dataclass(frozen=True)
class WeekGrid:
    """The blocks of one ISO week for a zone: operational days run from `day_start`."""

    year: int
    week: int
    tz_name: str
    block_hours: int
    day_start_minute: int
    blocks: tuple[Block, ...]

    @property
    def label(self) -> str:
        return week_label(self.year, self.week)

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    @property
    def total_hours(self) -> int:
        return sum(b.hours for b in self.blocks)

    @property
    def blocks_per_day(self) -> int:
        return 24 // self.block_hours

    @property
    def start_utc(self) -> dt.datetime:
        return self.blocks[0].start_utc

    @property
    def end_utc(self) -> dt.datetime:
        return self.blocks[-1].end_utc

    def blocks_overlapping(self, start: dt.datetime, end: dt.datetime) -> list[int]:
        return [b.index for b in self.blocks if b.start_utc < end and start < b.end_utc]

    def blocks_within(self, start: dt.datetime, end: dt.datetime) -> list[int]:
        return [b.index for b in self.blocks if start <= b.start_utc and b.end_utc <= end]

    def block_of_wallclock(self, day: int, minute: int) -> int | None:
        """Index of the block starting at `minute` past midnight of operational day `day`."""
        offset = minute - self.day_start_minute
        if offset < 0 or offset % (self.block_hours * 60):
            return None
        slot = offset // (self.block_hours * 60)
        if slot >= self.blocks_per_day or not 0 <= day < 7:
            return None
        return day * self.blocks_per_day + slot

    def local(self, instant: dt.datetime) -> dt.datetime:
        return instant.astimezone(self.tz)


def build_week_grid(week: str, tz_name: str, block_hours: int, day_start_minute: int) -> WeekGrid:
    year, number = parse_week(week)
    tz = ZoneInfo(tz_name)
    monday = dt.date.fromisocalendar(year, number, 1)
    per_day = 24 // block_hours
    blocks: list[Block] = []
    for day in range(7):
        date = monday + dt.timedelta(days=day)
        for slot in range(per_day):
            start_min = day_start_minute + slot * block_hours * 60
            end_min = start_min + block_hours * 60
            s = local_to_utc(date, start_min, tz)
            e = local_to_utc(date, end_min, tz)
            local_date = date + dt.timedelta(days=start_min // 1440)
            blocks.append(
                Block(
                    index=len(blocks),
                    day=day,
                    date=local_date,
                    slot=slot,
                    start_minute=start_min,
                    start_utc=s,
                    end_utc=e,
                    hours=round(hours_between(s, e)),
                )
            )
    return WeekGrid(year, number, tz_name, block_hours, day_start_minute, tuple(blocks))


# -- spans of time: lists of (start, end) UTC instants --------------------------------------


def window_instants(window, grid: WeekGrid) -> list[tuple[dt.datetime, dt.datetime]]:
    """The occurrences of a weekly window (a `planner.domain.TimeWindow`: days, months,
    start and end minute) during the planned week, and on the Sunday before for windows that
    run past midnight into Monday, as UTC intervals."""
    tz = grid.tz
    out = []
    for day in range(-1, 7):
        if (day % 7) not in window.days:
            continue
        date = grid.monday + dt.timedelta(days=day)
        if window.months and date.month not in window.months:
            continue
        out.append(
            (local_to_utc(date, window.start_minute, tz), local_to_utc(date, window.end_minute, tz))
        )
    return out


def merged_spans(spans) -> list[tuple[dt.datetime, dt.datetime]]:
    """The union of intervals as disjoint intervals in time order (an hour two windows share
    is counted once)."""
    out: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def within_any(start: dt.datetime, end: dt.datetime, spans) -> bool:
    """Whether [start, end] lies wholly inside one of the spans."""
    return any(a <= start and end <= b for a, b in spans)


def overlap_hours(a0: dt.datetime, a1: dt.datetime, b0: dt.datetime, b1: dt.datetime) -> float:
    """Elapsed hours two intervals share, in UTC (two aware datetimes with the same zoneinfo
    would subtract as wall-clock time, wrong across a daylight-saving change)."""
    a0, a1, b0, b1 = (t.astimezone(UTC) for t in (a0, a1, b0, b1))
    return max(0.0, (min(a1, b1) - max(a0, b0)).total_seconds() / 3600.0)
