"""The law before the priorities: one test per rule of DOMAIN.md that the planner must keep
(traffic's legal share reserved first, who may count for what, part-time contracts, on
call at home), each on a tiny zone whose answer is worked out by hand in its docstring.
Every plan goes through the independent checker."""

from __future__ import annotations

import pytest

from planner.errors import InputError
from planner.text.inputs import expected_text
from planner.zone_io import load_zone
from tests.solving import solve_checked
from tests.tiny import officer, operation, priority, write_zone

ROUND_THE_CLOCK = {"days": "Mon-Sun", "start": "07:00", "end": "31:00"}


def norm(plan, fid, level="legal"):
    return plan.norms[(plan.norms.functionality == fid) & (plan.norms.level == level)].iloc[0]


def step(plan, name):
    return float(plan.waterfall.set_index("step").loc[name, "hours"])


def add_to_zone_toml(root, text: str) -> None:
    path = root / "zone.toml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# -- 1. traffic: the legal share is a basic mission, reserved first ---------------------------

TRAFFIC = {"traffic_share_legal": 0.08, "traffic_share_zone": 0.08}


def test_traffic_legal_share_holds_under_a_road_safety_cap_of_zero(tmp_path):
    """Two officers 24/7 on 50-hour contracts: base 100 h, legal traffic 8 h. Road-safety
    operations count for traffic, but road safety is capped at 0 h. Stage 1 reserves two
    officer-blocks of 4 h (8 h); stage 2 may run that reserve as road safety only, so under
    the cap it stays traffic duty: traffic 8/8 h met, drugs gets the other
    336 - 8 = 328 h."""
    root = write_zone(
        tmp_path,
        [officer("O1", hours=50), officer("O2", hours=50)],
        [priority("road_safety", 5, cap_hours=0), priority("drugs", 1)],
        [operation("a", "road_safety"), operation("d", "drugs")],
        norms={**TRAFFIC, "road_safety_counts_for_traffic": True},
    )
    plan = solve_checked(root)
    assert norm(plan, "traffic").required_hours == 8
    assert norm(plan, "traffic").status == "met"
    assert plan.priority_hours == {"road_safety": 0, "drugs": 328}
    assert step(plan, "traffic_reserve_run_as_road_safety") == 0


def test_traffic_reserve_runs_as_road_safety_and_counts_once(tmp_path):
    """One officer 24/7, 50-hour contract: legal traffic 4 h, held as a reserve of one 4-hour
    block that only road safety may use. Equal weights share the 168 h: road safety 84 h
    (the 4 h reserve plus 80 h), drugs 84 h. Traffic = 4 reserved + 84 road safety - 4 run
    on the reserve = 84 h; the waterfall gives the 4 h back to the priorities."""
    root = write_zone(
        tmp_path,
        [officer("O1", hours=50)],
        [priority("road_safety", 1), priority("drugs", 1)],
        [operation("a", "road_safety"), operation("d", "drugs")],
        norms={**TRAFFIC, "road_safety_counts_for_traffic": True},
    )
    plan = solve_checked(root)
    assert plan.priority_hours == {"road_safety": 84, "drugs": 84}
    assert norm(plan, "traffic").planned_hours == 4  # capped at the requirement in the table
    assert step(plan, "basic_missions") == -4
    assert step(plan, "traffic_reserve_run_as_road_safety") == 4
    assert step(plan, "unallocated") == 0


def test_a_floor_on_another_priority_cannot_take_traffic_legal_hours(tmp_path):
    """One officer 24/7, 50-hour contract (legal traffic 4 h), drugs with a floor of 168 h:
    the legal minimum comes first, so traffic keeps its 4 h and drugs falls 4 h short of its
    floor (164 h)."""
    root = write_zone(
        tmp_path,
        [officer("O1", hours=50)],
        [priority("road_safety", 1), priority("drugs", 1, floor_hours=168)],
        [operation("a", "road_safety"), operation("d", "drugs")],
        norms={**TRAFFIC, "road_safety_counts_for_traffic": True},
    )
    plan = solve_checked(root)
    assert norm(plan, "traffic").status == "met"
    assert plan.priority_hours["drugs"] == 164


