"""Right to the law, and honest about it: elapsed time across clock changes, reception as
zones open it, and the inputs checked against working time. Tiny zones whose figures are
worked out by hand in each docstring; every plan goes through the independent checker."""

from __future__ import annotations

import pytest

from planner.api import plan_week
from planner.checker import check_plan
from planner.zone_io import load_zone
from tests.tiny import officer, operation, priority, write_zone


def plan_of(root, week, scenario="baseline"):
    plan = plan_week(load_zone(root), week, scenario)
    assert check_plan(plan.problem, plan) == []
    return plan


# -- (4) elapsed time across clock changes ------------------------------------------------------
@pytest.mark.parametrize(("week", "saturday", "sunday", "hours"), [
    ("2026-W13", "2026-03-28", "2026-03-29", 23),  # spring forward: 02:00 -> 03:00
    ("2026-W43", "2026-10-24", "2026-10-25", 25),  # fall back: 03:00 -> 02:00
])
def test_a_commitment_over_a_clock_change_counts_elapsed_hours(tmp_path, week, saturday, sunday, hours):
    """Two officers on duty around the clock (24-hour shifts from 07:00); a HyCap request for
    both from Saturday 07:00 to Sunday 07:00, written in local time. Across the spring change
    that day lasts 23 h, across the autumn change 25 h: the request is 2 x 23 = 46 h or
    2 x 25 = 50 h, both as the request's own length (`hours`) and in whole blocks
    (`reserved_hours`: the six blocks of Saturday's operational day, one of 3 h or 5 h).
    Before the fix the wall-clock difference gave 24 h per officer in both weeks."""
    root = write_zone(tmp_path, [officer("O1"), officer("O2")], [priority("road_safety", 1)],
                      [operation("a", "road_safety")])
    folder = root / "weeks" / week
    folder.mkdir(parents=True)
    (folder / "commitments.csv").write_text(
        "id,type,start,end,officers,qualification,label\n"
        f"h1,hycap,{saturday}T07:00,{sunday}T07:00,2,,Match\n", encoding="utf-8")
    plan = plan_of(root, week)
    (row,) = plan.commitments.itertuples(index=False)
    assert row.planned_officers == 2 and row.shortfall_hours == 0
    assert row.hours == 2 * hours
    assert row.reserved_hours == 2 * hours
    assert plan.problem.grid.total_hours == 168 + (hours - 24)
    # what is left for the priorities: the two officers' week minus the request
    assert plan.priority_hours["road_safety"] == 2 * plan.problem.grid.total_hours - 2 * hours
