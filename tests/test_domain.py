"""Domain objects check their own rules when built, whoever builds them (reader, app, test):
a table of bad objects, each with the rule's code and the field it names."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.domain import (
    Commitment,
    Labels,
    Norms,
    OperationType,
    Priority,
    Scenario,
    Staffing,
    TimeWindow,
)
from planner.errors import DomainError, InputError
from planner.scenarios import apply_scenario
from planner.zone_io import load_zone

T0 = dt.datetime(2026, 12, 5, 12, tzinfo=dt.UTC)
ALL_WEEK = TimeWindow(tuple(range(7)), 7 * 60, 19 * 60)


def operation(**change) -> OperationType:
    values = (
        dict(
            id="speed_check",
            priority="road_safety",
            labels=Labels(),
            crew=2,
            duration_hours=4,
            windows=(ALL_WEEK,),
        )
        | change
    )
    return OperationType(**values)


BAD = [
    # (what, builder, code, field)
    (
        "floor above cap",
        lambda: Priority("drugs", Labels(), 1.0, floor_hours=40, cap_hours=20),
        "floor_above_cap",
        "floor_hours",
    ),
    ("negative weight", lambda: Priority("drugs", Labels(), -1.0), "below_minimum", "weight"),
    (
        "negative floor",
        lambda: Priority("drugs", Labels(), 1.0, floor_hours=-8),
        "below_minimum",
        "floor_hours",
    ),
    (
        "negative cap",
        lambda: Priority("drugs", Labels(), 1.0, cap_hours=-1),
        "below_minimum",
        "cap_hours",
    ),
    ("crew of nobody", lambda: operation(crew=0), "below_minimum", "crew"),
    (
        "operation of no time",
        lambda: operation(duration_hours=0),
        "below_minimum",
        "duration_hours",
    ),
    ("negative daily limit", lambda: operation(max_per_day=-1), "below_minimum", "max_per_day"),
    (
        "window ending before it starts",
        lambda: TimeWindow((0,), 19 * 60, 7 * 60),
        "window_ends_before_start",
        "end_minute",
    ),
    (
        "window of no time",
        lambda: TimeWindow((0,), 7 * 60, 7 * 60),
        "window_ends_before_start",
        "end_minute",
    ),
    ("eighth weekday", lambda: TimeWindow((7,), 7 * 60, 9 * 60), "weekday", "days"),
    ("thirteenth month", lambda: TimeWindow((0,), 7 * 60, 9 * 60, (13,)), "month", "months"),
    ("unknown percent base", lambda: Norms(percent_base="budget"), "percent_base", "percent_base"),
    ("share above one", lambda: Norms(traffic_share_legal=8.0), "share", "traffic_share_legal"),
    (
        "no inhabitants per inspector",
        lambda: Norms(neighbourhood_inhabitants_per_inspector_zone=0),
        "below_minimum",
        "neighbourhood_inhabitants_per_inspector_zone",
    ),
    (
        "negative desk officers",
        lambda: Norms(reception_officers_legal=-1),
        "below_minimum",
        "reception_officers_legal",
    ),
    (
        "CALog on intervention",
        lambda: Staffing(calog=("traffic", "intervention")),
        "calog_staffing",
        "calog",
    ),
    (
        "request of nobody",
        lambda: Commitment("r1", "hycap", T0, T0 + dt.timedelta(hours=4), 0, ""),
        "below_minimum",
        "officers",
    ),
    (
        "request ending before it starts",
        lambda: Commitment("r1", "hycap", T0, T0 - dt.timedelta(hours=4), 3, ""),
        "ends_before_start",
        "end",
    ),
    ("absence rate above one", lambda: Scenario("flu", absence_rate=1.5), "share", "absence_rate"),
    (
        "negative scenario floor",
        lambda: Scenario("x", floors={"drugs": -4}),
        "below_minimum",
        "floors.drugs",
    ),
]


@pytest.mark.parametrize(("what", "build", "code", "field"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_object_cannot_be_built(what, build, code, field) -> None:
    with pytest.raises(DomainError) as info:
        build()
    assert (info.value.code, info.value.field) == (code, field), what
    assert info.value.expected


def test_good_objects_are_built() -> None:
    Priority("drugs", Labels(), 1.5, floor_hours=20, cap_hours=20)
    Priority("drugs", Labels(), 0.0, cap_hours=None)
    operation(max_per_day=0)
    TimeWindow((4, 5), 19 * 60, 31 * 60, (10, 11))
    Norms(percent_base="available", traffic_share_zone=1.0)
    Staffing(calog=("reception", "traffic"))


def test_a_scenario_floor_above_the_zone_cap_is_an_input_error() -> None:
    """The app's scenario cannot plan a floor above a cap the reader would refuse."""
    zone = load_zone("data/zone-demo")
    capped = tuple(
        Priority(p.id, p.labels, p.weight, cap_hours=10) if p.id == "drugs" else p
        for p in zone.priorities
    )
    from dataclasses import replace

    zone = replace(zone, priorities=capped)
    with pytest.raises(InputError) as info:
        apply_scenario(zone, Scenario("more", floors={"drugs": 40}), "2026-W49")
    issue = info.value.issues[0]
    assert issue.field == "scenario.more.floor_hours"
    assert issue.value == "40"


def test_the_reader_reports_a_domain_rule_with_its_file(tmp_path) -> None:
    import shutil

    shutil.copytree("data/zone-demo", tmp_path / "z")
    toml = tmp_path / "z" / "zone.toml"
    text = toml.read_text(encoding="utf-8")
    line = "neighbourhood_inhabitants_per_inspector_zone = 4000"
    assert line in text
    toml.write_text(
        text.replace(line, "neighbourhood_inhabitants_per_inspector_zone = 0"), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load_zone(tmp_path / "z")
    fields = [i.field for i in info.value.issues]
    assert "norms.neighbourhood_inhabitants_per_inspector_zone" in fields, info.value.report()


def test_the_app_cannot_save_a_floor_above_a_cap() -> None:
    """The Adjust page's edits go through the same rules before anything is written."""
    from planner.scenario_io import edited_scenario, scenario_changes

    zone = load_zone("data/zone-demo")
    edited = edited_scenario(
        zone.scenarios["baseline"], "mine", floors={"drugs": 40.0}, caps={"drugs": 10.0}
    )
    with pytest.raises(InputError):
        scenario_changes(zone, edited)
