"""Input/output layer: what was actually done in a week, as imported after the week.

Two inputs are read (docs/data-format.md, section "actuals/"):
- the scheduling tool's CSV: `date,start,end,activity,officers[,hours][,note]`, column names
  in any case; `start` and `end` are local times HH:MM (an end at or before the start is the
  next day) or full date-times; `hours` (person-hours done) defaults to officers x duration;
- the planner's own plan.csv with a `done` column: yes/no (oui/non, ja/nee, true/false, 1/0,
  x, empty for no) or the person-hours done; only the lines done are kept.

Both are read by planner.zone_io's CSV reader (a byte-order mark, `;` or `,`, decimal
commas in a `;` file, day-first dates, the spreadsheet formula guard) and checked row by
row; every problem of the file is raised at once as one `InputError`. A week's actuals are
kept in the zone folder (or the store) as `actuals/<week>.csv` in one normal form,
`actuals_text`, that `parse_actuals` reads back to the same lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path
from zoneinfo import ZoneInfo

from planner.domain import BASIC_MISSIONS, COMMITMENT_TYPES, Zone
from planner.errors import Collector, InputError, InputIssue
from planner.export import neutralise
from planner.input_checks import ACTUALS_DIR, MAX_HOURS, MAX_STAFF, nearest
from planner.timegrid import TimeFormatError, parse_week, week_label
from planner.year import ActualLine, Actuals
from planner.zone_io import _header_separator, _NotANumber, _number_text, _Reader, week_bounds

ACTUALS_COLUMNS = ("date", "start", "end", "activity", "officers", "hours", "note")
_TOOL_OPTIONAL = ("hours", "note")
_PLAN_REQUIRED = ("start", "end", "activity", "officers", "hours", "done")
_DONE_YES = ("yes", "oui", "ja", "true", "1", "x")
_DONE_NO = ("", "no", "non", "nee", "false", "0")
SOURCE_TOOL = "actuals"
SOURCE_PLAN = "plan_done"
# the kinds of line, named as the waterfall's steps (planner.text.labels.waterfall_step)
KINDS = ("basic_missions", "hycap", "other_commitments", "priority_operations")
_DAY = dt.timedelta(days=1)

__all__ = [
    "ACTUALS_COLUMNS",
    "ACTUALS_DIR",
    "KINDS",
    "actuals_path",
    "actuals_text",
    "decode_csv",
    "generate_actuals",
    "hours_by_kind",
    "line_kind",
    "parse_actuals",
    "read_actuals",
    "zone_activities",
]


def actuals_path(week: str) -> str:
    """`actuals/2026-W48.csv`: where a week's actuals are kept in a zone folder. ValueError
    (TimeFormatError) when `week` is not an ISO week."""
    return f"{ACTUALS_DIR}/{week_label(*parse_week(week))}.csv"


def zone_activities(zone: Zone) -> tuple[str, ...]:
    """What a line may be: the zone's operation types, the basic missions and the
    commitment types (hycap, training, ...)."""
    return (*(o.id for o in zone.operations), *BASIC_MISSIONS, *COMMITMENT_TYPES)


def line_kind(activity: str, zone: Zone) -> str:
    """The kind of an activity, one of KINDS."""
    if activity == "hycap":
        return "hycap"
    if activity in COMMITMENT_TYPES:
        return "other_commitments"
    if activity in BASIC_MISSIONS:
        return "basic_missions"
    return "priority_operations"


def hours_by_kind(actuals: Actuals, zone: Zone) -> dict[str, float]:
    """Person-hours done per kind of line (every kind, 0 when none)."""
    out = dict.fromkeys(KINDS, 0.0)
    for line in actuals.lines:
        out[line_kind(line.activity, zone)] += line.hours
    return out


# -- reading -------------------------------------------------------------------------------
def decode_csv(data: bytes, name: str) -> str:
    """The text of a CSV file's bytes, decoded like every CSV input (UTF-8 with or without
    byte-order mark, else Windows-1252); InputError when it is neither."""
    errors = Collector()
    encoding = _Reader(Path("."), errors).csv_encoding(data, name)
    errors.raise_if_any()
    assert encoding is not None
    return data.decode(encoding).removeprefix("\ufeff")


def read_actuals(folder: str | Path, week: str, zone: Zone) -> Actuals | None:
    """The week's actuals kept in the zone folder, None when there is no file."""
    root = Path(folder)
    path = root / actuals_path(week)
    if not path.is_file():
        return None
    name = _Reader(root, Collector()).rel(path)
    return parse_actuals(decode_csv(path.read_bytes(), name), name, zone, week)


def _header_names(text: str) -> list[str]:
    first = text.removeprefix("\ufeff").split("\n", 1)[0].rstrip("\r")
    sep, _ = _header_separator(first)
    try:
        return [h.strip().casefold() for h in next(csv.reader([first], delimiter=sep))]
    except (csv.Error, StopIteration):
        return []


