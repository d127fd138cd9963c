"""App infrastructure: plan a week in a separate process, so that a long solve can be watched and
abandoned, and keep recent plans by their inputs.

A solve cannot be interrupted from Python once the solver is running, so it runs in a
child process that is simply ended when the user abandons it. Children are forked from a
`forkserver` that has already imported the planner, so starting one costs milliseconds and
never copies the threads of the web server that asks for it.

Work is bounded for the whole server (settings by environment variable):
- `SolverPool`: at most PLANNER_MAX_SOLVERS solver processes at once (default: the number
  of cores); further jobs wait in a queue, first come first served, and know their place;
- a second, low-priority lane for work nobody asked for yet (the week page's explanation,
  made as soon as the plan shows): at most PLANNER_BACKGROUND_SOLVERS processes (default:
  as many as PLANNER_MAX_SOLVERS), a queue of its own, and children at the lowest CPU
  priority (nice 19, for the process and its session's scheduling group, which the
  processes they fork inherit). A background job never takes
  a place a plan is waiting for, and while both run the kernel gives the plan the
  processors, so a re-plan is not slowed down by an explanation;
- a wall-clock limit per solve, PLANNER_SOLVE_LIMIT_S seconds (default 120), and per
  explanation (dozens of what-if solves), PLANNER_EXPLAIN_LIMIT_S (default 900), after
  which the job's processes are killed and the job says so;
- each job's child leads a process group of its own, so ending a job (abandoned, timed
  out) kills the processes it started too (an explanation's what-if workers);
- `PlanCache` keys plans by a fingerprint of everything that decides them (the zone's data,
  the week's dated inputs, the scenario, the week and the solver settings), so moving a
  slider back to a value already planned redraws at once, for any user; it holds at most
  PLANNER_CACHE_MB megabytes of plans (default 512, a plan's size being its pickled size),
  the least recently used going first.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing as mp
import os
import pickle
import signal
import sys
import threading
import time
import types
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from planner.domain import Zone
from planner.errors import InputError, InputIssue
from planner.results import Plan
from planner.solver import SolverParams

_CONTEXT: Any = None
_CONTEXT_LOCK = threading.Lock()


def _context() -> Any:
    global _CONTEXT
    with _CONTEXT_LOCK:
        if _CONTEXT is None:
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["planner.api", "planner.results"])
            _CONTEXT = ctx
        return _CONTEXT


_MAIN_STUB = types.ModuleType("__main__")


@contextlib.contextmanager
def _without_main_script() -> Iterator[None]:
    """Start children without re-running the main script in them.

    A forkserver child imports the parent's main module again when it is a file; under
    Streamlit that file is the app itself, and under pytest the test runner. The worker
    needs neither, so `__main__` is hidden while the child's start-up data is taken (a few
    milliseconds), and put back unless someone else replaced it meanwhile."""
    with _CONTEXT_LOCK:
        main = sys.modules.get("__main__")
        sys.modules["__main__"] = _MAIN_STUB
        try:
            yield
        finally:
            if sys.modules.get("__main__") is _MAIN_STUB and main is not None:
                sys.modules["__main__"] = main


def plan_key(zone: Zone, week: str, scenario: str, params: SolverParams | None = None) -> str:
    """A fingerprint of every input that decides the plan of `scenario` in `week`.

    Only the chosen scenario and week enter it, so editing another scenario or another
    week's inputs keeps this plan cached. Dataclass reprs are exact and cheap (a few ms for
    thousands of officers); the key is only used within one process."""
    parts = (
        zone.settings,
        zone.officers,
        zone.teams,
        zone.priorities,
        zone.operations,
        zone.scenarios.get(scenario),
        zone.weeks.get(week),
        week,
        scenario,
        params or SolverParams(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class PlanningFailed(Exception):
    """The solve stopped without a plan for a reason other than bad input."""


class SolveTimeout(PlanningFailed):
    """The solve ran longer than the wall-clock limit and was ended."""

    def __init__(self, limit_s: float):
        self.limit_s = limit_s
        super().__init__(f"the solve took longer than the limit of {limit_s:g} s and was stopped")


def _env_number(name: str, default: float) -> float:
    """A positive number from the environment, or `default` when unset or not one."""
    text = os.environ.get(name, "").strip()
    try:
        value = float(text)
    except ValueError:
        return default
    return value if value > 0 and value == value and value != float("inf") else default


def _own_group() -> None:
    """In a job's child: lead a process group of its own, so that ending the job ends every
    process it started; and die quietly, not with a BrokenPipe traceback, when the one
    who asked has gone (forked workers inherit both)."""
    with contextlib.suppress(OSError):
        os.setsid()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def _at_lowest_priority(target, *args) -> None:
    """A background job's child: the lowest CPU priority before any work, so that a plan
    asked for meanwhile gets the processors; the what-if workers it forks inherit it.

    Where the kernel groups processes by session for the scheduler (autogroup, on by default
    in many distributions), the processors are shared between groups first, and a process's
    nice only orders it within its group: every job's child leads a session (`_own_group`),
    so the group's nice is set too. `target` finds its own session already made."""
    _own_group()
    with contextlib.suppress(OSError):
        os.nice(19)  # niceness is capped at 19: from any start, this is the lowest
    with contextlib.suppress(OSError), open("/proc/self/autogroup", "w") as group:
        group.write("19")
    target(*args)


