"""Solving layer: run the stages in order on one CP-SAT model, fixing each optimum before
the next, and return the raw values. Infeasible cannot happen (every requirement has a
shortfall); a stage stopped by its time limit is reported with its gap, never raised."""

from __future__ import annotations

import hashlib
import itertools
import math
import threading
import time
import tomllib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from ortools.linear_solver import linear_solver_pb2, pywraplp

from planner.problem import Problem
from planner.solver import objectives as obj
from planner.solver.constraints import build_basic_constraints, build_priority_constraints
from planner.solver.spread import even_spread
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
# Stage 2's searches stop after this many branch-and-bound nodes, keeping the best plan found
# and its gap: a count, not a time, so the plan is the same on any machine. Most steps end
# proven well before it; some weeks' steps do not (the autumn week's 5-hour block makes the
# hours' steps fine-grained), and without it they ran to the time limit (60 s each).
NODE_LIMIT = 1000
# ... and after this many nodes with no better plan: in the daylight-saving weeks the bound
# stays a few steps above the plan, and the last hundreds of nodes found nothing (2026-W43's
# third step: the same plan and bound after 0.9 s instead of 1.7 s). Also a count.
STALL_LIMIT = 300
MAX_FACTOR = 10_000  # largest hours-per-weight factor of the leximin (see leximin_factors)
# A leximin step S_k is written with one row per set of k priorities while there are at most
# this many sets (5 priorities: 10), with the helper variables d_ik beyond (see _leximin).
MAX_SUBSETS = 70


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
    stage_one: BasicResult | None = None  # stage 1 as solved (the same dicts as above)


