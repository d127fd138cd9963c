"""pzs.toml: the zonal security plan's yearly targets, read and checked like every input:
a valid file gives its Target objects, each wrong value one issue naming the file, the field,
the value and a code of what was expected; the samples load."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import InputError
from planner.text import LANGS
from planner.text.inputs import expected_text, issue_text
from planner.year import Pzs, Target
from planner.year.pzs import load_pzs
from planner.zone_io import load_zone
from tests.conftest import DATA

GOOD = """\
# a plan for the tests
[cycle]
first_year = 2026
last_year = 2031
title = "PZS 2026-2031"

# road safety, more in the BOB quarters
[[target]]
priority = "road_safety"
year = 2026
hours = 8200
operations = { bob_check = 24, speed_check = 570 }
quarters = [0.30, 0.20, 0.20, 0.30]

# drugs in hours only
[[target]]
priority = "drugs"
year = 2027
hours = 3600.5

# radicalism in meetings only
[[target]]
priority = "radicalism"
year = 2026
operations = { csil_meeting = 100 }
"""


@pytest.fixture(scope="module")
def zone():
    return load_zone(DATA / "zone-rural")


def _load(tmp_path: Path, text: str, zone):
    folder = tmp_path / "zone"
    folder.mkdir(exist_ok=True)
    (folder / "pzs.toml").write_text(text, encoding="utf-8")
    return load_pzs(folder, zone)


def test_a_valid_file_gives_its_targets(tmp_path, zone):
    pzs = _load(tmp_path, GOOD, zone)
    assert pzs == Pzs(
        2026,
        2031,
        (
            Target(
                "road_safety",
                2026,
                8200.0,
                {"bob_check": 24, "speed_check": 570},
                (0.3, 0.2, 0.2, 0.3),
            ),
            Target("drugs", 2027, 3600.5),
            Target("radicalism", 2026, None, {"csil_meeting": 100}),
        ),
        "PZS 2026-2031",
    )
    assert pzs.target("drugs", 2027).hours == 3600.5
    assert pzs.target("drugs", 2026) is None


def test_no_file_is_no_pzs(tmp_path, zone):
    assert load_pzs(tmp_path, zone) is None


def _sub(old: str, new: str):
    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return edit


def _add(extra: str):
    return lambda text: text + extra


DUPLICATE = """
[[target]]
priority = "drugs"
year = 2027
hours = 10
"""

# (id, edit of GOOD, field, value, expected code, values the issue carries (a subset))
BAD = [
    (
        "year as text",
        _sub("first_year = 2026", "first_year = 2026.5"),
        "cycle.first_year",
        "2026.5",
        "whole_number",
        {},
    ),
    (
        "last before first",
        _sub("last_year = 2031", "last_year = 2025"),
        "cycle.last_year",
        "2025",
        "range",
        {"min": 2026, "max": 2031},
    ),
    (
        "cycle of 7 years",
        _sub("last_year = 2031", "last_year = 2032"),
        "cycle.last_year",
        "2032",
        "range",
        {"min": 2026, "max": 2031},
    ),
    (
        "unknown cycle key",
        _sub('title = "', 'titel = "'),
        "cycle.titel",
        "titel",
        "one_of",
        {"near": "title"},
    ),
    (
        "unknown priority",
        _sub('priority = "road_safety"', 'priority = "road_safty"'),
        "target[1].priority",
        "road_safty",
        "one_of",
        {"near": "road_safety"},
    ),
    (
        "year outside the cycle",
        _sub("year = 2027", "year = 2035"),
        "target[2].year",
        "2035",
        "range",
        {"min": 2026, "max": 2031},
    ),
    (
        "negative hours",
        _sub("hours = 8200", "hours = -5"),
        "target[1].hours",
        "-5",
        "range",
        {"min": 0},
    ),
    (
        "hours as text",
        _sub("hours = 8200", 'hours = "lots"'),
        "target[1].hours",
        "lots",
        "number",
        {},
    ),
    (
        "operation of another priority",
        _sub("bob_check = 24", "foot_patrol = 24"),
        "target[1].operations.foot_patrol",
        "foot_patrol",
        "one_of",
        {"options": ("speed_check", "bob_check", "traffic_patrol")},
    ),
    (
        "unknown operation",
        _sub("bob_check = 24", "bob_chek = 24"),
        "target[1].operations.bob_chek",
        "bob_chek",
        "one_of",
        {"near": "bob_check"},
    ),
    (
        "count not whole",
        _sub("speed_check = 570", "speed_check = 5.5"),
        "target[1].operations.speed_check",
        "5.5",
        "whole_number",
        {},
    ),
    (
        "negative count",
        _sub("speed_check = 570", "speed_check = -1"),
        "target[1].operations.speed_check",
        "-1",
        "range",
        {"min": 0},
    ),
    (
        "operations not a table",
        _sub("operations = { bob_check = 24, speed_check = 570 }", "operations = 3"),
        "target[1].operations",
        "3",
        "table",
        {},
    ),
    (
        "three quarters",
        _sub("[0.30, 0.20, 0.20, 0.30]", "[0.30, 0.40, 0.30]"),
        "target[1].quarters",
        "[0.3, 0.4, 0.3]",
        "quarter_shares",
        {},
    ),
    (
        "quarters not summing to 1",
        _sub("[0.30, 0.20, 0.20, 0.30]", "[0.30, 0.20, 0.20, 0.20]"),
        "target[1].quarters",
        "[0.3, 0.2, 0.2, 0.2]",
        "quarter_shares",
        {"sum": 0.9},
    ),
    (
        "negative quarter",
        _sub("[0.30, 0.20, 0.20, 0.30]", "[0.60, -0.10, 0.20, 0.30]"),
        "target[1].quarters[2]",
        "-0.1",
        "range",
        {"min": 0, "max": 1},
    ),
    ("no figure", _sub("hours = 3600.5", ""), "target[2]", "", "target_figures", {}),
    (
        "same priority and year twice",
        _add(DUPLICATE),
        "target[4].year",
        "2027",
        "unique_target",
        {"priority": "drugs", "first": 2},
    ),
    (
        "unknown target key",
        _sub("hours = 3600.5", "hour = 3600.5"),
        "target[2].hour",
        "hour",
        "one_of",
        {"near": "hours"},
    ),
    (
        "unknown table",
        _add("\n[targets]\nx = 1\n"),
        "targets",
        "targets",
        "one_of",
        {"near": "target"},
    ),
    ("not TOML", _add("\n[[target]\n"), "(file)", None, "toml", {}),
]


@pytest.mark.parametrize(
    "edit, field, value, expected, values", [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_each_wrong_value_is_one_issue(tmp_path, zone, edit, field, value, expected, values):
    with pytest.raises(InputError) as exc:
        _load(tmp_path, edit(GOOD), zone)
    found = [i for i in exc.value.issues if i.field == field]
    assert len(found) == 1, exc.value.issues
    issue = found[0]
    assert issue.file.endswith("zone/pzs.toml")
    assert issue.row is None
    assert issue.expected == expected
    if value is not None:
        assert issue.value == value
    assert {k: issue.values.get(k) for k in values} == values
    for lang in LANGS:  # worded in every language, not left as a code
        assert expected_text(issue, lang) != expected
        assert issue_text(issue, lang)


def test_every_issue_of_the_file_at_once(tmp_path, zone):
    text = _sub("hours = 8200", "hours = -5")(_sub("year = 2027", "year = 2040")(GOOD))
    with pytest.raises(InputError) as exc:
        _load(tmp_path, text, zone)
    assert [i.field for i in exc.value.issues] == ["target[1].hours", "target[2].year"]


@pytest.mark.parametrize("name", ["zone-demo", "zone-rural"])
def test_the_samples_have_targets_for_every_priority_in_2026_and_2027(name):
    zone = load_zone(DATA / name)
    pzs = load_pzs(DATA / name, zone)
    assert (pzs.first_year, pzs.last_year) == (2026, 2031)
    for p in zone.priorities:
        for year in (2026, 2027):
            target = pzs.target(p.id, year)
            assert target is not None and target.hours > 0, (p.id, year)
    road = pzs.target("road_safety", 2026)
    assert road.quarters[0] > road.quarters[1] and road.quarters[3] > road.quarters[2]
    assert {"bob_check", "speed_check"} <= set(road.operations)