def _answer(conn: Connection, work) -> None:
    """Run `work()` in the child and send its outcome: ("ok", value), ("input", issues) for
    bad input, or ("error", text), which the parent shows without a traceback."""
    try:
        outcome: tuple[str, object] = ("ok", work())
    except InputError as exc:
        outcome = ("input", exc.issues)
    except Exception as exc:
        outcome = ("error", f"{type(exc).__name__}: {exc}")
    try:
        conn.send(outcome)
    except (BrokenPipeError, ConnectionResetError):
        pass  # nobody waits for it any more
    finally:
        conn.close()


def _call_worker(conn: Connection, fn, args: tuple) -> None:
    _own_group()
    _answer(conn, lambda: fn(*args))


def _worker(
    conn: Connection,
    zone: Zone,
    week: str,
    scenario: str,
    params: SolverParams | None,
    known: tuple = (),
) -> None:
    _own_group()
    from planner.api import plan_week
    from planner.solver import remember_stage_one

    for basic in known:  # stage 1 of earlier plans: a re-plan of the priorities skips it
        remember_stage_one(basic)
    _answer(conn, lambda: plan_week(zone, week, scenario, params))


def _explain_worker(conn: Connection, plan: Plan, params: SolverParams | None) -> None:
    _own_group()
    from planner.explain import explain

    _answer(conn, lambda: explain(plan, params))


def _diagnose_worker(conn: Connection, plan: Plan, params: SolverParams | None) -> None:
    _own_group()
    from planner.explain import diagnose_shortfalls

    _answer(conn, lambda: diagnose_shortfalls(plan, params))


def _open_store():
    """The store of validated plans, or None when it cannot be opened (the year is then
    counted from plans made now, as `planner year` does)."""
    try:
        from planner.store import Store

        return Store.open()
    except Exception:  # noqa: BLE001 - the store is optional for the year
        return None


def _year_worker(
    conn: Connection,
    progress: Connection,
    folder: str,
    year: int,
    as_of: str | None,
    scenario: str,
    params: SolverParams | None,
    store_zone: str,
) -> None:
    """The PZS year gathered in the child (planner.year.collect.collect_year), each week
    planned reported on `progress` as (done, total, week, cached)."""
    _own_group()

    def tell(done: int, total: int, week: str, cached: bool = False) -> None:
        with contextlib.suppress(OSError):
            progress.send((done, total, week, cached))

    def work():
        from planner.year.collect import collect_year

        store = _open_store()
        try:
            return collect_year(
                folder,
                year,
                as_of,
                scenario=scenario,
                params=params,
                store=store,
                store_zone=store_zone,
                progress=tell,
            )
        finally:
            if store is not None:
                store.close()

    try:
        _answer(conn, work)
    finally:
        progress.close()


