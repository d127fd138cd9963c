"""Solving layer: run the stages in order on one CP-SAT model, fixing each optimum before
the next, and return the raw values. Infeasible cannot happen (every requirement has a
shortfall); a stage stopped by its time limit is reported with its gap, never raised."""

from __future__ import annotations

import math
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from ortools.linear_solver import pywraplp

from planner.problem import Problem
from planner.solver import objectives as obj
from planner.solver.constraints import build_basic_constraints, build_priority_constraints
from planner.solver.terms import SoftTerm
from planner.solver.variables import (
    StaffClasses,
    Variables,
    make_basic_variables,
    make_priority_variables,
    operation_qualifications,
    staff_classes,
)

WEIGHT_SCALE = 100  # weights are used to two decimals
LEVEL_SCALE = 100  # the level T moves in steps of 1/100 hour per unit of weight


@dataclass(frozen=True)
class SolverParams:
    """Settings of the solve. `time_limit_s` bounds each stage; a stage that reaches it
    keeps its best plan and reports its gap (and then the plan may depend on the machine's
    speed, which is why the limit is generous)."""

    backend: str = "scip"
    time_limit_s: float = 60.0
    threads: int = 1

    @classmethod
    def from_toml(cls, path: str | Path) -> SolverParams:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("solver", {})
        params = cls(**{k: data[k] for k in ("backend", "time_limit_s", "threads") if k in data})
        from planner.solver.backend import BACKENDS

        if params.backend not in BACKENDS:
            raise ValueError(
                f"backend must be one of {', '.join(BACKENDS)}, got {params.backend!r}"
            )
        if (
            isinstance(params.time_limit_s, bool)
            or not isinstance(params.time_limit_s, int | float)
            or params.time_limit_s <= 0
        ):
            raise ValueError(f"time_limit_s must be a positive number, got {params.time_limit_s!r}")
        if (
            isinstance(params.threads, bool)
            or not isinstance(params.threads, int)
            or params.threads < 1
        ):
            raise ValueError(
                f"threads must be a whole number of at least 1, got {params.threads!r}"
            )
        return params


class NoSolution(RuntimeError):
    """A stage ended without any solution: a time limit reached first, or a solver failure."""

    def __init__(self, stage: str, status: int, timed_out: bool):
        super().__init__(f"stage {stage}: solver status {status}")
        self.stage, self.status, self.timed_out = stage, status, timed_out


@dataclass
class StageResult:
    name: str
    status: str  # OPTIMAL, FEASIBLE (time limit: see gap)
    objective: float
    bound: float
    seconds: float

    @property
    def gap(self) -> float:
        if self.objective == self.bound:
            return 0.0
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))


@dataclass
class RawSolution:
    problem: Problem
    assign: dict[str, dict[tuple[int, int], int]]
    lent: dict[tuple[int, int, int], int]
    crews: list[int]  # per operation start: pinned crews placed in stage 1 plus stage 2's
    pinned_placed: dict[int, int]
    basic_op_staff: dict[tuple[frozenset, int, int], int]  # pinned crews' staff, by pool
    op_staff: dict[tuple[frozenset, int, int], int]  # stage 2 staff, by class
    classes: StaffClasses
    free: np.ndarray  # [class, block] free officers after stage 1 (traffic reserve included)
    reserve: np.ndarray  # [class, block] of them, held for traffic: road-safety operations only
    shortfalls: dict[SoftTerm, int]
    pinned_missing: dict[int, int]
    stages: list[StageResult] = field(default_factory=list)
    build_seconds: float = 0.0


class _Stager:
    """Runs one stage after another on the same model, each warm-started from the last."""

    def __init__(self, p: Problem, v: Variables, params: SolverParams):
        self.p, self.v, self.params = p, v, params
        self.solver = v.model.solver
        self.solver.SetNumThreads(params.threads)
        self.solver.SetTimeLimit(max(1, int(params.time_limit_s * 1000)))  # 0 would mean none
        self.mp = pywraplp.MPSolverParameters()
        self.mp.SetDoubleParam(self.mp.RELATIVE_MIP_GAP, 0.0)
        self.stages: list[StageResult] = []

    def run(self, name: str, expr, maximize: bool, fix: bool = True) -> float:
        """Optimise `expr`; when `fix`, hold it at the value found for all later stages."""
        m = self.v.model
        if isinstance(expr, int | float):
            self.stages.append(StageResult(name, "OPTIMAL", float(expr), float(expr), 0.0))
            return float(expr)
        (self.solver.Maximize if maximize else self.solver.Minimize)(expr)
        t0 = time.perf_counter()
        status = self.solver.Solve(self.mp)
        seconds = time.perf_counter() - t0
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            # every requirement has slack, so only a time limit (or a solver failure) gets
            # here; solve() lets it through, the what-ifs report it as a status
            timed_out = (
                status == pywraplp.Solver.NOT_SOLVED or seconds >= 0.95 * self.params.time_limit_s
            )
            raise NoSolution(name, status, timed_out)
        value = round(self.solver.Objective().Value())
        bound = self.solver.Objective().BestBound()
        bound = value if status == pywraplp.Solver.OPTIMAL else bound
        self.stages.append(
            StageResult(
                name,
                "OPTIMAL" if status == pywraplp.Solver.OPTIMAL else "FEASIBLE",
                float(value),
                float(bound),
                seconds,
            )
        )
        m.remember_solution()
        m.solver.SetHint(m.variables, m.values)
        if fix:
            m.add(expr >= value) if maximize else m.add(expr <= value)
        return float(value)

    def value(self, expr) -> int:
        return round(self.v.model.value(expr))


