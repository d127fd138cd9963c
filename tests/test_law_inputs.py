"""Right to the law, and honest about it: elapsed time across clock changes, reception as
zones open it, and the inputs checked against working time. Tiny zones whose figures are
worked out by hand in each docstring; every plan goes through the independent checker."""

from __future__ import annotations

import pytest

from planner.zone_io import load_zone
from tests.solving import check_every_plan_of, solve_checked
from tests.tiny import officer, operation, priority, write_zone


# -- (4) elapsed time across clock changes ------------------------------------------------------
@pytest.mark.parametrize(
    ("week", "saturday", "sunday", "hours"),
    [
        ("2026-W13", "2026-03-28", "2026-03-29", 23),  # spring forward: 02:00 -> 03:00
        ("2026-W43", "2026-10-24", "2026-10-25", 25),  # fall back: 03:00 -> 02:00
    ],
)
def test_a_commitment_over_a_clock_change_counts_elapsed_hours(
    tmp_path, week, saturday, sunday, hours
):
    """Two officers on duty around the clock (24-hour shifts from 07:00); a HyCap request for
    both from Saturday 07:00 to Sunday 07:00, written in local time. Across the spring change
    that day lasts 23 h, across the autumn change 25 h: the request is 2 x 23 = 46 h or
    2 x 25 = 50 h, both as the request's own length (`hours`) and in whole blocks
    (`reserved_hours`: the six blocks of Saturday's operational day, one of 3 h or 5 h).
    Before the fix the wall-clock difference gave 24 h per officer in both weeks."""
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("O2")],
        [priority("road_safety", 1)],
        [operation("a", "road_safety")],
    )
    folder = root / "weeks" / week
    folder.mkdir(parents=True)
    (folder / "commitments.csv").write_text(
        "id,type,start,end,officers,qualification,label\n"
        f"h1,hycap,{saturday}T07:00,{sunday}T07:00,2,,Match\n",
        encoding="utf-8",
    )
    plan = solve_checked(root, week)
    (row,) = plan.commitments.itertuples(index=False)
    assert row.planned_officers == 2 and row.shortfall_hours == 0
    assert row.hours == 2 * hours
    assert row.reserved_hours == 2 * hours
    assert plan.problem.grid.total_hours == 168 + (hours - 24)
    # what is left for the priorities: the two officers' week minus the request
    assert plan.priority_hours["road_safety"] == 2 * plan.problem.grid.total_hours - 2 * hours


# -- (6) reception as zones open it -------------------------------------------------------------
DESK = [
    {"days": "Mon-Fri", "start": "08:00", "end": "18:00"},
    {"days": "Sat", "start": "09:00", "end": "12:00"},
    {"days": "Mon", "start": "10:00", "end": "12:00"},
]  # inside Monday's: counted once


def desk_zone(root, windows=DESK, key="reception_window", scenarios=""):
    return write_zone(
        root,
        [officer("R1", unit="reception"), officer("R2", unit="reception"), officer("O1")],
        [priority("road_safety", 1)],
        [operation("a", "road_safety")],
        norms={key: windows, "reception_officers_legal": 1, "reception_officers_zone": 1},
        scenarios=scenarios,
    )