@dataclass
class _Outcome:
    kind: str
    value: object


@dataclass
class _Lane:
    """Jobs of one priority: those running, those waiting (first come first served), and the
    slots they may fill together."""

    slots: int
    queue: list[Job] = field(default_factory=list)
    running: list[Job] = field(default_factory=list)

    def need(self, job: Job) -> int:
        return min(job.slots, self.slots)

    def dispatch(self) -> None:
        """Start the jobs at the head of the queue while their slots are free."""
        while self.queue:
            job = self.queue[0]
            used = sum(self.need(j) for j in self.running)
            if self.running and used + self.need(job) > self.slots:
                return
            self.queue.pop(0)
            self.running.append(job)
            job._launch()
            if job._proc is None:  # it could not start: its place goes to the next one
                self.running.remove(job)


class SolverPool:
    """The server's solver processes: at most `max_solvers` at once; further jobs wait in
    one queue, first come first served. A job takes `slots` places (an explanation runs two
    what-if workers); it gives them back when it ends, however it ends.

    Background jobs (`Job.background`) have a lane of their own: `background_solvers`
    slots, their own queue, children at the lowest CPU priority. They are not counted
    against `max_solvers`, so a plan never waits for one: the kernel shares the processors
    between them, and nice 19 leaves the background little of a core a plan needs."""

    def __init__(
        self,
        max_solvers: int | None = None,
        limit_s: float | None = None,
        background_solvers: int | None = None,
    ):
        default = os.cpu_count() or 2
        self.max_solvers = max(1, int(max_solvers or _env_number("PLANNER_MAX_SOLVERS", default)))
        self.background_solvers = max(
            1,
            int(background_solvers or _env_number("PLANNER_BACKGROUND_SOLVERS", self.max_solvers)),
        )
        self.limit_s = float(limit_s or _env_number("PLANNER_SOLVE_LIMIT_S", 120.0))
        # An explanation is dozens of what-if solves: a limit of its own.
        self.explain_limit_s = float(
            _env_number("PLANNER_EXPLAIN_LIMIT_S", max(900.0, self.limit_s))
        )
        self._lock = threading.RLock()
        self._lanes = {False: _Lane(self.max_solvers), True: _Lane(self.background_solvers)}

    def _lane(self, job: Job) -> _Lane:
        return self._lanes[job.background]

    def submit(self, job: Job) -> None:
        with self._lock:
            lane = self._lane(job)
            lane.queue.append(job)
            lane.dispatch()

    def release(self, job: Job) -> None:
        with self._lock:
            lane = self._lane(job)
            if job in lane.running:
                lane.running.remove(job)
            if job in lane.queue:
                lane.queue.remove(job)
            lane.dispatch()

    def position(self, job: Job) -> int:
        """0 once the job runs (or has ended), else its place in its lane's queue from 1."""
        with self._lock:
            queue = self._lane(job).queue
            return queue.index(job) + 1 if job in queue else 0

    def _count(self, background: bool, part: str) -> int:
        """How many jobs of a lane are `running` or waiting in its `queue`."""
        with self._lock:
            return len(getattr(self._lanes[background], part))

    @property
    def running(self) -> int:
        """Jobs running in the main lane (plans, diagnoses, years, explanations asked for)."""
        return self._count(False, "running")

    @property
    def waiting(self) -> int:
        """Jobs of the main lane waiting for their turn."""
        return self._count(False, "queue")

    @property
    def background_running(self) -> int:
        return self._count(True, "running")

    @property
    def background_waiting(self) -> int:
        return self._count(True, "queue")


_POOL: SolverPool | None = None


def solver_pool() -> SolverPool:
    """The pool shared by every session of this server (settings read on first use)."""
    global _POOL
    with _CONTEXT_LOCK:
        if _POOL is None:
            _POOL = SolverPool()
        return _POOL


