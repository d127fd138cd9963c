"""Catch-up on the demo zone: the floors come from the year to date, fit the week, and the
plan under them gives the priorities behind their targets more hours than the plan without,
at the others' expense; a floor the plan cannot meet is reported, never hidden."""

from __future__ import annotations

import pytest

from planner.api import plan_week
from planner.export import export_files
from planner.year.catchup import catch_up_floors, hour_steps, week_floors
from planner.year.collect import collect_year
from planner.year.pzs import load_pzs
from planner.zone_io import load_zone
from tests.solving import checked

WEEK = "2026-W03"  # the demo has actuals for W01 and W02: nothing past needs planning


@pytest.fixture(scope="module")
def caught_up(tmp_path_factory):
    import shutil

    from tests.conftest import DATA

    folder = shutil.copytree(DATA / "zone-demo", tmp_path_factory.mktemp("z") / "zone-demo")
    zone = load_zone(folder)
    without = checked(plan_week(zone, WEEK, "catch_up", floors={}))
    floors = week_floors(zone, WEEK, "catch_up")
    # planning the scenario is enough: plan_week finds the floors itself
    plan = checked(plan_week(zone, WEEK, "catch_up"))
    return folder, zone, without, floors, plan


def test_floors_are_the_year_to_dates(caught_up):
    folder, zone, without, floors, _ = caught_up
    year = collect_year(folder, 2026, "2026-W02", plans="missing")
    assert year.ytd.done_weeks == ("2026-W01", "2026-W02")
    room = sum(without.priority_hours.values())
    steps = hour_steps(zone)
    expected = catch_up_floors(year.ytd, load_pzs(folder, zone), [WEEK], {WEEK: room}, steps)
    assert floors == expected[WEEK]
    assert set(floors) == {p.id for p in zone.priorities}  # the demo's PZS has every one
    assert 0 < sum(floors.values()) <= room
    assert all(f % steps[p] == 0 for p, f in floors.items())
    assert steps["road_safety"] == 8  # speed checks 2 x 4 h, BOB checks 6 x 4 h, patrols 2 x 4 h


def test_the_plan_meets_the_floors_or_says_so(caught_up):
    _, _, _, floors, plan = caught_up
    assert {p.id: p.floor_hours for p in plan.problem.priorities} == floors
    short = plan.status.hours("floor")
    missing = sum(max(0.0, floors[p] - h) for p, h in plan.priority_hours.items())
    assert short == pytest.approx(missing)


def test_catching_up_moves_hours_to_the_priorities_behind(caught_up):
    _, _, without, floors, plan = caught_up
    behind = [p for p, f in floors.items() if f > without.priority_hours[p]]
    ahead = [p for p, f in floors.items() if f < without.priority_hours[p]]
    assert behind and ahead
    for p in behind:
        assert plan.priority_hours[p] > without.priority_hours[p], p
    assert sum(plan.priority_hours[p] for p in ahead) < sum(
        without.priority_hours[p] for p in ahead
    )
    # the basic missions do not pay for it: stage 1 is the same
    assert plan.capacity_for_priorities == without.capacity_for_priorities
    assert plan.status.hours("legal") == without.status.hours("legal")


def test_a_range_under_catch_up_gets_the_same_floors(caught_up):
    """plan_weeks works the range's floors out once, from the same year to date."""
    from planner.weeks import plan_weeks

    folder, _, _, floors, plan = caught_up
    (result,) = plan_weeks(folder, [WEEK], "catch_up", workers=1)
    rows = result.files["priorities.csv"].splitlines()[1:]
    assert {r.split(",")[0]: float(r.split(",")[4]) for r in rows} == floors
    assert result.files["plan.csv"] == export_files(plan)["plan.csv"]
