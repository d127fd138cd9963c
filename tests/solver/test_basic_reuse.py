"""Stage 1 solved once per model in a process: a re-plan that changes only the priorities
gets the same stage 1 without a solve; any change stage 1 sees solves it again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from planner.problem import build_problem
from planner.solver.solve import _BASIC_SEEN, solve_basic
from planner.zone_io import load_zone

DEMO_WEEK = "2026-W49"


@pytest.fixture()
def demo_zone():
    return load_zone(Path(__file__).resolve().parents[2] / "data" / "zone-demo")


@pytest.fixture()
def fresh():
    _BASIC_SEEN.clear()
    yield
    _BASIC_SEEN.clear()


def _fields(r):
    return (r.assign, r.lent, r.placed, r.basic_op_staff, r.shortfalls, r.pinned_missing)


def test_a_weight_change_finds_stage_one_solved(demo_zone, fresh):
    first = solve_basic(build_problem(demo_zone, DEMO_WEEK))
    assert any(s.seconds > 0 for s in first.stages)
    priorities = tuple(
        replace(q, weight=4.0) if q.id == "radicalism" else q for q in demo_zone.priorities
    )
    changed = replace(demo_zone, priorities=priorities)
    again = solve_basic(build_problem(changed, DEMO_WEEK))
    assert all(s.seconds == 0 for s in again.stages)  # nothing solved
    assert _fields(again) == _fields(first)
    assert [(s.name, s.status, s.objective) for s in again.stages] == [
        (s.name, s.status, s.objective) for s in first.stages
    ]
    # the result handed out is the caller's own: changing it leaves the next one whole
    again.assign["intervention"].clear()
    third = solve_basic(build_problem(changed, DEMO_WEEK))
    assert _fields(third) == _fields(first)


def test_a_change_stage_one_sees_is_solved_again(demo_zone, fresh):
    problem = build_problem(demo_zone, DEMO_WEEK)
    first = solve_basic(problem)
    available = problem.available.copy()
    available[:, :6] = 0  # nobody on duty on the first day's blocks
    short = solve_basic(replace(problem, available=available))
    assert any(s.seconds > 0 for s in short.stages)
    assert sum(short.shortfalls.values()) > sum(first.shortfalls.values())
