"""The year to date: per priority its target, what was planned and done, where the year is
heading and what it takes to reach the target; per basic mission the weeks it fell short;
the HyCap line. Pure arithmetic on week records, so a year built by hand checks it.

The figures, for a year and the last week counted (`as_of`; the weeks up to it are "past",
the others "left"):
- planned: the sum over the past weeks with a plan (validated, else planned now);
- done: the sum over the past weeks with actuals;
- achieved: done where a week has actuals, planned where it has only a plan: the best
  figure of what the year has got so far;
- expected: the target's share of the past weeks (by the quarterly profile when the PZS
  gives one, else evenly by week): where the year should stand;
- projection: achieved plus the current pace (achieved per past week) for each week left;
- needed per week: what is still missing to the target, spread over the weeks left (by the
  profile when there is one, as the share of the next week left; evenly otherwise).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from planner.domain import BASIC_MISSIONS, LEVELS, Zone
from planner.timegrid import parse_week, week_label
from planner.year import Pzs, Target
from planner.year.records import DoneRecord, WeekRecord


def year_weeks(year: int) -> list[str]:
    """The ISO weeks of a year (52 or 53)."""
    last = dt.date(year, 12, 28).isocalendar()[1]
    return [week_label(year, w) for w in range(1, last + 1)]


def quarter(week: str) -> int:
    """The quarter (0-3) a week counts in: the one of its Thursday."""
    year, number = parse_week(week)
    return (dt.date.fromisocalendar(year, number, 4).month - 1) // 3


def week_shares(target: Target | None, year: int) -> dict[str, float]:
    """Each week's share of the year's target (they sum to 1): the quarter's share split
    evenly over the quarter's weeks, or one week's worth of an even year."""
    weeks = year_weeks(year)
    if target is None or target.quarters is None:
        return {w: 1 / len(weeks) for w in weeks}
    per_quarter = [sum(1 for w in weeks if quarter(w) == q) for q in range(4)]
    return {w: target.quarters[quarter(w)] / per_quarter[quarter(w)] for w in weeks}


@dataclass(frozen=True)
class Progress:
    """One target's figures (hours or a count)."""

    target: float | None
    planned: float
    done: float
    achieved: float
    expected: float | None
    projection: float
    needed_per_week: float | None  # None without a target; 0 when it is reached

    @property
    def on_track(self) -> bool | None:
        """The projection reaches the target."""
        return None if self.target is None else self.projection >= self.target - 1e-9

    @property
    def behind(self) -> float | None:
        """How far `achieved` is below `expected` (negative: ahead)."""
        return None if self.expected is None else self.expected - self.achieved


@dataclass(frozen=True)
class OperationYear:
    operation: str
    priority: str
    counts: Progress


@dataclass(frozen=True)
class PriorityYear:
    priority: str
    hours: Progress
    operations: tuple[OperationYear, ...] = ()
    # over the weeks with both a plan and actuals: done minus planned
    done_minus_planned: float = 0.0


@dataclass(frozen=True)
class MissionYear:
    """A basic mission over the past weeks."""

    functionality: str
    planned_hours: float
    done_hours: float
    done_minus_planned: float  # over the weeks with both
    legal_short_weeks: tuple[str, ...]
    zone_short_weeks: tuple[str, ...]
    legal_short_hours: float
    zone_short_hours: float


@dataclass(frozen=True)
class HycapYear:
    """The yearly HyCap line (MFO-2): the zone's share of its operational staff's net hours."""

    line_hours: float
    lent_hours: float  # planned, past weeks
    done_hours: float  # actuals, past weeks
    achieved_hours: float  # done where known, else planned
    projection_hours: float
    remaining_hours: float  # line minus achieved
    # what zone.toml says was used this year (hycap.used_hours_ytd), which the weekly plans'
    # budget counts from: set by hand, it may differ from the weeks' records
    declared_hours: float = 0.0

    @property
    def share_used(self) -> float:
        return self.achieved_hours / self.line_hours if self.line_hours > 0 else 0.0


