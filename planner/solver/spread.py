"""Solving layer: the last tie-break, an even spread of each operation type over the week,
as a deterministic local search on stage 2's plan rather than an integer programme.

Stage 2 has fixed every priority's hours and the preferred-window hours. Here a crew may
only move to another start of the same operation type, with the same hours and the same
kind of window (preferred or not), on a day where that type has at least two crews fewer:
so the hours of every priority, every operation type and the preferred windows stay
exactly as they were, and the sum of the squared crews per type and day falls at every move
(which is why it ends). When the officers free in the new start's blocks cannot staff it,
one crew of another type may move the other way between the same two days, if that does
not make its own days less even. A move is kept only if every operation stays staffed: a
small max-flow per block (`_Staffing`) from the operations' staffing groups to the staff
classes, with the traffic reserve open to road-safety operations only.

Why not the integer programme: minimising the sum of day peaks with every priority's hours
held took 1.5 to 4 s of the demo's 4.4 s of solving, for the least important criterion of
the plan; this takes milliseconds. It is a heuristic: the spread is even, not proven the
most even (docs/model.md, stage 3).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from ortools.graph.python import max_flow

from planner.problem import ROAD_SAFETY_MARK, Problem
from planner.solver.variables import StaffClasses, op_group

_BIG = 1 << 40
# At most this many two-crew exchanges are tried in all: a count, so the plan is the same
# on any machine; it bounds the search on large zones.
MAX_TRIES = 20_000


class _Staffing:
    """Whether, and how, the free officers of each block staff the operations' demand there:
    a small max-flow per block from the staffing groups to the staff classes (road-safety
    groups may use every free officer of a class, the others only those outside the traffic
    reserve). Answers are kept per block and demand: the search asks the same ones often."""

    def __init__(self, classes: StaffClasses, free: np.ndarray, normal: np.ndarray):
        self.classes, self.free, self.normal = classes, free, normal
        self.sources: dict[frozenset, tuple[int, ...]] = {}
        self.known: dict[tuple[int, frozenset], bool] = {}

    def flows(self, demand: Mapping[frozenset, int], b: int):
        """Officers per (group, class) in block b, or None when `demand` cannot be staffed."""
        groups = sorted((g for g, n in demand.items() if n > 0), key=sorted)
        if not groups:
            return {}
        free, normal = self.free, self.normal
        n_cls = len(self.classes.qualifications)
        # nodes: 0 source, 1 sink, 2.. groups, then per class an 'all' and a 'normal' node
        g_node = {g: 2 + i for i, g in enumerate(groups)}
        all_node = [2 + len(groups) + 2 * c for c in range(n_cls)]
        flow = max_flow.SimpleMaxFlow()
        for g in groups:
            flow.add_arc_with_capacity(0, g_node[g], int(demand[g]))
        for c in range(n_cls):
            if free[c, b] > 0:
                flow.add_arc_with_capacity(all_node[c], 1, int(free[c, b]))
                flow.add_arc_with_capacity(all_node[c] + 1, all_node[c], int(normal[c, b]))
        arcs: list[tuple[int, frozenset, int]] = []
        for g in groups:
            road = ROAD_SAFETY_MARK in g
            if g not in self.sources:
                self.sources[g] = self.classes.sources_for(g)
            for c in self.sources[g]:
                if free[c, b] > 0:
                    head = all_node[c] if road else all_node[c] + 1
                    arcs.append((flow.add_arc_with_capacity(g_node[g], head, _BIG), g, c))
        total = sum(demand[g] for g in groups)
        if flow.solve(0, 1) != flow.OPTIMAL or flow.optimal_flow() < total:
            return None
        out: dict[tuple[frozenset, int], int] = {}
        for arc, g, c in arcs:
            if flow.flow(arc):
                out[g, c] = out.get((g, c), 0) + int(flow.flow(arc))
        return out

    def ok(self, demand: Mapping[frozenset, int], b: int) -> bool:
        key = (b, frozenset(demand.items()))  # `demand` holds no zero (_Spread._count)
        if key not in self.known:
            self.known[key] = self.flows(demand, b) is not None
        return self.known[key]


class _Spread:
    """The search's state: crews per start, officers needed per block and group, crews per
    type and day."""

    def __init__(self, p: Problem, staffing: _Staffing, placed, crews, upper):
        self.p, self.staffing, self.upper = p, staffing, upper
        self.crews = dict(crews)
        self.ops = {o.id: o for o in p.operations}
        self.op_ids = [o.id for o in p.operations]
        self.group = {o.id: op_group(p, o.id) for o in p.operations}
        # per start: its type, day, staffing group, officers per crew and blocks (read often)
        self.info = {
            idx: (
                p.starts[idx].operation,
                p.starts[idx].day,
                self.group[p.starts[idx].operation],
                self.ops[p.starts[idx].operation].crew,
                tuple(p.starts[idx].blocks),
            )
            for idx in set(upper) | set(self.crews)
        }
        self.blocks = {idx: frozenset(self.info[idx][4]) for idx in upper}
        self.demand: dict[int, dict[frozenset, int]] = {}
        self.day: dict[tuple[str, int], int] = {}
        self.starts: dict[tuple[str, int], list[int]] = {}  # by type and day
        # by type, day and block: the starts covering the block, in index order
        self.covering: dict[tuple[str, int, int], list[int]] = {}
        for idx in sorted(upper):
            op, day, _, _, blocks = self.info[idx]
            self.starts.setdefault((op, day), []).append(idx)
            for b in blocks:
                self.covering.setdefault((op, day, b), []).append(idx)
        for idx, n in sorted(self.crews.items()):
            self._count(idx, n)
        self.placed_day: dict[tuple[str, int], int] = {}
        for idx, n in placed.items():
            s = p.starts[idx]
            self.placed_day[s.operation, s.day] = self.placed_day.get((s.operation, s.day), 0) + n
        self.tries = 0

    def _count(self, idx: int, n: int) -> None:
        """Add n crews at start idx to the officers needed and the crews per day (a group
        needing nobody is dropped from a block's demand, which keys the staffing answers)."""
        op, day, g, crew, blocks = self.info[idx]
        k = crew * n
        for b in blocks:
            d = self.demand.setdefault(b, {})
            left = d.get(g, 0) + k
            if left:
                d[g] = left
            else:
                d.pop(g, None)
        self.day[op, day] = self.day.get((op, day), 0) + n

    def _near(self, op: str, day: int, blocks: frozenset) -> list[int]:
        """The starts of type `op` on `day` that share a block with `blocks`, in index order."""
        found = [i for b in blocks for i in self.covering.get((op, day, b), ())]
        return found if len(blocks) == 1 else sorted(set(found))

    def shift(self, src: int, dst: int) -> None:
        """One crew from start src to start dst of the same type."""
        self.crews[src] -= 1
        self.crews[dst] = self.crews.get(dst, 0) + 1
        self._count(src, -1)
        self._count(dst, 1)

    def staffed(self, idx: int) -> bool:
        ok, demand = self.staffing.ok, self.demand
        return all(ok(demand[b], b) for b in self.info[idx][4])

    def may(self, src: int, dst: int) -> bool:
        """Whether a crew may go from start src to start dst: same hours and kind of window,
        room at dst and in its type's daily limit."""
        s, t = self.p.starts[src], self.p.starts[dst]
        return (
            t.person_hours == s.person_hours
            and t.preferred == s.preferred
            and self.crews.get(dst, 0) < self.upper[dst]
            and self.day.get((t.operation, t.day), 0) + self.placed_day.get((t.operation, t.day), 0)
            < self.ops[t.operation].max_per_day
        )

    def partner(self, src: int, dst: int) -> bool:
        """With one crew just moved from src to dst (days d1 -> d2) and not staffed there,
        move one crew of another type from d2 back to d1, where it frees officers in dst's
        blocks and uses those src freed, without making that type's days less even."""
        s_op, s_day = self.info[src][:2]
        t_day = self.info[dst][1]
        day, crews = self.day, self.crews
        at_dst, at_src = self.blocks[dst], self.blocks[src]
        for other in self.op_ids:
            if other == s_op:
                continue
            if day.get((other, s_day), 0) + 1 > day.get((other, t_day), 0):
                continue
            for back in self._near(other, t_day, at_dst):
                if not crews.get(back, 0):
                    continue
                for to in self._near(other, s_day, at_src):
                    if not self.may(back, to):
                        continue
                    if self.tries >= MAX_TRIES:
                        return False
                    self.tries += 1
                    self.shift(back, to)
                    if self.staffed(dst) and self.staffed(to):
                        return True
                    self.shift(to, back)
        return False

    def one_move(self, op: str) -> bool:
        """Make the first move that evens out `op`'s days, if there is one."""
        p = self.p
        idxs = [i for d in range(7) for i in self.starts.get((op, d), [])]
        count = {i: self.day.get((op, p.starts[i].day), 0) for i in idxs}
        sources = sorted(
            (i for i in idxs if self.crews.get(i, 0) > 0), key=lambda i: (-count[i], i)
        )
        targets = sorted(idxs, key=lambda i: (count[i], i))
        seen: set[tuple[int, int]] = set()
        for src in sources:
            s = p.starts[src]
            for dst in targets:
                if count[dst] > count[src] - 2:
                    break
                shape = (s.start_block, p.starts[dst].start_block)
                if shape in seen or not self.may(src, dst):
                    continue
                seen.add(shape)
                self.shift(src, dst)  # the crew leaves first: that frees officers in shared blocks
                if self.staffed(dst) or self.partner(src, dst):
                    return True
                self.shift(dst, src)
        return False


def even_spread(
    p: Problem,
    classes: StaffClasses,
    free: np.ndarray,
    normal: np.ndarray,
    placed: Mapping[int, int],
    crews: dict[int, int],
    upper: Mapping[int, int],
) -> tuple[dict[int, int], dict[tuple[frozenset, int, int], int]]:
    """Move stage 2's crews (`crews`, extra crews per start index, each at most `upper`)
    towards an even spread over the days, and staff them. Returns the crews and the officers
    per (group, block, class)."""
    staffing = _Staffing(classes, free, normal)
    state = _Spread(p, staffing, placed, crews, upper)
    moved = True
    while moved:
        moved = False
        for op in (o.id for o in p.operations):
            while state.one_move(op):
                moved = True
    staff: dict[tuple[frozenset, int, int], int] = {}
    for b in sorted(state.demand):
        got = staffing.flows(state.demand[b], b)
        if got is None:  # pragma: no cover - every kept move was checked
            raise AssertionError(f"block {b}: crews no longer staffed after the spread")
        for (g, c), n in got.items():
            staff[g, b, c] = n
    return state.crews, staff