def test_traffic_unit_calog_count_for_traffic(tmp_path):
    """Road safety does not count for traffic. One CALog of the traffic unit on duty 24/7 and
    one intervention officer, both 50-hour contracts: legal traffic 8 % of 100 h = 8 h, all
    from the CALog (the rule counts civilian staff); the officer's 168 h all go to drugs."""
    root = write_zone(
        tmp_path,
        [officer("C1", unit="traffic", grade="calog_B", hours=50), officer("O1", hours=50)],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms={**TRAFFIC, "road_safety_counts_for_traffic": False},
    )
    plan = solve_checked(root)
    assert norm(plan, "traffic").status == "met"
    assert plan.priority_hours == {"drugs": 168}


def test_traffic_share_is_of_contract_hours_unless_the_zone_says_available(tmp_path):
    """Two officers on 50-hour contracts, one absent all week: contract base 100 h -> 8 h of
    traffic; with percent_base = "available" the base is the 168 h on duty -> 13.44 h."""
    absent = "officer,type,start,end\nO2,sickness,2026-11-30,2026-12-06\n"
    root = write_zone(
        tmp_path,
        [officer("O1", hours=50), officer("O2", hours=50)],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms={**TRAFFIC, "road_safety_counts_for_traffic": False},
        week_files={"absences.csv": absent},
    )
    assert norm(solve_checked(root), "traffic").required_hours == 8
    text = (root / "zone.toml").read_text(encoding="utf-8")
    (root / "zone.toml").write_text(
        text.replace("[norms]\n", '[norms]\npercent_base = "available"\n'), encoding="utf-8"
    )
    assert norm(solve_checked(root), "traffic").required_hours == pytest.approx(13.44)


# -- 2. who may count for what -----------------------------------------------------------------


