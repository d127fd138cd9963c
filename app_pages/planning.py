"""App layer: planning with progress and abandon. Plans (and explanations) are solved in
child processes, cached by a fingerprint of their inputs and shared read-only between
sessions; a long solve shows a progress panel with an abandon button."""

from __future__ import annotations

import hashlib
import threading
import time
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
    """Explanations by the key of the plan they explain (any object fits this LRU)."""
    return PlanCache(max_plans=32)


def get_explanation(zone: Zone, week: str, scenario: str, plan: Plan):
    """The plan's explanation, from the cache or made in a child process with the same
    progress panel and abandon button as a solve; None when abandoned."""
    cache = explanation_cache()
    key = "why-" + plan_key(zone, week, scenario)
    found = cache.get(key)
    if found is not None:
        return found
    abandoned: set[str] = st.session_state.setdefault("_abandoned", set())
    if _stopped_before({key}, abandoned, f"again-{key[:40]}"):
        return None
    jobs = {key: ExplainJob(plan)}
    expected = st.session_state.get("_expected_s")
    try:
        st.session_state["_expected_s"] = 20.0  # what-ifs take longer than a solve
        _wait(jobs, _("Looking for the reasons for this plan…"), abandoned)  # type: ignore[arg-type]
        expl = jobs[key].explanation()
        cache.put(key, expl, jobs[key].result_bytes)
    except SolveTimeout as exc:
        _timed_out({key}, exc, f"again-{key[:40]}")
        return None
    finally:
        jobs[key].cancel()
        if expected is not None:
            st.session_state["_expected_s"] = expected
    return expl


# -- the repairs of the shortfalls, in the background --------------------------------------------
# Diagnoses running, by key, for the whole server (two sessions asking for the same plan's
# repairs share one), and the reason of those that failed, so a page says it rather than
# waiting for ever.
_DIAGNOSES: dict[str, threading.Thread] = {}
_DIAGNOSIS_FAILED: dict[str, tuple[str, str]] = {}
_DIAGNOSES_LOCK = threading.Lock()


def _diagnosis_key(zone: Zone, week: str, scenario: str) -> str:
    return "diag-" + plan_key(zone, week, scenario)


def get_diagnosis(zone: Zone, week: str, scenario: str, plan: Plan):
    """The plan's shortfalls with their repairs checked (planner.explain.diagnose_shortfalls),
    without waiting: from the explanation cache (an explanation of the plan has them too),
    else None while they are looked for in a child process (`DiagnoseJob`, in the solver
    pool) started here if none runs. A thread of the server waits for the child, so the
    page draws everything else at once and asks again (`diagnosis_running`)."""
    cache = explanation_cache()
    key = _diagnosis_key(zone, week, scenario)
    found = cache.get(key)
    if found is None:
        expl = cache.get("why-" + plan_key(zone, week, scenario))
        found = expl.shortfalls if expl is not None else None
    if found is not None:
        return found
    with _DIAGNOSES_LOCK:
        if key in _DIAGNOSES or key in _DIAGNOSIS_FAILED:
            return None
        job = DiagnoseJob(plan)

        def wait() -> None:
            try:
                cache.put(key, job.shortfalls(), job.result_bytes)
            # no words here: this thread has no session (the page words the failure)
            except SolveTimeout as exc:
                _DIAGNOSIS_FAILED[key] = ("timeout", f"{exc.limit_s:g}")
            except Exception as exc:  # told on the page; the plan itself stands
                _DIAGNOSIS_FAILED[key] = ("error", str(exc))
            finally:
                job.cancel()
                with _DIAGNOSES_LOCK:
                    _DIAGNOSES.pop(key, None)

        thread = threading.Thread(target=wait, name=f"diagnose {key[5:13]}", daemon=True)
        _DIAGNOSES[key] = thread
    thread.start()
    return None


def diagnosis_running(zone: Zone, week: str, scenario: str) -> bool:
    with _DIAGNOSES_LOCK:
        return _diagnosis_key(zone, week, scenario) in _DIAGNOSES


def diagnosis_failure(zone: Zone, week: str, scenario: str) -> str | None:
    """Why the repairs could not be looked for, in words, when that happened."""
    failed = _DIAGNOSIS_FAILED.get(_diagnosis_key(zone, week, scenario))
    if failed is None:
        return None
    kind, detail = failed
    if kind == "timeout":
        return _("the search went past the limit of {s} s", s=detail)
    return detail


def forget_diagnosis_failure(zone: Zone, week: str, scenario: str) -> None:
    """Look for the repairs again on the next run."""
    _DIAGNOSIS_FAILED.pop(_diagnosis_key(zone, week, scenario), None)


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
