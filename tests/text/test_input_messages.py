"""Input issues are codes and values (no English in the readers), worded in French, Dutch and
English by planner.text.inputs; user-data labels are {language: text} with a fallback."""

from __future__ import annotations

import ast
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from app_pages.upload import extract_zone_zip
from planner.domain import Labels, humanise
from planner.errors import InputError, InputIssue
from planner.sanity import InputWarning
from planner.text import LANGS, catalogue_path
from planner.text.inputs import CODES, expected_text, issue_text, report_text, warning_text
from planner.zone_io import load_zone, validate_week
from tests.edits import add, issues_of, sub

Z = "zone-rural"
W = "weeks/2026-W49"


# (id, edit, file, row, field, expected code, values the issue carries (a subset))
BAD = [
    (
        "text for a number",
        sub("staff.csv", "INP,38,", "INP,abc,"),
        "staff.csv",
        None,
        "contract_hours",
        "number",
        {"hint": ""},
    ),
    (
        "decimal comma in a comma file",
        sub("staff.csv", "INP,38,", 'INP,"38,5",'),
        "staff.csv",
        None,
        "contract_hours",
        "number",
        {"hint": "decimal_point"},
    ),
    (
        "number out of range",
        sub("staff.csv", "INP,38,", "INP,61,"),
        "staff.csv",
        None,
        "contract_hours",
        "range",
        {"min": 0, "max": 60},
    ),
    (
        "whole number",
        sub("priorities.toml", "crew = 2", "crew = 2.5"),
        "priorities.toml",
        1,
        "operation.crew",
        "whole_number",
        {},
    ),
    (
        "one of",
        sub("staff.csv", ",INP,", ",sheriff,"),
        "staff.csv",
        None,
        "grade",
        "one_of",
        {
            "options": (
                "agent",
                "INP",
                "INPP",
                "CP",
                "CDP",
                "calog_A",
                "calog_B",
                "calog_C",
                "calog_D",
            )
        },
    ),
    (
        "iso date",
        sub("teams.csv", "INT-0,2026-01-05", "INT-0,soon"),
        "teams.csv",
        1,
        "anchor",
        "iso_date",
        {"hint": ""},
    ),
    (
        "day-first date with no such month",
        sub("teams.csv", "INT-0,2026-01-05", "INT-0,05/13/2026"),
        "teams.csv",
        1,
        "anchor",
        "iso_date",
        {"hint": "day_first_month", "month": 13},
    ),
    (
        "iso date-time",
        add(f"{W}/absences.csv", "INT-0001,leave,tomorrow,2026-12-02"),
        f"{W}/absences.csv",
        5,
        "start",
        "iso_datetime",
        {},
    ),
    (
        "clock",
        sub("zone.toml", 'day_start = "07:00"', 'day_start = "7h"'),
        "zone.toml",
        None,
        "grid.day_start",
        "clock",
        {},
    ),
    (
        "clock range",
        sub("zone.toml", 'day_start = "07:00"', 'day_start = "25:00"'),
        "zone.toml",
        None,
        "grid.day_start",
        "clock_range",
        {"max_hour": 24},
    ),
    (
        "unknown officer",
        add(f"{W}/absences.csv", "NOBODY,leave,2026-12-01,2026-12-01"),
        f"{W}/absences.csv",
        5,
        "officer",
        "officer_ref",
        {},
    ),
    (
        "outside the week",
        add(f"{W}/absences.csv", "INT-0001,leave,2026-12-14,2026-12-15"),
        f"{W}/absences.csv",
        5,
        "start",
        "in_week",
        {
            "week": "2026-W49",
            "start": dt.datetime(2026, 11, 30, 7),
            "end": dt.datetime(2026, 12, 7, 7),
        },
    ),
    (
        "columns",
        sub("staff.csv", ",grade,", ",rank,"),
        "staff.csv",
        None,
        "(header)",
        "csv_columns",
        {"columns": ("id", "unit", "team", "grade", "contract_hours", "qualifications")},
    ),
    (
        "value count",
        add("staff.csv", "X-1,intervention,INT-0"),
        "staff.csv",
        None,
        "(row)",
        "value_count",
        {"count": 6, "separator": "comma", "mixed": False},
    ),
    (
        "missing file",
        lambda root: (root / "staff.csv").unlink(),
        "staff.csv",
        None,
        "(file)",
        "file_exists",
        {},
    ),
    (
        "misnamed file",
        lambda root: (root / "staff.csv").rename(root / "staf.csv"),
        "staf.csv",
        None,
        "(file name)",
        "file_name_near",
        {"near": "staff.csv", "case": False, "place": "zone_folder"},
    ),
    (
        "unknown qualification",
        sub("priorities.toml", 'qualifications = ["breath"]', 'qualifications = ["Breath"]'),
        "priorities.toml",
        2,
        "operation.qualifications",
        "known_qualification",
        {"near": "breath", "case": True},
    ),
    (
        "floor above cap",
        sub("priorities.toml", "weight = 3\n", "weight = 3\nfloor_hours = 50\ncap_hours = 10\n"),
        "priorities.toml",
        1,
        "priority.floor_hours",
        "floor_at_most_cap",
        {"cap": 10.0},
    ),
    (
        "crew above the staff",
        sub("priorities.toml", "crew = 6", "crew = 99"),
        "priorities.toml",
        2,
        "operation.crew",
        "crew_at_most",
        {"officers": 42},
    ),
    (
        "label not a table",
        sub(
            "priorities.toml",
            'label = { fr = "Sécurité routière"',
            'label = 3\nlabel_x = { fr = "Sécurité routière"',
        ),
        "priorities.toml",
        1,
        "priority.label",
        "label_table",
        {},
    ),
    (
        "zone language",
        sub("zone.toml", "[zone]\n", '[zone]\nlanguage = "french"\n'),
        "zone.toml",
        None,
        "zone.language",
        "language_code",
        {},
    ),
]


