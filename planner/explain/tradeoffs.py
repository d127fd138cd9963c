"""Explanations layer: trade-offs between priorities. For each priority, what giving it about
`step_hours` more would cost the others, found by solving again with that floor."""

from __future__ import annotations

import pandas as pd

from planner.explain.findings import Note
from planner.explain.priorities import gain
from planner.results import Plan
from planner.solver import SolverParams
from planner.solver import whatif as w


def _raised_floor(priority, hours: float) -> float:
    """The floor that asks `hours`, never above the priority's cap (a Priority refuses a
    floor above its cap; at the cap the hours are the same)."""
    floor = max(priority.floor_hours, hours)
    return floor if priority.cap_hours is None else min(floor, priority.cap_hours)


def tradeoff_changes(plan: Plan, step_hours: float = 10.0) -> dict[str, w.Change]:
    """The what-if of each priority with operation types: its floor raised by `step_hours`."""
    p = plan.problem
    hours = plan.priority_hours
    return {
        q.id: w.FloorRaised(q.id, _raised_floor(q, hours[q.id] + step_hours))
        for q in p.priorities
        if any(o.priority == q.id for o in p.operations)
    }


def tradeoffs(
    plan: Plan,
    params: SolverParams | None = None,
    step_hours: float = 10.0,
    notes: list[Note] | None = None,
    results: dict | None = None,
) -> pd.DataFrame:
    """One row per priority with operation types: priority, gain_hours (0: it cannot get
    more this week) and cost_<other priority> in hours (positive: the other loses).
    `results`: the what-ifs of `tradeoff_changes`, when solved already."""
    params = params or SolverParams()
    p = plan.problem
    hours = plan.priority_hours
    if results is None:
        results = w.resolve_many(plan.raw, tradeoff_changes(plan, step_hours), params)
    if notes is not None:
        notes += [Note("tradeoff", pid, r.status) for pid, r in results.items() if not r.solved]
    rows = []
    for q in p.priorities:
        if q.id not in results or not results[q.id].solved:
            continue
        after = results[q.id]
        up = gain(after, hours, q.id)
        if up <= 0:
            rows.append(dict(priority=q.id, gain_hours=0.0))
            continue
        row = dict(priority=q.id, gain_hours=up)
        row.update(
            {f"cost_{x.id}": -gain(after, hours, x.id) for x in p.priorities if x.id != q.id}
        )
        rows.append(row)
    return pd.DataFrame(rows)