class _Stager:
    """Runs one stage after another on the same model, each held before the next."""

    def __init__(self, p: Problem, v: Variables, params: SolverParams):
        self.p, self.v, self.params = p, v, params
        self.solver = v.model.solver
        self.scip = v.model.backend == "scip"
        if self.scip:  # room for a hint per solve (SCIP keeps 10 by default, then fails)
            self.solver.SetSolverSpecificParametersAsString("limits/maxorigsol = 10000\n")
        else:  # SCIP here solves on one thread: with more, solves ended abnormally
            self.solver.SetNumThreads(params.threads)
        self.solver.SetTimeLimit(max(1, int(params.time_limit_s * 1000)))  # 0 would mean none
        self.mp = pywraplp.MPSolverParameters()
        self.mp.SetDoubleParam(self.mp.RELATIVE_MIP_GAP, 0.0)
        self.stages: list[StageResult] = []
        self.solves = 0  # solver calls so far (stages settled without one are not counted)
        self.extra = ""  # more SCIP settings for every solve (see solve_priorities)

    def run(
        self,
        name: str,
        expr,
        maximize: bool,
        fix: bool = True,
        best: float | None = None,
        nodes: int | None = None,
        step: int | None = None,
        settle: Callable[[], int] | None = None,
    ) -> float:
        """Optimise `expr`; when `fix`, hold it at the value found for all later stages.
        `best` is a value `expr` cannot pass (0 for a sum of shortfalls): when the last plan
        found already reaches it, that plan is optimal for this stage too, with no solve.
        `nodes` (SCIP) stops the search after that many nodes, starting from the last plan,
        which is a plan of this stage too (status FEASIBLE and its gap when stopped).
        `step`: every plan's value of `expr` is a multiple of it (plus a constant); found by
        itself when `expr` has whole coefficients on whole-number variables. The search ends
        as soon as its bound is less than a step from the plan found: that is a proof.
        `settle` puts the stage's continuous helper variables at their best for the plan
        found (a stop on the step may leave them short of it) and returns `expr` there."""
        m = self.v.model
        if isinstance(expr, int | float):
            self.stages.append(StageResult(name, "OPTIMAL", float(expr), float(expr), 0.0))
            return float(expr)
        if best is not None and m.knows(expr) and abs(m.value(expr) - best) < 1e-6:
            self.stages.append(StageResult(name, "OPTIMAL", float(best), float(best), 0.0))
            if fix:
                m.add(expr >= best) if maximize else m.add(expr <= best)
            return float(best)
        step = step or granularity(expr)
        stall = -1 if nodes is None else STALL_LIMIT
        status, seconds = self._solve(expr, maximize, step, nodes, stall, hint=nodes is not None)
        if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            # every requirement has slack, so only a time limit (or a solver failure) gets
            # here; solve() lets it through, the what-ifs report it as a status
            timed_out = (
                status == pywraplp.Solver.NOT_SOLVED or seconds >= 0.95 * self.params.time_limit_s
            )
            raise NoSolution(name, status, timed_out)
        m.remember_solution()
        value = settle() if settle is not None else round(self.solver.Objective().Value())
        bound = self.solver.Objective().BestBound()
        # proven: the solver says so, or no step is left between the plan and the bound
        proven = status == pywraplp.Solver.OPTIMAL or (
            step is not None and (bound - value if maximize else value - bound) < step - 1e-6
        )
        bound = value if proven else bound
        self.stages.append(
            StageResult(
                name, "OPTIMAL" if proven else "FEASIBLE", float(value), float(bound), seconds
            )
        )
        if fix:
            m.add(expr >= value) if maximize else m.add(expr <= value)
        return float(value)

    def value(self, expr) -> int:
        return round(self.v.model.value(expr))

    def _solve(
        self, expr, maximize: bool, step, nodes: int | None, stall: int | None, hint: bool
    ) -> tuple[int, float]:
        """One solver call on `expr`: SCIP's limits (nodes, nodes without a better plan, the
        objective's step) and, with `hint`, the last plan as its start. Returns the status
        and the seconds it took."""
        m = self.v.model
        (self.solver.Maximize if maximize else self.solver.Minimize)(expr)
        if self.scip:
            # the objective moves in whole steps: once the bound is less than a step from the
            # plan found, no better plan exists, and the search may stop (a proof, not a guess)
            gap = max(0.0, step - 0.5) if step else 0.0
            self.solver.SetSolverSpecificParametersAsString(
                f"limits/totalnodes = {-1 if nodes is None else nodes}\n"
                + ("" if stall is None else f"limits/stallnodes = {stall}\n")
                + f"limits/absgap = {gap}\n"
                + self.extra
            )
            if hint and m.values:
                m.solver.SetHint(m.variables[: len(m.values)], m.values)
        t0 = time.perf_counter()
        self.solves += 1
        status = self.solver.Solve(self.mp)
        return status, time.perf_counter() - t0

    def run_if(self, name: str, expr, given) -> float | None:
        """Minimise `expr` with the row `given` (a sum of shortfalls <= 0) holding for this
        solve only; when a plan is found and proven, stage `name` is recorded as met (0) and
        the value of `expr` is returned. None, and nothing recorded, when `given` cannot hold
        or the search stopped unproven (at NODE_LIMIT nodes, so a week with shortfalls loses
        little to it); the row is released either way."""
        if isinstance(given, bool):
            return None
        row = self.v.model.add(given)
        status, seconds = self._solve(expr, False, granularity(expr), NODE_LIMIT, None, hint=False)
        found = status == pywraplp.Solver.OPTIMAL
        if found:  # before the row is released: pywraplp forgets the solution then
            self.v.model.remember_solution()
        row.SetBounds(-self.solver.infinity(), self.solver.infinity())
        if not found:
            return None
        self.stages.append(StageResult(name, "OPTIMAL", 0.0, 0.0, seconds))
        return float(self.value(expr))


def granularity(expr) -> int | None:
    """The step in which a linear expression moves when its variables take whole values: the
    gcd of its coefficients. None when a variable is continuous or a coefficient is not a
    whole number (no step is known)."""
    if isinstance(expr, int | float):
        return None
    g = 0
    for var, coef in expr.GetCoeffs().items():
        if var is pywraplp.OFFSET_KEY or isinstance(var, str):
            continue  # a constant shifts the values, the step stays
        if not var.integer() or not float(coef).is_integer():
            return None
        g = math.gcd(g, int(coef))
    return g or None


