"""Solving layer: the one door for what-ifs on a solved plan.

A what-if takes the problem, the plan's solution (held as it is where the question says so)
and one typed change, solves again and returns a `WhatIfResult`: a status and the figures.
A solve that finds nothing (a time limit reached first, a solver failure) is a status,
never an exception. Callers never see the model's variables, builders or staff classes:
changes name qualifications, priorities, operations, pools and blocks of the problem.

- `resolve_priorities`: stages 2 on stage 1's decisions as they are, with a change to the
  priorities (extra officers, a relaxed qualification, a widened window, a cap lifted...).
- `price_block`: the same with one more officer of some qualifications in one block.
- `block_prices`: what one more officer is worth in each block, by the duals of the LP.
- `resolve_basic`: stage 1 again with a repair (officers on duty, units allowed).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, TypeVar

import numpy as np

from planner.domain import TimeWindow
from planner.problem import Problem, operation_group, start_map, with_operations
from planner.solver.constraints import build_priority_constraints
from planner.solver.solve import (
    BasicResult,
    NoSolution,
    RawSolution,
    SolverParams,
    StageResult,
    solve_basic,
    solve_priorities,
)
from planner.solver.terms import SoftTerm
from planner.solver.variables import make_priority_variables

Status = Literal["optimal", "feasible", "no_solution", "time_limit"]
NO_LIMIT_PER_DAY = 10_000


# -- changes to the priorities stage (stage 1 held) --------------------------------------------


@dataclass(frozen=True)
class ExtraOfficers:
    """`officers` more free officers holding exactly `qualifications` (the operation
    qualifications; empty: officers without any) in each of `blocks` (None: every block)."""

    qualifications: frozenset[str] = frozenset()
    blocks: tuple[int, ...] | None = None
    officers: int = 1


@dataclass(frozen=True)
class PinnedRemoved:
    """No pinned operations: their crews' officers are free for the priorities."""


@dataclass(frozen=True)
class QualificationRelaxed:
    """The priority's operation types need no qualification."""

    priority: str


@dataclass(frozen=True)
class WindowWidened:
    """The priority's operation types may run all week, round the clock."""

    priority: str


@dataclass(frozen=True)
class CrewSize:
    """The priority's operation types run with crews of `crew`."""

    priority: str
    crew: int = 1


@dataclass(frozen=True)
class DailyLimitLifted:
    """These operation types (of the priority) have no daily limit."""

    priority: str
    operations: tuple[str, ...]


@dataclass(frozen=True)
class CapLifted:
    priority: str


@dataclass(frozen=True)
class WeightChanged:
    priority: str
    weight: float


@dataclass(frozen=True)
class FloorRaised:
    priority: str
    floor_hours: float


Change = (
    ExtraOfficers
    | PinnedRemoved
    | QualificationRelaxed
    | WindowWidened
    | CrewSize
    | DailyLimitLifted
    | CapLifted
    | WeightChanged
    | FloorRaised
)


# -- repairs of stage 1 --------------------------------------------------------------------------


@dataclass(frozen=True)
class OnDuty:
    """More officers on duty: (pool, block, officers) each."""

    officers: tuple[tuple[int, int, int], ...]


@dataclass(frozen=True)
class UnitsAllowed:
    """The functionality may also be staffed by these pools."""

    functionality: str
    pools: tuple[int, ...]


StageOneRepair = OnDuty | UnitsAllowed


# -- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatIfResult:
    """A what-if's status and figures: the priorities' hours (priorities stage) and every soft
    term's shortfall (stage 1), both empty when no solution was found."""

    status: Status
    priority_hours: Mapping[str, float] = field(default_factory=dict)
    shortfalls: Mapping[SoftTerm, int] = field(default_factory=dict)

    @property
    def solved(self) -> bool:
        return self.status in ("optimal", "feasible")

    @property
    def shortfall_hours(self) -> float:
        return float(sum(x * t.unit_hours for t, x in self.shortfalls.items() if x))


@dataclass(frozen=True)
class StageOneUse:
    """What stage 1 did with the officers, by the problem's pools and blocks."""

    officers: Mapping[str, np.ndarray]  # basic activity -> [block] officers on it
    lent: np.ndarray  # [pool, block] officers lent to HyCap and other commitments
    used: np.ndarray  # [pool, block] officers stage 1 uses (missions, commitments, pinned)


@dataclass(frozen=True)
class BlockPrice:
    """The LP's price of one more free officer holding `qualifications` in `block`."""

    qualifications: frozenset[str]
    block: int
    value: float


def _status(stages: list[StageResult]) -> Status:
    return "optimal" if all(s.status == "OPTIMAL" for s in stages) else "feasible"


def _failed(exc: NoSolution) -> WhatIfResult:
    return WhatIfResult("time_limit" if exc.timed_out else "no_solution")