def _water_fill(st: _Stager) -> None:
    """Weighted max-min over the priorities (progressive filling).

    Round k: maximise T_k subject to 10^4 H_i >= w_i T_k for every still-active priority i
    (w_i the weight times 100, T_k in 1/100 hour per unit of weight). Then every active i
    gets the lower bound H_i >= ceil(w_i T_k / 10^4). A priority is
    saturated when no plan keeps the others at their bounds and gives it more; a solve of
    max sum H_i finds those that can grow (witnesses) and one solve of max H_i tests each
    other. Saturated priorities keep their bound and leave; the rest go on to the next round,
    so what one priority cannot use goes to the others, by weight.
    """
    p, v, m = st.p, st.v, st.v.model
    hours = v.priority_hours
    active = [
        q.id for q in p.priorities if q.weight > 0 and not isinstance(hours[q.id], int | float)
    ]
    weights = {q.id: max(1, round(q.weight * WEIGHT_SCALE)) for q in p.priorities}
    rounds = 0
    while active:
        rounds += 1
        upper = (sum(s.person_hours * 64 for s in p.starts) + 1) * WEIGHT_SCALE * LEVEL_SCALE
        t = m.new_int_var(0, upper, f"level[{rounds}]")
        for i in active:
            m.add(WEIGHT_SCALE * LEVEL_SCALE * hours[i] >= weights[i] * t)
        level = st.run(f"priorities: level {rounds}", t, maximize=True, fix=True)
        bounds = {
            i: math.ceil(weights[i] * level / (WEIGHT_SCALE * LEVEL_SCALE) - 1e-9) for i in active
        }
        for i in active:
            m.add(hours[i] >= bounds[i])
        st.run(
            f"priorities: room {rounds}", m.sum(hours[i] for i in active), maximize=True, fix=False
        )
        can_grow = {i for i in active if st.value(hours[i]) > bounds[i]}
        saturated = []
        for i in active:
            if i in can_grow:
                continue
            best = st.run(f"priorities: room for {i} {rounds}", hours[i], maximize=True, fix=False)
            if best <= bounds[i]:
                saturated.append(i)
        if not saturated:
            # Integrality: each could grow alone but no higher level fits them all. Freeze the
            # one that is richest for its weight in the max-sum plan, so the others go on.
            richest = max(active, key=lambda i: (st.value(hours[i]) * WEIGHT_SCALE / weights[i], i))
            saturated = [richest]
        active = [i for i in active if i not in saturated]
    # whatever the rounds gave, nobody's hours go down in later stages
    if rounds == 0:
        return
    for q in p.priorities:
        if not isinstance(hours[q.id], int | float):
            m.add(hours[q.id] >= st.value(hours[q.id]))


@dataclass
class BasicResult:
    """Stage 1's decisions, per pool."""

    assign: dict[str, dict[tuple[int, int], int]]
    lent: dict[tuple[int, int, int], int]
    placed: dict[int, int]  # pinned crews staffed, by start index
    basic_op_staff: dict[tuple[frozenset, int, int], int]
    shortfalls: dict[SoftTerm, int]
    pinned_missing: dict[int, int]
    stages: list[StageResult]
    build_seconds: float

    def used(self, problem: Problem) -> np.ndarray:
        """[pool, block] officers stage 1 uses (basic missions, commitments, pinned crews)."""
        used = np.zeros(problem.available.shape, dtype=np.int64)
        for d in self.assign.values():
            for (b, pool), x in d.items():
                used[pool, b] += x
        for (_, b, pool), x in self.lent.items():
            used[pool, b] += x
        for (_, b, pool), x in self.basic_op_staff.items():
            used[pool, b] += x
        return used


@dataclass
class PriorityResult:
    crews: list[int]  # per start, pinned crews included
    op_staff: dict[tuple[frozenset, int, int], int]
    classes: StaffClasses
    free: np.ndarray
    reserve: np.ndarray
    stages: list[StageResult]
    build_seconds: float

    def hours(self, problem: Problem) -> dict[str, float]:
        out = {q.id: 0.0 for q in problem.priorities}
        for s, n in zip(problem.starts, self.crews, strict=True):
            out[s.priority] += n * s.person_hours
        return out


