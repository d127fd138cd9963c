"""Explanations layer: why each priority got its hours.

Every reason is found by a what-if through the solver's door: relax one thing (a
qualification, a window, a cap, the crew size, a daily limit, the pinned operations, the
weight, or add one officer), solve again with stage 1 held as it is, and keep the reason
only when the priority then gets more hours.
"""

from __future__ import annotations

from planner.explain.findings import Finding, Note
from planner.results import Plan
from planner.solver import SolverParams
from planner.solver import whatif as w


def gain(after: w.WhatIfResult | None, before: dict[str, float], pid: str) -> float:
    """Hours the what-if gives the priority; 0 when it found no solution."""
    if after is None or not after.solved:
        return 0.0
    return round(after.priority_hours.get(pid, 0.0) - before.get(pid, 0.0), 2)


def limited_operations(plan: Plan, pid: str) -> list:
    """The priority's operation types that reached their daily limit on some day."""
    ops = [o for o in plan.problem.operations if o.priority == pid]
    counts = plan.operations[plan.operations.priority == pid].groupby(["operation", "day"]).size()
    return [o for o in ops if any(counts.get((o.id, d), 0) >= o.max_per_day for d in range(7))]


def priority_changes(plan: Plan) -> dict[tuple[str, str], w.Change]:
    """Every what-if the reasons need, keyed (code, priority or '*')."""
    p = plan.problem
    hours = plan.priority_hours
    changes: dict[tuple[str, str], w.Change] = {}
    if frozenset() in w.staff_qualifications(plan.raw):
        changes["leftover_used_up", "*"] = w.ExtraOfficers(frozenset())
    if w.pinned_operations(plan.raw):
        changes["pinned_operations", "*"] = w.PinnedRemoved()
    full = w.all_week(p)
    for q in p.priorities:
        ops = [o for o in p.operations if o.priority == q.id]
        if not ops or q.weight <= 0:
            continue
        if any(o.qualifications for o in ops):
            changes["qualification", q.id] = w.QualificationRelaxed(q.id)
        if any(o.windows != (full,) for o in ops):
            changes["windows", q.id] = w.WindowWidened(q.id)
        if any(o.crew > 1 for o in ops):
            changes["crew_size", q.id] = w.CrewSize(q.id, 1)
        limited = limited_operations(plan, q.id)
        if limited:
            changes["daily_limit", q.id] = w.DailyLimitLifted(q.id, tuple(o.id for o in limited))
        if q.cap_hours is not None and hours[q.id] >= q.cap_hours - max(
            o.crew * o.duration_hours for o in ops
        ):
            changes["cap", q.id] = w.CapLifted(q.id)
        changes["weight", q.id] = w.WeightChanged(q.id, q.weight * 2)
    return changes


def explain_priorities(
    plan: Plan,
    params: SolverParams | None = None,
    notes: list[Note] | None = None,
    results: dict | None = None,
) -> tuple[Finding, ...]:
    """Per priority: its hours and share, its floor, then every reason that holds, each with
    the hours relaxing it would add, largest first. `results`: the what-ifs of
    `priority_changes`, when solved already (planner.explain.explain solves them all at once)."""
    params = params or SolverParams()
    if results is None:
        results = w.resolve_many(plan.raw, priority_changes(plan), params)
    if notes is not None:
        notes += [
            Note(code, subject, r.status) for (code, subject), r in results.items() if not r.solved
        ]
    p = plan.problem
    hours = plan.priority_hours
    total = sum(hours.values())
    wsum = sum(q.weight for q in p.priorities) or 1.0
    out: list[Finding] = []
    for q in p.priorities:
        h = hours[q.id]
        mix = plan.operations[plan.operations.priority == q.id].groupby("operation").size()
        mix = tuple((op, int(n)) for op, n in sorted(mix.items(), key=lambda t: (-t[1], t[0])))
        out.append(
            Finding(
                "hours",
                q.id,
                h,
                values=dict(
                    share=h / total if total else 0.0,
                    weight=q.weight,
                    weight_share=q.weight / wsum,
                    operations=mix,
                ),
            )
        )
        floor = w.floor_hours(p, q.id)
        if floor > 0:
            out.append(
                Finding(
                    "floor",
                    q.id,
                    h,
                    values=dict(
                        floor_hours=floor, met=h >= floor, missing_hours=max(0.0, floor - h)
                    ),
                )
            )
        ops = [o for o in p.operations if o.priority == q.id]
        found: list[Finding] = []

        def g(code: str, subject: str = "*", pid: str = q.id) -> float:
            return gain(results.get((code, subject)), hours, pid)

        def add(code: str, gain_hours: float, blocks=(), q=q, h=h, found=found, **values) -> None:
            found.append(Finding(code, q.id, h, gain_hours, tuple(blocks), values))

        if not ops:
            add("no_operation_type", 0.0)
        elif q.weight == 0:
            add("zero_weight", 0.0)
        if (x := g("leftover_used_up")) > 0:
            add("leftover_used_up", x)
        if (x := g("pinned_operations")) > 0:
            add("pinned_operations", x, operations=w.pinned_operations(plan.raw))
        if (x := g("qualification", q.id)) > 0:
            add(
                "qualification",
                x,
                w.scarce_blocks(plan.raw, q.id),
                qualifications=tuple(sorted({x for o in ops for x in o.qualifications})),
            )
        if (x := g("windows", q.id)) > 0:
            add("windows", x)
        if (x := g("crew_size", q.id)) > 0:
            add("crew_size", x, crews=tuple(sorted({o.crew for o in ops if o.crew > 1})))
        if (x := g("daily_limit", q.id)) > 0:
            add(
                "daily_limit",
                x,
                limits=tuple((o.id, o.max_per_day) for o in limited_operations(plan, q.id)),
            )
        if (x := g("cap", q.id)) > 0:
            add("cap", x, cap_hours=q.cap_hours)
        if (x := g("weight", q.id)) > 0:
            add("weight", x, weight=q.weight * 2)
        found.sort(key=lambda f: (-f.gain_hours, f.code))
        out += found
    return tuple(out)