@dataclass(frozen=True)
class YearToDate:
    year: int
    as_of: str | None  # last week counted; None when no week of the year is past
    weeks: tuple[str, ...]  # every ISO week of the year
    past: tuple[str, ...]
    left: tuple[str, ...]
    planned_weeks: tuple[str, ...]  # past weeks with a plan
    validated_weeks: tuple[str, ...]
    done_weeks: tuple[str, ...]  # past weeks with actuals
    priorities: tuple[PriorityYear, ...]
    missions: tuple[MissionYear, ...]
    hycap: HycapYear
    waterfall: Mapping[str, float]  # the past weeks' capacity waterfall, summed
    records: tuple[WeekRecord, ...]  # the past weeks' plans, in week order
    done: tuple[DoneRecord, ...]

    def priority(self, pid: str) -> PriorityYear:
        return next(p for p in self.priorities if p.priority == pid)

    def mission(self, functionality: str) -> MissionYear:
        return next(m for m in self.missions if m.functionality == functionality)


def default_as_of(year: int, today: dt.date) -> str | None:
    """The last complete week of `year` before `today`'s week."""
    this = today.isocalendar()
    last_complete = dt.date.fromisocalendar(this[0], this[1], 1) - dt.timedelta(days=7)
    weeks = year_weeks(year)
    iso = last_complete.isocalendar()
    label = week_label(iso[0], iso[1])
    if label < weeks[0]:
        return None
    return min(label, weeks[-1])


def _progress(
    target: float | None,
    shares: Mapping[str, float],
    past: list[str],
    left: list[str],
    planned: Mapping[str, float],
    done: Mapping[str, float],
) -> Progress:
    """`planned` and `done` map each past week with a plan or actuals to its figure."""
    achieved = sum(done.get(w, planned.get(w, 0.0)) for w in past)
    pace = achieved / len(past) if past else 0.0
    expected = needed = None
    if target is not None:
        expected = target * sum(shares[w] for w in past)
        missing = max(0.0, target - achieved)
        share_left = sum(shares[w] for w in left)
        if not left:
            needed = 0.0
        elif share_left > 0:
            needed = missing * shares[left[0]] / share_left
        else:
            needed = missing / len(left)
    return Progress(
        target=target,
        planned=sum(planned.values()),
        done=sum(done.values()),
        achieved=achieved,
        expected=expected,
        projection=achieved + pace * len(left),
        needed_per_week=needed,
    )


