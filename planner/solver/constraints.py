"""Formulation layer: one function per constraint family, each stating its maths.

Notation: b block, h_b its real hours, p pool, N[p,b] officers of p on duty and not absent,
x[a,b,p] officers of p on basic activity a, l[r,b,p] officers lent to commitment r,
z[g,b,q] officers of source q (a pool in stage 1, a staff class in stage 2) on operations
needing qualification set g, n[s] crews at start s, F[c,b] free officers of class c after
stage 1.
Every requirement has a shortfall variable, so the model is always feasible: what cannot
be covered is a result, never an error.
"""

from __future__ import annotations

import math

import numpy as np

from planner.problem import ROAD_SAFETY_MARK, Problem
from planner.solver.terms import LEGAL, ZONE, SoftTerm
from planner.solver.variables import Variables, op_group


def _short(v: Variables, term: SoftTerm, ub: int):
    var = v.model.new_int_var(0, max(0, ub), term.name)
    v.shortfalls[term] = var
    return var


def _grid_ceil(hours: float, step: int) -> int:
    return int(math.ceil(hours / step - 1e-9) * step)


def add_pool_capacity(p: Problem, v: Variables) -> None:
    """For every pool p and block b: sum_a x[a,b,p] + sum_r l[r,b,p] + sum_g z[g,b,p] <= N[p,b]."""
    terms: dict[tuple[int, int], list] = {}
    for a in v.assign.values():
        for (b, pool), var in a.items():
            terms.setdefault((pool, b), []).append(var)
    for (_, b, pool), var in v.lent.items():
        terms.setdefault((pool, b), []).append(var)
    for (_, b, pool), var in v.op_staff.items():
        terms.setdefault((pool, b), []).append(var)
    for (pool, b), vs in sorted(terms.items()):
        if len(vs) > 1:
            v.model.add(v.model.sum(vs) <= int(p.available[pool, b]))


def add_intervention(p: Problem, v: Variables) -> None:
    """Intervention, officers in every block: X_b = sum_p x[int,b,p] <= zone_b;
    X_b + s^L_b >= legal_b (at least one team of two, 24/7); X_b + s^Z_b >= zone_b
    (the zone's teams by day, night and weekend night). Cost s_b * h_b hours."""
    for b in range(p.n_blocks):
        x = v.staffed("intervention", b)
        h = int(p.block_hours[b])
        zone, legal = int(p.intervention_zone[b]), int(p.intervention_legal[b])
        v.model.add(x <= zone)
        v.model.add(
            x + _short(v, SoftTerm("intervention", LEGAL, block=b, unit_hours=h), legal) >= legal
        )
        v.model.add(
            x + _short(v, SoftTerm("intervention", ZONE, block=b, unit_hours=h), zone) >= zone
        )


def add_reception(p: Problem, v: Variables) -> None:
    """Reception desk, officers in each block the desk is open: X_b <= zone_b,
    X_b + s^L_b >= officers_legal, X_b + s^Z_b >= officers_zone."""
    for b in range(p.n_blocks):
        zone, legal = int(p.reception_zone[b]), int(p.reception_legal[b])
        if zone == 0:
            continue
        x = v.staffed("reception", b)
        h = int(p.block_hours[b])
        v.model.add(x <= zone)
        v.model.add(
            x + _short(v, SoftTerm("reception", LEGAL, block=b, unit_hours=h), legal) >= legal
        )
        v.model.add(x + _short(v, SoftTerm("reception", ZONE, block=b, unit_hours=h), zone) >= zone)


def add_neighbourhood(p: Problem, v: Variables) -> None:
    """Neighbourhood work, weekly hours in daytime blocks: H = sum_b X_b h_b;
    H + s^L >= ceil(legal hours) (1 inspector per 4,000 inhabitants x weekly hours x share);
    H + s^Z >= ceil(zone hours); H <= zone hours rounded up to the block grid."""
    hours = v.weekly_hours("neighbourhood")
    legal, zone = math.ceil(p.neighbourhood_legal_hours), math.ceil(p.neighbourhood_zone_hours)
    v.model.add(hours <= _grid_ceil(p.neighbourhood_zone_hours, p.grid.block_hours))
    v.model.add(hours + _short(v, SoftTerm("neighbourhood", LEGAL), legal) >= legal)
    v.model.add(hours + _short(v, SoftTerm("neighbourhood", ZONE), zone) >= zone)


def add_investigation(p: Problem, v: Variables) -> None:
    """Local investigation. Legal: the service works at least 8 h every day: with c_b in {0,1},
    c_b <= X_b and, per day d, sum_{b in d} c_b h_b + s^L_d >= 8. Zone: a share of the
    operational hours each week: H + s^Z >= ceil(share x operational hours), H <= that
    rounded up to the grid."""
    need = math.ceil(p.investigation_day_hours)
    for day in range(7):
        day_blocks = [
            b.index for b in p.grid.blocks if b.day == day and p.investigation_blocks[b.index]
        ]
        covered = []
        for b in day_blocks:
            c = v.model.new_bool_var(f"inv_cover[{b}]")
            v.investigation_cover[b] = c
            v.model.add(c <= v.staffed("investigation", b))
            covered.append(c * int(p.block_hours[b]))
        v.model.add(
            v.model.sum(covered) + _short(v, SoftTerm("investigation", LEGAL, day=day), need)
            >= need
        )
    hours = v.weekly_hours("investigation")
    zone = math.ceil(p.investigation_zone_hours)
    v.model.add(hours <= _grid_ceil(p.investigation_zone_hours, p.grid.block_hours))
    v.model.add(hours + _short(v, SoftTerm("investigation", ZONE), zone) >= zone)


