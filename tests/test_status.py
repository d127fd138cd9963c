"""The plan's one status (planner.results.plan_status) on tiny zones worked out by hand: every
kind of shortfall counts, the summary's status lines and norms.csv say the same."""

from __future__ import annotations

import csv
import io

from planner.export import export_files
from planner.report import status_lines
from planner.results import StatusLine, block_label
from tests.solving import solve_checked
from tests.tiny import officer, operation, priority, write_zone


def norms_csv(plan) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(export_files(plan)["norms.csv"])))


def labels(plan, blocks) -> list[str]:
    return [block_label(plan.problem, b) for b in blocks]


def test_all_met_is_ok(tmp_path):
    """One officer 24/7, no basic missions, no requests, no pins, no floors: nothing short."""
    root = write_zone(tmp_path, [officer("O1")], [priority("drugs", 1)], [operation("d", "drugs")])
    plan = solve_checked(root)
    assert plan.status.ok and plan.status.shortfalls == ()
    assert status_lines(plan) == ["Status: all met"]
    assert {r["status"] for r in norms_csv(plan)} == {"met"}


def test_hycap_request_with_too_few_officers(tmp_path):
    """O1 (hycap) and O2 on duty 24/7. HyCap H1 asks 2 'hycap' officers Saturday 11:00-19:00
    (two 4-h blocks): only O1 can go, 1 officer x 8 h = 8 h short. O3 is off on Mondays. A
    court commitment C1 asks all 3 officers Monday 07:00-11:00: 2 are on duty, 1 x 4 h = 4 h
    short, of kind commitment."""
    requests = (
        "id,type,start,end,officers,qualification,label\n"
        "H1,hycap,2026-12-05T11:00,2026-12-05T19:00,2,hycap,match\n"
        "C1,court,2026-11-30T07:00,2026-11-30T11:00,3,,assizes\n"
    )
    root = write_zone(
        tmp_path,
        [officer("O1", quals="hycap"), officer("O2"), officer("O3", team="NOTMON")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        teams={"ALL": "A", "NOTMON": "- A A A A A A"},
        week_files={"commitments.csv": requests},
    )
    plan = solve_checked(root)
    status = plan.status
    assert not status.ok
    assert [s.kind for s in status.shortfalls] == ["hycap", "commitment"]
    hycap, court = status.shortfalls
    assert (hycap.hours, hycap.subjects) == (8, ("H1",))
    assert labels(plan, hycap.blocks) == ["Sat 11:00-15:00", "Sat 15:00-19:00"]
    assert court == StatusLine("commitment", 4, ("C1",), (0,))
    assert status_lines(plan) == [
        "Status: SHORT",
        "  HyCap: 8.0 h short — match — Sat 11:00–15:00; Sat 15:00–19:00",
        "  Other commitments: 4.0 h short — "
        + status_lines(plan)[2].split(" — ")[1]
        + " — Mon 07:00–11:00",
    ]
    rows = {(r["functionality"], r["level"]): r for r in norms_csv(plan)}
    h1 = rows[("H1", "hycap")]
    assert (h1["required_hours"], h1["planned_hours"], h1["shortfall_hours"], h1["status"]) == (
        "16.0",
        "8.0",
        "8.0",
        "short",
    )
    assert h1["where"] == "Sat 11:00-15:00; Sat 15:00-19:00"
    assert rows[("C1", "commitment")]["shortfall_hours"] == "4.0"


def test_pinned_operation_that_cannot_be_staffed(tmp_path):
    """A pinned drugs action (needs 'drugs', nobody has it) Tuesday 11:00-15:00: one crew of
    one officer for 4 h missing, 4 person-hours, in that block."""
    pinned = "operation,start,note\nd,2026-12-01T11:00,decided\n"
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("drugs", 1)],
        [operation("d", "drugs", qualifications=["drugs"])],
        week_files={"pinned.csv": pinned},
    )
    plan = solve_checked(root)
    assert not plan.status.ok
    (line,) = plan.status.shortfalls
    assert (line.kind, line.hours, line.subjects) == ("pinned", 4, ("d",))
    assert labels(plan, line.blocks) == ["Tue 11:00-15:00"]
    assert status_lines(plan)[1] == (
        "  Pinned operations: 4.0 h short — D — Tue 11:00–15:00 (see planner explain)"
    )
    row = next(r for r in norms_csv(plan) if r["level"] == "pinned")
    assert (row["functionality"], row["shortfall_hours"], row["status"]) == ("d", "4.0", "short")


def test_floor_above_capacity(tmp_path):
    """One officer 24/7 (168 h) and a drugs floor of 200 h: all 168 h go to drugs, 32 h short
    of the floor, over the week (no blocks)."""
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("drugs", 1, floor_hours=200)],
        [operation("d", "drugs")],
    )
    plan = solve_checked(root)
    assert plan.priority_hours == {"drugs": 168}
    assert plan.status.shortfalls == (StatusLine("floor", 32, ("drugs",), ()),)
    assert status_lines(plan)[1] == "  Priority floors: 32.0 h short — drugs — over the week"
    row = next(r for r in norms_csv(plan) if r["level"] == "floor")
    assert (row["required_hours"], row["planned_hours"], row["shortfall_hours"], row["where"]) == (
        "200.0",
        "168.0",
        "32.0",
        "week",
    )


def test_floor_met_is_ok(tmp_path):
    """The same officer with a drugs floor of 20 h: met (five 4-h operations at least)."""
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("road_safety", 1), priority("drugs", 0, floor_hours=20)],
        [operation("a", "road_safety"), operation("d", "drugs")],
    )
    plan = solve_checked(root)
    assert plan.status.ok
    assert [r["status"] for r in norms_csv(plan) if r["level"] == "floor"] == ["met"]


def test_legal_intervention_shortfall(tmp_path):
    """One officer 24/7 against a legal team of two in every block: 1 officer x 168 h short at
    the legal level, in all 42 blocks, and so at the zone level (one team) too."""
    root = write_zone(
        tmp_path,
        [officer("O1")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms={
            "intervention_teams_legal": 1,
            "intervention_teams_day": 1,
            "intervention_teams_night": 1,
        },
    )
    plan = solve_checked(root)
    assert [s.kind for s in plan.status.shortfalls] == ["legal", "zone"]
    legal = plan.status.shortfalls[0]
    assert legal == StatusLine("legal", 168, ("intervention",), tuple(range(42)))
    assert plan.status.hours("legal") == 168 and plan.status.hours("hycap") == 0
    lines = status_lines(plan)
    assert lines[0] == "Status: SHORT"
    assert lines[1].startswith("  Legal minimum: 168.0 h short — Intervention — Mon 07:00–11:00;")
    assert lines[1].endswith("+34 more blocks")