class Job:
    """`fn(*args)` in a child process, started when the pool has room. Poll it with
    `done()`, see its place in the queue with `position`, read it with `result()`, or end
    it with `cancel()`. A job past its pool's time limit is ended and fails with
    `SolveTimeout`. A background job (`background=True`) waits in the pool's low-priority
    lane and its child runs at nice 19."""

    slots = 1
    background = False

    def __init__(
        self,
        fn,
        args: tuple = (),
        name: str = "job",
        *,
        pool: SolverPool | None = None,
        limit_s: float | None = None,
        daemon: bool = True,
        background: bool = False,
    ):
        self.background = background
        self._setup(_call_worker, (fn, args), name, daemon, pool, limit_s)

    def _setup(
        self,
        target,
        args: tuple,
        name: str,
        daemon: bool,
        pool: SolverPool | None,
        limit_s: float | None,
    ) -> None:
        self._target, self._args, self._name, self._daemon = target, args, name, daemon
        self.pool = pool or solver_pool()
        self.limit_s = limit_s or self.pool.limit_s
        self._proc: Any = None
        self._conn: Connection | None = None
        self._launched = threading.Event()
        self._outcome: _Outcome | None = None
        self.submitted = time.monotonic()
        self.started: float | None = None
        self.finished: float | None = None
        self.result_bytes: int | None = None  # the pickled size of the answer
        self.pool.submit(self)

    def _launch(self) -> None:
        """Start the child (called by the pool, under its lock, from any thread)."""
        if self._outcome is not None:
            return
        try:
            ctx = _context()
            conn, child = ctx.Pipe(duplex=False)
            target, args = self._target, (child, *self._args)
            if self.background:
                target, args = _at_lowest_priority, (target, *args)
            proc = ctx.Process(target=target, args=args, daemon=self._daemon, name=self._name)
            with _without_main_script():
                proc.start()
            child.close()
        except Exception as exc:  # e.g. out of processes: the job fails, the pool goes on
            self._outcome = _Outcome("error", f"could not start the planning process ({exc})")
            self.finished = time.monotonic()
            self._launched.set()
            return
        self._conn, self.started, self._proc = conn, time.monotonic(), proc
        self._launched.set()

    @property
    def position(self) -> int:
        """0 once running or ended, else the place in the server's queue from 1."""
        return 0 if self._outcome is not None else self.pool.position(self)

    @property
    def elapsed_s(self) -> float:
        """Seconds since the child started (0 while waiting in the queue)."""
        if self.started is None:
            return 0.0
        return (self.finished or time.monotonic()) - self.started

    def done(self, timeout_s: float = 0.0) -> bool:
        """True once the child has answered, died or run out of time; waits up to
        `timeout_s`. Queued, it waits for its turn."""
        if self._outcome is not None:
            return True
        if self._proc is None:
            self._launched.wait(timeout_s)
            return self._outcome is not None
        assert self._conn is not None
        left = self.limit_s - (time.monotonic() - (self.started or 0.0))
        try:
            ready = self._conn.poll(max(0.0, min(timeout_s, left)))
        except (OSError, EOFError):
            ready = True
        if ready:
            try:
                data = self._conn.recv_bytes()
                self.result_bytes = len(data)
                kind, value = pickle.loads(data)
                self._outcome = _Outcome(kind, value)
            except (EOFError, OSError):
                self._proc.join(1.0)
                self._outcome = _Outcome(
                    "error", f"the planning process stopped (exit code {self._proc.exitcode})"
                )
        elif not self._proc.is_alive():
            # Died without a word (killed, out of memory): say so instead of waiting forever.
            self._outcome = _Outcome(
                "error", f"the planning process stopped (exit code {self._proc.exitcode})"
            )
        elif time.monotonic() - (self.started or 0.0) >= self.limit_s:
            self._outcome = _Outcome("timeout", self.limit_s)
        if self._outcome is not None:
            self.finished = time.monotonic()
            self._end()
            return True
        return False

    def _end(self) -> None:
        """Kill the child's whole process group (it leads one), reap it, free its slots."""
        proc = self._proc
        if proc is not None:
            self._kill_group(proc.pid)
            if proc.is_alive():
                proc.kill()
            proc.join(2.0)
            self._kill_group(proc.pid)  # anything it forked before it was killed
            if self._conn is not None:
                self._conn.close()
        self.pool.release(self)

    @staticmethod
    def _kill_group(pid: int | None) -> None:
        if pid:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)

    def _value(self) -> object:
        while not self.done(0.1):
            pass
        assert self._outcome is not None
        if self._outcome.kind == "ok":
            return self._outcome.value
        if self._outcome.kind == "input":
            raise InputError(self._outcome.value)  # type: ignore[arg-type]
        if self._outcome.kind == "timeout":
            raise SolveTimeout(self._outcome.value)  # type: ignore[arg-type]
        raise PlanningFailed(str(self._outcome.value))

    def result(self) -> Any:
        """The answer; raises `InputError` for bad input, `SolveTimeout` past the time
        limit, `PlanningFailed` for anything else."""
        return self._value()

    def cancel(self) -> None:
        """End the job now, with every process it started. Safe to call on a finished job.
        Under the pool's lock, so a job being started from another thread (the pool starts
        the next one when a place frees) is either started and then killed, or not started."""
        with self.pool._lock:
            if self._outcome is None:
                self._outcome = _Outcome("error", "abandoned")
                self.finished = time.monotonic()
        self._end()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None


