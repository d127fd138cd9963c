"""Results layer: the one call that the command line and the app use to plan a week."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from planner.domain import Zone
from planner.problem import build_problem
from planner.results import Plan, build_plan
from planner.scenarios import get_scenario, with_floors
from planner.solver import SolverParams, solve
from planner.zone_io import load_zone


@dataclass
class Timings:
    read_s: float = 0.0
    build_s: float = 0.0
    solve_s: dict[str, float] = field(default_factory=dict)
    write_s: float = 0.0

    @property
    def total_s(self) -> float:
        return self.read_s + self.build_s + sum(self.solve_s.values()) + self.write_s


def plan_week(
    zone: Zone,
    week: str,
    scenario: str = "baseline",
    params: SolverParams | None = None,
    timings: Timings | None = None,
    floors: dict[str, float] | None = None,
) -> Plan:
    """Plan one ISO week of a loaded zone under a scenario. `floors` (priority -> hours)
    raise the scenario's own floors for this week; left None under a scenario with
    `catch_up = true`, they are the PZS year's catch-up floors of the week
    (planner.year.catchup, from the zone folder's pzs.toml and actuals)."""
    t0 = time.perf_counter()
    if floors is None and get_scenario(zone, scenario).catch_up and zone.source:
        from planner.year.catchup import week_floors

        floors = week_floors(zone, week, scenario, params)
    if floors:
        zone = with_floors(zone, scenario, floors)
    problem = build_problem(zone, week, scenario)
    raw = solve(problem, params)
    plan = build_plan(raw)
    if timings is not None:
        solve_s = sum(s.seconds for s in raw.stages)
        timings.build_s += time.perf_counter() - t0 - solve_s
        for s in raw.stages:
            stage = s.name.split(":")[0]
            timings.solve_s[stage] = timings.solve_s.get(stage, 0.0) + s.seconds
    return plan


def plan_folder(
    folder: str | Path,
    week: str,
    scenario: str = "baseline",
    params: SolverParams | None = None,
    timings: Timings | None = None,
) -> Plan:
    t0 = time.perf_counter()
    zone = load_zone(folder)
    if timings is not None:
        timings.read_s += time.perf_counter() - t0
    return plan_week(zone, week, scenario, params, timings)
