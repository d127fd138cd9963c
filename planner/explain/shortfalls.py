"""Explanations layer: why a basic mission or commitment is short in a block, and what would
cover it. Each repair is applied to stage 1 through the solver's door and kept with the
officers still missing after it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from planner.explain.findings import Repair, Shortfall
from planner.problem import Problem
from planner.results import Plan
from planner.solver import SoftTerm, SolverParams
from planner.solver import whatif as w

STATEMENTS = ("move_from_operation", "accept_zone_breach")
REPAIR_ORDER = {
    "move_from_operation": 0,
    "call_back_other_unit": 1,
    "change_shift": 2,
    "recall_from_training": 3,
    "accept_zone_breach": 4,
}
MOVABLE_ABSENCES = ("training", "other")


def short_items(plan: Plan) -> list[dict]:
    """Every (functionality or commitment, level, block) short in the plan, with the pools
    that could have covered it and the officers missing."""
    p = plan.problem
    use = w.stage_one_use(plan.raw)
    held = w.held(plan.raw)
    items = []
    for fid, legal, zone in (
        ("intervention", p.intervention_legal, p.intervention_zone),
        ("reception", p.reception_legal, p.reception_zone),
    ):
        x = use.officers[fid]
        for level, need in (("legal", legal), ("zone", zone)):
            for b in np.flatnonzero(x < need):
                miss = (
                    int(need[b] - x[b]) if level == "legal" else int(need[b] - max(x[b], legal[b]))
                )
                if miss > 0:
                    items.append(
                        dict(
                            fid=fid,
                            level=level,
                            block=int(b),
                            missing=miss,
                            pools=tuple(p.eligible[fid]),
                        )
                    )
    for fid, pools, k in (
        ("public_order", p.public_order_pools, p.public_order_on_call),
        ("victim_assistance", p.victim_pools, p.victim_on_call),
    ):
        if k <= 0:
            continue
        pools = list(pools)
        present = (
            (p.available[pools] - use.lent[pools]).sum(axis=0) if pools else np.zeros(p.n_blocks)
        )
        for b in np.flatnonzero(present < k):
            items.append(
                dict(
                    fid=fid,
                    level="legal",
                    block=int(b),
                    missing=int(k - present[b]),
                    pools=tuple(pools),
                )
            )
    # commitments of one type short in the same block are diagnosed together: officers
    # added there can go to any of them
    grouped: dict[tuple[str, int], dict] = {}
    for r, need in enumerate(p.commitments):
        c = need.commitment
        for b in need.blocks:
            short = held.shortfalls.get(SoftTerm(c.type, "legal", c.id, b), 0)
            if short > 0:
                g = grouped.setdefault(
                    (c.type, int(b)),
                    dict(
                        fid=c.type, level="legal", block=int(b), missing=0, pools=(), commitments=[]
                    ),
                )
                g["missing"] += short
                g["pools"] = tuple(sorted(set(g["pools"]) | set(need.pools)))
                g["commitments"].append(r)
    items += [grouped[k] for k in sorted(grouped)]
    for row in plan.norms.itertuples(index=False):
        if row.status == "short" and row.functionality in (
            "neighbourhood",
            "investigation",
            "traffic",
        ):
            items.append(
                dict(
                    fid=row.functionality,
                    level=row.level,
                    block=None,
                    missing=0,
                    pools=tuple(p.eligible.get(row.functionality, ())),
                    hours=row.shortfall_hours,
                    blocks=tuple(row.short_blocks),
                )
            )
    return items


def still_missing(problem: Problem, item: dict, after: w.WhatIfResult) -> int:
    """Officers still missing for the item in a stage-1 what-if."""
    b, fid, level = item["block"], item["fid"], item["level"]
    if "commitments" in item:
        return sum(
            after.shortfalls.get(SoftTerm(fid, "legal", problem.commitments[r].commitment.id, b), 0)
            for r in item["commitments"]
        )
    short = after.shortfalls.get(SoftTerm(fid, level, block=b), 0)
    if level == "zone":
        return max(0, short - after.shortfalls.get(SoftTerm(fid, "legal", block=b), 0))
    return short


def _checked(
    plan: Plan, item: dict, code: str, repair: w.StageOneRepair, params: SolverParams, **values
) -> Repair:
    after = w.resolve_basic(plan.problem, repair, params)
    if not after.solved:  # unknown: say nothing is gained, unverified
        return Repair(code, item["missing"], False, {**values, "status": after.status})
    return Repair(code, still_missing(plan.problem, item, after), True, values)


def _found(plan: Plan, item: dict, absent: dict, lent_by: np.ndarray) -> Shortfall:
    """The shortfall of one short item as it stands in the plan, without the repairs that
    need a what-if: where, how many hours and officers, and who could have done it (on
    duty, absent, lent)."""
    p = plan.problem
    fid, level, b = item["fid"], item["level"], item["block"]
    if b is None:
        # a weekly norm's repairs are statements: nothing to solve
        return Shortfall(
            fid, level, item["blocks"], float(item["hours"]), 0, weekly_repairs(level), weekly=True
        )
    ids = tuple(p.commitments[r].commitment.id for r in item.get("commitments", ()))
    k = item["missing"]
    pools = list(item["pools"])
    away: dict[str, int] = {}
    for pool in pools:
        for kind, n in absent.get((pool, b), {}).items():
            away[kind] = away.get(kind, 0) + n
    return Shortfall(
        fid,
        level,
        (b,),
        float(k * p.block_hours[b]),
        k,
        values=dict(
            commitments=ids,
            on_duty=int(p.available[pools, b].sum()) if pools else 0,
            absent=tuple(sorted(away.items())),
            lent=int(lent_by[pools, b].sum()) if pools and not ids else 0,
        ),
    )


def list_shortfalls(plan: Plan) -> tuple[Shortfall, ...]:
    """Every basic mission or commitment short in the plan, as `diagnose_shortfalls` finds
    them but without the repairs a what-if checks (a weekly norm keeps its statements): no
    what-if is solved, so it takes no time."""
    absent = absent_by_pool_block(plan.problem)
    lent = w.stage_one_use(plan.raw).lent
    return tuple(_found(plan, item, absent, lent) for item in short_items(plan))


def diagnose_shortfalls(
    plan: Plan, params: SolverParams | None = None, limit: int = 12
) -> tuple[Shortfall, ...]:
    """The first `limit` shortfalls of `list_shortfalls`, each with its repairs checked by
    solving stage 1 again, best first (statements that cannot help go last)."""
    params = params or SolverParams()
    p = plan.problem
    absent = absent_by_pool_block(p)
    use = w.stage_one_use(plan.raw)
    units_free = p.available - use.used
    out = []
    for item in short_items(plan)[:limit]:
        found = _found(plan, item, absent, use.lent)
        if found.weekly:
            out.append(found)
            continue
        fid, level, b, k = item["fid"], item["level"], item["block"], item["missing"]
        pools = list(item["pools"])
        repairs = [Repair("move_from_operation", k, True, {"officers": k})]
        others = [
            q
            for q in range(len(p.pools))
            if q not in pools
            and p.pools[q].operational
            and units_free[q, b] > 0
            and qualified_for(p, item, q)
        ]
        if others and fid in ("intervention", "reception"):
            units = tuple(sorted({p.pools[q].unit for q in others}))
            repairs.append(
                _checked(
                    plan,
                    item,
                    "call_back_other_unit",
                    w.UnitsAllowed(fid, tuple(sorted(set(pools) | set(others)))),
                    params,
                    officers=k,
                    units=units,
                )
            )
        if pools:
            pool = max(pools, key=lambda q: (p.available[q].sum(), -q))
            repairs.append(
                _checked(
                    plan,
                    item,
                    "change_shift",
                    w.OnDuty(((pool, b, k),)),
                    params,
                    officers=k,
                    unit=p.pools[pool].unit,
                    block=b,
                )
            )
        movable = {
            pool: n
            for pool in pools
            for kind, n in absent.get((pool, b), {}).items()
            if kind in MOVABLE_ABSENCES
        }
        if movable:
            add, need = [], k
            for pool, n in sorted(movable.items()):
                take = min(n, need)
                if take:
                    add.append((pool, b, take))
                    need -= take
            repairs.append(
                _checked(
                    plan,
                    item,
                    "recall_from_training",
                    w.OnDuty(tuple(add)),
                    params,
                    officers=sum(n for _, _, n in add),
                )
            )
        if level == "zone":
            repairs.append(Repair("accept_zone_breach", k, False))
        # statements that cannot help (moving from an operation, accepting a breach) go last
        ranked = sorted(
            repairs,
            key=lambda r: (r.code in STATEMENTS, r.remaining_officers, REPAIR_ORDER[r.code]),
        )
        out.append(replace(found, repairs=tuple(ranked)))
    return tuple(out)


def first_repair(s: Shortfall) -> Repair | None:
    """The best repair the model checked (a statement that cannot help is not one), or None
    when no repair of this shortfall was checked."""
    return next((r for r in s.repairs if r.verified and r.code not in STATEMENTS), None)


def same_shortfall(a: Shortfall, b: Shortfall) -> bool:
    """The same obligation short in the same place (a diagnosed shortfall and its listed twin)."""
    return (a.functionality, a.level, a.blocks, a.weekly) == (
        b.functionality,
        b.level,
        b.blocks,
        b.weekly,
    )


def weekly_repairs(level: str) -> tuple[Repair, ...]:
    reps = [Repair("change_shift", 0, False)]
    if level == "zone":
        reps.append(Repair("accept_zone_breach", 0, False))
    return tuple(reps)


def qualified_for(p: Problem, item: dict, pool: int) -> bool:
    for r in item.get("commitments", ()):
        q = p.commitments[r].commitment.qualification
        if q and q not in p.pools[pool].qualifications:
            return False
    return True


def absent_by_pool_block(p: Problem) -> dict[tuple[int, int], dict[str, int]]:
    out: dict[tuple[int, int], dict[str, int]] = {}
    away = p.rostered - p.available
    if not away.any():
        return out
    for a in p.week.absences:
        pool = p.officer_pool.get(a.officer)
        if pool is None:
            continue
        for b in p.grid.blocks_overlapping(a.start, a.end):
            if away[pool, b] > 0:
                d = out.setdefault((pool, b), {})
                d[a.type] = d.get(a.type, 0) + 1
    return out
