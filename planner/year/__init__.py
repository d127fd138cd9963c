"""The PZS year: the zonal security plan's yearly targets, what was planned and done week by
week, the year to date, catch-up floors and the yearly report.

The pieces, each with one home:
- `pzs`: the zone's `pzs.toml` (cycle, targets per priority and year, optional quarterly
  profile), read and checked like every input (`load_pzs`).
- `actuals`: what was actually done in a week, imported from the scheduling tool (its own
  CSV, or plan.csv with a `done` column) and kept as `actuals/<week>.csv` in the zone folder
  (or the store), in one normal form (`read_actuals`, `parse_actuals`, `actuals_text`).
- `records`: one week of the year as figures: `WeekRecord` (what was planned, from the
  plan's exported files, whether validated or planned now) and `DoneRecord` (what was done,
  from the actuals).
- `ytd`: the year to date from those records (`year_to_date`): pure arithmetic, so that a
  year built by hand checks every figure.
- `catchup`: the remaining targets as floors for the coming weeks.
- `collect`: gathers a zone's records for a year (validated plans from the store, the other
  weeks planned through `planner.weeks`, actuals from the folder).

Like the rest of the core, these return codes and numbers; words are the text layer's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

QUARTERS = 4


@dataclass(frozen=True)
class Target:
    """One priority's objective for one year, as the PZS's action plans state it."""

    priority: str
    year: int
    hours: float | None = None  # person-hours of the priority's operations in the year
    operations: Mapping[str, int] = field(default_factory=dict)  # operation type -> count
    # share of the year's target in each quarter (sums to 1); None: spread evenly by week
    quarters: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class Pzs:
    """The zone's security plan as data: its cycle and its yearly targets."""

    first_year: int
    last_year: int
    targets: tuple[Target, ...] = ()
    title: str = ""

    def target(self, priority: str, year: int) -> Target | None:
        for t in self.targets:
            if t.priority == priority and t.year == year:
                return t
        return None


@dataclass(frozen=True)
class ActualLine:
    """One line of what was done: an operation (one crew), a stretch of a basic mission, or
    officers lent to a commitment."""

    start: dt.datetime  # aware
    end: dt.datetime  # aware
    # an operation type id, a basic mission (planner.problem.ACTIVITIES), or a commitment
    # type (hycap, ...)
    activity: str
    officers: int
    hours: float  # person-hours done
    note: str = ""


@dataclass(frozen=True)
class Actuals:
    """A week's actuals as imported (`source`: "actuals" for the scheduling tool's CSV,
    "plan_done" for a plan.csv with a done column)."""

    week: str
    lines: tuple[ActualLine, ...]
    source: str = "actuals"
