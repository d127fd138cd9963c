"""Formulation layer: the objective of every stage, as expressions over the variables.

Stage 1 (basic missions): legal shortfall hours, then missing pinned operations, then the
zone-standard shortfall hours, each minimised with the earlier ones held at their optimum.
Stage 2 (priorities): floor shortfall, then the weighted leximin of the priorities' hours
(in solve.py, built from these hours). Stage 3 (tie-breaks): preferred windows; the even
spread over the days that follows is a search of its own (spread.py).
"""

from __future__ import annotations

from planner.problem import Problem
from planner.solver.terms import LEGAL, ZONE
from planner.solver.variables import Variables


def legal_shortfall_hours(v: Variables):
    """sum of s * h over legal-level shortfalls, HyCap and commitments included."""
    return v.model.sum(var * t.unit_hours for t, var in v.shortfalls.items() if t.level == LEGAL)


def zone_shortfall_hours(v: Variables):
    return v.model.sum(var * t.unit_hours for t, var in v.shortfalls.items() if t.level == ZONE)


def pinned_missing_hours(v: Variables):
    return v.model.sum(var * ph for var, ph in v.pinned_missing.values())


def floor_shortfall_hours(v: Variables):
    return v.model.sum(v.floor_short.values())


def preferred_person_hours(p: Problem, v: Variables):
    return v.model.sum(
        var * p.starts[idx].person_hours for idx, var in v.crews.items() if p.starts[idx].preferred
    )


def qualified_hours_in_basic_missions(p: Problem, v: Variables, op_quals: frozenset):
    """Stage 1 tie-break: sum over x and l of h_b times the number of operation
    qualifications the pool holds, so basic missions are covered by the officers whom the
    operations need least; plus h_b (and more outside road-safety blocks) per officer of the
    traffic reserve."""
    weight = [len(pool.qualifications & op_quals) for pool in p.pools]
    terms = [
        var * (v.block_hours[b] * weight[pool])
        for d in v.assign.values()
        for (b, pool), var in d.items()
        if weight[pool]
    ]
    terms += [
        var * (v.block_hours[b] * weight[pool])
        for (_, b, pool), var in v.lent.items()
        if weight[pool]
    ]
    # traffic is taken first from staff who cannot run operations (CALog of the traffic
    # unit); a reserve of officers who can is held only for the rest, and where road-safety
    # operations can run it
    reserve = set(p.traffic_reserve_pools)
    runs = {b for s in p.starts if p.counts_for_traffic(s) for b in s.blocks}
    top = max(weight, default=0) + 1
    terms += [
        var * (v.block_hours[b] * (1 + (top if b not in runs else 0)))
        for (b, pool), var in v.assign["traffic"].items()
        if pool in reserve
    ]
    return v.model.sum(terms)


def commitments_in_order(p: Problem, v: Variables):
    """Among plans with the same total commitment shortfall, cover the requests in the order
    they are listed (the zone's own file first, then a scenario's): a request's shortfall
    hours weigh R - r for the r-th of R requests."""
    n = len(p.commitments)
    terms = []
    for t, var in v.shortfalls.items():
        if t.level != LEGAL or not t.is_commitment:
            continue
        r = next(i for i, c in enumerate(p.commitments) if c.commitment.id == t.subject)
        terms.append(var * (t.unit_hours * (n - r)))
    return v.model.sum(terms)
