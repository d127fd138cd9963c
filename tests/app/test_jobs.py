"""app_pages.jobs: a solve in a child process that can be abandoned; plans cached by inputs."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from app_pages.jobs import (
    ExplainJob,
    Job,
    PlanCache,
    PlanJob,
    SolverPool,
    SolveTimeout,
    plan_key,
    plan_now,
)
from planner.errors import InputError
from planner.zone_io import load_zone
from tests.app.processes import descendants, processes
from tests.solving import checked, solve_checked

DEMO = Path(__file__).resolve().parents[2] / "data" / "zone-demo"
WEEK = "2026-W49"


@pytest.fixture(scope="module")
def zone():
    return load_zone(DEMO)


def test_key_follows_the_inputs_that_decide_the_plan(zone) -> None:
    key = plan_key(zone, WEEK, "baseline")
    assert key == plan_key(load_zone(DEMO), WEEK, "baseline")
    assert key != plan_key(zone, "2026-W50", "baseline")
    assert key != plan_key(zone, WEEK, "flu_wave")
    flu = replace(zone.scenarios["flu_wave"], absence_rate=0.2)
    other = replace(zone, scenarios={**zone.scenarios, "flu_wave": flu})
    assert plan_key(other, WEEK, "baseline") == key, "editing another scenario keeps this plan"
    assert plan_key(other, WEEK, "flu_wave") != plan_key(zone, WEEK, "flu_wave")


def test_a_job_gives_the_same_plan_as_a_direct_call(zone) -> None:
    job = PlanJob(zone, WEEK, "baseline")
    plan = job.result()
    assert checked(plan).priority_hours == solve_checked(zone, WEEK, "baseline").priority_hours
    assert job.done() and job.elapsed_s > 0


def test_a_job_takes_stage_one_of_an_earlier_plan_when_its_model_is_the_same(zone) -> None:
    """Each job is a child process of its own: stage 1 of an earlier plan, handed to the
    next job, spares a weight change the stage-1 solve; any other model solves it."""
    first = PlanJob(zone, WEEK, "baseline").result()
    known = (first.raw.stage_one,)
    priorities = tuple(
        replace(q, weight=q.weight * 2) if q.id == "drugs" else q for q in zone.priorities
    )
    heavier = replace(zone, priorities=priorities)
    again = checked(PlanJob(heavier, WEEK, "baseline", known=known).result())
    stage_one = [s for s in again.raw.stages if s.name in {x.name for x in known[0].stages}]
    assert stage_one and all(s.seconds == 0 for s in stage_one)  # not solved again
    assert again.raw.assign == first.raw.assign and again.raw.lent == first.raw.lent
    alone = PlanJob(heavier, WEEK, "baseline").result()  # the same plan without the help
    assert alone.priority_hours == again.priority_hours
    assert any(s.seconds > 0 for s in alone.raw.stages[: len(stage_one)])
    other = checked(PlanJob(zone, "2026-W50", "baseline", known=known).result())
    assert any(s.seconds > 0 for s in other.raw.stages[: len(stage_one)])


def test_an_abandoned_job_stops_its_process(zone) -> None:
    job = PlanJob(zone, WEEK, "flu_wave")
    time.sleep(0.1)
    t0 = time.monotonic()
    job.cancel()
    assert time.monotonic() - t0 < 3
    assert not job._proc.is_alive()
    job.cancel()  # twice is harmless


def test_bad_input_comes_back_as_input_error(zone) -> None:
    with pytest.raises(InputError) as exc:
        PlanJob(zone, WEEK, "no_such_scenario").result()
    assert exc.value.issues[0].field == "--scenario"


def test_cache_keeps_the_most_recent_by_count(zone) -> None:
    cache = PlanCache(max_plans=2)
    plan = plan_now(zone, WEEK, "baseline", cache)
    assert plan_now(zone, WEEK, "baseline", cache) is plan
    cache.put("a", plan)
    cache.put("b", plan)
    assert len(cache) == 2
    assert cache.get(plan_key(zone, WEEK, "baseline")) is None
    assert cache.get("a") is plan


# -- bounded work: a cap on solver processes, a time limit, a cache in bytes, no orphans ---------
def _solver_processes() -> list[int]:
    """Live descendants of this test process that lead a process group: each job's child
    does (an explanation's workers are in their child's group)."""
    procs = processes()
    return [p for p in descendants(os.getpid(), procs) if procs[p].group == p]


def _group(pgid: int) -> list[int]:
    return [p for p, proc in processes().items() if proc.group == pgid and proc.state != "Z"]


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="counts processes in /proc")


@needs_proc
def test_six_jobs_with_a_cap_of_two_never_run_more_than_two_processes() -> None:
    pool = SolverPool(max_solvers=2, limit_s=60)
    before = set(_solver_processes())
    jobs = [Job(time.sleep, (0.8,), f"sleep {k}", pool=pool) for k in range(6)]
    assert [j.position for j in jobs] == [0, 0, 1, 2, 3, 4]
    most = 0
    deadline = time.monotonic() + 60
    while not all(j.done(0.02) for j in jobs):
        alive = set(_solver_processes()) - before
        assert len(alive) <= 2, alive
        assert pool.running <= 2
        most = max(most, len(alive))
        assert time.monotonic() < deadline
    assert most == 2, "two at a time, not one"
    assert [j.result() for j in jobs] == [None] * 6
    assert pool.running == 0 and pool.waiting == 0
    starts = sorted(j.started for j in jobs)
    assert starts[2] >= min(j.finished for j in jobs), "the third started when a place was free"


def test_a_queued_job_can_be_abandoned_and_frees_its_place() -> None:
    pool = SolverPool(max_solvers=1, limit_s=60)
    first, second, third = (Job(time.sleep, (30,), pool=pool) for _ in range(3))
    assert (first.position, second.position, third.position) == (0, 1, 2)
    second.cancel()
    assert third.position == 1 and pool.waiting == 1
    first.cancel()
    assert third.position == 0 and third.pid is not None
    third.cancel()
    assert pool.running == 0 and pool.waiting == 0


@needs_proc
def test_the_time_limit_kills_a_slow_job() -> None:
    pool = SolverPool(max_solvers=1, limit_s=1.0)
    job = Job(time.sleep, (60,), "slow", pool=pool)
    t0 = time.monotonic()
    with pytest.raises(SolveTimeout) as exc:
        job.result()
    assert time.monotonic() - t0 < 5
    assert exc.value.limit_s == 1.0 and "limit of 1 s" in str(exc.value)
    assert not job._proc.is_alive() and _group(job.pid) == []
    assert pool.running == 0


@needs_proc
def test_the_time_limit_ends_a_real_solve(zone) -> None:
    job = PlanJob(zone, WEEK, "flu_wave", pool=SolverPool(1), limit_s=0.2)
    with pytest.raises(SolveTimeout):
        job.result()
    assert _group(job.pid) == []


@needs_proc
def test_abandoning_an_explanation_leaves_no_process_of_its_group(zone) -> None:
    plan = plan_now(zone, WEEK, "baseline")
    job = ExplainJob(plan, pool=SolverPool(max_solvers=4))
    deadline = time.monotonic() + 60
    while len(_group(job.pid)) < 3:  # its child and the two what-if workers it forked
        assert not job.done(0.05), "the explanation ended before its workers were seen"
        assert time.monotonic() < deadline
    members = _group(job.pid)
    job.cancel()
    deadline = time.monotonic() + 5
    while _group(job.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group(job.pid) == [], f"left running: {members}"


def test_settings_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("PLANNER_MAX_SOLVERS", "3")
    monkeypatch.setenv("PLANNER_SOLVE_LIMIT_S", "7.5")
    monkeypatch.setenv("PLANNER_CACHE_MB", "2")
    monkeypatch.setenv("PLANNER_EXPLAIN_LIMIT_S", "30")
    pool = SolverPool()
    assert (pool.max_solvers, pool.limit_s, pool.explain_limit_s) == (3, 7.5, 30)
    assert PlanCache().max_bytes == 2 * 1024 * 1024
    for bad in ("", "zero", "-1", "0", "nan", "inf"):
        monkeypatch.setenv("PLANNER_MAX_SOLVERS", bad)
        monkeypatch.setenv("PLANNER_SOLVE_LIMIT_S", bad)
        pool = SolverPool()
        assert (pool.max_solvers, pool.limit_s) == (os.cpu_count() or 2, 120.0), bad


def test_cache_is_bounded_in_bytes_least_recently_used_first(zone) -> None:
    cache = PlanCache(max_bytes=10_000)
    for key in "abc":
        cache.put(key, b"x" * 3_000)
    assert len(cache) == 3 and 9_000 < cache.nbytes <= 10_000
    assert cache.get("a") is not None  # a is now the most recent
    cache.put("d", b"y" * 3_000)
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("d") is not None
    cache.put("huge", b"z" * 20_000)  # larger than the whole budget: not kept, nothing lost
    assert cache.get("huge") is None and len(cache) == 3
    cache.put("sized", "small object", size=9_000)  # a size known from the pipe is trusted
    assert cache.nbytes <= 10_000 and cache.get("sized") == "small object"
    job = PlanJob(zone, WEEK, "baseline", pool=SolverPool(1))
    plans = PlanCache()
    plans.put("k", job.result(), job.result_bytes)  # the answer's size as it came down the pipe
    assert job.result_bytes and plans.nbytes == job.result_bytes > 10_000


# -- the year's job ---------------------------------------------------------------------------
def _squares(x: int) -> int:
    return x * x


def _pooled_year_worker(conn, progress, folder, year, as_of, scenario, params, store_zone):
    """In place of the year worker: what planner.weeks does inside it (a pool of two fork
    workers), each step reported as a week planned."""
    import concurrent.futures as cf
    import multiprocessing as mp

    from app_pages import jobs

    def work():
        with cf.ProcessPoolExecutor(2, mp_context=mp.get_context("fork")) as pool:
            out = list(pool.map(_squares, range(3)))
        for k in range(3):
            progress.send((k + 1, 3, f"{year}-W0{k + 1}", False))
        return out

    jobs._own_group()
    jobs._answer(conn, work)


def test_the_year_job_may_start_a_pool_and_reports_its_weeks(monkeypatch) -> None:
    from app_pages.jobs import YearJob

    monkeypatch.setattr(YearJob, "worker", staticmethod(_pooled_year_worker))
    job = YearJob(str(DEMO), 2026, "2026-W03", store_zone="zone-demo", pool=SolverPool(2, 60))
    assert job.result() == [0, 1, 4]  # a daemonic child could not have started the pool
    assert job.progress == (3, 3, "2026-W03", False)
    assert job.slots == 2


# -- the background lane: work made before anybody asked, never in a plan's way -----------------
def test_a_plan_starts_at_once_while_background_jobs_fill_their_lane() -> None:
    pool = SolverPool(max_solvers=2, limit_s=60, background_solvers=2)
    background = [Job(time.sleep, (30,), f"bg {k}", pool=pool, background=True) for k in range(3)]
    assert [j.position for j in background] == [0, 0, 1], "two run, the third waits its turn"
    plans = [Job(time.sleep, (30,), f"plan {k}", pool=pool) for k in range(3)]
    assert [j.position for j in plans] == [0, 0, 1], "the background counts nothing for plans"
    assert all(j.pid is not None for j in plans[:2])
    assert (pool.running, pool.waiting) == (2, 1)
    assert (pool.background_running, pool.background_waiting) == (2, 1)
    plans[0].cancel()
    assert plans[2].position == 0 and background[2].position == 1, "each lane frees its own"
    background[0].cancel()
    assert background[2].position == 0 and background[2].pid is not None
    for job in background + plans:
        job.cancel()
    assert pool.running == pool.waiting == pool.background_running == pool.background_waiting == 0


def test_background_jobs_queue_among_themselves_first_come_first_served() -> None:
    pool = SolverPool(max_solvers=1, limit_s=60)
    assert pool.background_solvers == 1, "by default as many as the plans' slots"
    jobs = [Job(time.sleep, (0.3,), f"bg {k}", pool=pool, background=True) for k in range(3)]
    assert [j.position for j in jobs] == [0, 1, 2]
    assert [j.result() for j in jobs] == [None] * 3
    assert jobs[0].finished <= jobs[1].started and jobs[1].finished <= jobs[2].started


def _session_group_nice() -> int | None:
    """The nice of this process's scheduling group (Linux's autogroup), None without one."""
    try:
        with open("/proc/self/autogroup") as fh:
            return int(fh.read().split("nice")[1])
    except (OSError, IndexError, ValueError):
        return None


def test_a_background_child_runs_at_the_lowest_priority() -> None:
    pool = SolverPool(max_solvers=1, limit_s=60)
    assert Job(os.nice, (0,), pool=pool, background=True).result() == 19
    assert Job(os.nice, (0,), pool=pool).result() == os.nice(0), "a plan's child keeps ours"
    if _session_group_nice() is not None:  # the kernel shares the processors by session too
        assert Job(_session_group_nice, pool=pool, background=True).result() == 19
        assert Job(_session_group_nice, pool=pool).result() == 0


@needs_proc
def test_a_background_explanation_runs_lowly_and_its_cancel_ends_every_process(zone) -> None:
    """Its child and the what-if workers it forks all run at nice 19; cancelled (nobody
    wants it any more), none is left."""
    plan = plan_now(zone, WEEK, "baseline")
    pool = SolverPool(max_solvers=1)
    job = ExplainJob(plan, pool=pool, background=True)
    assert job.background and pool.background_running == 1 and pool.running == 0
    assert Job(os.getpid, pool=pool).result() > 0, "a plan's place is free meanwhile"
    deadline = time.monotonic() + 60
    while len(_group(job.pid)) < 3:  # its child and the two what-if workers it forked
        assert not job.done(0.05), "the explanation ended before its workers were seen"
        assert time.monotonic() < deadline
    procs = processes()
    members = _group(job.pid)
    assert {procs[p].nice for p in members if p in procs} == {19}, members
    job.cancel()
    deadline = time.monotonic() + 5
    while _group(job.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _group(job.pid) == [], f"left running: {members}"
    assert pool.background_running == 0


def test_the_background_budget_comes_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("PLANNER_MAX_SOLVERS", "3")
    monkeypatch.setenv("PLANNER_BACKGROUND_SOLVERS", "4")
    assert SolverPool().background_solvers == 4
    monkeypatch.setenv("PLANNER_BACKGROUND_SOLVERS", "none")
    assert SolverPool().background_solvers == 3


def _gone(job: Job, timeout_s: float = 5.0) -> bool:
    """Whether the job has ended with every process of its group, waiting up to `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if job.finished is not None and (job.pid is None or _group(job.pid) == []):
            return True
        time.sleep(0.05)
    return False


@needs_proc
def test_an_explanation_no_session_wants_any_more_is_ended(zone) -> None:
    """The week page's explanations (app_pages.planning.explanations): one job per plan for
    every session; a session that moves to another plan gives up the old one, and the job
    that nobody wants any more is ended with its processes, queued or running. The plan's
    week stands for any change (a weight, the scenario): each makes another key."""
    import gc

    from app_pages.planning import BackgroundWork, Interest

    plan = plan_now(zone, WEEK, "baseline")
    pool, cache, started = SolverPool(max_solvers=2), PlanCache(), []

    def start(p):
        started.append(ExplainJob(p, pool=pool, background=True))
        return started[-1]

    work = BackgroundWork(
        "why-", start, lambda job: job.explanation(), lambda: cache, follow_interest=True
    )
    a, b = Interest(), Interest()
    assert work.get(zone, WEEK, "baseline", plan, a) is None
    assert work.get(zone, WEEK, "baseline", plan, b) is None
    assert len(started) == 1, "two sessions, one explanation"
    first = started[0]
    work.get(zone, "2026-W50", "baseline", plan, a)  # a moves on; b still wants the first
    assert len(started) == 2 and started[1].position == 1, "queued behind the first"
    time.sleep(1.0)
    assert first.finished is None and work.running(zone, WEEK, "baseline")
    del b  # the last session that wanted it has gone
    gc.collect()
    assert _gone(first), "nobody wants it: ended, with its what-if workers"
    assert not work.running(zone, WEEK, "baseline")
    assert work.failure(zone, WEEK, "baseline") is None, "ended, not failed"
    for week in ("2026-W51", "2026-W52", "2027-W01", "2027-W02", "2027-W03"):
        work.get(zone, week, "baseline", plan, a)  # a slider moved five times
    assert len(started) == 7
    assert all(_gone(job) for job in started[1:-1]), "only the last plan's is left"
    assert started[-1].finished is None
    assert pool.background_running + pool.background_waiting == 1
    expl = None
    deadline = time.monotonic() + 120
    while expl is None:
        assert time.monotonic() < deadline
        time.sleep(0.2)
        expl = work.get(zone, "2027-W03", "baseline", plan, a)
    assert expl.findings and not work.running(zone, "2027-W03", "baseline")
    assert pool.background_running == 0 and pool.background_waiting == 0