@pytest.mark.parametrize(
    ("edit", "file", "row", "field", "code", "values"),
    [b[1:] for b in BAD],
    ids=[b[0] for b in BAD],
)
def test_a_bad_input_is_a_code_with_its_values(rural_zone, edit, file, row, field, code, values):
    edit(rural_zone)
    issues = issues_of(rural_zone)
    match = [
        i
        for i in issues
        if i.file == f"{Z}/{file}" and i.field == field and (row is None or i.row == row)
    ]
    assert match, "\n".join(map(str, issues))
    issue = match[0]
    assert issue.expected == code, str(issue)
    assert {k: issue.values.get(k) for k in values} == values
    assert issue.expected in CODES  # every code the readers give has a wording


def test_a_row_named_by_others_carries_who_names_it(rural_zone):
    sub("teams.csv", "INT-0,2026-01-05", "INT-0,soon")(rural_zone)
    (issue,) = [i for i in issues_of(rural_zone) if i.file.endswith("teams.csv")]
    assert issue.values["kind"] == "team" and issue.values["referred_by"] == (
        (f"{Z}/staff.csv", 4),
    )
    assert expected_text(issue, "en").endswith(
        "(4 rows of zone-rural/staff.csv refer to this team; fix this row first)"
    )
    assert expected_text(issue, "fr").endswith(
        "(4 lignes de zone-rural/staff.csv renvoient à cette équipe ; corrigez d'abord cette ligne)"
    )