def _held_basic(solution: RawSolution) -> BasicResult:
    return BasicResult(
        solution.assign,
        solution.lent,
        solution.pinned_placed,
        solution.basic_op_staff,
        solution.shortfalls,
        solution.pinned_missing,
        [],
        0.0,
    )


def held(solution: RawSolution) -> WhatIfResult:
    """The plan's own figures, as a what-if without a change."""
    p = solution.problem
    hours = {q.id: 0.0 for q in p.priorities}
    for s, n in zip(p.starts, solution.crews, strict=True):
        hours[s.priority] += n * s.person_hours
    return WhatIfResult(_status(solution.stages), hours, dict(solution.shortfalls))


def stage_one_use(solution: RawSolution) -> StageOneUse:
    p = solution.problem
    officers = {}
    for a, d in solution.assign.items():
        x = np.zeros(p.n_blocks, dtype=np.int64)
        for (b, _), n in d.items():
            x[b] += n
        officers[a] = x
    lent = np.zeros(p.available.shape, dtype=np.int64)
    for (_, b, pool), n in solution.lent.items():
        lent[pool, b] += n
    return StageOneUse(officers, lent, _held_basic(solution).used(p))


# -- the priorities stage ----------------------------------------------------------------------


def all_week(problem: Problem) -> TimeWindow:
    """The window 'all week, round the clock' of the zone's operational days."""
    start = problem.zone.settings.day_start_minute
    return TimeWindow(tuple(range(7)), start, start + 24 * 60)


def _with_operations(problem: Problem, priority: str, change) -> Problem:
    ops = [change(o) if o.priority == priority else o for o in problem.operations]
    return with_operations(problem, ops)


def _with_priority(problem: Problem, priority: str, **fields) -> Problem:
    prios = [replace(q, **fields) if q.id == priority else q for q in problem.priorities]
    return with_operations(problem, priorities=prios)


def _changed_problem(problem: Problem, change: Change) -> Problem:
    match change:
        case QualificationRelaxed(pid):
            return _with_operations(problem, pid, lambda o: replace(o, qualifications=frozenset()))
        case WindowWidened(pid):
            full = (all_week(problem),)
            return _with_operations(problem, pid, lambda o: replace(o, windows=full))
        case CrewSize(pid, crew):
            return _with_operations(problem, pid, lambda o: replace(o, crew=crew))
        case DailyLimitLifted(pid, ids):
            return _with_operations(
                problem,
                pid,
                lambda o: replace(o, max_per_day=NO_LIMIT_PER_DAY) if o.id in ids else o,
            )
        case CapLifted(pid):
            return _with_priority(problem, pid, cap_hours=None)
        case WeightChanged(pid, weight):
            return _with_priority(problem, pid, weight=weight)
        case FloorRaised(pid, floor):
            return _with_priority(problem, pid, floor_hours=floor)
    return problem


def _class_of(solution: RawSolution, qualifications: frozenset[str]) -> int:
    return solution.classes.qualifications.index(frozenset(qualifications))


def resolve_priorities(
    solution: RawSolution, change: Change | None, params: SolverParams | None = None
) -> WhatIfResult:
    """The priorities stage again, stage 1 held as the plan has it, with `change` applied
    (None: no change). Only the hours are wanted, so the tie-breaks are skipped."""
    params = params or SolverParams()
    base = solution.problem
    basic = _held_basic(solution)
    problem = _changed_problem(base, change) if change is not None else base
    mapping = start_map(base, problem)
    placed = {mapping[i]: n for i, n in basic.placed.items() if i in mapping}
    # extra officers are counted in the plan's staff classes: only with the problem unchanged
    extra = np.zeros(solution.free.shape, dtype=np.int64)
    if isinstance(change, ExtraOfficers):
        blocks = list(range(base.n_blocks)) if change.blocks is None else list(change.blocks)
        extra[_class_of(solution, change.qualifications), blocks] += change.officers
    elif isinstance(change, PinnedRemoved):
        placed = {}
        for (_, b, pool), x in solution.basic_op_staff.items():
            c = solution.classes.pool_class.get(pool)
            if c is not None:
                extra[c, b] += x
    try:
        result = solve_priorities(
            problem, basic, params, extra if problem is base else None, placed, tie_breaks=False
        )
    except NoSolution as exc:
        return _failed(exc)
    return WhatIfResult(_status(result.stages), result.hours(problem))


def price_block(
    solution: RawSolution,
    qualifications: frozenset[str],
    block: int,
    params: SolverParams | None = None,
) -> WhatIfResult:
    """The priorities' hours with one more free officer holding `qualifications` in `block`."""
    return resolve_priorities(solution, ExtraOfficers(frozenset(qualifications), (block,)), params)


