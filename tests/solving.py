"""The one way a test plans a week: every plan a test looks at has first been passed by the
independent checker (planner/checker.py), so a test can never pass on a plan that breaks a
hard rule. Plans made elsewhere (a job's child process, the command line run in-process)
go through `checked` or `check_every_plan_of`."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from planner.api import plan_week
from planner.checker import check_plan
from planner.domain import Zone
from planner.results import Plan
from planner.solver import SolverParams
from planner.zone_io import load_zone

WEEK = "2026-W49"  # the week of the samples' and the tiny zones' dated inputs


def checked(plan: Plan) -> Plan:
    """`plan`, once the checker finds nothing wrong with it."""
    problems = check_plan(plan.problem, plan)
    assert problems == [], "the checker refuses the plan:\n" + "\n".join(problems)
    return plan


def solve_checked(
    zone: Zone | str | Path,
    week: str = WEEK,
    scenario: str = "baseline",
    params: SolverParams | None = None,
) -> Plan:
    """Plan `week` of a zone (loaded, or its folder) under `scenario`, and check the plan."""
    if not isinstance(zone, Zone):
        zone = load_zone(zone)
    return checked(plan_week(zone, week, scenario, params))


def check_every_plan_of(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> None:
    """Make `module`'s own `plan_week` (the command line's, say) check every plan it makes."""
    monkeypatch.setattr(module, "plan_week", lambda *a, **kw: checked(plan_week(*a, **kw)))