def add_traffic(p: Problem, v: Variables) -> None:
    """Traffic, a basic mission like the others: at least a share (8 % by law) of the zone's
    total capacity, CALog counted. R = sum_b X_b h_b (traffic staff, and, when road-safety
    operations count for traffic, a reserve of officers who can run them);
    P = person-hours of pinned road-safety operations (counted when they count, else 0);
    R + P + s^L >= ceil(legal share x base); R + P + s^Z >= ceil(zone share x base);
    R <= zone hours rounded up to the grid. Stage 2 may run the reserve as road-safety
    operations only, so the legal share holds whatever stage 2 does."""
    reserved = v.weekly_hours("traffic")
    v.model.add(reserved <= _grid_ceil(p.traffic_zone_hours, p.grid.block_hours))
    counted = reserved
    pinned = [
        var * p.starts[idx].person_hours
        for idx, var in v.crews.items()
        if p.counts_for_traffic(p.starts[idx])
    ]
    if pinned:
        counted = reserved + v.model.sum(pinned)
    legal, zone = math.ceil(p.traffic_legal_hours - 1e-9), math.ceil(p.traffic_zone_hours - 1e-9)
    v.model.add(counted + _short(v, SoftTerm("traffic", LEGAL), legal) >= legal)
    v.model.add(counted + _short(v, SoftTerm("traffic", ZONE), zone) >= zone)


def _lent_by_block(v: Variables) -> dict[int, list[tuple[int, int, object]]]:
    index: dict[int, list] = {}
    for (r, b, pool), var in v.lent.items():
        index.setdefault(b, []).append((r, pool, var))
    return index


def add_on_call(p: Problem, v: Variables) -> None:
    """Public order and victim assistance: in every block at least k qualified officers are
    reachable and recallable: on duty in the zone (not lent away) or on call at home (H_b,
    the zone's on-call rota and dated rows, not on duty, not absent); no hours are used:
    sum_{p qualified} (N[p,b] - sum_r l[r,b,p]) + H_b + s_b >= k."""
    lent = _lent_by_block(v)
    for rule, pools, k, home in (
        ("public_order", set(p.public_order_pools), p.public_order_on_call, p.public_order_at_home),
        ("victim_assistance", set(p.victim_pools), p.victim_on_call, p.victim_at_home),
    ):
        if k <= 0:
            continue
        for b in range(p.n_blocks):
            present = int(sum(p.available[q, b] for q in pools)) + int(home[b])
            short = _short(v, SoftTerm(rule, LEGAL, block=b, unit_hours=int(p.block_hours[b])), k)
            away = v.model.sum(var for _, pool, var in lent.get(b, []) if pool in pools)
            v.model.add(present - away + short >= k)


def add_commitments(p: Problem, v: Variables) -> None:
    """HyCap requests and other commitments: in every block b the request touches,
    sum_p l[r,b,p] + s_{r,b} = officers_r, from operational pools with the qualification."""
    by_request: dict[tuple[int, int], list] = {}
    for (r, b, _), var in v.lent.items():
        by_request.setdefault((r, b), []).append(var)
    for r, need in enumerate(p.commitments):
        c = need.commitment
        for b in need.blocks:
            lent = v.model.sum(by_request.get((r, b), []))
            short = _short(
                v, SoftTerm(c.type, LEGAL, c.id, b, unit_hours=int(p.block_hours[b])), c.officers
            )
            v.model.add(lent + short == c.officers)


def add_class_capacity(p: Problem, v: Variables, free: np.ndarray) -> None:
    """Stage 2, for every staff class c and block b: sum_g z[g,b,c] <= F[c,b]."""
    terms: dict[tuple[int, int], list] = {}
    for (_, b, c), var in v.op_staff.items():
        terms.setdefault((c, b), []).append(var)
    every_row = v.model.backend == "glop"  # the LP prices one more officer by these rows' duals
    for (c, b), vs in sorted(terms.items()):
        if len(vs) > 1 or every_row:
            v.class_rows[c, b] = v.model.add(v.model.sum(vs) <= int(free[c, b]))