def parse_actuals(text: str, file: str, zone: Zone, week: str) -> Actuals:
    """A week's actuals from the scheduling tool's CSV or a plan.csv with a `done` column
    (told apart by that column), every line checked: its activity, officers, hours, times,
    and that it starts within the operational week. InputError with every issue; `file`
    names the file in them."""
    try:
        label = week_label(*parse_week(week))
    except TimeFormatError as exc:
        raise InputError([InputIssue(file, None, "(week)", week, exc.code, exc.values)]) from None
    reader = _LineReader(file, zone, label)
    if "done" in _header_names(text):
        lines = reader.plan_done(text)
        source = SOURCE_PLAN
    else:
        lines = reader.tool(text)
        source = SOURCE_TOOL
    reader.errors.raise_if_any()
    return Actuals(label, tuple(lines), source)


class _LineReader:
    """Reads the rows of one file into ActualLines, recording issues."""

    def __init__(self, file: str, zone: Zone, week: str):
        self.f = file
        self.zone = zone
        self.week = week
        self.errors = Collector()
        self.r = _Reader(Path("."), self.errors)
        self.tz = ZoneInfo(zone.settings.timezone)
        self.week_start, self.week_end = week_bounds(week, self.tz, zone.settings.day_start_minute)
        self.activities = zone_activities(zone)

    # -- the two layouts -------------------------------------------------------------------
    def tool(self, text: str) -> list[ActualLine]:
        columns = ("date", "start", "end", "activity", "officers", *_TOOL_OPTIONAL)
        rows = self.r.csv_text_rows(text, self.f, columns, _TOOL_OPTIONAL, fold_case=True)
        lines = []
        for row, rec in rows:
            ok = self.activity_ok(row, rec["activity"])
            officers = self.officers(row, rec["officers"])
            day = self.r.date(self.f, row, "date", rec["date"])
            start = self.moment(row, "start", rec["start"], day)
            end = self.moment(row, "end", rec["end"], day)
            hours = None
            if rec.get("hours", ""):
                hours = self.r.number(self.f, row, "hours", rec["hours"], 0, MAX_HOURS)
                ok &= hours is not None
            if not ok or officers is None or start is None or end is None:
                continue
            if isinstance(end, int):  # a time of day: the same day, or the next one
                start_minute = start.hour * 60 + start.minute
                end = _at(start.date(), end + (1440 if end <= start_minute else 0), self.tz)
            written = f"{rec['date']} {rec['start']}"
            line = self.line(row, start, end, rec["start"], rec["end"], written)
            if line is None:
                continue
            start, end = line
            if hours is None:
                hours = officers * _elapsed_hours(start, end)
            lines.append(
                ActualLine(start, end, rec["activity"], officers, float(hours), rec.get("note", ""))
            )
        return lines

    def plan_done(self, text: str) -> list[ActualLine]:
        rows = self.r.csv_text_rows(text, self.f, _PLAN_REQUIRED, ("note",), fold_case=True)
        lines = []
        for row, rec in rows:
            done = self.done(row, rec["done"])
            if done is False or done is None:
                continue
            ok = self.activity_ok(row, rec["activity"])
            officers = self.officers(row, rec["officers"])
            planned = self.r.number(self.f, row, "hours", rec["hours"], 0, MAX_HOURS)
            start = self.r.instant(self.f, row, "start", rec["start"], self.tz)
            end = self.r.instant(self.f, row, "end", rec["end"], self.tz)
            if not ok or None in (officers, planned, start, end):
                continue
            line = self.line(row, start, end, rec["start"], rec["end"], rec["start"])
            if line is None:
                continue
            hours = planned if done is True else done
            lines.append(
                ActualLine(*line, rec["activity"], officers, float(hours), rec.get("note", ""))
            )
        return lines

    # -- values ----------------------------------------------------------------------------
    def activity_ok(self, row: int, activity: str) -> bool:
        if activity in self.activities:
            return True
        near = nearest(activity, self.activities) or ""
        self.errors.add(
            self.f, row, "activity", activity, "one_of", options=self.activities, near=near
        )
        return False

    def officers(self, row: int, value: str) -> int | None:
        n = self.r.number(self.f, row, "officers", value, 1, MAX_STAFF, integer=True)
        return None if n is None else int(n)

    def done(self, row: int, value: str) -> bool | float | None:
        """True (done as planned), False (not done), the person-hours done, or None with an
        issue."""
        word = value.strip().casefold()
        if word in _DONE_YES:
            return True
        if word in _DONE_NO:
            return False
        try:
            hours = _number_text(word, False, self.f in self.r.semicolon_files)
        except _NotANumber:
            self.errors.add(self.f, row, "done", value, "done_value")
            return None
        if not 0 <= hours <= MAX_HOURS:
            self.errors.add(self.f, row, "done", value, "range", min=0, max=MAX_HOURS)
            return None
        return float(hours) if hours > 0 else False

    def moment(self, row: int, fld: str, value: str, day: dt.date | None):
        """A time of day HH:MM (minutes; the start made a datetime on `day`), or a full
        date-time (an aware datetime); None with an issue."""
        text = value.strip()
        if any(c in text for c in "-/T ") or len(text) > 5:
            return self.r.instant(self.f, row, fld, text, self.tz)
        minutes = self.r.clock(self.f, row, fld, text)
        if minutes is None or day is None:
            return None
        return _at(day, minutes, self.tz) if fld == "start" else minutes

    def line(
        self,
        row: int,
        start: dt.datetime,
        end: dt.datetime,
        start_text: str,
        end_text: str,
        written: str,
    ) -> tuple[dt.datetime, dt.datetime] | None:
        """The line's times in the zone's time, to the minute, when the end is after the
        start and within a day of it (by the clock) and the start is in the week."""
        start = start.astimezone(self.tz).replace(second=0, microsecond=0)
        end = end.astimezone(self.tz).replace(second=0, microsecond=0)
        by_clock = end.replace(tzinfo=None) - start.replace(tzinfo=None)
        if _elapsed_hours(start, end) <= 0:
            self.errors.add(self.f, row, "end", end_text, "end_after_start", start=start_text)
            return None
        if by_clock > _DAY:
            self.errors.add(self.f, row, "end", end_text, "within_a_day", start=start_text)
            return None
        if not self.week_start <= start < self.week_end:
            self.errors.add(
                self.f,
                row,
                "start",
                written,
                "in_week",
                week=self.week,
                start=self.week_start.replace(tzinfo=None),
                end=self.week_end.replace(tzinfo=None),
            )
            return None
        return start, end


