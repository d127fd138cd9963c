"""A week's record read from its exported files says what the plan itself says."""

from __future__ import annotations

import pytest

from planner.domain import LEVELS
from planner.export import export_files
from planner.problem import ACTIVITIES
from planner.results import STATUS_KINDS
from planner.year.records import WeekRecord
from tests.conftest import DATA
from tests.solving import solve_checked


@pytest.fixture(scope="module")
def plan():
    # a heavy HyCap weekend: the plan falls short, so the shortfalls are read too
    return solve_checked(DATA / "zone-demo", scenario="hycap_weekend")


def test_record_matches_the_plan(plan):
    r = WeekRecord.from_files("2026-W49", export_files(plan), "planned")
    assert r.priority_hours == pytest.approx(plan.priority_hours)
    assert r.operation_counts == plan.operations.groupby("operation").size().to_dict()
    basic = plan.basic[(plan.basic["duty"] == "on_duty") & plan.basic["activity"].isin(ACTIVITIES)]
    assert r.mission_hours == pytest.approx(basic.groupby("activity")["hours"].sum().to_dict())
    hycap = plan.commitments[plan.commitments["type"] == "hycap"]
    assert r.hycap_hours == pytest.approx(hycap["hours"].sum())
    assert r.shortfalls["hycap"] == pytest.approx(hycap["shortfall_hours"].sum())
    assert r.shortfalls["hycap"] > 0
    for kind in STATUS_KINDS:
        assert r.shortfalls[kind] == pytest.approx(plan.status.hours(kind)), kind
    norms = plan.norms
    short = norms[(norms["shortfall_hours"] > 0) & norms["level"].isin(LEVELS)]
    assert r.norm_short == pytest.approx(
        {(x.functionality, x.level): x.shortfall_hours for x in short.itertuples()}
    )
    assert r.waterfall["capacity_for_priorities"] == plan.capacity_for_priorities


def test_unknown_source_refused(plan):
    with pytest.raises(ValueError):
        WeekRecord.from_files("2026-W49", export_files(plan), "guessed")
