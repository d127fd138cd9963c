"""App layer: planning with progress and abandon. Plans, explanations and the repairs of
shortfalls are solved in child processes, cached by a fingerprint of their inputs and shared
read-only between sessions; a long solve shows a progress panel with an abandon button, while
a plan's explanation and repairs are made in the background, the page drawn meanwhile."""

from __future__ import annotations

import hashlib
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from app_pages.jobs import (
    DiagnoseJob,
    ExplainJob,
    Job,
    PlanCache,
    PlanJob,
    SolveTimeout,
    YearJob,
    plan_key,
    solver_pool,
)
from app_pages.language import _, lang, text
from app_pages.zones import Context
from planner import views
from planner.domain import Zone
from planner.results import Plan
from planner.solver import known_stage_ones, remember_stage_one
from planner.text import labels as L

# A solve of this long is drawn as a progress panel with an abandon button; shorter ones
# would only flash it.
QUIET_WAIT_S = 0.5


@st.cache_resource(show_spinner=False)
def plan_cache() -> PlanCache:
    """Plans of every session, bounded in bytes (PLANNER_CACHE_MB)."""
    return PlanCache()


# -- planning -----------------------------------------------------------------------------------
def get_plans(zone: Zone, week: str, scenarios: list[str], what: str) -> list[Plan] | None:
    """Plans of `scenarios` for `week`, from the cache or solved in child processes (in
    parallel). A solve longer than a moment shows a progress panel with an abandon button;
    abandoning, or changing any input meanwhile, ends the child processes. Returns None when
    the user abandoned (the page then shows what it can without the plan)."""
    return _plans(zone, [(week, s) for s in scenarios], what)


def get_week_plans(zone: Zone, weeks: list[str], scenario: str, what: str) -> list[Plan] | None:
    """Plans of one scenario for several weeks (the look-ahead), as `get_plans` makes them:
    from the same cache, or solved in parallel with the same progress panel."""
    return _plans(zone, [(w, scenario) for w in weeks], what)


def _plans(zone: Zone, wanted: list[tuple[str, str]], what: str) -> list[Plan] | None:
    """Plans of (week, scenario) pairs, in their order (see `get_plans`)."""
    cache = plan_cache()
    keys = [plan_key(zone, w, s) for w, s in wanted]
    plans: dict[str, Plan | None] = {k: cache.get(k) for k in keys}
    missing = {k: ws for k, ws in zip(keys, wanted, strict=True) if plans[k] is None}
    if not missing:
        st.session_state["_last_solve"] = (0.0, True)
        return [plans[k] for k in keys]  # type: ignore[misc]
    abandoned: set[str] = st.session_state.setdefault("_abandoned", set())
    again = f"again-{'-'.join(sorted(missing))[:40]}"
    if _stopped_before(set(missing), abandoned, again):
        return None
    # each job is a child process of its own: stage 1 of the plans made here goes with it, so
    # a re-plan that changes only the priorities (a weight moved) does not solve it again
    known = known_stage_ones()
    jobs = {k: PlanJob(zone, w, s, known=known) for k, (w, s) in missing.items()}
    try:
        _wait(jobs, _("Planning {what}…", what=what), abandoned)
        for k, job in jobs.items():
            plan = job.result()
            cache.put(k, plan, job.result_bytes)
            if plan.raw.stage_one is not None:
                remember_stage_one(plan.raw.stage_one)
            plans[k] = plan
    except SolveTimeout as exc:
        _timed_out(set(missing), exc, again)
        return None
    finally:
        # Also reached when Streamlit stops this run (abandon, or a newer input): the
        # children must not go on using the processors for a plan nobody will see.
        for job in jobs.values():
            job.cancel()
    st.session_state["_last_solve"] = (max(j.elapsed_s for j in jobs.values()), False)
    return [plans[k] for k in keys]  # type: ignore[misc]


