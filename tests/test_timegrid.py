"""The time grid: ISO weeks, clock times and day lists, the blocks of a week in
Europe/Brussels (167 and 169 hours in the weeks of the daylight-saving changes), windows
that run past midnight, and plan.csv's UTC offsets on either side of a change."""

from __future__ import annotations

import csv
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from planner.generator import generate_zone
from planner.timegrid import (
    UTC,
    build_week_grid,
    local_to_utc,
    next_iso_week,
    parse_clock,
    parse_days,
    parse_week,
    week_label,
)
from tests.conftest import run_planner

BXL = ZoneInfo("Europe/Brussels")


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# -- ISO weeks --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2026-W49", (2026, 49)),
        ("2026-W01", (2026, 1)),
        ("2026-W53", (2026, 53)),  # 2026 starts on a Thursday: it has 53 weeks
        ("2020-W53", (2020, 53)),
        (" 2026-W13 ", (2026, 13)),
    ],
)
def test_parse_week(text, parsed):
    assert parse_week(text) == parsed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-W60", "an existing ISO week of 2026"),
        ("2027-W53", "an existing ISO week of 2027"),
        ("2026-W00", "an existing ISO week of 2026"),
        ("2026-49", "an ISO week like 2026-W49"),
        ("2026-w49", "an ISO week like 2026-W49"),
        ("2026-W4", "an ISO week like 2026-W49"),
        ("26-W49", "an ISO week like 2026-W49"),
        ("", "an ISO week like 2026-W49"),
    ],
)
def test_parse_week_rejects(text, expected):
    with pytest.raises(ValueError) as info:
        parse_week(text)
    assert str(info.value) == expected


def test_week_label_pads_the_week_number():
    assert week_label(2026, 3) == "2026-W03" and week_label(2026, 49) == "2026-W49"


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (dt.date(2026, 11, 23), "2026-W49"),  # a Monday: the next Monday's week
        (dt.date(2026, 11, 29), "2026-W49"),  # a Sunday
        (dt.date(2026, 11, 30), "2026-W50"),  # the Monday of W49 itself plans W50
        (dt.date(2026, 12, 24), "2026-W53"),
        (dt.date(2026, 12, 31), "2027-W01"),  # across the new year
        (dt.date(2020, 12, 27), "2020-W53"),
        (dt.date(2027, 1, 1), "2027-W01"),  # 1 January 2027 is in 2026-W53; next is 2027-W01
    ],
)
def test_next_iso_week(today, week):
    assert next_iso_week(today) == week


# -- clock times and days ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "past_midnight", "minutes"),
    [
        ("07:00", False, 420),
        ("7:30", False, 450),
        ("00:00", False, 0),
        ("24:00", False, 1440),
        ("26:00", True, 1560),
        ("31:00", True, 1860),
        ("48:00", True, 2880),
    ],
)
def test_parse_clock(text, past_midnight, minutes):
    assert parse_clock(text, past_midnight) == minutes


@pytest.mark.parametrize(
    ("text", "past_midnight", "expected"),
    [
        ("26:00", False, "a time between 00:00 and 24:00"),
        ("24:30", False, "a time between 00:00 and 24:00"),
        ("48:30", True, "a time between 00:00 and 48:00"),
        ("07:60", False, "a time between 00:00 and 24:00"),
        ("7h", False, "a time HH:MM"),
        ("0700", False, "a time HH:MM"),
        ("-1:00", True, "a time HH:MM"),
    ],
)
def test_parse_clock_rejects(text, past_midnight, expected):
    with pytest.raises(ValueError) as info:
        parse_clock(text, past_midnight)
    assert str(info.value) == expected


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Mon-Fri", (0, 1, 2, 3, 4)),
        ("Fri,Sat", (4, 5)),
        ("Mon-Sun", tuple(range(7))),
        ("Mon,Wed-Fri", (0, 2, 3, 4)),
        ("Sun", (6,)),
        ("Sat, Sat", (5,)),
    ],
)
def test_parse_days(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sat-Mon", "a day range in week order, like Mon-Fri"),
        ("mon", "days like Mon-Fri or Fri,Sat"),
        ("Monday", "days like Mon-Fri or Fri,Sat"),
        ("", "days like Mon-Fri or Fri,Sat"),
        ("Mon-", "days like Mon-Fri or Fri,Sat"),
    ],
)
def test_parse_days_rejects(text, expected):
    with pytest.raises(ValueError) as info:
        parse_days(text)
    assert str(info.value) == expected


