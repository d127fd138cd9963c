"""The even spread over the week (planner/solver/spread.py): it moves crews between days
without changing any hour the stages before it fixed, never past the officers free, and it
evens out a lopsided week, with exchanges between two types when every officer is busy."""

from __future__ import annotations

import importlib
from collections import Counter

import pytest

from planner.zone_io import load_zone
from tests.solving import solve_checked
from tests.tiny import officer, operation, priority, write_zone

solve_module = importlib.import_module("planner.solver.solve")
spread = importlib.import_module("planner.solver.spread")


def _capture(monkeypatch) -> dict:
    """Run the planner, keeping the arguments of its call to even_spread."""
    seen: dict = {}

    def keep(*args):
        seen["args"] = args
        return spread.even_spread(*args)

    monkeypatch.setattr(solve_module, "even_spread", keep)
    return seen


def _per_day(problem, crews: dict[int, int], op: str) -> list[int]:
    days = [0] * 7
    for idx, n in crews.items():
        if problem.starts[idx].operation == op:
            days[problem.starts[idx].day] += n
    return days


def _all_on(problem, upper, ops_days: dict[str, int], per_op: dict[str, int]) -> dict[int, int]:
    """A lopsided plan: per_op[op] crews of each op, all on day ops_days[op] (round robin over
    that day's starts, each within its bound)."""
    crews = {idx: 0 for idx in upper}
    for op, day in ops_days.items():
        left = per_op[op]
        starts = [i for i in sorted(upper) if problem.starts[i].operation == op]
        starts = [i for i in starts if problem.starts[i].day == day]
        while left:
            room = [i for i in starts if crews[i] < upper[i]]
            assert room, f"day {day} cannot hold {per_op[op]} crews of {op}"
            for idx in room[:left]:
                crews[idx] += 1
                left -= 1
    return crews


def _hours(problem, crews):
    by_op, pref = Counter(), 0
    for idx, n in crews.items():
        s = problem.starts[idx]
        by_op[s.operation] += n * s.person_hours
        pref += n * s.person_hours * s.preferred
    return by_op, pref


def test_seven_crews_piled_on_monday_go_one_a_day(tmp_path, monkeypatch):
    """Two officers around the clock, one 4-hour type capped at 28 h: from all seven crews on
    Monday the spread gives one a day."""
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("O2")],
        [priority("drugs", 1, cap_hours=28)],
        [operation("d", "drugs")],
    )
    seen = _capture(monkeypatch)
    plan = solve_checked(root)
    assert plan.priority_hours["drugs"] == 28
    problem, classes, free, normal, placed, _, upper = seen["args"]
    assert _per_day(problem, dict(enumerate(plan.raw.crews)), "d") == [1] * 7
    piled = _all_on(problem, upper, {"d": 0}, {"d": 7})
    crews, staff = spread.even_spread(problem, classes, free, normal, placed, piled, upper)
    assert _per_day(problem, piled, "d") == [7, 0, 0, 0, 0, 0, 0]
    assert _per_day(problem, crews, "d") == [1] * 7
    assert _hours(problem, crews) == _hours(problem, piled)
    assert sum(staff.values()) == 7  # one officer per crew, each in its one block


def test_exchange_between_two_types_when_every_officer_is_busy(tmp_path, monkeypatch):
    """One officer on duty Monday and Tuesday only (12 blocks), two 4-hour types of 24 h
    each: every block is taken, so no crew can move alone. From A all on Monday and B all on
    Tuesday, exchanges give each type three crews a day."""
    root = write_zone(
        tmp_path,
        [officer("O1", team="MT")],
        [priority("drugs", 1, cap_hours=24), priority("burglary", 1, cap_hours=24)],
        [operation("a", "drugs"), operation("b", "burglary")],
        teams={"MT": "A A - - - - -"},
    )
    seen = _capture(monkeypatch)
    plan = solve_checked(root)
    assert plan.priority_hours == {"drugs": 24, "burglary": 24}
    problem, classes, free, normal, placed, _, upper = seen["args"]
    piled = _all_on(problem, upper, {"a": 0, "b": 1}, {"a": 6, "b": 6})
    crews, _ = spread.even_spread(problem, classes, free, normal, placed, piled, upper)
    assert _per_day(problem, crews, "a")[:2] == [3, 3]
    assert _per_day(problem, crews, "b")[:2] == [3, 3]
    assert _hours(problem, crews) == _hours(problem, piled)


def test_no_move_past_the_officers_free(tmp_path, monkeypatch):
    """Officers on Monday only can take no crew on other days: Monday's pile stays."""
    root = write_zone(
        tmp_path,
        [officer("O1", team="M"), officer("O2")],
        [priority("drugs", 1, cap_hours=8)],
        [operation("d", "drugs", crew=2)],
        teams={"M": "A - - - - - -", "ALL": "A"},
    )
    seen = _capture(monkeypatch)
    plan = solve_checked(root)
    problem, classes, free, normal, placed, _, upper = seen["args"]
    assert plan.priority_hours["drugs"] == 8
    assert _per_day(problem, dict(enumerate(plan.raw.crews)), "d") == [1, 0, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("week", ["2026-W49", "2026-W43"])
def test_demo_spread_keeps_every_hour(week, monkeypatch):
    """On the demo (and its autumn daylight-saving week): the hours of every type and of the
    preferred windows are those stage 2 fixed, the plan passes the independent check, and no
    type's busiest day is busier than before."""
    seen = _capture(monkeypatch)
    plan = solve_checked(load_zone("data/zone-demo"), week)
    problem, *_, before, _ = seen["args"]
    after = {
        s.index: n - plan.raw.pinned_placed.get(s.index, 0)
        for s, n in zip(problem.starts, plan.raw.crews, strict=True)
    }
    after = {i: n for i, n in after.items() if i in before}
    assert _hours(problem, after) == _hours(problem, before)
    for op in problem.operations:
        assert max(_per_day(problem, after, op.id)) <= max(_per_day(problem, before, op.id))
    squares = sum(x * x for op in problem.operations for x in _per_day(problem, after, op.id))
    squares0 = sum(x * x for op in problem.operations for x in _per_day(problem, before, op.id))
    assert squares < squares0