def leximin_factors(weights: dict[str, float]) -> dict[str, int]:
    """Whole numbers c_i proportional to 1 / w_i: y_i = c_i H_i is priority i's hours per
    unit of weight, scaled so that every y_i is a whole number (weights are used to two
    decimals: w_i = W_i / 100, c_i = lcm(W) / W_i)."""
    scaled = {i: max(1, round(w * WEIGHT_SCALE)) for i, w in weights.items()}
    common = math.lcm(*scaled.values()) if scaled else 1
    if common > MAX_FACTOR:
        # many unlike decimals (1.01, 1.03, 1.07...): exact factors would be too large for
        # the solver's arithmetic; these are exact to about 1 in 10,000
        return {i: max(1, round(MAX_FACTOR * min(scaled.values()) / w)) for i, w in scaled.items()}
    return {i: common // w for i, w in scaled.items()}


def _hour_steps(p: Problem, hours: dict, i: str) -> int:
    """The step in which priority i's hours move: the gcd of its starts' person-hours and of
    its pinned hours."""
    step = round(hours[i].GetCoeffs().get(pywraplp.OFFSET_KEY, 0))
    for s in p.starts:
        if s.priority == i:
            step = math.gcd(step, s.person_hours)
    return max(1, step)


def _leximin(st: _Stager, then=0) -> bool:
    """Weighted leximin of the priorities' hours, exactly, in one solve per priority.

    With y_i = c_i H_i (hours per unit of weight, see leximin_factors) for the n active
    priorities (weight > 0, hours not fixed), the k-th solve maximises S_k, the sum of the k
    smallest y_i, and holds it for the solves after it. S_k is linear in the classic way:
    S_k = k t_k - sum_i d_ik with d_ik >= t_k - y_i, d_ik >= 0; at the optimum t_k is the
    k-th smallest y (S_1 is the plain max-min, S_n the plain sum). While there are at most
    MAX_SUBSETS sets of k priorities, S_k is written instead as the largest s_k with
    s_k <= sum_{i in K} y_i for every set K of k priorities: the same bound from the LP, with
    one variable and no d_ik, and SCIP proves the step faster (over the demo's 52 weeks and
    20 generated zones, 46.7 s of CPU in stage 2 instead of 55.3 s; the same hours wherever
    both were proven). Maximising S_1, ..., S_n
    in turn gives the leximin vector: the smallest share as large as possible, then the
    second smallest, and so on; what one priority cannot use goes to the others, by weight.

    H_i moves in steps of g_i (the gcd of its starts' person-hours), so H_i = g_i u_i with
    u_i a whole number: the solver branches on these few u_i before the crews (their
    branching priority), which proves each step in a fraction of a second where the crews
    alone could take minutes.
    Ties between priorities that could swap shares: see _hours_in_order.

    `then` (the preferred windows) is maximised among the plans with the largest S_n in the
    same last solve; True when that plan is proven best for `then` too and no later solve
    moved it, so `then` needs no solve of its own.
    """
    p, v, m = st.p, st.v, st.v.model
    hours = v.priority_hours
    active = [
        q.id for q in p.priorities if q.weight > 0 and not isinstance(hours[q.id], int | float)
    ]
    if not active:
        return False
    c = leximin_factors({q.id: q.weight for q in p.priorities if q.id in active})
    step = {i: _hour_steps(p, hours, i) for i in active}
    y = {}
    for i in active:
        u = m.new_int_var(0, _max_hours(p) // step[i] + 1, f"steps[{i}]")
        if m.backend == "scip":  # branch on the hours' steps before any crew
            u.SetBranchingPriority(1)
        m.add(hours[i] == u * step[i])
        y[i] = u * (step[i] * c[i])
    top = max(c.values()) * (_max_hours(p) + 1)
    # t_k and d_ik take whole values at the optimum; SCIP proves faster with them continuous,
    # CP-SAT needs them whole
    aux = m.new_int_var if m.backend == "cp-sat" else m.new_num_var
    n = len(active)
    # every S_k is a sum of y_i, each a multiple of its unit c_i g_i: S_k moves in steps of
    # their gcd, which lets each search stop as soon as its bound is less than a step away
    unit = math.gcd(*(c[i] * step[i] for i in active))

    def settle(k: int, t, d: list, kth: bool = True) -> Callable[[], int]:
        """S_k of the plan found, with the step's helper variables set to their best for it:
        t_k (the k-th smallest y) and d_ik, or s_k (the sum of the k smallest) when not `kth`."""

        def run() -> int:
            ys = sorted(round(m.value(y[i])) for i in active)
            last = max([t.index(), *(di.index() for di in d)])
            m.values.extend([0.0] * (last + 1 - len(m.values)))  # variables new since
            if not kth:
                m.values[t.index()] = sum(ys[:k])
                return sum(ys[:k])
            kth_y = ys[k - 1]
            m.values[t.index()] = kth_y
            for di, i in zip(d, active, strict=False):  # d is empty for S_1
                m.values[di.index()] = max(0, kth_y - round(m.value(y[i])))
            return sum(ys[:k])

        return run

    t = aux(0, top, "kth[1]")  # S_1 is the smallest y: plain max-min, which solves faster
    for i in active:
        m.add(t <= y[i])
    st.run(
        "priorities: leximin 1",
        t,
        maximize=True,
        nodes=NODE_LIMIT,
        step=unit,
        settle=settle(1, t, []),
    )
    for k in range(2, n):
        if math.comb(n, k) <= MAX_SUBSETS:
            t = aux(0, top * k, f"ksum[{k}]")
            for subset in itertools.combinations(active, k):
                m.add(t <= m.sum(y[i] for i in subset))
            objective, settle_k = t, settle(k, t, [], kth=False)
        else:
            t = aux(0, top, f"kth[{k}]")
            d = [aux(0, top, f"below[{k},{i}]") for i in active]
            for di, i in zip(d, active, strict=True):
                m.add(di >= t - y[i])
            objective, settle_k = t * k - m.sum(d), settle(k, t, d)
        if m.values:  # the last plan, with this step's helper variables, is a whole hint
            settle_k()
        st.run(
            f"priorities: leximin {k}",
            objective,
            maximize=True,
            nodes=NODE_LIMIT,
            step=unit,
            settle=settle_k,
        )
    settled = False
    if n > 1:
        total = m.sum(y.values())
        if isinstance(then, int | float):
            st.run(f"priorities: leximin {n}", total, maximize=True, nodes=NODE_LIMIT)
        else:
            # S_n and, among the plans with the largest, the most of `then`, in one solve:
            # one step of S_n weighs more than all of `then`
            big = -(-(_upper(then) + 1) // unit)
            st.run(
                f"priorities: leximin {n}",
                total * big + then,
                maximize=True,
                nodes=NODE_LIMIT,
                fix=False,
                settle=lambda: round(m.value(total)),
            )
            stage = st.stages[-1]
            m.add(total >= stage.objective)
            settled = stage.status == "OPTIMAL"
            if not settled:  # the bound is on the weighted sum: say it for S_n
                stage.bound = float(stage.bound // big)
    solves = st.solves
    _hours_in_order(st, active, c, {i: c[i] * step[i] for i in active})
    # `then` is settled unless a solve for the order moved the plan since
    return settled and solves == st.solves


def _max_hours(p: Problem) -> int:
    """More hours than any priority can have (a safe bound for the solver's variables)."""
    return sum(s.person_hours * 64 for s in p.starts) + sum(
        p.starts[idx].person_hours for idx, _ in p.pinned
    )


def _hours_in_order(
    st: _Stager, active: list[str], c: dict[str, int], unit: dict[str, int]
) -> None:
    """The leximin fixes the sorted shares, not always who gets which: with equal weights two
    priorities may swap. Then priorities listed earlier in priorities.toml get more: H_i is
    maximised in that order, each held. The solve is skipped when no larger share is open
    to i: every leximin plan gives the priorities the same shares, each a multiple of its
    unit c_i g_i, so i can only take a larger one if the others can still share the rest
    (see _can_share)."""
    hours = st.v.priority_hours
    left = sorted(_share(st, hours, i, c) for i in active)
    for k, i in enumerate(active):
        now = _share(st, hours, i, c)
        rest = active[k + 1 :]
        larger = [
            s
            for s in set(left)
            if s > now and s % unit[i] == 0 and _can_share(rest, _without(left, s), unit)
        ]
        if larger:
            st.run(f"priorities: order {i}", hours[i], maximize=True)
        st.v.model.add(hours[i] == st.value(hours[i]))
        left = _without(left, _share(st, hours, i, c))


def _without(values: list[int], x: int) -> list[int]:
    out = list(values)
    out.remove(x)
    return out


def _can_share(priorities: list[str], shares: list[int], unit: dict[str, int]) -> bool:
    """Whether each priority can take one of `shares` (a multiple of its unit), all taken."""
    if not priorities:
        return not shares
    first, rest = priorities[0], priorities[1:]
    return any(
        s % unit[first] == 0 and _can_share(rest, _without(shares, s), unit) for s in set(shares)
    )


def _share(st: _Stager, hours: dict, i: str, c: dict[str, int]) -> int:
    return st.value(hours[i]) * c[i]


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
    key: str = ""  # the model's digest (_model_key): what `remember_stage_one` files it under

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


# Stage 1's results of the last few models solved in this process, by the model's own bytes:
# a re-plan that changes only the priorities (a weight, a floor, a cap) finds stage 1 here.
_BASIC_SEEN: OrderedDict[str, BasicResult] = OrderedDict()
_BASIC_LOCK = threading.Lock()
BASIC_SEEN_SIZE = 8


def _model_key(model, objectives: list, params: SolverParams) -> str:
    """A digest of everything a stage-1 solve depends on: the model (variables, bounds,
    rows), each stage's objective and the solver settings. The solve is deterministic, so
    the same digest gives the same result."""
    proto = linear_solver_pb2.MPModelProto()
    model.solver.ExportModelToProto(proto)
    h = hashlib.sha256(proto.SerializeToString(deterministic=True))
    for expr in objectives:
        terms = [] if isinstance(expr, int | float) else expr.GetCoeffs().items()
        h.update(
            repr(
                sorted(
                    (-1 if var is pywraplp.OFFSET_KEY else var.index(), coef) for var, coef in terms
                )
            ).encode()
        )
    h.update(repr((params.backend, params.time_limit_s, params.threads)).encode())
    return h.hexdigest()


def _seen_copy(r: BasicResult) -> BasicResult:
    """A cached stage 1 as a new result: its own dicts, and no solving time (none was spent)."""
    return BasicResult(
        assign={a: dict(d) for a, d in r.assign.items()},
        lent=dict(r.lent),
        placed=dict(r.placed),
        basic_op_staff=dict(r.basic_op_staff),
        shortfalls=dict(r.shortfalls),
        pinned_missing=dict(r.pinned_missing),
        stages=[replace(s, seconds=0.0) for s in r.stages],
        build_seconds=r.build_seconds,
        key=r.key,
    )


def remember_stage_one(basic: BasicResult) -> None:
    """Keep a stage 1 solved elsewhere (another process: the app plans each job in a child
    of its own) for the models of this process with the same digest."""
    if not basic.key:
        return
    kept = _seen_copy(basic)
    with _BASIC_LOCK:
        _BASIC_SEEN[basic.key] = kept
        _BASIC_SEEN.move_to_end(basic.key)
        while len(_BASIC_SEEN) > BASIC_SEEN_SIZE:
            _BASIC_SEEN.popitem(last=False)


def known_stage_ones() -> tuple[BasicResult, ...]:
    """The stage ones this process keeps, the most recent last (to hand to another)."""
    with _BASIC_LOCK:
        return tuple(_BASIC_SEEN.values())


def solve_basic(problem: Problem, params: SolverParams | None = None) -> BasicResult:
    """Stage 1: basic missions, commitments and pinned operations. A model solved before in
    this process (the same bytes) gives its result again without a solve."""
    params = params or SolverParams()
    t0 = time.perf_counter()
    v1 = make_basic_variables(problem, params.backend)
    build_basic_constraints(problem, v1)
    op_quals = operation_qualifications(problem)
    legal, pinned, zone = (
        obj.legal_shortfall_hours(v1),
        obj.pinned_missing_hours(v1),
        obj.zone_shortfall_hours(v1),
    )
    in_order = obj.commitments_in_order(problem, v1) if len(problem.commitments) > 1 else None
    spare = obj.qualified_hours_in_basic_missions(problem, v1, op_quals)
    key = _model_key(v1.model, [legal, pinned, zone, in_order or 0, spare], params)
    build_seconds = time.perf_counter() - t0
    with _BASIC_LOCK:  # the app may plan in several threads
        seen = _BASIC_SEEN.get(key)
        if seen is not None:
            _BASIC_SEEN.move_to_end(key)
            return _seen_copy(seen)
    st = _Stager(problem, v1, params)
    # Usually everything is met: the tie-break solved with no shortfall allowed finds it, and
    # then each ordered stage is optimal at 0 and the tie-break too, with no other solve.
    # When something cannot be met, that solve finds no plan and the stages run in order.
    short = legal + pinned + zone
    met = st.run_if("basic missions: all met?", spare, short <= 0)
    if met is None:
        st.run("basic missions: all met?", short, maximize=False, fix=False)
    st.run("basic missions: legal minimum", legal, maximize=False, best=0)
    st.run("pinned operations", pinned, maximize=False, best=0)
    st.run("basic missions: zone standard", zone, maximize=False, best=0)
    if in_order is not None:
        st.run("basic missions: requests in order", in_order, maximize=False, best=0)
    st.run("basic missions: spare qualified staff", spare, maximize=False, best=met)
    val = st.value
    result = BasicResult(
        assign={a: {k: val(x) for k, x in d.items()} for a, d in v1.assign.items()},
        lent={k: val(x) for k, x in v1.lent.items()},
        placed={k: val(x) for k, x in v1.crews.items()},
        basic_op_staff={k: val(x) for k, x in v1.op_staff.items()},
        shortfalls={k: val(x) for k, x in v1.shortfalls.items()},
        pinned_missing={k: val(x) for k, (x, _) in v1.pinned_missing.items()},
        stages=st.stages,
        build_seconds=build_seconds,
        key=key,
    )
    remember_stage_one(result)  # a copy: the caller may change its own
    return result


def _upper(expr) -> int:
    """More than a sum of non-negative terms can reach: each coefficient times its variable's
    upper bound."""
    if isinstance(expr, int | float):
        return int(abs(expr))
    return math.ceil(
        sum(
            abs(coef) * (1 if var is pywraplp.OFFSET_KEY else var.ub())
            for var, coef in expr.GetCoeffs().items()
        )
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
    build_seconds = time.perf_counter() - t1
    st2 = _Stager(problem, v2, params)
    if st2.scip:
        # without presolving: the model is small and changes at every step, so presolving was
        # paid again at every solve and cost more than it saved (docs/model.md, solver settings)
        st2.extra = "presolving/maxrounds = 0\n"
    st2.run("priorities: floors", obj.floor_shortfall_hours(v2), maximize=False)
    preferred = obj.preferred_person_hours(problem, v2) if tie_breaks else 0
    settled = _leximin(st2, preferred)
    if tie_breaks:  # what-ifs that only need the hours skip them
        st2.run(
            "tie-breaks: preferred windows",
            preferred,
            maximize=True,
            nodes=NODE_LIMIT,
            best=st2.value(preferred) if settled else None,
        )
    if v2.crews and not v2.model.values:
        # every stage was settled without a solve (nothing to share): one finds the plan
        st2.run("priorities: plan", v2.model.sum(v2.crews.values()), maximize=True, fix=False)
    extra = {idx: st2.value(x) for idx, x in v2.crews.items()}
    staff = {k: st2.value(x) for k, x in v2.op_staff.items()}
    if tie_breaks:
        # then the even spread: a local search that keeps every hour above (spread.py)
        extra, spread_staff = even_spread(
            problem,
            classes,
            free,
            normal,
            placed,
            extra,
            {idx: round(x.ub()) for idx, x in v2.crews.items()},
        )
        staff = {k: spread_staff.get(k, 0) for k in v2.op_staff}
    crews = [placed.get(s.index, 0) + extra.get(s.index, 0) for s in problem.starts]
    return PriorityResult(
        crews,
        staff,
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
        stage_one=basic,
    )