def test_the_command_line_week_and_an_upload_give_codes_too():
    with pytest.raises(InputError) as info:
        validate_week(None, "2026-W60")
    (issue,) = info.value.issues
    assert (issue.field, issue.expected, dict(issue.values)) == (
        "--week",
        "existing_week",
        {"year": 2026},
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("z/x.exe", b"x")
    with pytest.raises(InputError) as info:
        extract_zone_zip(buf.getvalue(), Path("/nonexistent-inputs-test"))
    (issue,) = info.value.issues
    assert (issue.value, issue.expected) == (".exe", "file_type")
    assert ".toml" in issue.values["options"]


def test_no_reader_writes_an_english_expectation():
    """The readers pass codes: an `expected` argument that is a sentence would be English."""
    root = Path(__file__).resolve().parents[2]
    sentence = re.compile(r'(?:errors|errs|r\.errors)\.add\([^)]*"(?:an? |at least|one of )')
    for name in ("planner/zone_io.py", "planner/input_checks.py", "app_pages/upload.py"):
        assert not sentence.search((root / name).read_text(encoding="utf-8")), name


def test_every_issue_built_in_planner_names_a_known_code():
    """An InputIssue(...) or Collector.add(...) whose `expected` is written in the call is
    a code the renderer words, never an English sentence (scenarios, the problem, the
    command line and the output folder included)."""
    root = Path(__file__).resolve().parent.parent
    position = {"InputIssue": 4, "add": 4}
    for path in sorted(root.glob("planner/**/*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "id", getattr(call.func, "attr", ""))
            k = position.get(name)
            if k is None or len(call.args) <= k or not isinstance(call.args[k], ast.Constant):
                continue
            code = call.args[k].value
            if isinstance(code, str):
                assert code in CODES, f"{path.relative_to(root)}:{call.lineno}: {code!r}"
            else:
                assert name == "add", f"{path.relative_to(root)}:{call.lineno}"  # set.add(...)


@pytest.mark.parametrize(
    ("issue", "lang", "text"),
    [
        (
            InputIssue(
                "z/weeks/2026-W49/pinned.csv",
                1,
                "start",
                "2026-12-01T08:30:00+01:00",
                "block_start",
                {"hours": 4, "week": "2026-W49"},
            ),
            "fr",
            "le début d'un bloc de 4 heures de 2026-W49",
        ),
        (
            InputIssue(
                "priorities.toml",
                None,
                "operation x.duration_hours",
                "3",
                "block_multiple",
                {"hours": 4},
            ),
            "nl",
            "een veelvoud van het blok van 4 uur",
        ),
        (
            InputIssue("scenarios.toml", None, "name", "a b", "scenario_name"),
            "fr",
            "1 à 40 lettres, chiffres, « _ » ou « - »",
        ),
        (
            InputIssue("(command line)", None, "--out", "o", "out_files_only", {"name": "mine"}),
            "en",
            "a folder holding only files (it holds 'mine'); the planner replaces its output files as "
            "a set",
        ),
    ],
)
def test_the_scenario_problem_and_command_line_codes_in_words(issue, lang, text):
    assert expected_text(issue, lang) == text


# -- the renderer ---------------------------------------------------------------------------
RANGE = InputIssue(f"{Z}/staff.csv", 2, "contract_hours", "61", "range", {"min": 0, "max": 60000})


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "zone-rural/staff.csv, row 2 (line 3), field 'contract_hours': got '61', expected a "
            "number between 0 and 60,000",
        ),
        (
            "fr",
            "zone-rural/staff.csv, ligne de données 2 (ligne 3), champ « contract_hours » : "
            "valeur '61', attendu : un nombre entre 0 et 60\u202f000",
        ),
        (
            "nl",
            "zone-rural/staff.csv, rij 2 (regel 3), veld 'contract_hours': waarde '61', verwacht: "
            "een getal tussen 0 en 60.000",
        ),
    ],
)
def test_an_issue_in_each_language_with_the_locales_numbers(lang, text):
    assert issue_text(RANGE, lang) == text


@pytest.mark.parametrize(
    ("n", "lang", "title"),
    [
        (1, "en", "1 problem in the inputs:"),
        (2, "en", "2 problems in the inputs:"),
        (1, "fr", "1 problème dans les données :"),
        (2, "fr", "2 problèmes dans les données :"),
        (1, "nl", "1 probleem in de gegevens:"),
        (2, "nl", "2 problemen in de gegevens:"),
    ],
)
def test_the_report_counts_with_real_plurals(n, lang, title):
    report = report_text([RANGE] * n, lang)
    assert report.splitlines()[0] == title and len(report.splitlines()) == n + 1


def test_plurals_and_hints_in_expectations():
    one = InputIssue("z.zip", None, "(files)", "201", "file_count", {"max": 1})
    many = InputIssue("z.zip", None, "(files)", "201", "file_count", {"max": 200})
    assert expected_text(one, "nl") == "hooguit 1 bestand"
    assert expected_text(many, "nl") == "hooguit 200 bestanden"
    assert expected_text(many, "fr") == "au plus 200 fichiers"
    hint = InputIssue("a.csv", 1, "x", "1_000", "number", {"hint": "no_underscore"})
    assert expected_text(hint, "en") == "a number written without '_' between digits"
    assert expected_text(hint, "fr") == "un nombre écrit sans « _ » entre les chiffres"


