"""Formulation layer: the variables of the two models, indexed by the problem's blocks,
pools (or staff classes), commitments and operation starts. Solver indexes stay here.

The basic-missions model (stage 1) decides, per block and pool, who covers each basic
mission, HyCap request and pinned operation. The priorities model (stages 2 and 3) sees
only what stage 1 left free, grouped into *staff classes*: operational officers of the
units that run operations, by the operation qualifications they hold. Within a class
officers are interchangeable for every operation, so the grouping loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from planner.problem import ACTIVITIES, ROAD_SAFETY_MARK, Problem, operation_group
from planner.solver.backend import LinearModel
from planner.solver.terms import SoftTerm


@dataclass
class Variables:
    model: LinearModel
    block_hours: tuple[int, ...] = ()
    # officers of pool p doing basic activity a in block b
    assign: dict[str, dict[tuple[int, int], object]] = field(default_factory=dict)
    # officers of pool p lent to commitment r in block b
    lent: dict[tuple[int, int, int], object] = field(default_factory=dict)
    # crews started at an operation start (stage 1: pinned starts; stage 2: every start)
    crews: dict[int, object] = field(default_factory=dict)
    # officers of source q (pool in stage 1, class in stage 2) on operations needing
    # qualification set g in block b
    op_staff: dict[tuple[frozenset, int, int], object] = field(default_factory=dict)
    # soft terms: each shortfall variable by the rule and subject it belongs to
    shortfalls: dict[SoftTerm, object] = field(default_factory=dict)
    pinned_missing: dict[int, tuple[object, int]] = field(default_factory=dict)
    priority_hours: dict[str, object] = field(default_factory=dict)
    floor_short: dict[str, object] = field(default_factory=dict)
    investigation_cover: dict[int, object] = field(default_factory=dict)
    # stage 2's capacity row of each (class, block), whose dual prices one more officer
    class_rows: dict[tuple[int, int], object] = field(default_factory=dict)

    def staffed(self, activity: str, block: int):
        """X[a,b] = sum_p x[a,b,p] (0 when nobody eligible is on duty)."""
        by_block = self.__dict__.setdefault("_by_block", {})
        if activity not in by_block:
            index: dict[int, list] = {}
            for (b, _), var in self.assign[activity].items():
                index.setdefault(b, []).append(var)
            by_block[activity] = index
        return self.model.sum(by_block[activity].get(block, []))

    def weekly_hours(self, activity: str):
        """sum_b X[a,b] h_b."""
        return self.model.sum(
            var * self.block_hours[b] for (b, _), var in self.assign[activity].items()
        )


@dataclass(frozen=True)
class StaffClasses:
    """Operational officers free for operations, grouped by operation qualifications.
    Officers stage 1 held for traffic (the reserve) stay in their class; a row per class and
    block keeps them for road-safety operations (add_reserve_limit)."""

    qualifications: tuple[frozenset, ...]  # per class
    pool_class: dict[int, int]  # pool index -> class index (operation-eligible pools only)

    def sources_for(self, group: frozenset) -> tuple[int, ...]:
        """Classes that may staff an operation of `group` (see operation_group)."""
        need = group - {ROAD_SAFETY_MARK}
        return tuple(c for c, q in enumerate(self.qualifications) if need <= q)


def op_group(problem: Problem, operation: str) -> frozenset:
    return operation_group(problem, operation)


def operation_qualifications(problem: Problem) -> frozenset:
    return frozenset(q for o in problem.operations for q in o.qualifications)


def staff_classes(problem: Problem) -> StaffClasses:
    op_quals = operation_qualifications(problem)
    eligible = sorted(
        {p for pools in problem.op_pools.values() for p in pools} | set(_generic_op_pools(problem))
    )
    keys: list[frozenset] = []
    pool_class: dict[int, int] = {}
    for p in eligible:
        k = problem.pools[p].qualifications & op_quals
        if k not in keys:
            keys.append(k)
        pool_class[p] = keys.index(k)
    order = sorted(range(len(keys)), key=lambda i: sorted(keys[i]))
    remap = {old: new for new, old in enumerate(order)}
    return StaffClasses(tuple(keys[i] for i in order), {p: remap[c] for p, c in pool_class.items()})


def _generic_op_pools(problem: Problem) -> tuple[int, ...]:
    units = set(problem.zone.settings.staffing.operations)
    return tuple(i for i, p in enumerate(problem.pools) if p.operational and p.unit in units)


def _crew_bound(problem: Problem, s, room_by_block) -> int:
    op = next(o for o in problem.operations if o.id == s.operation)
    room = min(room_by_block[b] for b in s.blocks)
    return room // op.crew


def make_basic_variables(problem: Problem, backend: str) -> Variables:
    """Stage 1: basic missions, commitments and pinned operations, per pool."""
    m = LinearModel(backend)
    v = Variables(m, block_hours=tuple(int(h) for h in problem.block_hours))
    avail = problem.available
    blocks_for = {
        "intervention": range(problem.n_blocks),
        "reception": [b for b in range(problem.n_blocks) if problem.reception_zone[b] > 0],
        "neighbourhood": [b for b in range(problem.n_blocks) if problem.neighbourhood_blocks[b]],
        "investigation": [b for b in range(problem.n_blocks) if problem.investigation_blocks[b]],
        "traffic": range(problem.n_blocks),
    }
    for a in ACTIVITIES:
        v.assign[a] = {}
        for b in blocks_for[a]:
            for p in problem.eligible[a]:
                if avail[p, b] > 0:
                    v.assign[a][b, p] = m.new_int_var(0, int(avail[p, b]), f"{a}[{b},{p}]")
    for r, need in enumerate(problem.commitments):
        for b in need.blocks:
            for p in need.pools:
                if avail[p, b] > 0:
                    v.lent[r, b, p] = m.new_int_var(0, int(avail[p, b]), f"lent[{r},{b},{p}]")
    pinned_count: dict[int, int] = {}
    for idx, _ in problem.pinned:
        pinned_count[idx] = pinned_count.get(idx, 0) + 1
    for idx, k in sorted(pinned_count.items()):
        s = problem.starts[idx]
        pools = problem.op_pools[s.operation]
        room = {b: int(avail[list(pools), b].sum()) if pools else 0 for b in s.blocks}
        v.crews[idx] = m.new_int_var(0, min(k, _crew_bound(problem, s, room)), f"pinned[{idx}]")
        g = op_group(problem, s.operation)
        for b in s.blocks:
            for p in pools:
                if avail[p, b] > 0 and (g, b, p) not in v.op_staff:
                    v.op_staff[g, b, p] = m.new_int_var(0, int(avail[p, b]), f"op[{b},{p}]")
    return v


def make_priority_variables(
    problem: Problem, classes: StaffClasses, free: np.ndarray, placed: dict[int, int], backend: str
) -> Variables:
    """Stages 2-3: extra crews at every start, staffed from the free officers of each class
    (`free[c, b]`); `placed` holds the pinned crews stage 1 already staffed."""
    m = LinearModel(backend)
    v = Variables(m, block_hours=tuple(int(h) for h in problem.block_hours))
    ops = {o.id: o for o in problem.operations}
    placed_per_day: dict[tuple[str, int], int] = {}
    for idx, n in placed.items():
        s = problem.starts[idx]
        placed_per_day[s.operation, s.day] = placed_per_day.get((s.operation, s.day), 0) + n
    for s in problem.starts:
        op = ops[s.operation]
        sources = classes.sources_for(op_group(problem, s.operation))
        room = {b: int(free[list(sources), b].sum()) if sources else 0 for b in s.blocks}
        left_today = max(0, op.max_per_day - placed_per_day.get((s.operation, s.day), 0))
        ub = min(left_today, _crew_bound(problem, s, room))
        if ub > 0:
            v.crews[s.index] = m.new_int_var(0, ub, f"crews[{s.index}]")
    used: dict[frozenset, set[int]] = {}
    for idx in v.crews:
        s = problem.starts[idx]
        used.setdefault(op_group(problem, s.operation), set()).update(s.blocks)
    for g in sorted(used, key=sorted):
        for b in sorted(used[g]):
            for c in classes.sources_for(g):
                if free[c, b] > 0:
                    v.op_staff[g, b, c] = m.new_int_var(
                        0, int(free[c, b]), f"op[{sorted(g)},{b},{c}]"
                    )
    return v