def test_reception_windows_count_opening_hours_once_and_reserve_whole_blocks(tmp_path):
    """Desk Mon-Fri 08:00-18:00, Sat 09:00-12:00, and Mon 10:00-12:00 (inside Monday's hours).
    Opening hours: 5 x 10 + 3 = 53 h (55 if Monday's two hours were counted twice). On the
    4-hour grid from 07:00 the desk officer is reserved for whole blocks: 07-11, 11-15, 15-19
    on weekdays (5 x 12 h) and 07-11, 11-15 on Saturday (8 h) = 68 h. The requirement stays
    the real 53 h (met); the 12 part blocks are listed: weekday 07-11 opens at 08:00, weekday
    15-19 closes at 18:00, Saturday 07-11 opens at 09:00, Saturday 11-15 closes at 12:00."""
    plan = solve_checked(desk_zone(tmp_path), "2026-W49")
    cover = plan.problem.reception
    assert (cover.open_hours, cover.reserved_hours) == (53.0, 68.0)
    assert len(cover.partial_blocks) == 12
    assert sorted({rb.open_hours for rb in cover.partial_blocks}) == [1.0, 2.0, 3.0]
    row = plan.norms[
        (plan.norms.functionality == "reception") & (plan.norms.level == "legal")
    ].iloc[0]
    assert (row.required_hours, row.planned_hours, row.status) == (53.0, 53.0, "met")
    desk = plan.basic[plan.basic.activity == "reception"]
    assert (len(desk), desk.officers.sum(), desk.hours.sum()) == (17, 17, 68.0)
    from planner.report import summary

    assert (
        "  reception: desk open 53.0 h, reserved 68.0 h in whole blocks of 4 h "
        "(Mon–Fri 07:00–11:00 opens at 08:00; Mon–Fri 15:00–19:00 closes at 18:00; "
        "Sat 07:00–11:00 opens at 09:00; Sat 11:00–15:00 closes at 12:00)"
    ) in summary(plan)


def test_reception_window_as_one_table_or_under_the_plural_key(tmp_path):
    """One inline table still reads as before; `reception_windows` is the same setting. A
    desk Mon-Sun 07:00-19:00 sits on the grid: 84 h open, 84 h reserved, no part block."""
    one = {"days": "Mon-Sun", "start": "07:00", "end": "19:00"}
    for k, key in enumerate(("reception_window", "reception_windows")):
        zone = load_zone(desk_zone(tmp_path / str(k), one, key))
        assert len(zone.settings.norms.reception_windows) == 1
    plan = solve_checked(tmp_path / "0", "2026-W49")
    assert (plan.problem.reception.open_hours, plan.problem.reception.reserved_hours) == (
        84.0,
        84.0,
    )
    assert plan.problem.reception.partial_blocks == ()