# -- local time --------------------------------------------------------------------------------
def test_local_to_utc_across_the_changes():
    assert local_to_utc(dt.date(2026, 12, 5), 11 * 60, BXL) == utc(2026, 12, 5, 10)
    assert local_to_utc(dt.date(2026, 7, 1), 11 * 60, BXL) == utc(2026, 7, 1, 9)
    # minutes past 24:00 run into the next day
    assert local_to_utc(dt.date(2026, 12, 5), 26 * 60, BXL) == utc(2026, 12, 6, 1)
    # 02:30 on 29 March does not exist: read with the winter offset, i.e. 03:30 summer time
    assert local_to_utc(dt.date(2026, 3, 29), 150, BXL) == utc(2026, 3, 29, 1, 30)
    # 02:30 on 25 October happens twice: the first (summer-time) one
    assert local_to_utc(dt.date(2026, 10, 25), 150, BXL) == utc(2026, 10, 25, 0, 30)


# -- the week's blocks -------------------------------------------------------------------------
def test_an_ordinary_week_has_42_blocks_of_4_hours():
    grid = build_week_grid("2026-W49", "Europe/Brussels", 4, 7 * 60)
    assert len(grid.blocks) == 42 and grid.blocks_per_day == 6
    assert {b.hours for b in grid.blocks} == {4} and grid.total_hours == 168
    assert grid.monday == dt.date(2026, 11, 30) and grid.label == "2026-W49"
    first, last = grid.blocks[0], grid.blocks[-1]
    assert grid.local(first.start_utc).isoformat() == "2026-11-30T07:00:00+01:00"
    assert grid.local(last.start_utc).isoformat() == "2026-12-07T03:00:00+01:00"
    assert grid.local(grid.end_utc).isoformat() == "2026-12-07T07:00:00+01:00"
    # the 03:00-07:00 block of Sunday's operational day starts on Monday's date
    assert (last.day, last.slot, last.date) == (6, 5, dt.date(2026, 12, 7))
    assert [b.label for b in grid.blocks[:6]] == [
        "Mon 07:00",
        "Mon 11:00",
        "Mon 15:00",
        "Mon 19:00",
        "Mon 23:00",
        "Mon 03:00",
    ]


@pytest.mark.parametrize(
    ("week", "total", "odd_block", "odd_hours"),
    [
        ("2026-W13", 167, "Sat 23:00", 3),  # clocks go forward in the night of 28-29 March
        ("2026-W43", 169, "Sat 23:00", 5),  # clocks go back in the night of 24-25 October
        ("2026-W49", 168, None, None),
    ],
)
def test_daylight_saving_weeks_have_167_or_169_hours(week, total, odd_block, odd_hours):
    grid = build_week_grid(week, "Europe/Brussels", 4, 7 * 60)
    assert grid.total_hours == total
    assert (grid.end_utc - grid.start_utc) == dt.timedelta(hours=total)
    odd = [(b.label, b.hours) for b in grid.blocks if b.hours != 4]
    assert odd == ([] if odd_block is None else [(odd_block, odd_hours)])
    for a, b in zip(grid.blocks, grid.blocks[1:], strict=False):  # no gap, no overlap
        assert a.end_utc == b.start_utc
        assert (a.end_utc - a.start_utc) == dt.timedelta(hours=a.hours)


def test_spring_forward_offsets_of_the_blocks_around_the_change():
    grid = build_week_grid("2026-W13", "Europe/Brussels", 4, 7 * 60)
    change = next(b for b in grid.blocks if b.hours == 3)
    assert grid.local(change.start_utc).isoformat() == "2026-03-28T23:00:00+01:00"
    assert grid.local(change.end_utc).isoformat() == "2026-03-29T03:00:00+02:00"
    assert (
        grid.local(grid.blocks[change.index + 1].end_utc).isoformat() == "2026-03-29T07:00:00+02:00"
    )


def test_one_hour_blocks_lose_and_gain_the_hour_where_it_happens():
    spring = build_week_grid("2026-W13", "Europe/Brussels", 1, 0)
    assert spring.total_hours == 167
    assert [(b.date, b.start_minute % 1440, b.hours) for b in spring.blocks if b.hours != 1] == [
        (dt.date(2026, 3, 29), 120, 0)
    ]  # 02:00-03:00 does not exist
    autumn = build_week_grid("2026-W43", "Europe/Brussels", 1, 0)
    assert autumn.total_hours == 169
    assert [(b.date, b.start_minute % 1440, b.hours) for b in autumn.blocks if b.hours != 1] == [
        (dt.date(2026, 10, 25), 120, 2)
    ]  # 02:00-03:00 happens twice