def test_calog_in_the_intervention_unit_are_no_intervention_team(tmp_path):
    """Two CALog of the intervention unit on duty 24/7 and a legal team of two in every block:
    they may not count, so intervention is short 2 x 168 = 336 h at the legal level."""
    root = write_zone(
        tmp_path,
        [officer("C1", grade="calog_C"), officer("C2", grade="calog_C")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms={
            "intervention_teams_legal": 1,
            "intervention_teams_day": 1,
            "intervention_teams_night": 1,
        },
    )
    plan = solve_checked(root)
    assert norm(plan, "intervention").shortfall_hours == 336


def test_calog_neighbourhood_assistant_is_no_inspector(tmp_path):
    """4,000 inhabitants: one inspector, 38 h x 80 % = 30.4 h a week. The only member of the
    neighbourhood unit is CALog: 30.4 h short."""
    root = write_zone(
        tmp_path,
        [officer("C1", unit="neighbourhood", grade="calog_B")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms={"neighbourhood_share": 0.8},
        inhabitants=4000,
    )
    plan = solve_checked(root)
    assert norm(plan, "neighbourhood").shortfall_hours == pytest.approx(30.4)


def test_calog_staff_the_desk_only_where_the_zone_lets_them(tmp_path):
    """The desk opens 08:00-20:00 every day with one person; the reception unit's only member
    is CALog. By default the desk is police work: 84 h short (12 h x 7). With
    [staffing] calog = ["traffic", "reception"] the CALog staffs it: met."""
    root = write_zone(
        tmp_path,
        [officer("C1", unit="reception", grade="calog_A")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms={"reception_officers_legal": 1, "reception_officers_zone": 1},
    )
    assert norm(solve_checked(root), "reception").shortfall_hours == 84
    add_to_zone_toml(root, '[staffing]\ncalog = ["traffic", "reception"]\n')
    assert norm(solve_checked(root), "reception").status == "met"


def test_calog_may_not_be_allowed_police_work(tmp_path):
    root = write_zone(tmp_path, [officer("O1")], [priority("drugs", 1)], [operation("d", "drugs")])
    add_to_zone_toml(root, '[staffing]\ncalog = ["intervention"]\n')
    with pytest.raises(InputError) as err:
        load_zone(root)
    issue = err.value.issues[0]
    assert issue.field == "staffing.calog" and issue.file.endswith("zone.toml")
    assert "police work" in expected_text(issue, "en")


# -- 3. part-time contracts ----------------------------------------------------------------


def test_half_time_officers_work_every_other_shift_of_their_pattern(tmp_path):
    """One team on a 24-hour shift every day from Monday 07:00 (shift k = day k). Two
    officers at 19 of 38 hours (50 %): the first works shifts 1, 3, 5 (72 h), the second,
    staggered by one, shifts 0, 2, 4, 6 (96 h): together exactly one officer in every block,
    168 h, not 2 x 168. Roster minus contracts: 168 - 38 = +130 h."""
    root = write_zone(
        tmp_path,
        [officer("P1", hours=19), officer("P2", hours=19)],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
    )
    plan = solve_checked(root)
    assert step(plan, "available") == 168
    assert step(plan, "roster_minus_contract") == 130
    assert plan.problem.available.sum(axis=0).tolist() == [1] * 42


def test_part_time_share_is_exact_four_of_five_shifts_at_80_percent(tmp_path):
    """A 30.4 h contract (80 % of 38 h) on a day pattern D D D D D - - (07:00-15:00) works
    4 of its 5 shifts: 32 h; roster minus contract 32 - 30.4 = +1.6 h. A full-timer on the
    same pattern keeps all 5 (40 h) and reads -2 h the other way for a 42 h contract."""
    kw = dict(shifts={"D": "07:00-15:00"}, teams={"DAY": "D D D D D - -"})
    root = write_zone(
        tmp_path / "a",
        [officer("P1", team="DAY", hours=30.4)],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        **kw,
    )
    plan = solve_checked(root)
    assert step(plan, "available") == 32
    assert step(plan, "roster_minus_contract") == pytest.approx(1.6)
    root = write_zone(
        tmp_path / "b",
        [officer("F1", team="DAY", hours=42)],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        **kw,
    )
    plan = solve_checked(root)
    assert step(plan, "available") == 40
    assert step(plan, "roster_minus_contract") == -2


# -- 5. on call is not on duty -----------------------------------------------------------------

ON_CALL_NORMS = {"public_order_on_call": 1}


def test_an_opa_on_call_at_home_covers_the_week_without_using_duty_hours(tmp_path):
    """One officer on duty 24/7 without OPA; one OPA officer with no shift, on the zone's
    on-call rota every day (pattern C, 24 h). Public order met in all 42 blocks, and no
    duty hour is used: the on-duty officer's 168 h all go to drugs."""
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("OPA1", team="OFF", quals="OPA")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms=ON_CALL_NORMS,
        shifts={"A": "07:00-07:00", "C": "07:00-07:00"},
        teams={"ALL": "A", "ROTA": "C", "OFF": "-"},
    )
    (root / "on_call.csv").write_text("officer,team\nOPA1,ROTA\n", encoding="utf-8")
    plan = solve_checked(root)
    assert norm(plan, "public_order").status == "met"
    assert plan.priority_hours == {"drugs": 168}
    at_home = plan.basic[plan.basic.duty == "on_call_at_home"]
    assert at_home.officers.sum() == 42


def test_dated_on_call_rows_cover_their_hours_and_the_rest_is_short(tmp_path):
    """Nobody with OPA on duty; the OPA officer is on call (dated row) from Monday 07:00 to
    Wednesday 07:00 only: 48 h covered, 168 - 48 = 120 h short, starting Wednesday 07:00."""
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("OPA1", team="OFF", quals="OPA")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms=ON_CALL_NORMS,
        teams={"ALL": "A", "OFF": "-"},
        week_files={"on_call.csv": "officer,start,end\nOPA1,2026-11-30T07:00,2026-12-02T07:00\n"},
    )
    plan = solve_checked(root)
    row = norm(plan, "public_order")
    assert row.shortfall_hours == 120
    assert row["where"].startswith("Wed 07:00")


def test_on_call_while_absent_does_not_count(tmp_path):
    """The same on-call row, but the officer is on leave on Monday: 24 h more short (144 h)."""
    root = write_zone(
        tmp_path,
        [officer("O1"), officer("OPA1", team="OFF", quals="OPA")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms=ON_CALL_NORMS,
        teams={"ALL": "A", "OFF": "-"},
        week_files={
            "on_call.csv": "officer,start,end\nOPA1,2026-11-30T07:00,2026-12-02T07:00\n",
            "absences.csv": "officer,type,start,end\nOPA1,leave,2026-11-30,2026-11-30\n",
        },
    )
    assert norm(solve_checked(root), "public_order").shortfall_hours == 144
