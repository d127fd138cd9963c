"""Catch-up, explicitly: the hours each priority still misses to its yearly target become
floors for the coming weeks, so that the week's allocation is "catch up, then share by
weight". A scenario asks for it with `catch_up = true` (scenarios.toml).

A priority's floor in week w is what it still misses (target minus achieved, see
`planner.year.ytd`) times the week's share of the weeks left (the PZS's quarterly profile, or
evenly). Within capacity: when a week's floors add up to more than the hours its operations
took in its plan without catch-up (its capacity for priorities less what no operation could
use), they are scaled down together to fit, so catching up never asks more than the week
has. A floor the plan still cannot meet (qualified officers or time windows) is reported as
a floor shortfall, like any floor. Floors are rounded down to
the step in which the priority's hours move (its operations' person-hours), so that a
floor the week can meet is not missed by a few hours.
Only hour targets give floors: a count of operations does not say how many hours it takes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

from planner.domain import Zone
from planner.solver import SolverParams
from planner.timegrid import parse_week, shift_week
from planner.year import Pzs
from planner.year.ytd import YearToDate, week_shares


def catch_up_floors(
    ytd: YearToDate,
    pzs: Pzs | None,
    weeks: list[str],
    capacity: Mapping[str, float] | None = None,
    steps: Mapping[str, int] | None = None,
) -> dict[str, dict[str, float]]:
    """Floors by week (those of `weeks` that are left in `ytd`'s year) and priority;
    `capacity` maps a week to the room for the floors, to keep them within it; `steps` the
    person-hours in which a priority's hours move (a floor is rounded down to one)."""
    wanted = [w for w in weeks if w in ytd.left]
    floors: dict[str, dict[str, float]] = {w: {} for w in wanted}
    if pzs is None or not wanted:
        return floors
    for p in ytd.priorities:
        target = pzs.target(p.priority, ytd.year)
        if target is None or target.hours is None:
            continue
        missing = max(0.0, target.hours - p.hours.achieved)
        shares = week_shares(target, ytd.year)
        share_left = sum(shares[w] for w in ytd.left)
        for w in wanted:
            part = shares[w] / share_left if share_left > 0 else 1 / len(ytd.left)
            floors[w][p.priority] = missing * part
    for w, by_priority in floors.items():
        total = sum(by_priority.values())
        room = capacity.get(w) if capacity is not None else None
        scale = min(1.0, room / total) if room is not None and total > 0 else 1.0
        step = steps or {}
        floors[w] = {
            pid: float(math.floor(h * scale / step.get(pid, 1)) * step.get(pid, 1))
            for pid, h in by_priority.items()
        }
    return floors


def hour_steps(zone: Zone) -> dict[str, int]:
    """Each priority's step of hours in a week of whole blocks: the gcd of its operation
    types' person-hours (crew x duration)."""
    out: dict[str, int] = {}
    for op in zone.operations:
        out[op.priority] = math.gcd(out.get(op.priority, 0), op.crew * op.duration_hours)
    return {pid: max(1, g) for pid, g in out.items()}


def range_floors(
    folder: str | Path,
    zone: Zone,
    weeks: list[str],
    rooms: Mapping[str, float],
    scenario: str = "baseline",
    params: SolverParams | None = None,
) -> dict[str, dict[str, float]]:
    """The catch-up floors of each of `weeks`; `rooms` maps a week to the hours its
    operations took in its plan without catch-up (its capacity for priorities less what no
    operation could use). The year to date is taken as of the week before the first of
    `weeks` in each year; it needs a plan only of the past weeks with neither actuals nor a
    validated plan (planned under `scenario`, without catch-up)."""
    from planner.year.collect import collect_year
    from planner.year.pzs import load_pzs

    pzs = load_pzs(folder, zone)
    floors: dict[str, dict[str, float]] = {}
    for year in sorted({parse_week(w)[0] for w in weeks}):
        in_year = [w for w in weeks if parse_week(w)[0] == year]
        first = min(in_year)
        as_of = shift_week(first, -1) if parse_week(first)[1] > 1 else None
        ytd = collect_year(
            folder, year, as_of, scenario=scenario, params=params, plans="missing"
        ).ytd
        floors |= catch_up_floors(ytd, pzs, in_year, rooms, hour_steps(zone))
    return floors


def week_floors(
    zone: Zone, week: str, scenario: str, params: SolverParams | None = None
) -> dict[str, float]:
    """The catch-up floors of one week of a zone loaded from its folder (`zone.source`): the
    week is planned without them first, as the zone stands (the app's edits included)."""
    from planner.api import plan_week

    without = plan_week(zone, week, scenario, params, floors={})
    room = sum(without.priority_hours.values())
    return range_floors(zone.source, zone, [week], {week: room}, scenario, params)[week]