def add_operation_staffing(p: Problem, v: Variables) -> None:
    """Operations as whole crews of qualified officers: for qualification set g and block b,
    sum_q z[g,b,q] = sum_{s covers b, op(s) needs g} crew(s) n[s]."""
    ops = {o.id: o for o in p.operations}
    demand: dict[tuple[frozenset, int], list] = {}
    for idx, var in v.crews.items():
        s = p.starts[idx]
        g = op_group(p, s.operation)
        for b in s.blocks:
            demand.setdefault((g, b), []).append(var * ops[s.operation].crew)
    staff: dict[tuple[frozenset, int], list] = {}
    for (g, b, _), var in v.op_staff.items():
        staff.setdefault((g, b), []).append(var)
    for (g, b), terms in sorted(demand.items(), key=lambda kv: (sorted(kv[0][0]), kv[0][1])):
        v.model.add(v.model.sum(staff.get((g, b), [])) == v.model.sum(terms))


def add_daily_limits(p: Problem, v: Variables, placed: dict[int, int]) -> None:
    """Per operation type and day: sum_{s on day} n[s] <= max_per_day - pinned crews placed."""
    ops = {o.id: o for o in p.operations}
    per_day: dict[tuple[str, int], list] = {}
    for idx, var in v.crews.items():
        s = p.starts[idx]
        per_day.setdefault((s.operation, s.day), []).append(var)
    done: dict[tuple[str, int], int] = {}
    for idx, n in placed.items():
        s = p.starts[idx]
        done[s.operation, s.day] = done.get((s.operation, s.day), 0) + n
    for (op, day), terms in sorted(per_day.items()):
        if len(terms) > 1:
            v.model.add(v.model.sum(terms) <= max(0, ops[op].max_per_day - done.get((op, day), 0)))


def add_priority_hours(
    p: Problem, v: Variables, placed_hours: dict[str, int], floors: dict[str, int]
) -> None:
    """H_i = placed_i + sum_{s of priority i} person_hours(s) n[s], where placed_i are the
    pinned hours of stage 1; caps: H_i <= max(cap_i, placed_i); floors are soft:
    H_i + f_i >= floor_i."""
    for prio in p.priorities:
        terms = [
            var * p.starts[idx].person_hours
            for idx, var in v.crews.items()
            if p.starts[idx].priority == prio.id
        ]
        base = placed_hours.get(prio.id, 0)
        h = v.model.sum(terms) + base if terms else base
        v.priority_hours[prio.id] = h
        if prio.cap_hours is not None and terms:
            v.model.add(h <= max(int(math.floor(prio.cap_hours)), base))
        floor = floors.get(prio.id, 0)
        if floor > base and terms:
            f = v.model.new_int_var(0, floor, f"floor_short[{prio.id}]")
            v.floor_short[prio.id] = f
            v.model.add(h + f >= floor)


def add_pinned(p: Problem, v: Variables) -> None:
    """Pinned operations: n[s] + m_s >= number of crews pinned at s; m_s costs person-hours."""
    count: dict[int, int] = {}
    for idx, _ in p.pinned:
        count[idx] = count.get(idx, 0) + 1
    for idx, k in sorted(count.items()):
        m = v.model.new_int_var(0, k, f"pinned_missing[{idx}]")
        v.pinned_missing[idx] = (m, p.starts[idx].person_hours)
        v.model.add(v.crews[idx] + m >= k)


def build_basic_constraints(p: Problem, v: Variables) -> None:
    """Stage 1: every basic mission, HyCap and other commitments, pinned operations."""
    add_pool_capacity(p, v)
    add_intervention(p, v)
    add_reception(p, v)
    add_neighbourhood(p, v)
    add_investigation(p, v)
    add_on_call(p, v)
    add_commitments(p, v)
    add_operation_staffing(p, v)
    add_pinned(p, v)
    add_traffic(p, v)  # after the pinned crews: their road-safety hours count


def add_reserve_limit(p: Problem, v: Variables, free: np.ndarray, normal: np.ndarray) -> None:
    """Stage 2, the traffic reserve: for every class c and block b where stage 1 held
    officers for traffic (F[c,b] > N'[c,b], N' the officers free otherwise), operations other
    than road safety use at most N'[c,b]: sum_{g not road safety} z[g,b,c] <= N'[c,b]."""
    terms: dict[tuple[int, int], list] = {}
    for (g, b, c), var in v.op_staff.items():
        if ROAD_SAFETY_MARK not in g and free[c, b] > normal[c, b]:
            terms.setdefault((c, b), []).append(var)
    for (c, b), vs in sorted(terms.items()):
        v.model.add(v.model.sum(vs) <= int(normal[c, b]))


def build_priority_constraints(
    p: Problem,
    v: Variables,
    free: np.ndarray,
    placed: dict[int, int],
    floors: dict[str, int],
    normal: np.ndarray | None = None,
) -> None:
    """Stages 2-3: operations on what stage 1 left free (`normal`: the same without the
    traffic reserve, which only road-safety operations may use)."""
    placed_hours: dict[str, int] = {}
    for idx, n in placed.items():
        s = p.starts[idx]
        placed_hours[s.priority] = placed_hours.get(s.priority, 0) + n * s.person_hours
    add_class_capacity(p, v, free)
    add_operation_staffing(p, v)
    add_daily_limits(p, v, placed)
    add_priority_hours(p, v, placed_hours, floors)
    if normal is not None:
        add_reserve_limit(p, v, free, normal)
