"""The Problem is frozen, built once: read-only arrays, what-ifs get a new Problem, and the
rule "road-safety operations count for traffic" is decided in one place."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from planner.problem import (
    ROAD_SAFETY_MARK,
    ProblemNote,
    build_problem,
    operation_group,
    with_operations,
)
from planner.views import plan_notes
from planner.zone_io import load_zone

WEEK = "2026-W49"


@pytest.fixture(scope="module")
def demo():
    return load_zone("data/zone-demo")


@pytest.fixture(scope="module")
def problem(demo):
    return build_problem(demo, WEEK)


def test_a_problem_cannot_be_changed(problem) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.scenario = "other"  # type: ignore[misc]
    with pytest.raises(ValueError, match="read-only"):
        problem.available[0, 0] = 99
    assert isinstance(problem.starts, tuple) and isinstance(problem.pools, tuple)


def test_with_operations_gives_a_new_problem(problem) -> None:
    fewer = tuple(o for o in problem.operations if o.id != "speed_check")
    other = with_operations(problem, operations=fewer)
    assert other is not problem
    assert all(s.operation != "speed_check" for s in other.starts)
    assert any(s.operation == "speed_check" for s in problem.starts), "the original is untouched"
    assert [s.index for s in other.starts] == list(range(len(other.starts)))
    assert np.shares_memory(other.available, problem.available), "capacity is shared, not copied"


def test_road_safety_counts_for_traffic_is_decided_once(demo, problem) -> None:
    assert problem.traffic_counting_priorities == {"road_safety"}
    road = next(s for s in problem.starts if s.priority == "road_safety")
    other = next(s for s in problem.starts if s.priority != "road_safety")
    assert problem.counts_for_traffic(road) and not problem.counts_for_traffic(other)
    assert ROAD_SAFETY_MARK in operation_group(problem, road.operation)

    norms = replace(demo.settings.norms, road_safety_counts_for_traffic=False)
    off = build_problem(replace(demo, settings=replace(demo.settings, norms=norms)), WEEK)
    assert off.traffic_counting_priorities == frozenset()
    assert not off.counts_for_traffic(road) and off.traffic_reserve_pools == ()
    assert ROAD_SAFETY_MARK not in operation_group(off, road.operation)


def test_a_week_without_dated_inputs_is_a_note_with_a_code(demo, problem) -> None:
    assert problem.notes == ()
    bare = build_problem(demo, "2026-W50")
    assert bare.notes == (ProblemNote("no_dated_inputs", {"week": "2026-W50"}),)
    plan = SimpleNamespace(problem=bare)  # plan_notes reads the plan's problem only
    assert plan_notes(plan, "en") == [
        "No dated inputs for 2026-W50: shift patterns only, no absences, no requests."
    ]
    assert plan_notes(plan, "fr")[0].startswith("Pas de données datées pour 2026-W50")