class PlanJob(Job):
    """One solve in a child process."""

    def __init__(
        self,
        zone: Zone,
        week: str,
        scenario: str,
        params: SolverParams | None = None,
        *,
        pool: SolverPool | None = None,
        limit_s: float | None = None,
        known: tuple = (),
    ):
        """`known`: stage 1 of earlier plans (planner.solver.solve.BasicResult), given to
        the child: a plan whose stage-1 model is the same (a change of weights, floors or
        caps) takes it without solving stage 1 again."""
        self._setup(
            _worker,
            (zone, week, scenario, params, known),
            f"plan {scenario} {week}",
            True,
            pool,
            limit_s,
        )

    def result(self) -> Plan:
        """The plan; raises `InputError` for bad input, `SolveTimeout` past the time limit,
        `PlanningFailed` for anything else."""
        return self._value()  # type: ignore[return-value]


class ExplainJob(Job):
    """The explanation of a plan (its what-ifs take seconds), in a child process that can be
    abandoned like a solve. Not a daemon: it runs its what-ifs in two processes of its own,
    which count in the pool and end with it. `background=True` for one made before anybody
    asked (the week page's): it waits in the pool's low-priority lane, and its child and
    what-if workers run at nice 19."""

    slots = 2
    worker = staticmethod(_explain_worker)
    kind, daemon = "explain", False

    def __init__(
        self,
        plan: Plan,
        params: SolverParams | None = None,
        *,
        pool: SolverPool | None = None,
        limit_s: float | None = None,
        background: bool = False,
    ):
        self.background = background
        pool = pool or solver_pool()
        self._setup(
            self.worker,
            (plan, params),
            self.kind,
            self.daemon,
            pool,
            limit_s or pool.explain_limit_s,
        )

    def _made(self):
        try:
            return self._value()
        except InputError as exc:
            raise PlanningFailed(str(exc)) from None

    def explanation(self):
        """The `planner.explain.Explanation`; raises `PlanningFailed` if it could not be made."""
        return self._made()


class DiagnoseJob(ExplainJob):
    """The repairs of a plan's shortfalls (planner.explain.diagnose_shortfalls: a few
    what-ifs of stage 1 per shortfall, seconds), in one child process that counts in the pool
    like a solve and has the explanations' time limit."""

    slots = 1
    worker = staticmethod(_diagnose_worker)
    kind, daemon = "diagnose", True

    def shortfalls(self):
        """The diagnosed shortfalls (planner.explain.Shortfall, repairs best first); raises
        `SolveTimeout` past the limit, `PlanningFailed` if they could not be made."""
        return self._made()


