"""Results layer: plan a week in a separate process, so that a long solve can be watched and
abandoned, and keep recent plans by their inputs.

A solve cannot be interrupted from Python once the solver is running, so it runs in a
child process that is simply ended when the user abandons it. Children are forked from a
`forkserver` that has already imported the planner, so starting one costs milliseconds and
never copies the threads of the web server that asks for it.

`PlanCache` keys plans by a fingerprint of everything that decides them (the zone's data,
the week's dated inputs, the scenario, the week and the solver settings), so moving a
slider back to a value already planned redraws at once, for any user.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing as mp
import sys
import threading
import time
import types
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
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
        zone.settings, zone.officers, zone.teams, zone.priorities, zone.operations,
        zone.scenarios.get(scenario), zone.weeks.get(week), week, scenario, params or SolverParams(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class PlanningFailed(Exception):
    """The solve stopped without a plan for a reason other than bad input."""


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
    finally:
        conn.close()


def _worker(conn: Connection, zone: Zone, week: str, scenario: str,
            params: SolverParams | None) -> None:
    from planner.api import plan_week

    _answer(conn, lambda: plan_week(zone, week, scenario, params))


def _explain_worker(conn: Connection, plan: Plan, params: SolverParams | None) -> None:
    from planner.explain import explain

    _answer(conn, lambda: explain(plan, params))


@dataclass
class _Outcome:
    kind: str
    value: object


class PlanJob:
    """One solve running in a child process. Poll it with `done()`, read it with
    `result()`, or end it with `cancel()`."""

    def __init__(self, zone: Zone, week: str, scenario: str, params: SolverParams | None = None):
        self._start(_worker, (zone, week, scenario, params), f"plan {scenario} {week}", daemon=True)

    def _start(self, target, args: tuple, name: str, daemon: bool) -> None:
        ctx = _context()
        self._conn, child = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=target, args=(child, *args), daemon=daemon, name=name)
        self.started = time.monotonic()
        with _without_main_script():
            self._proc.start()
        child.close()
        self._outcome: _Outcome | None = None
        self.finished: float | None = None

    @property
    def elapsed_s(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def done(self, timeout_s: float = 0.0) -> bool:
        """True once the child has answered (or died); waits up to `timeout_s`."""
        if self._outcome is not None:
            return True
        try:
            ready = self._conn.poll(timeout_s)
        except (OSError, EOFError):
            ready = True
        if ready:
            try:
                kind, value = self._conn.recv()
                self._outcome = _Outcome(kind, value)
            except (EOFError, OSError):
                self._proc.join(1.0)
                self._outcome = _Outcome(
                    "error", f"the planning process stopped (exit code {self._proc.exitcode})")
        elif not self._proc.is_alive():
            # Died without a word (killed, out of memory): say so instead of waiting forever.
            self._outcome = _Outcome("error", f"the planning process stopped (exit code {self._proc.exitcode})")
        if self._outcome is not None:
            self.finished = time.monotonic()
            self._conn.close()
            self._proc.join(1.0)
            return True
        return False

    def result(self) -> Plan:
        """The plan; raises `InputError` for bad input, `PlanningFailed` for anything else."""
        while not self.done(0.1):
            pass
        assert self._outcome is not None
        if self._outcome.kind == "ok":
            return self._outcome.value  # type: ignore[return-value]
        if self._outcome.kind == "input":
            raise InputError(self._outcome.value)  # type: ignore[arg-type]
        raise PlanningFailed(str(self._outcome.value))

    def cancel(self) -> None:
        """End the solve now. Safe to call on a finished job."""
        if self._outcome is None:
            self._outcome = _Outcome("error", "abandoned")
            self.finished = time.monotonic()
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(2.0)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join(1.0)
        self._conn.close()


class ExplainJob(PlanJob):
    """The explanation of a plan (its what-ifs take seconds), in a child process that can be
    abandoned like a solve. Not a daemon: it runs its what-ifs in processes of its own."""

    def __init__(self, plan: Plan, params: SolverParams | None = None):
        self._start(_explain_worker, (plan, params), "explain", daemon=False)

    def explanation(self):
        """The `planner.explain.Explanation`; raises `PlanningFailed` if it could not be made."""
        while not self.done(0.1):
            pass
        assert self._outcome is not None
        if self._outcome.kind == "ok":
            return self._outcome.value
        raise PlanningFailed(str(self._outcome.value))


class PlanCache:
    """The most recent plans by `plan_key`, shared by all sessions of one server (plans are
    read-only results; a key says exactly which inputs made them)."""

    def __init__(self, max_plans: int = 64):
        self.max_plans = max_plans
        self._plans: OrderedDict[str, Plan] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Plan | None:
        with self._lock:
            plan = self._plans.get(key)
            if plan is not None:
                self._plans.move_to_end(key)
            return plan

    def put(self, key: str, plan: Plan) -> None:
        with self._lock:
            self._plans[key] = plan
            self._plans.move_to_end(key)
            while len(self._plans) > self.max_plans:
                self._plans.popitem(last=False)

    def __len__(self) -> int:
        return len(self._plans)


def plan_now(zone: Zone, week: str, scenario: str, cache: PlanCache | None = None,
             params: SolverParams | None = None) -> Plan:
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


__all__ = ["ExplainJob", "PlanCache", "PlanJob", "PlanningFailed", "plan_key", "plan_now"]