def _at(day: dt.date, minutes: int, tz: ZoneInfo) -> dt.datetime:
    """`minutes` after midnight of `day`, by the clock, in the zone's time."""
    return (dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)).replace(tzinfo=tz)


def _elapsed_hours(start: dt.datetime, end: dt.datetime) -> float:
    """Hours elapsed (a day with a clock change has 23 or 25)."""
    return (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() / 3600


# -- writing -------------------------------------------------------------------------------
def _figure(x: float) -> str:
    """A number as short as it reads back exactly: 24, 7.5, 10.333333333333334."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def actuals_text(actuals: Actuals, zone: Zone) -> str:
    """The normal form of `actuals/<week>.csv`: ACTUALS_COLUMNS, one line each, sorted by
    start, activity, then the order given; local dates and times of the zone."""
    tz = ZoneInfo(zone.settings.timezone)
    order = sorted(
        range(len(actuals.lines)),
        key=lambda k: (actuals.lines[k].start, actuals.lines[k].activity, k),
    )
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(ACTUALS_COLUMNS)
    for k in order:
        line = actuals.lines[k]
        start, end = line.start.astimezone(tz), line.end.astimezone(tz)
        out.writerow(
            (
                start.date().isoformat(),
                start.strftime("%H:%M"),
                end.strftime("%H:%M"),
                neutralise(line.activity),
                line.officers,
                _figure(line.hours),
                neutralise(line.note),
            )
        )
    return buf.getvalue()


# -- made-up actuals for the demo ------------------------------------------------------------
OPERATION_DONE = 0.88  # the share of priority operations' crews done (others: weather...)


def _basic_factor(rng: random.Random, activity: str) -> float:
    """How far a basic mission's hours done were from the plan: intervention often more
    (calls run late), neighbourhood sometimes less, the others a few per cent either way."""
    if activity == "intervention":
        return 1 + rng.uniform(0, 0.08) if rng.random() < 0.6 else 1 - rng.uniform(0, 0.02)
    if activity == "neighbourhood":
        return 1 - rng.uniform(0, 0.12) if rng.random() < 0.3 else 1 + rng.uniform(-0.02, 0.02)
    return 1 + rng.uniform(-0.03, 0.03)


def generate_actuals(plan_csv_text: str, zone: Zone, week: str, seed: int) -> Actuals:
    """Made-up but plausible actuals of a week from its plan.csv (the demo's history): each
    crew of a priority operation done with a chance of OPERATION_DONE, the basic missions'
    hours a few per cent off the plan, HyCap and commitments as planned. The same plan, week
    and seed give the same actuals."""
    tz = ZoneInfo(zone.settings.timezone)
    rng = random.Random(f"{seed}-{week}")
    lines = []
    for rec in csv.DictReader(io.StringIO(plan_csv_text.removeprefix("\ufeff"))):
        planned = float(rec["hours"])
        officers = int(rec["officers"])
        if officers < 1 or planned <= 0:
            continue
        hours = planned
        if rec["kind"] == "priority_operation":
            if rng.random() >= OPERATION_DONE:
                continue
        elif rec["kind"] == "basic_mission" and rec["duty"] == "on_duty":
            hours = round(planned * _basic_factor(rng, rec["activity"]), 1)
        start = dt.datetime.fromisoformat(rec["start"]).astimezone(tz)
        end = dt.datetime.fromisoformat(rec["end"]).astimezone(tz)
        lines.append(ActualLine(start, end, rec["activity"], officers, hours))
    return Actuals(week_label(*parse_week(week)), tuple(lines), SOURCE_TOOL)