def solve_basic(problem: Problem, params: SolverParams | None = None) -> BasicResult:
    """Stage 1: basic missions, commitments and pinned operations."""
    params = params or SolverParams()
    t0 = time.perf_counter()
    v1 = make_basic_variables(problem, params.backend)
    build_basic_constraints(problem, v1)
    build_seconds = time.perf_counter() - t0
    st = _Stager(problem, v1, params)
    op_quals = operation_qualifications(problem)
    st.run("basic missions: legal minimum", obj.legal_shortfall_hours(v1), maximize=False)
    st.run("pinned operations", obj.pinned_missing_hours(v1), maximize=False)
    st.run("basic missions: zone standard", obj.zone_shortfall_hours(v1), maximize=False)
    if len(problem.commitments) > 1:
        st.run(
            "basic missions: requests in order",
            obj.commitments_in_order(problem, v1),
            maximize=False,
        )
    st.run(
        "basic missions: spare qualified staff",
        obj.qualified_hours_in_basic_missions(problem, v1, op_quals),
        maximize=False,
    )
    val = st.value
    return BasicResult(
        assign={a: {k: val(x) for k, x in d.items()} for a, d in v1.assign.items()},
        lent={k: val(x) for k, x in v1.lent.items()},
        placed={k: val(x) for k, x in v1.crews.items()},
        basic_op_staff={k: val(x) for k, x in v1.op_staff.items()},
        shortfalls={k: val(x) for k, x in v1.shortfalls.items()},
        pinned_missing={k: val(x) for k, (x, _) in v1.pinned_missing.items()},
        stages=st.stages,
        build_seconds=build_seconds,
    )


def solve_priorities(
    problem: Problem,
    basic: BasicResult,
    params: SolverParams | None = None,
    extra_free: np.ndarray | None = None,
    placed: dict[int, int] | None = None,
    tie_breaks: bool = True,
) -> PriorityResult:
    """Stages 2 and 3 on what stage 1 left free. `extra_free[c, b]` adds officers to a staff
    class and `placed` replaces the pinned crews (both for explanations' what-ifs)."""
    params = params or SolverParams()
    placed = basic.placed if placed is None else placed
    classes = staff_classes(problem)
    free = np.zeros((len(classes.qualifications), problem.n_blocks), dtype=np.int64)
    left = problem.available - basic.used(problem)
    for pool, c in classes.pool_class.items():
        free[c] += left[pool]
    if extra_free is not None:
        free = free + extra_free
    # officers held for traffic who can run operations: road-safety operations only
    reserve = np.zeros_like(free)
    for (b, pool), x in basic.assign["traffic"].items():
        if pool in problem.traffic_reserve_pools and pool in classes.pool_class:
            reserve[classes.pool_class[pool], b] += x
    normal, free = free, free + reserve
    t1 = time.perf_counter()
    floors = {q.id: math.ceil(q.floor_hours) for q in problem.priorities}
    v2 = make_priority_variables(problem, classes, free, placed, params.backend)
    build_priority_constraints(problem, v2, free, placed, floors, normal)
    peaks = obj.day_peaks(problem, v2)
    build_seconds = time.perf_counter() - t1
    st2 = _Stager(problem, v2, params)
    st2.run("priorities: floors", obj.floor_shortfall_hours(v2), maximize=False)
    _water_fill(st2)
    if tie_breaks:  # what-ifs that only need the hours skip them
        spread_weight = sum(max(o.max_per_day, 64) for o in problem.operations) + 1
        tie = obj.preferred_person_hours(problem, v2) * spread_weight - v2.model.sum(peaks)
        st2.run("tie-breaks: preferred windows, spread", tie, maximize=True)
    crews = [
        placed.get(s.index, 0) + (st2.value(v2.crews[s.index]) if s.index in v2.crews else 0)
        for s in problem.starts
    ]
    return PriorityResult(
        crews,
        {k: st2.value(x) for k, x in v2.op_staff.items()},
        classes,
        free,
        free - normal,
        st2.stages,
        build_seconds,
    )


def solve(problem: Problem, params: SolverParams | None = None) -> RawSolution:
    """Build both models and run all stages; see docs/model.md for the maths."""
    basic = solve_basic(problem, params)
    prio = solve_priorities(problem, basic, params)
    return RawSolution(
        problem=problem,
        assign=basic.assign,
        lent=basic.lent,
        crews=prio.crews,
        pinned_placed=basic.placed,
        basic_op_staff=basic.basic_op_staff,
        op_staff=prio.op_staff,
        classes=prio.classes,
        free=prio.free,
        reserve=prio.reserve,
        shortfalls=basic.shortfalls,
        pinned_missing=basic.pinned_missing,
        stages=basic.stages + prio.stages,
        build_seconds=basic.build_seconds + prio.build_seconds,
    )