class YearJob(Job):
    """A zone's PZS year to date (planner.year.collect.collect_year) in a child process:
    the past weeks without a validated plan are planned (or read from planner.weeks' disk
    cache), which takes a minute the first time. Not a daemon: planner.weeks plans the
    weeks in a pool of up to two worker processes of its own, which a daemonic process may
    not start; they count in the server's pool (two slots), lead no group of their own and
    so end with the job. It has the explanations' time limit. `progress` is the last
    (done, total, week, cached) the child reported, or None before the first week."""

    slots = 2
    worker = staticmethod(_year_worker)

    def __init__(
        self,
        folder: str,
        year: int,
        as_of: str | None,
        scenario: str = "baseline",
        params: SolverParams | None = None,
        *,
        store_zone: str,
        pool: SolverPool | None = None,
        limit_s: float | None = None,
    ):
        pool = pool or solver_pool()
        self._reports, child = _context().Pipe(duplex=False)
        self._report_end = child
        self._progress: tuple[int, int, str, bool] | None = None
        self._setup(
            self.worker,
            (child, str(folder), year, as_of, scenario, params, store_zone),
            f"year {year}",
            False,
            pool,
            limit_s or pool.explain_limit_s,
        )

    def _launch(self) -> None:
        super()._launch()
        # the child holds its own copy of the reporting end once started
        with contextlib.suppress(OSError):
            self._report_end.close()

    @property
    def progress(self) -> tuple[int, int, str, bool] | None:
        with contextlib.suppress(OSError, EOFError):
            while self._reports.poll(0):
                self._progress = self._reports.recv()
        return self._progress

    def _end(self) -> None:
        super()._end()
        _ = self.progress  # what the child said last, kept once the pipe is closed
        for end in (self._reports, self._report_end):
            with contextlib.suppress(OSError):
                end.close()

    def result(self):
        """The `planner.year.collect.Year`; raises `InputError` for bad input (a broken
        pzs.toml or actuals file), `SolveTimeout` past the limit, `PlanningFailed` else."""
        return self._value()


class PlanCache:
    """The most recent plans by `plan_key`, shared by all sessions of one server (plans are
    read-only results; a key says exactly which inputs made them). Bounded in bytes (a
    plan's pickled size; default PLANNER_CACHE_MB megabytes) and optionally in entries; the
    least recently used go first, and a plan larger than the whole budget is not kept."""

    def __init__(self, max_plans: int | None = None, max_bytes: int | None = None):
        self.max_plans = max_plans
        self.max_bytes = int(
            max_bytes
            if max_bytes is not None
            else _env_number("PLANNER_CACHE_MB", 512) * 1024 * 1024
        )
        self._plans: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            found = self._plans.get(key)
            if found is None:
                return None
            self._plans.move_to_end(key)
            return found[0]

    def put(self, key: str, plan: Any, size: int | None = None) -> None:
        if size is None:
            size = len(pickle.dumps(plan, protocol=pickle.HIGHEST_PROTOCOL))
        with self._lock:
            if key in self._plans:
                self._bytes -= self._plans.pop(key)[1]
            if size > self.max_bytes:
                return
            self._plans[key] = (plan, size)
            self._bytes += size
            while self._bytes > self.max_bytes or (
                self.max_plans is not None and len(self._plans) > self.max_plans
            ):
                _, (_, gone) = self._plans.popitem(last=False)
                self._bytes -= gone

    @property
    def nbytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._plans)


def plan_now(
    zone: Zone,
    week: str,
    scenario: str,
    cache: PlanCache | None = None,
    params: SolverParams | None = None,
) -> Plan:
    """Plan in this process (no abandon), through the cache: for scripts and tests."""
    from planner.api import plan_week

    key = plan_key(zone, week, scenario, params)
    plan = cache.get(key) if cache is not None else None
    if plan is None:
        plan = plan_week(zone, week, scenario, params)
        if cache is not None:
            cache.put(key, plan)
    return plan


def issues_of(exc: BaseException) -> list[InputIssue]:
    return list(getattr(exc, "issues", []))


__all__ = [
    "DiagnoseJob",
    "ExplainJob",
    "Job",
    "PlanCache",
    "PlanJob",
    "PlanningFailed",
    "SolveTimeout",
    "SolverPool",
    "YearJob",
    "plan_key",
    "plan_now",
    "solver_pool",
]