def year_to_date(
    zone: Zone,
    pzs: Pzs | None,
    year: int,
    as_of: str | None,
    planned: Mapping[str, WeekRecord],
    done: Mapping[str, DoneRecord],
) -> YearToDate:
    """The year to date from the week records (`planned` and `done` by week; weeks outside
    the year or after `as_of` are not counted)."""
    weeks = year_weeks(year)
    past = [w for w in weeks if as_of is not None and w <= as_of]
    left = [w for w in weeks if w not in past]
    plans = {w: planned[w] for w in past if w in planned}
    actuals = {w: done[w] for w in past if w in done}
    both = [w for w in past if w in plans and w in actuals]

    priorities = []
    for prio in zone.priorities:
        target = pzs.target(prio.id, year) if pzs else None
        shares = week_shares(target, year)
        hours = _progress(
            target.hours if target else None,
            shares,
            past,
            left,
            {w: r.priority_hours.get(prio.id, 0.0) for w, r in plans.items()},
            {w: r.priority_hours.get(prio.id, 0.0) for w, r in actuals.items()},
        )
        ops = []
        for op in zone.operations:
            if op.priority != prio.id:
                continue
            count_target = target.operations.get(op.id) if target else None
            counts = _progress(
                None if count_target is None else float(count_target),
                shares,
                past,
                left,
                {w: float(r.operation_counts.get(op.id, 0)) for w, r in plans.items()},
                {w: float(r.operation_counts.get(op.id, 0)) for w, r in actuals.items()},
            )
            ops.append(OperationYear(op.id, prio.id, counts))
        gap = sum(
            actuals[w].priority_hours.get(prio.id, 0.0) - plans[w].priority_hours.get(prio.id, 0.0)
            for w in both
        )
        priorities.append(PriorityYear(prio.id, hours, tuple(ops), gap))

    missions = []
    for fid in BASIC_MISSIONS:
        short = {
            level: [
                (w, plans[w].norm_short.get((fid, level), 0.0))
                for w in past
                if w in plans and plans[w].norm_short.get((fid, level), 0.0) > 0
            ]
            for level in LEVELS
        }
        missions.append(
            MissionYear(
                functionality=fid,
                planned_hours=sum(r.mission_hours.get(fid, 0.0) for r in plans.values()),
                done_hours=sum(r.mission_hours.get(fid, 0.0) for r in actuals.values()),
                done_minus_planned=sum(
                    actuals[w].mission_hours.get(fid, 0.0) - plans[w].mission_hours.get(fid, 0.0)
                    for w in both
                ),
                legal_short_weeks=tuple(w for w, _ in short["legal"]),
                zone_short_weeks=tuple(w for w, _ in short["zone"]),
                legal_short_hours=sum(h for _, h in short["legal"]),
                zone_short_hours=sum(h for _, h in short["zone"]),
            )
        )

    st = zone.settings
    operational = sum(1 for o in zone.officers if o.operational)
    line = round(st.hycap_yearly_share * operational * st.net_productive_hours_per_year, 1)
    lent = {w: r.hycap_hours for w, r in plans.items()}
    hycap_done = {w: r.hycap_hours for w, r in actuals.items()}
    achieved = sum(hycap_done.get(w, lent.get(w, 0.0)) for w in past)
    pace = achieved / len(past) if past else 0.0
    hycap = HycapYear(
        line_hours=line,
        lent_hours=sum(lent.values()),
        done_hours=sum(hycap_done.values()),
        achieved_hours=achieved,
        projection_hours=achieved + pace * len(left),
        remaining_hours=round(line - achieved, 1),
        declared_hours=st.hycap_used_hours_ytd,
    )

    waterfall: dict[str, float] = {}
    for r in plans.values():
        for step, h in r.waterfall.items():
            waterfall[step] = waterfall.get(step, 0.0) + h

    return YearToDate(
        year=year,
        as_of=as_of if past else None,
        weeks=tuple(weeks),
        past=tuple(past),
        left=tuple(left),
        planned_weeks=tuple(plans),
        validated_weeks=tuple(w for w, r in plans.items() if r.source == "validated"),
        done_weeks=tuple(actuals),
        priorities=tuple(priorities),
        missions=tuple(missions),
        hycap=hycap,
        waterfall=waterfall,
        records=tuple(plans.values()),
        done=tuple(actuals.values()),
    )


YEAR_COLUMNS = [
    "priority",
    "target_hours",
    "expected_hours",
    "planned_hours",
    "done_hours",
    "achieved_hours",
    "projection_hours",
    "needed_weekly_hours",
    "on_track",
]


def year_table(ytd: YearToDate) -> pd.DataFrame:
    """year.csv: one row per priority, codes and numbers (hours rounded to 0.1)."""

    def hours(x: float | None) -> float | None:
        return None if x is None else round(x, 1)

    rows = []
    for p in ytd.priorities:
        h = p.hours
        rows.append(
            dict(
                priority=p.priority,
                target_hours=hours(h.target),
                expected_hours=hours(h.expected),
                planned_hours=hours(h.planned),
                done_hours=hours(h.done),
                achieved_hours=hours(h.achieved),
                projection_hours=hours(h.projection),
                needed_weekly_hours=hours(h.needed_per_week),
                on_track={None: "", True: "yes", False: "no"}[h.on_track],
            )
        )
    return pd.DataFrame(rows, columns=YEAR_COLUMNS)