def _stopped_before(keys: set[str], abandoned: set[str], button_key: str) -> bool:
    """Say so, with a button to start again, when these plans were abandoned or ran out of
    time in this session: they are not started again on their own."""
    timed_out: dict[str, float] = st.session_state.setdefault("_timed_out", {})
    late = keys & set(timed_out)
    if not (abandoned & keys or late):
        return False
    if late:
        st.error(
            _(
                "The computation went past the limit of {s} s and was stopped. Ask for less (fewer scenarios, a smaller change) or start it again.",
                s=f"{max(timed_out[k] for k in late):g}",
            ),
            icon=":material/timer_off:",
        )
    else:
        st.info(_("Planning abandoned. Change a setting or start it again."))
    if st.button(_("Plan again"), key=button_key):
        abandoned.difference_update(keys)
        for k in keys:
            timed_out.pop(k, None)
        st.rerun()
    return True


def _timed_out(keys: set[str], exc: SolveTimeout, button_key: str) -> None:
    """A solve past the server's time limit: its processes are ended; say so, with the
    button that `_stopped_before` answers on the next run."""
    timed_out: dict[str, float] = st.session_state.setdefault("_timed_out", {})
    timed_out.update(dict.fromkeys(keys, exc.limit_s))
    st.error(
        _(
            "The computation went past the limit of {s} s and was stopped. Ask for less (fewer scenarios, a smaller change) or start it again.",
            s=f"{exc.limit_s:g}",
        ),
        icon=":material/timer_off:",
    )
    st.button(_("Plan again"), key=button_key)


def _progress_text(jobs: dict[str, Job]) -> str:
    """Time elapsed, and the place in the server's queue of a job still waiting."""
    places = [j.position for j in jobs.values() if j.position > 0]
    queued = _("waiting: {pos} in line", pos=L.ordinal(text(), min(places))) if places else ""
    if all(j.started is None for j in jobs.values()):
        return queued
    elapsed = _(
        "{s} s elapsed. Still solving; you may abandon it.",
        s=text().number(max(j.elapsed_s for j in jobs.values()), 0),
    )
    return f"{elapsed} · {queued}" if queued else elapsed


def _wait(
    jobs: dict[str, Job],
    title: str,
    abandoned: set[str],
    measure: Callable[[], tuple[float, str] | None] | None = None,
) -> None:
    """Wait for the jobs; past QUIET_WAIT_S, with a progress panel and an abandon button.
    `measure()` gives the share done and its words when the work can tell (the year's
    weeks); otherwise the bar follows the time."""
    deadline = time.monotonic() + QUIET_WAIT_S
    while time.monotonic() < deadline:
        if all(j.done(0.05) for j in jobs.values()):
            return
    panel = st.empty()
    with panel.container(border=True):
        st.markdown(f"**{title}**")
        bar = st.progress(0.0)
        st.button(
            _("Abandon"),
            key="abandon",
            icon=":material/stop_circle:",
            on_click=lambda: abandoned.update(jobs),
        )
        queue_note = st.empty()
    expected = st.session_state.get("_expected_s", 3.0)
    while not all(j.done(0.0) for j in jobs.values()):
        elapsed = max(j.elapsed_s for j in jobs.values())
        # The solver gives no progress; the bar follows the time a solve usually takes and
        # never reaches the end on its own.
        fill = 1.0 - 0.9 ** (10 * elapsed / max(expected, 0.5))
        words = _progress_text(jobs)
        told = measure() if measure is not None else None
        if told is not None:
            fill, said = told
            words = f"{said} · {words}" if words else said
        bar.progress(min(fill, 0.97), text=words)
        if any(j.position > 0 for j in jobs.values()):
            queue_note.caption(
                _(
                    "The server computes at most {n} plans at once; yours starts as soon as a place is free.",
                    n=solver_pool().max_solvers,
                )
            )
        else:
            queue_note.empty()
        pending = [j for j in jobs.values() if not j.done(0.0)]
        if pending:
            pending[0].done(0.25)
    st.session_state["_expected_s"] = max(j.elapsed_s for j in jobs.values())
    panel.empty()


@st.cache_resource
def explanation_cache() -> PlanCache:
    """Explanations and diagnoses by the key of the plan they explain (any object fits this
    LRU)."""
    return PlanCache(max_plans=32)


# -- work on a plan made in the background: the repairs of its shortfalls, its explanation ------
class Interest:
    """What one session waits for in the background: the key of the explanation its week
    page shows. It lives in the session's state, so it goes with the session."""

    def __init__(self) -> None:
        self.key: str | None = None