def block_prices(solution: RawSolution) -> tuple[BlockPrice, ...]:
    """Dual values of the class-capacity rows in the LP relaxation of 'maximise all priority
    hours' on stage 1's leftover: what one more officer of some qualifications in a block is
    worth. Zero-priced rows are left out."""
    p = solution.problem
    v = make_priority_variables(p, solution.classes, solution.free, solution.pinned_placed, "glop")
    build_priority_constraints(
        p,
        v,
        solution.free,
        solution.pinned_placed,
        {q.id: 0 for q in p.priorities},
        solution.free - solution.reserve,
    )
    terms = [h for h in v.priority_hours.values() if not isinstance(h, int | float)]
    v.model.solver.Maximize(v.model.sum(terms))
    v.model.solver.Solve()
    quals = solution.classes.qualifications
    return tuple(
        BlockPrice(quals[c], b, row.dual_value())
        for (c, b), row in v.class_rows.items()
        if row is not None
    )


K = TypeVar("K")
_TASKS: list[Callable[[], WhatIfResult]] = []


def _run_task(i: int) -> WhatIfResult:
    return _TASKS[i]()


def resolve_many(
    solution: RawSolution,
    changes: Mapping[K, Change | None],
    params: SolverParams | None = None,
    workers: int = 2,
) -> dict[K, WhatIfResult]:
    """`resolve_priorities` for each change, in forked worker processes when there are
    several. Each solve is deterministic, so the answers do not depend on the workers. The
    windows widened go first: their problems are the largest (every start of the week), and
    the others fill the workers around them."""
    global _TASKS
    keys = sorted(changes, key=lambda k: not isinstance(changes[k], WindowWidened))
    _TASKS = [lambda c=changes[k]: resolve_priorities(solution, c, params) for k in keys]
    try:
        if workers > 1 and len(keys) > 1:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(min(workers, len(keys))) as pool:
                values = pool.map(_run_task, range(len(keys)), chunksize=1)
        else:
            values = [_run_task(i) for i in range(len(keys))]
    finally:
        _TASKS = []
    return dict(zip(keys, values, strict=True))


# -- stage 1 ----------------------------------------------------------------------------------------


def resolve_basic(
    problem: Problem, repair: StageOneRepair, params: SolverParams | None = None
) -> WhatIfResult:
    """Stage 1 again with a repair applied: its shortfalls by soft term."""
    match repair:
        case OnDuty(officers):
            available = problem.available.copy()
            for pool, b, k in officers:
                available[pool, b] += k
            problem = replace(problem, available=available)
        case UnitsAllowed(fid, pools):
            problem = replace(problem, eligible={**problem.eligible, fid: tuple(pools)})
    try:
        basic = solve_basic(problem, params)
    except NoSolution as exc:
        return _failed(exc)
    return WhatIfResult(_status(basic.stages), shortfalls=basic.shortfalls)


# -- facts about the held plan ------------------------------------------------------------------


def scarce_blocks(solution: RawSolution, priority: str) -> tuple[int, ...]:
    """First blocks of the priority's qualified starts where, after the plan, too few
    officers with the qualifications were left free to form one more crew."""
    p = solution.problem
    used = np.zeros(solution.free.shape, dtype=np.int64)
    for (_, b, c), x in solution.op_staff.items():
        used[c, b] += x
    left = solution.free - used
    blocks = set()
    for o in p.operations:
        if o.priority != priority or not o.qualifications:
            continue
        classes = list(solution.classes.sources_for(operation_group(p, o.id)))
        for s in p.starts:
            if s.operation == o.id and all(left[classes, b].sum() < o.crew for b in s.blocks):
                blocks.add(s.start_block)
    return tuple(sorted(blocks))


def staff_qualifications(solution: RawSolution) -> tuple[frozenset[str], ...]:
    """The operation qualifications free officers hold, one set per kind of officer."""
    return solution.classes.qualifications


def pinned_operations(solution: RawSolution) -> tuple[str, ...]:
    """The operation types of the pinned crews stage 1 placed."""
    p = solution.problem
    return tuple(sorted({p.starts[i].operation for i, n in solution.pinned_placed.items() if n}))


def floor_hours(problem: Problem, priority: str) -> float:
    """The floor the priorities stage applies (whole hours)."""
    q = next(x for x in problem.priorities if x.id == priority)
    return float(math.ceil(q.floor_hours))


__all__ = [
    "BlockPrice",
    "CapLifted",
    "Change",
    "CrewSize",
    "DailyLimitLifted",
    "ExtraOfficers",
    "FloorRaised",
    "OnDuty",
    "PinnedRemoved",
    "QualificationRelaxed",
    "StageOneRepair",
    "StageOneUse",
    "Status",
    "UnitsAllowed",
    "WeightChanged",
    "WhatIfResult",
    "WindowWidened",
    "all_week",
    "block_prices",
    "floor_hours",
    "held",
    "pinned_operations",
    "price_block",
    "resolve_basic",
    "resolve_many",
    "resolve_priorities",
    "scarce_blocks",
    "stage_one_use",
    "staff_qualifications",
]