def test_an_issue_from_elsewhere_with_an_english_text_still_reads():
    issue = InputIssue("scenarios.toml", None, "name", "x", "a name not used by another scenario")
    assert expected_text(issue, "fr") == "a name not used by another scenario"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "Shift X: 14\u00a0h, longer than the maximum of 12\u00a0h per service (PJPol); an "
            'allowed exception is written { time = "...", exception = true }. [z/zone.toml]',
        ),
        (
            "nl",
            "Dienst X: 14\u00a0u, langer dan het maximum van 12\u00a0u per prestatie (RPPol); een "
            'toegestane uitzondering schrijf je { time = "...", exception = true }. [z/zone.toml]',
        ),
    ],
)
def test_a_warning_in_words(lang, text):
    w = InputWarning("shift_too_long", "X", {"hours": 14.0, "maximum_hours": 12}, "z/zone.toml")
    assert warning_text(w, lang) == text


def test_every_message_of_the_renderer_is_in_every_catalogue():
    source = Path(__file__).resolve().parents[2] / "planner" / "text" / "inputs.py"
    found = {
        m if isinstance(m, str) else m[0]
        for _, m, _, _ in extract_from_file(
            "python", str(source), keywords={"_": None, "n_": (1, 2)}
        )
    }
    for lang in LANGS:
        with catalogue_path(lang, "inputs").open("rb") as fh:
            catalogue = read_po(fh)
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
        assert found <= ids, (lang, sorted(found - ids))
        if lang != "en":  # English falls back to the msgid; French and Dutch are translated
            assert all(
                m.string and all(m.string if isinstance(m.string, str) else m.string)
                for m in catalogue
                if m.id
            ), lang


# -- labels ---------------------------------------------------------------------------------
def test_a_label_falls_back_to_the_zone_language_then_fr_nl_en_then_the_id():
    both = Labels.of({"fr": "Stupéfiants", "nl": "Drugs"})
    assert [both.pick(lang, "drugs") for lang in ("fr", "nl", "en", None)] == [
        "Stupéfiants",
        "Drugs",
        "Stupéfiants",
        "Stupéfiants",
    ]
    dutch_zone = Labels.of({"fr": "Stupéfiants", "nl": "Drugs"}, zone_lang="nl")
    assert dutch_zone.pick("en", "drugs") == "Drugs"
    assert Labels.of({"en": "Speed check"}).pick("fr", "speed_check") == "Speed check"
    assert Labels.of({"de": "Drogen"}).pick("fr", "drugs") == "Drogen"
    assert Labels.of({}).pick("nl", "speed_check") == humanise("speed_check") == "Speed check"
    assert Labels.of({"fr": "", "nl": "Drugs"}).pick("fr", "drugs") == "Drugs"  # empty: absent


def test_labels_are_read_from_the_table_and_the_older_keys(rural_zone):
    path = rural_zone / "priorities.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        'label = { fr = "Sécurité routière", nl = "Verkeersveiligheid", en = "Road safety" }',
        'label_fr = "Sécurité routière"\nlabel_nl = "Verkeersveiligheid"',
        1,
    )
    text = text.replace(
        'label = { fr = "Qualité de vie", nl = "Leefbaarheid", en = "Quality of life" }',
        'label = { nl = "Leefbaarheid" }',
        1,
    )
    path.write_text(text, encoding="utf-8")
    sub("zone.toml", "[zone]\n", '[zone]\nlanguage = "nl"\n')(rural_zone)
    zone = load_zone(rural_zone)
    by_id = {p.id: p for p in zone.priorities}
    road, life = by_id["road_safety"], by_id["quality_of_life"]
    assert dict(road.labels) == {"fr": "Sécurité routière", "nl": "Verkeersveiligheid"}
    assert road.label("en") == "Verkeersveiligheid"  # the zone's language first
    assert (life.label("fr"), life.label("en"), life.label_fr) == ("Leefbaarheid",) * 3
    assert by_id["drugs"].label("en") == "Drugs"
    speed = next(o for o in zone.operations if o.id == "speed_check")
    assert (speed.label("fr"), speed.label_nl, speed.label("en")) == (
        "Contrôle de vitesse",
        "Snelheidscontrole",
        "Speed check",
    )