class BackgroundWork:
    """Work on a plan that a page does not wait for: looked for in a child process, one job
    per key for the whole server (sessions asking for the same plan share it); a thread of
    the server waits for the job and puts its answer in the cache, so the page draws
    everything else at once and asks again (`running`). A failure is kept by key, so the
    page says it (worded there: the thread has no session) and offers to try again, rather
    than waiting for ever.

    With `follow_interest`, a job goes on only while some session wants its key (each
    session's `Interest`): a session that moves to another plan (another week, scenario or
    weight) gives up the old one, and the job nobody wants any more is ended, so moving a
    slider five times leaves no five jobs in the queue."""

    def __init__(
        self,
        prefix: str,
        start: Callable[[Plan], Job],
        read: Callable[[Job], object],
        cache: Callable[[], PlanCache],
        *,
        follow_interest: bool = False,
    ):
        self.prefix = prefix
        self._start, self._read, self._cache = start, read, cache
        self._follow_interest = follow_interest
        self._jobs: dict[str, Job] = {}
        self._failed: dict[str, tuple[str, str]] = {}
        self._sessions: weakref.WeakSet[Interest] = weakref.WeakSet()
        self._lock = threading.Lock()

    def key(self, zone: Zone, week: str, scenario: str) -> str:
        return self.prefix + plan_key(zone, week, scenario)

    def get(self, zone: Zone, week: str, scenario: str, plan: Plan, interest: Interest | None):
        """The answer from the cache, else None while its job runs (started here if none
        does and it has not failed). `interest` moves to this plan."""
        key = self.key(zone, week, scenario)
        cache = self._cache()
        with self._lock:
            if interest is not None:
                interest.key = key
                self._sessions.add(interest)
            found = cache.get(key)
            if found is not None:
                return found
            if key in self._jobs or key in self._failed:
                return None
            job = self._jobs[key] = self._start(plan)
        threading.Thread(
            target=self._wait, args=(key, job, cache), name=f"{self.prefix}{key[-8:]}", daemon=True
        ).start()
        return None

    def _wanted(self, key: str, job: Job) -> bool:
        """Whether some session still wants the job's key; when none does, the job is no
        longer this key's (a session coming back starts a new one)."""
        if not self._follow_interest:
            return True
        with self._lock:
            if any(s.key == key for s in list(self._sessions)):
                return True
            if self._jobs.get(key) is job:
                del self._jobs[key]
            return False

    def _wait(self, key: str, job: Job, cache: PlanCache) -> None:
        try:
            while not job.done(0.25):
                if not self._wanted(key, job):
                    return  # ended below; not a failure: nobody waits for it
            cache.put(key, self._read(job), job.result_bytes)
        except SolveTimeout as exc:
            self._failed[key] = ("timeout", f"{exc.limit_s:g}")
        except Exception as exc:  # told on the page; the plan itself stands
            self._failed[key] = ("error", str(exc))
        finally:
            job.cancel()
            with self._lock:
                if self._jobs.get(key) is job:
                    del self._jobs[key]

    def running(self, zone: Zone, week: str, scenario: str) -> bool:
        with self._lock:
            return self.key(zone, week, scenario) in self._jobs

    def failure(self, zone: Zone, week: str, scenario: str) -> str | None:
        """Why the work could not be done, in words, when that happened."""
        failed = self._failed.get(self.key(zone, week, scenario))
        if failed is None:
            return None
        kind, detail = failed
        if kind == "timeout":
            return _("the search went past the limit of {s} s", s=detail)
        return detail

    def forget_failure(self, zone: Zone, week: str, scenario: str) -> None:
        """Try again on the next run."""
        self._failed.pop(self.key(zone, week, scenario), None)


# The repairs of a plan's shortfalls (planner.explain.diagnose_shortfalls: a few what-ifs of
# stage 1 per shortfall, seconds), asked for by the action list: a plan's job, in the pool's
# main lane, made for as long as it takes.
diagnoses = BackgroundWork(
    "diag-", lambda plan: DiagnoseJob(plan), lambda job: job.shortfalls(), explanation_cache
)
# The explanation of the plan the week page shows (dozens of what-ifs, seconds), made as soon
# as the plan is shown, in the pool's low-priority lane: a re-plan meanwhile is not slowed
# down, and one nobody looks at any more is ended.
explanations = BackgroundWork(
    "why-",
    lambda plan: ExplainJob(plan, background=True),
    lambda job: job.explanation(),
    explanation_cache,
    follow_interest=True,
)