def test_reception_window_errors(tmp_path):
    from planner.errors import InputError

    root = desk_zone(tmp_path / "a", [])
    with pytest.raises(InputError) as info:
        load_zone(root)
    assert [(i.field, i.expected) for i in info.value.issues] == [
        ("norms.reception_window", "windows")
    ]
    root = desk_zone(tmp_path / "b", [DESK[0], {"days": "Sat", "start": "12:00", "end": "09:00"}])
    with pytest.raises(InputError) as info:
        load_zone(root)
    assert [i.field for i in info.value.issues] == ["norms.reception_window[1].end"]
    root = desk_zone(tmp_path / "c", DESK)
    text = (root / "zone.toml").read_text(encoding="utf-8")
    (root / "zone.toml").write_text(
        text.replace(
            "[norms]\n",
            '[norms]\nreception_windows = { days = "Sun", start = "07:00", end = "11:00" }\n',
        ),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_zone(root)
    assert [(i.field, i.expected, i.values["options"]) for i in info.value.issues] == [
        ("norms.reception_window", "only_one_of", ("reception_window", "reception_windows"))
    ]


def test_a_scenario_sets_the_desk_windows(tmp_path):
    """A scenario opening the desk only on Saturday 07:00-11:00: 4 h open, 4 h reserved."""
    root = desk_zone(
        tmp_path,
        scenarios=(
            '[scenario.sat]\nnorms = { reception_window = [{ days = "Sat", start = "07:00", end = "11:00" }] }\n'
        ),
    )
    plan = solve_checked(root, "2026-W49", "sat")
    assert (plan.problem.reception.open_hours, plan.problem.reception.reserved_hours) == (4.0, 4.0)
    from planner.report import reception_line

    assert reception_line(plan) == (
        "reception: desk open 4.0\u00a0h, reserved 4.0\u00a0h in whole blocks of 4\u00a0h"
    )  # hours keep their unit with a no-break space


# -- (7) the inputs against working time (PJPol) and the neighbourhood norm ----------------------
def warnings_of(root):
    return [(w.code, w.subject, w.values) for w in load_zone(root).warnings]


def law_zone(root, shifts, teams, officers=None, inhabitants=1000):
    officers = officers or [officer("O1"), officer("N1", team="", unit="neighbourhood")]
    return write_zone(
        root,
        officers,
        [priority("road_safety", 1)],
        [operation("a", "road_safety")],
        shifts=shifts,
        teams=teams,
        inhabitants=inhabitants,
    )


def test_shift_lengths_against_4_to_12_hours(tmp_path):
    """On a 1-hour grid: S 07:00-10:00 lasts 3 h (< 4), T 07:00-20:00 13 h (> 12), X the same
    13 h marked as an exception (no warning), D 07:00-15:00 8 h (fine). The team works D five
    days a week (40 h, 16 h of rest); one neighbourhood inspector for 1,000 inhabitants."""
    root = law_zone(
        tmp_path,
        {
            "D": "07:00-15:00",
            "S": "07:00-10:00",
            "T": "07:00-20:00",
            "X": {"time": "07:00-20:00", "exception": True},
        },
        {"ALL": "D D D D D - -"},
    )
    text = (root / "zone.toml").read_text(encoding="utf-8")
    (root / "zone.toml").write_text(
        text.replace("block_hours = 4", "block_hours = 1"), encoding="utf-8"
    )
    zone = load_zone(root)
    assert zone.settings.shift_exceptions == frozenset({"X"})
    assert zone.settings.shifts["X"] == (7 * 60, 20 * 60)
    assert [(w.code, w.subject, w.values, w.file, w.row) for w in zone.warnings] == [
        (
            "shift_too_short",
            "S",
            {"hours": 3.0, "minimum_hours": 4},
            f"{root.name}/zone.toml",
            None,
        ),
        (
            "shift_too_long",
            "T",
            {"hours": 13.0, "maximum_hours": 12},
            f"{root.name}/zone.toml",
            None,
        ),
    ]


def test_a_bad_shift_table_is_an_error(tmp_path):
    from planner.errors import InputError

    root = law_zone(
        tmp_path,
        {"D": "07:00-15:00", "X": {"time": "07:00-19:00", "exception": "yes"}},
        {"ALL": "D"},
    )
    with pytest.raises(InputError) as info:
        load_zone(root)
    assert [i.field for i in info.value.issues] == ["shifts.X"]


@pytest.mark.parametrize(
    ("cycle", "rest", "day", "pairs"),
    [
        ("L E - - - - -", 8.0, 1, 1),  # late 15:00-23:00, early 07:00 the next day: 8 h
        ("E - - - - - L", 8.0, 7, 1),  # the same across the cycle's wrap-around
        ("L E L E - - -", 8.0, 1, 2),  # two quick returns (E -> L is 24 h)
        ("E N L - - - -", 8.0, 2, 1),  # night 23:00-07:00 then late 15:00: 8 h (E -> N is 32 h)
    ],
)
def test_rest_between_services_of_a_cycle(tmp_path, cycle, rest, day, pairs):
    root = law_zone(
        tmp_path, {"E": "07:00-15:00", "L": "15:00-23:00", "N": "23:00-07:00"}, {"ALL": cycle}
    )
    (w,) = load_zone(root).warnings
    assert (w.code, w.subject, w.file, w.row) == (
        "rest_too_short",
        "ALL",
        f"{root.name}/teams.csv",
        1,
    )
    assert w.values == {"rest_hours": rest, "minimum_hours": 11, "cycle_day": day, "pairs": pairs}


def test_eleven_hours_of_rest_and_an_e_n_rotation_are_fine(tmp_path):
    """E E L L N N - - - - (the samples' intervention rotation): 16 h, 24 h, 16 h, 24 h, 16 h of
    rest, then the days off; 12-hour days R R - - rest 12 h; no warning."""
    root = law_zone(
        tmp_path,
        {"E": "07:00-15:00", "L": "15:00-23:00", "N": "23:00-07:00", "R": "07:00-19:00"},
        {"ALL": "E E L L N N - - - -", "REC": "R R - -"},
    )
    assert warnings_of(root) == []


def test_more_than_50_hours_in_7_days(tmp_path):
    """A 7-day cycle of 7 x 8 h early shifts: 56 h in every 7 days (> 50); six of them (48 h)
    would be fine. A 10-day cycle E E E E E E E - - - has 56 h in its first 7 days too."""
    shifts = {"E": "07:00-15:00"}
    assert warnings_of(law_zone(tmp_path / "a", shifts, {"ALL": "E E E E E E E"})) == [
        ("hours_in_7_days_above_max", "ALL", {"hours": 56.0, "maximum_hours": 50, "cycle_day": 1})
    ]
    assert warnings_of(law_zone(tmp_path / "b", shifts, {"ALL": "E E E E E E -"})) == []
    assert warnings_of(law_zone(tmp_path / "c", shifts, {"ALL": "- - E E E E E E E -"})) == [
        ("hours_in_7_days_above_max", "ALL", {"hours": 56.0, "maximum_hours": 50, "cycle_day": 3})
    ]


def test_too_few_neighbourhood_inspectors(tmp_path):
    """10,000 inhabitants at 1 inspector per 4,000: ceil(2.5) = 3 inspectors. The
    neighbourhood unit has two operational officers and one CALog (who does not count): 2."""
    staff = [
        officer("O1"),
        officer("N1", unit="neighbourhood"),
        officer("N2", unit="neighbourhood"),
        officer("N3", unit="neighbourhood", grade="calog_B"),
    ]
    root = law_zone(tmp_path, {"D": "07:00-15:00"}, {"ALL": "D D D D D - -"}, staff, 10_000)
    (w,) = load_zone(root).warnings
    assert (w.code, w.subject, w.file, w.row) == (
        "neighbourhood_inspectors_below_norm",
        "neighbourhood",
        f"{root.name}/staff.csv",
        None,
    )
    assert w.values == {
        "officers": 2,
        "required": 3,
        "inhabitants": 10_000,
        "inhabitants_per_inspector": 4000,
    }
    root = law_zone(tmp_path / "ok", {"D": "07:00-15:00"}, {"ALL": "D D D D D - -"}, staff, 8_000)
    assert warnings_of(root) == []


def test_warnings_are_printed_and_the_command_still_succeeds(tmp_path, capsys, monkeypatch):
    """A quick return (8 h of rest) in a zone that plans: `validate` and `plan` exit 0 and print
    the Warnings section; the plan's summary has it too, in English, with file and row."""
    from planner import cli
    from planner.cli import main
    from planner.report import summary
    from planner.text.inputs import warning_text

    root = law_zone(
        tmp_path / "z", {"E": "07:00-15:00", "L": "15:00-23:00"}, {"ALL": "L E - - - - -"}
    )
    line = (
        "  Team ALL: 8 h of rest between two services (day 1 of the cycle, 1 time per cycle), "
        "less than the 11 h required (PJPol). [z/teams.csv, row 1 (line 2)]"
    )
    plan = solve_checked(root, "2026-W49")
    assert "\nWarnings (the inputs load, but break a rule)\n" + line + "\n" in summary(plan)
    assert main(["validate", str(root), "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "",
        "Warnings (the inputs load, but break a rule)",
        line,
    ]
    check_every_plan_of(monkeypatch, cli)
    assert (
        main(
            [
                "plan",
                str(root),
                "--week",
                "2026-W49",
                "--out",
                str(tmp_path / "out"),
                "--lang",
                "en",
            ]
        )
        == 0
    )
    assert line in capsys.readouterr().out.splitlines()
    (w,) = plan.problem.zone.warnings
    assert warning_text(w, "fr").startswith("Équipe ALL : 8\u00a0h de repos")
    assert warning_text(w, "nl").startswith("Ploeg ALL: 8\u00a0u rust")


@pytest.mark.parametrize("name", ["zone-demo", "zone-rural"])
def test_the_sample_zones_keep_the_working_time_rules(name):
    """The samples' rosters keep the statute: 8-hour intervention shifts E E L L N N - - - -
    (at least 16 h of rest, 48 h in the busiest 7 days), 12-hour reception days R R - - (12 h of
    rest, 48 h), day shifts five days a week (40 h); and enough neighbourhood inspectors
    (demo 100,000 inhabitants: 25 needed; rural 20,000: 5 needed)."""
    from pathlib import Path

    zone = load_zone(Path(__file__).resolve().parent.parent / "data" / name)
    assert zone.warnings == ()