def test_other_grids():
    grid = build_week_grid("2026-W49", "Europe/Brussels", 8, 6 * 60)
    assert len(grid.blocks) == 21 and grid.total_hours == 168
    assert grid.local(grid.blocks[0].start_utc).isoformat() == "2026-11-30T06:00:00+01:00"
    assert grid.block_of_wallclock(0, 6 * 60) == 0
    assert grid.block_of_wallclock(1, 14 * 60) == 4
    assert grid.block_of_wallclock(6, 22 * 60) == 20  # Sunday 22:00, the week's last block
    assert grid.block_of_wallclock(6, 30 * 60) is None  # Monday 06:00 starts the next week
    assert grid.block_of_wallclock(0, 7 * 60) is None  # not a block start
    assert grid.block_of_wallclock(0, 5 * 60) is None  # before the operational day
    assert grid.block_of_wallclock(7, 6 * 60) is None  # after the week


def test_windows_past_midnight_cover_the_blocks_of_the_night():
    """A window Sat 19:00-31:00 (07:00 on Sunday) holds the three night blocks of Saturday's
    operational day; in the autumn week the same window lasts 13 real hours."""
    for week, hours in (("2026-W49", 12), ("2026-W43", 13), ("2026-W13", 11)):
        grid = build_week_grid(week, "Europe/Brussels", 4, 7 * 60)
        saturday = grid.monday + dt.timedelta(days=5)
        start, end = local_to_utc(saturday, 19 * 60, BXL), local_to_utc(saturday, 31 * 60, BXL)
        inside = grid.blocks_within(start, end)
        assert [grid.blocks[i].label for i in inside] == ["Sat 19:00", "Sat 23:00", "Sat 03:00"]
        assert sum(grid.blocks[i].hours for i in inside) == hours
        # a request from Saturday 12:00 to 20:00 touches 11-15, 15-19 and 19-23
        touched = grid.blocks_overlapping(
            local_to_utc(saturday, 12 * 60, BXL), local_to_utc(saturday, 20 * 60, BXL)
        )
        assert [grid.blocks[i].label for i in touched] == ["Sat 11:00", "Sat 15:00", "Sat 19:00"]


# -- the same through the command line ----------------------------------------------------------
@pytest.mark.parametrize(
    ("week", "hours", "before", "after", "start", "end"),
    [
        (
            "2026-W13",
            167,
            "+01:00",
            "+02:00",
            "2026-03-28T23:00:00+01:00",
            "2026-03-29T03:00:00+02:00",
        ),
        (
            "2026-W43",
            169,
            "+02:00",
            "+01:00",
            "2026-10-24T23:00:00+02:00",
            "2026-10-25T03:00:00+01:00",
        ),
    ],
)
def test_plan_of_a_daylight_saving_week(tmp_path, week, hours, before, after, start, end):
    zone = generate_zone(tmp_path / "z", 50, seed=3, week=None)
    out = tmp_path / "out"
    res = run_planner("plan", zone, "--week", week, "--out", out, "--lang", "en")
    assert res.returncode == 0, res.stderr
    assert f"week {week} ({hours} h)" in res.stdout
    with (out / "plan.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["week"] for r in rows} == {week}
    blocks = sorted(
        {(r["start"], r["end"]) for r in rows if r["kind"] == "basic_mission"},
        key=lambda se: dt.datetime.fromisoformat(se[0]),
    )
    assert len(blocks) == 42
    assert blocks[0][0].endswith(before) and blocks[-1][1].endswith(after)
    # offsets switch exactly at the change, and every block lasts what the clock says
    switch = [k for k, (s, e) in enumerate(blocks) if s[-6:] != e[-6:]]
    assert [blocks[k] for k in switch] == [(start, end)]
    assert all(s.endswith(before) for s, _ in blocks[: switch[0]])
    assert all(s.endswith(after) for s, _ in blocks[switch[0] + 1 :])
    real = (
        sum(
            (dt.datetime.fromisoformat(e) - dt.datetime.fromisoformat(s)).total_seconds()
            for s, e in blocks
        )
        / 3600
    )
    assert real == hours
    # person-hours of the block that holds the change are officers x its real length
    for r in rows:
        if (r["start"], r["end"]) == (start, end) and r["duty"] == "on_duty":
            assert float(r["hours"]) == int(r["officers"]) * (hours - 164), r
    assert any(
        (r["start"], r["end"]) == (start, end) and r["activity"] == "intervention" for r in rows
    )
