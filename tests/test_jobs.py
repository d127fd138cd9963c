"""planner.jobs: a solve in a child process that can be abandoned; plans cached by inputs."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import pytest

from planner.api import plan_week
from planner.errors import InputError
from planner.jobs import PlanCache, PlanJob, plan_key, plan_now
from planner.zone_io import load_zone

DEMO = Path(__file__).resolve().parent.parent / "data" / "zone-demo"
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
    assert plan.priority_hours == plan_week(zone, WEEK, "baseline").priority_hours
    assert job.done() and job.elapsed_s > 0


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


def test_cache_keeps_the_most_recent(zone) -> None:
    cache = PlanCache(max_plans=2)
    plan = plan_now(zone, WEEK, "baseline", cache)
    assert plan_now(zone, WEEK, "baseline", cache) is plan
    cache.put("a", plan)
    cache.put("b", plan)
    assert len(cache) == 2
    assert cache.get(plan_key(zone, WEEK, "baseline")) is None
    assert cache.get("a") is plan
