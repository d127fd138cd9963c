"""Input checks by class: files the planner does not read, one message per root problem,
unknown qualification codes, valid-looking input that must not crash (sane ranges), and
`planner validate` agreeing with `planner plan`. Each case is a small edit of a copy of the
rural sample (tests/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.report import warning_lines
from planner.text.inputs import expected_text
from planner.zone_io import load_zone
from tests.conftest import SAMPLE_WEEK, run_planner
from tests.edits import add, issues_of, rename, sub, write

W = f"weeks/{SAMPLE_WEEK}"


# -- 1. files the planner does not read ----------------------------------------------------
MISNAMED = [
    (
        "case of a week file",
        rename(f"{W}/absences.csv", f"{W}/Absences.csv"),
        f"{W}/Absences.csv",
        "did you mean absences.csv? (names are case-sensitive)",
    ),
    (
        "suffix in the name",
        rename(f"{W}/absences.csv", f"{W}/absences_csv.csv"),
        f"{W}/absences_csv.csv",
        "did you mean absences.csv?",
    ),
    ("typo in a zone file", rename("staff.csv", "staf.csv"), "staf.csv", "did you mean staff.csv?"),
    (
        "case of a toml file",
        rename("scenarios.toml", "Scenarios.toml"),
        "Scenarios.toml",
        "did you mean scenarios.toml?",
    ),
    ("unknown csv", write("plan.csv", b"a,b\n1,2\n"), "plan.csv", "one of zone.toml, staff.csv"),
    (
        "upper-case suffix",
        rename(f"{W}/commitments.csv", f"{W}/commitments.CSV"),
        f"{W}/commitments.CSV",
        "did you mean commitments.csv?",
    ),
    (
        "week file in the zone folder",
        write("pinned.csv", b"operation,start,note\n"),
        "pinned.csv",
        "pinned.csv belongs in a week folder",
    ),
    (
        "zone file in a week folder",
        write(f"{W}/teams.csv", b"team,anchor,cycle\n"),
        f"{W}/teams.csv",
        "teams.csv belongs in the zone folder",
    ),
    (
        "dated file directly in weeks/",
        write("weeks/absences.csv", b"officer,type,start,end\n"),
        "weeks/absences.csv",
        "inside a week folder",
    ),
    (
        "week folder outside weeks/",
        write(f"{SAMPLE_WEEK}/absences.csv", b"officer,type,start,end\n"),
        SAMPLE_WEEK,
        f"weeks/{SAMPLE_WEEK}",
    ),
    ("weeks folder in another case", rename("weeks", "Weeks"), "Weeks", "'weeks'"),
]


@pytest.mark.parametrize(
    ("edit", "file", "expected"), [c[1:] for c in MISNAMED], ids=[c[0] for c in MISNAMED]
)
def test_a_file_the_planner_does_not_read_is_an_error_naming_the_nearest_name(
    rural_zone, edit, file, expected
):
    edit(rural_zone)
    issues = issues_of(rural_zone)
    match = [i for i in issues if i.file == f"zone-rural/{file}"]
    assert match, "\n".join(map(str, issues))
    assert expected in expected_text(match[0], "en"), str(match[0])


NOT_READ = [
    ("notes", "notes.txt", "file_not_read", ""),
    ("readme in a week", f"{W}/README.md", "file_not_read", ""),
    ("absences saved as text", f"{W}/absences.txt", "file_not_read_near", "absences.csv"),
    ("spreadsheet", "staff.xlsx", "file_not_read_near", "staff.csv"),
]


@pytest.mark.parametrize(
    ("name", "code", "near"), [c[1:] for c in NOT_READ], ids=[c[0] for c in NOT_READ]
)
def test_other_files_are_a_warning(rural_zone, name, code, near):
    write(name, b"hello\n")(rural_zone)
    zone = load_zone(rural_zone)
    warning = [w for w in zone.warnings if w.file == f"zone-rural/{name}"]
    assert [(w.code, w.detail) for w in warning] == [(code, near)]
    assert any(Path(name).name in line for line in warning_lines(zone.warnings))


def test_hidden_and_lock_files_and_known_extras_are_left_alone(rural_zone):
    for name in (".DS_Store", "~$staff.csv", f"{W}/.absences.csv.swp", "solver.toml"):
        write(name, b"x = 1\n")(rural_zone)
    (rural_zone / "out").mkdir()
    assert load_zone(rural_zone).warnings == ()


# -- 2. one problem, one message ------------------------------------------------------------
def _team_cycle_wrong(root: Path) -> None:
    sub(
        "teams.csv", "INT-0,2026-01-05,E E L L N N - - - -", "INT-0,2026-01-05,E E Q Q N N - - - -"
    )(root)


def _team_anchor_wrong(root: Path) -> None:
    sub("teams.csv", "INT-0,2026-01-05,", "INT-0,05/01/20260,")(root)


def _staff_row_wrong(root: Path) -> None:
    sub("staff.csv", "INT-0001,intervention,INT-0,CP,38,", "INT-0001,intervention,INT-0,boss,38,")(
        root
    )


ROOTS = [
    ("team cycle", _team_cycle_wrong, "teams.csv", "row{s} of zone-rural/staff.csv refer", "team"),
    (
        "team anchor",
        _team_anchor_wrong,
        "teams.csv",
        "row{s} of zone-rural/staff.csv refer",
        "team",
    ),
    ("staff row", _staff_row_wrong, "staff.csv", "absences.csv", "officer"),
]


@pytest.mark.parametrize(
    ("edit", "file", "says", "noun"), [c[1:] for c in ROOTS], ids=[c[0] for c in ROOTS]
)
def test_an_invalid_row_others_refer_to_is_one_message_with_the_count(
    rural_zone, edit, file, says, noun
):
    if noun == "officer":
        add(f"{W}/absences.csv", "INT-0001,leave,2026-12-01,2026-12-01")(rural_zone)
        add(f"{W}/absences.csv", "INT-0001,court,2026-12-02,2026-12-02")(rural_zone)
    edit(rural_zone)
    issues = issues_of(rural_zone)
    assert len(issues) == 1, "\n".join(map(str, issues))
    assert issues[0].file == f"zone-rural/{file}"
    assert f"to this {noun}" in expected_text(issues[0], "en")
    if noun == "team":
        members = sum(
            1 for line in (rural_zone / "staff.csv").read_text().splitlines() if ",INT-0," in line
        )
        assert f"({members} {says.format(s='s' if members != 1 else '')}" in expected_text(
            issues[0], "en"
        )
    else:
        assert "2 rows of zone-rural/weeks/2026-W49/absences.csv refer" in expected_text(
            issues[0], "en"
        )


# -- 3. qualification codes -----------------------------------------------------------------
QUALS = [
    (
        "operation, case",
        sub("priorities.toml", 'qualifications = ["radar"]', 'qualifications = ["Radar"]'),
        "priorities.toml",
        "operation.qualifications",
        "Radar",
        "did you mean radar? (codes are case-sensitive)",
    ),
    (
        "operation, typo",
        sub("priorities.toml", 'qualifications = ["breath"]', 'qualifications = ["breth"]'),
        "priorities.toml",
        "operation.qualifications",
        "breth",
        "did you mean breath?",
    ),
    (
        "operation, unknown",
        sub("priorities.toml", 'qualifications = ["breath"]', 'qualifications = ["zzz"]'),
        "priorities.toml",
        "operation.qualifications",
        "zzz",
        "[zone] qualifications",
    ),
    (
        "commitments.csv",
        sub(f"{W}/commitments.csv", ",2,hycap,", ",2,HyCap,"),
        f"{W}/commitments.csv",
        "qualification",
        "HyCap",
        "did you mean hycap?",
    ),
    (
        "scenario commitment",
        add(
            "scenarios.toml",
            '[scenario.x]\ncommitments = [{ day = "Sat", start = "11:00", end = "15:00", '
            'officers = 2, qualification = "hycapp" }]',
        ),
        "scenarios.toml",
        "scenario.x.commitments[0].qualification",
        "hycapp",
        "did you mean hycap?",
    ),
]


@pytest.mark.parametrize(
    ("edit", "file", "field", "value", "expected"),
    [c[1:] for c in QUALS],
    ids=[c[0] for c in QUALS],
)
def test_an_unknown_qualification_code_is_an_error_naming_the_nearest(
    rural_zone, edit, file, field, value, expected
):
    edit(rural_zone)
    issues = issues_of(rural_zone)
    match = [i for i in issues if i.file == f"zone-rural/{file}" and i.field == field]
    assert match and match[0].value == value, "\n".join(map(str, issues))
    assert expected in expected_text(match[0], "en")


@pytest.mark.parametrize("where", ["zone", "norms"])
def test_a_known_code_nobody_holds_is_a_warning(rural_zone, where):
    if where == "zone":  # listed by the zone
        sub("zone.toml", "seed = 7", 'seed = 7\nqualifications = ["sniffer_dog"]')(rural_zone)
        code = "sniffer_dog"
    else:  # the norms' own code, held by nobody
        sub("zone.toml", "[norms]\n", '[norms]\nvictim_assistance_qualification = "victims"\n')(
            rural_zone
        )
        code = "victims"
    sub("priorities.toml", 'qualifications = ["breath"]', f'qualifications = ["{code}"]')(
        rural_zone
    )
    zone = load_zone(rural_zone)
    held = [w for w in zone.warnings if w.code == "qualification_not_held"]
    assert [(w.subject, w.file, w.row) for w in held] == [(code, "zone-rural/priorities.toml", 2)]


def test_zone_qualifications_must_be_a_list_of_codes(rural_zone):
    sub("zone.toml", "seed = 7", 'seed = 7\nqualifications = "radar"')(rural_zone)
    assert [i.field for i in issues_of(rural_zone)] == ["zone.qualifications"]


# -- 4. valid-looking input: no crash, a range ------------------------------------------------
def _bom(root: Path) -> None:
    for name in ("zone.toml", "priorities.toml", "scenarios.toml"):
        (root / name).write_bytes(b"\xef\xbb\xbf" + (root / name).read_bytes())


def _staff_rows(n: int):
    def edit(root: Path) -> None:
        with (root / "staff.csv").open("a", encoding="utf-8") as fh:
            fh.writelines(f"X{k},intervention,,INP,38,\n" for k in range(n))

    return edit


# (id, edit, file, field, value, expected); file None: the zone loads
RANGES = [
    (
        "officers 10**20",
        add(
            f"{W}/commitments.csv",
            "X1,hycap,2026-12-01T11:00,2026-12-01T15:00,99999999999999999999,hycap,x",
        ),
        f"{W}/commitments.csv",
        "officers",
        "99999999999999999999",
        "a number between 1 and 42",
    ),
    (
        "officers above staff",
        add(f"{W}/commitments.csv", "X1,hycap,2026-12-01T11:00,2026-12-01T15:00,43,,x"),
        f"{W}/commitments.csv",
        "officers",
        "43",
        "a number between 1 and 42",
    ),
    (
        "weight 1e300",
        sub("priorities.toml", "weight = 3\n", "weight = 1e300\n"),
        "priorities.toml",
        "priority.weight",
        "1e+300",
        "a number between 0 and 1,000",
    ),
    (
        "floor 1e300",
        sub("priorities.toml", "weight = 3\n", "weight = 3\nfloor_hours = 1e300\n"),
        "priorities.toml",
        "priority.floor_hours",
        "1e+300",
        "a number between 0 and 100,000",
    ),
    (
        "cap",
        sub("priorities.toml", "weight = 3\n", "weight = 3\ncap_hours = 100001\n"),
        "priorities.toml",
        "priority.cap_hours",
        "100001",
        "a number between 0 and 100,000",
    ),
    (
        "max_per_day 1e300",
        sub("priorities.toml", "max_per_day = 6", "max_per_day = 1e300"),
        "priorities.toml",
        "operation.max_per_day",
        "1e+300",
        "a number between 0 and 100,000",
    ),
    (
        "crew 10**20",
        sub("priorities.toml", "crew = 2", "crew = 99999999999999999999"),
        "priorities.toml",
        "operation.crew",
        "99999999999999999999",
        "a number between 1 and 100,000",
    ),
    (
        "inhabitants 1e300",
        sub("zone.toml", "inhabitants = 20000", "inhabitants = 1e300"),
        "zone.toml",
        "zone.inhabitants",
        "1e+300",
        "a number between 1 and 2,000,000",
    ),
    (
        "inhabitants 10**20",
        sub("zone.toml", "inhabitants = 20000", "inhabitants = 99999999999999999999"),
        "zone.toml",
        "zone.inhabitants",
        "99999999999999999999",
        "a number between 1 and 2,000,000",
    ),
    (
        "seed",
        sub("zone.toml", "seed = 7", "seed = 99999999999999999999999"),
        "zone.toml",
        "zone.seed",
        "99999999999999999999999",
        "a number between 0 and 2,147,483,647",
    ),
    (
        "norm count",
        sub(
            "zone.toml",
            "intervention_teams_day = 2",
            "intervention_teams_day = 99999999999999999999",
        ),
        "zone.toml",
        "norms.intervention_teams_day",
        "99999999999999999999",
        "a number between 0 and 100,000",
    ),
    (
        "norm hours",
        sub("zone.toml", "intervention_teams_day = 2", "investigation_hours_per_day = 1e300"),
        "zone.toml",
        "norms.investigation_hours_per_day",
        "1e+300",
        "a number between 0 and 2,400",
    ),
    (
        "team size",
        sub("zone.toml", "intervention_teams_day = 2", "intervention_team_size = 1000"),
        "zone.toml",
        "norms.intervention_team_size",
        "1000",
        "a number between 0 and 100",
    ),
    (
        "weekly hours",
        sub("zone.toml", "intervention_teams_day = 2", "neighbourhood_weekly_hours = 169"),
        "zone.toml",
        "norms.neighbourhood_weekly_hours",
        "169",
        "a number between 0 and 168",
    ),
    (
        "used hours",
        sub("zone.toml", "used_hours_ytd = 0", "used_hours_ytd = 1e300"),
        "zone.toml",
        "hycap.used_hours_ytd",
        "1e+300",
        "a number between 0 and 10,000,000",
    ),
    (
        "timezone a folder",
        sub("zone.toml", 'timezone = "Europe/Brussels"', 'timezone = "Europe"'),
        "zone.toml",
        "zone.timezone",
        "Europe",
        "an IANA time zone",
    ),
    (
        "nested TOML",
        write("scenarios.toml", b"x = " + b"[" * 10000 + b"]" * 10000 + b"\n"),
        "scenarios.toml",
        "(file)",
        "",
        "nested at most a few levels",
    ),
    (
        "staff_change 10**20",
        add(
            "scenarios.toml", "[scenario.x]\nstaff_change = { intervention = 99999999999999999999 }"
        ),
        "scenarios.toml",
        "scenario.x.staff_change.intervention",
        "99999999999999999999",
        "a number between -100,000 and 100,000",
    ),
    (
        "staff_change 3e6",
        add("scenarios.toml", "[scenario.x]\nstaff_change = { intervention = -3000000 }"),
        "scenarios.toml",
        "scenario.x.staff_change.intervention",
        "-3000000",
        "a number between -100,000 and 100,000",
    ),
    (
        "scenario weight",
        add("scenarios.toml", "[scenario.x]\nweights = { drugs = 1e300 }"),
        "scenarios.toml",
        "scenario.x.weights.drugs",
        "1e+300",
        "a number between 0 and 1,000",
    ),
    (
        "scenario floor",
        add("scenarios.toml", "[scenario.x]\nfloors = { drugs = 1e6 }"),
        "scenarios.toml",
        "scenario.x.floors.drugs",
        "1000000.0",
        "a number between 0 and 100,000",
    ),
    (
        "scenario officers",
        add(
            "scenarios.toml",
            '[scenario.x]\ncommitments = [{ day = "Sat", start = "11:00", '
            'end = "15:00", officers = 99999999999999999999 }]',
        ),
        "scenarios.toml",
        "scenario.x.commitments[0].officers",
        "99999999999999999999",
        "a number between 1 and 42",
    ),
    (
        "scenario absence_rate",
        add("scenarios.toml", "[scenario.x]\nabsence_rate = 2"),
        "scenarios.toml",
        "scenario.x.absence_rate",
        "2",
        "a number between 0 and 1",
    ),
    (
        "scenario norm",
        add("scenarios.toml", "[scenario.x]\nnorms = { reception_officers_zone = 1e300 }"),
        "scenarios.toml",
        "scenario.x.norms.reception_officers_zone",
        "1e+300",
        "a number between 0 and 100,000",
    ),
    (
        "contract hours",
        sub(
            "staff.csv",
            "INT-0001,intervention,INT-0,CP,38,",
            "INT-0001,intervention,INT-0,CP,1e300,",
        ),
        "staff.csv",
        "contract_hours",
        "1e300",
        "a number between 0 and 60",
    ),
    (
        "cycle length",
        sub("teams.csv", "E E L L N N - - - -", "E E L L N N " + "- " * 1000),
        "teams.csv",
        "cycle",
        "1006",
        "a cycle of at most 1,000 days",
    ),
    ("staff rows", _staff_rows(100_000), "staff.csv", "(rows)", "100050", "at most 100,000 staff"),
    (
        "pinned in 9999",
        write(f"{W}/pinned.csv", b"operation,start,note\nspeed_check,9999-12-31T23:00,x\n"),
        f"{W}/pinned.csv",
        "start",
        "9999-12-31T23:00",
        "within 2026-W49",
    ),
    (
        "commitment in year 1",
        add(f"{W}/commitments.csv", "X1,hycap,0001-01-01T10:00,0001-01-01T14:00,2,hycap,x"),
        f"{W}/commitments.csv",
        "start",
        "0001-01-01T10:00",
        "within 2026-W49",
    ),
    (
        "absence starting in 9999",
        add(f"{W}/absences.csv", "INT-0001,leave,9999-12-30,9999-12-31"),
        f"{W}/absences.csv",
        "start",
        "9999-12-30",
        "within 2026-W49",
    ),
    # accepted
    (
        "absence until 9999-12-31",
        add(f"{W}/absences.csv", "INT-0001,sickness,2026-12-02,9999-12-31"),
        None,
        None,
        None,
        None,
    ),
    (
        "absence until 9999 with a time",
        add(f"{W}/absences.csv", "INT-0002,sickness,2026-12-02,9999-12-31T23:59"),
        None,
        None,
        None,
        None,
    ),
    ("BOM in TOML files", _bom, None, None, None, None),
    (
        "duty until 9999",
        write(
            f"{W}/on_duty.csv", b"officer,start,end\nINT-0001,2026-12-01T07:00,9999-12-31T23:00\n"
        ),
        None,
        None,
        None,
        None,
    ),
    (
        "team anchored in year 1",
        sub("teams.csv", "2026-01-05", "0001-01-01"),
        None,
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("edit", "file", "field", "value", "expected"),
    [c[1:] for c in RANGES],
    ids=[c[0] for c in RANGES],
)
def test_valid_looking_input_is_a_range_message_or_accepted(
    rural_zone, edit, file, field, value, expected
):
    edit(rural_zone)
    if file is None:
        load_zone(rural_zone)
        return
    issues = issues_of(rural_zone)
    match = [i for i in issues if i.file == f"zone-rural/{file}" and i.field == field]
    assert match, "\n".join(map(str, issues))
    assert match[0].value == value and expected in expected_text(match[0], "en"), str(match[0])


def test_an_absence_until_further_notice_runs_to_the_end_of_the_week(rural_zone):
    add(f"{W}/absences.csv", "INT-0001,sickness,2026-12-02,9999-12-31")(rural_zone)
    absence = [
        a for a in load_zone(rural_zone).weeks[SAMPLE_WEEK].absences if a.officer == "INT-0001"
    ]
    assert [(a.start.isoformat(), a.end.isoformat()) for a in absence] == [
        ("2026-12-02T07:00:00+01:00", "2026-12-07T07:00:00+01:00")
    ]


# -- 5. validate and plan agree ---------------------------------------------------------------
AGREE = [(c[0], c[1]) for c in MISNAMED[:3] + ROOTS[:1] + QUALS[:1]] + [
    (c[0], c[1])
    for c in RANGES
    if c[0]
    in (
        "officers 10**20",
        "weight 1e300",
        "max_per_day 1e300",
        "inhabitants 1e300",
        "nested TOML",
        "timezone a folder",
        "staff_change 10**20",
        "absence until 9999-12-31",
        "BOM in TOML files",
        "commitment in year 1",
        "floor 1e300",
    )
]


@pytest.mark.parametrize("edit", [c[1] for c in AGREE], ids=[c[0] for c in AGREE])
def test_validate_and_plan_agree_and_never_crash(rural_zone, tmp_path, edit):
    edit(rural_zone)
    validate = run_planner("validate", rural_zone)
    plan = run_planner("plan", rural_zone, "--week", SAMPLE_WEEK, "--out", tmp_path / "out")
    for done in (validate, plan):
        assert done.returncode in (0, 2), done.stderr
        assert "Traceback" not in done.stderr
    assert (validate.returncode == 2) == (plan.returncode == 2), (validate.stderr, plan.stderr)