def _session_interest() -> Interest:
    return st.session_state.setdefault("_why_interest", Interest())


def get_explanation(zone: Zone, week: str, scenario: str, plan: Plan):
    """The plan's explanation without waiting: from the cache, else None while it is made
    in the background (`explanations`). This session now wants this plan's explanation, and
    no longer the one of the plan it showed before."""
    return explanations.get(zone, week, scenario, plan, _session_interest())


def get_diagnosis(zone: Zone, week: str, scenario: str, plan: Plan):
    """The plan's shortfalls with their repairs checked, without waiting: from the cache (an
    explanation of the plan has them too), else None while they are looked for in the
    background (`diagnoses`)."""
    expl = explanation_cache().get(explanations.key(zone, week, scenario))
    if expl is not None:
        return expl.shortfalls
    return diagnoses.get(zone, week, scenario, plan, None)


def plan_or_stop(ctx: Context, scenario: str | None = None, zone: Zone | None = None) -> Plan:
    """The plan of the context's week, or stop the page (abandoned: message shown)."""
    name = scenario or ctx.scenario
    plans = get_plans(
        zone or ctx.zone, ctx.week, [name], views.scenario_title(zone or ctx.zone, name, lang())
    )
    if plans is None:
        st.stop()
    return plans[0]


def solve_caption() -> None:
    seconds, cached = st.session_state.get("_last_solve", (0.0, True))
    caption = (
        _("result already computed")
        if cached
        else _("Planned in {s} s", s=text().number(seconds, 1))
    )
    st.caption(caption)


# -- the PZS year ------------------------------------------------------------------------------
YEAR_SCENARIO = "baseline"  # the scenario the past weeks without a validated plan are planned in


@st.cache_resource(show_spinner=False)
def year_cache() -> PlanCache:
    """Gathered years, by `year_key`, for every session (a key says which inputs made one)."""
    return PlanCache(max_plans=16)


def folder_digest(folder: str | Path) -> str:
    """Every file of the zone folder (paths and bytes): its data, PZS targets and actuals."""
    root = Path(folder)
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def year_key(folder: str | Path, store_zone: str, year: int, as_of: str | None) -> str:
    """The zone's files, the year, the last week counted, and the validated plans the store
    holds for the zone (a week validated since makes it a new year to date)."""
    from app_pages.sending import store

    validated = sorted(v.id for v in store().validations(store_zone))
    parts = (folder_digest(folder), store_zone, year, as_of, YEAR_SCENARIO, validated)
    return "year-" + hashlib.sha256(repr(parts).encode()).hexdigest()


def get_year(
    folder: str | Path, store_zone: str, year: int, as_of: str | None, key: str | None = None
):
    """The zone's PZS year to date (planner.year.collect.Year), from the cache or gathered in
    a child process (`YearJob`) with a progress panel that counts the weeks planned and an
    abandon button; None when abandoned or out of time (said on the page)."""
    cache = year_cache()
    key = key or year_key(folder, store_zone, year, as_of)
    found = cache.get(key)
    if found is not None:
        return found
    abandoned: set[str] = st.session_state.setdefault("_abandoned", set())
    again = f"again-{key[:40]}"
    if _stopped_before({key}, abandoned, again):
        return None
    job = YearJob(str(folder), year, as_of, YEAR_SCENARIO, store_zone=store_zone)

    def measure() -> tuple[float, str] | None:
        told = job.progress
        if told is None:
            return None
        done, total, week, cached = told
        words = _(
            "{week} planned ({done}/{total}){cached}",
            week=week,
            done=done,
            total=total,
            cached=" " + _("(from the cache)") if cached else "",
        )
        return done / max(total, 1), words

    expected = st.session_state.get("_expected_s")
    try:
        st.session_state["_expected_s"] = 60.0
        _wait({key: job}, _("Gathering the year {year}…", year=year), abandoned, measure)
        found = job.result()
        cache.put(key, found, job.result_bytes)
    except SolveTimeout as exc:
        _timed_out({key}, exc, again)
        return None
    finally:
        job.cancel()
        if expected is not None:
            st.session_state["_expected_s"] = expected
    return found
