"""Reading CSV files as offices write them, one table of cases per class of input:

- Excel in a Belgian locale (semicolons, decimal commas, UTF-8 with BOM or Windows-1252,
  day-first dates) is read, and ambiguous input says what was expected;
- the app's own "(Excel)" CSV variant of every input file loads back into the same zone;
- the rows and values read are those the file holds: a stray double quote, a value over
  several lines, a duplicate column, an invisible character, a number Python would read but
  the files may not hold, or an over-long value is an issue, never a silent misread."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from planner.errors import InputError
from planner.export import to_csv_text
from planner.generator import generate_zone
from planner.text.inputs import expected_text
from planner.views import issues_table, staff_table, teams_table
from planner.zone_io import CSV_FIELD_LIMIT, load_zone
from tests.conftest import run_planner

WEEK = "2026-W49"
W = f"weeks/{WEEK}"
INPUT_FILES = (
    "staff.csv",
    "teams.csv",
    "on_call.csv",
    f"{W}/absences.csv",
    f"{W}/commitments.csv",
    f"{W}/pinned.csv",
    f"{W}/on_duty.csv",
    f"{W}/on_call.csv",
)


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A generated 50-staff zone with every input file, each holding an accented character
    (a label, a note, or an extra column the reader ignores)."""
    root = generate_zone(tmp_path_factory.mktemp("csv") / "z", 50, seed=3)
    (root / W / "pinned.csv").write_text(
        "operation,start,note\nbob_check,2026-12-05T23:00,Campagne de fin d'année\n"
        "speed_check,2026-12-02,\n",
        encoding="utf-8",
    )
    (root / W / "on_duty.csv").write_text(
        "officer,start,end\nINT-0001,2026-12-01T07:00,2026-12-01T15:00\n", encoding="utf-8"
    )
    (root / W / "on_call.csv").write_text(
        "officer,start,end\nINT-0002,2026-12-05T19:00,2026-12-06T07:00\n", encoding="utf-8"
    )
    path = root / W / "commitments.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Football match", "Fête / Football match"),
        encoding="utf-8",
    )
    for name in (
        "staff.csv",
        "teams.csv",
        "on_call.csv",
        f"{W}/absences.csv",
        f"{W}/on_duty.csv",
        f"{W}/on_call.csv",
    ):
        path = root / name
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text(
            "\n".join([lines[0] + ",remarque"] + [x + ",réservé" for x in lines[1:]]) + "\n",
            encoding="utf-8",
        )
    load_zone(root)  # the base itself loads
    return root


@pytest.fixture
def zone(base, tmp_path) -> Path:
    return Path(shutil.copytree(base, tmp_path / "z"))


def same_zone(a, b) -> bool:
    return replace(a, source="") == replace(b, source="")


def problems(root: Path) -> list:
    with pytest.raises(InputError) as info:
        load_zone(root)
    return info.value.issues


def issue_at(root: Path, file: str, row, field: str):
    issues = problems(root)
    shown = "\n".join(map(str, issues))
    match = [i for i in issues if i.file == f"z/{file}" and i.row == row and i.field == field]
    assert match, f"no issue at {file} row {row} field {field!r} in:\n{shown}"
    return match[0]


# -- how Excel (Belgian locale) saves a CSV ------------------------------------------------------
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def day_first(cell: str) -> str:
    """An ISO date or local date-time as Excel rewrites it: 5/12/2026, 5/12/2026 11:00."""
    if _ISO_DATE.fullmatch(cell):
        d = dt.date.fromisoformat(cell)
        return f"{d.day}/{d.month:02d}/{d.year}"
    if _ISO_TIME.fullmatch(cell):
        t = dt.datetime.fromisoformat(cell)
        return f"{t.day}/{t.month:02d}/{t.year} {t.hour}:{t.minute:02d}"
    return cell


def excel_bytes(text: str, encoding: str) -> bytes:
    """The app's "(Excel)" writer (semicolons, decimal commas, byte-order mark) over the
    file's cells with Excel's day-first dates; `cp1252` without the byte-order mark."""
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False).map(day_first)
    out = to_csv_text(frame, excel=True)
    return (
        out.encode("utf-8")
        if encoding == "utf-8-sig"
        else out.removeprefix("\ufeff").encode("cp1252")
    )


# -- 1. what Excel writes is read ---------------------------------------------------------------
# (file, the text as Excel wrote it, the same content as the files are documented)
EXCEL_FORMS = [
    (
        "semicolons, decimal comma",
        "staff.csv",
        'id;unit;team;grade;contract_hours;qualifications\nINT-0001;intervention;INT-0;CP;30,4;"OPA;hycap"\n',
        "id,unit,team,grade,contract_hours,qualifications\nINT-0001,intervention,INT-0,CP,30.4,OPA;hycap\n",
    ),
    (
        "semicolons, decimal point",
        "staff.csv",
        "id;unit;team;grade;contract_hours;qualifications\nINT-0001;intervention;INT-0;CP;30.4;OPA\n",
        "id,unit,team,grade,contract_hours,qualifications\nINT-0001,intervention,INT-0,CP,30.4,OPA\n",
    ),
    (
        "decimal comma, no digit before it",
        "staff.csv",
        "id;unit;team;grade;contract_hours;qualifications\nINT-0001;intervention;INT-0;CP;,5;OPA\n",
        "id,unit,team,grade,contract_hours,qualifications\nINT-0001,intervention,INT-0,CP,0.5,OPA\n",
    ),
    (
        "byte-order mark, CRLF lines",
        "staff.csv",
        "\ufeffid;unit;team;grade;contract_hours;qualifications\r\nINT-0001;intervention;INT-0;CP;38;\r\n",
        "id,unit,team,grade,contract_hours,qualifications\nINT-0001,intervention,INT-0,CP,38,\n",
    ),
    (
        "old Mac CR lines",
        "staff.csv",
        "id;unit;team;grade;contract_hours;qualifications\rINT-0001;intervention;INT-0;CP;38;\r",
        "id,unit,team,grade,contract_hours,qualifications\nINT-0001,intervention,INT-0,CP,38,\n",
    ),
    (
        "day-first anchor",
        "teams.csv",
        "team;anchor;cycle\nINT-0;5/01/2026;E E L L N N - - - -\n",
        "team,anchor,cycle\nINT-0,2026-01-05,E E L L N N - - - -\n",
    ),
    (
        "day-first dates, one digit",
        f"{W}/absences.csv",
        "officer;type;start;end\nINT-0003;leave;1/12/2026;3/12/2026\n",
        "officer,type,start,end\nINT-0003,leave,2026-12-01,2026-12-03\n",
    ),
    (
        "day-first date-times",
        f"{W}/commitments.csv",
        "id;type;start;end;officers;qualification;label\nC1;court;01/12/2026 9:30;01/12/2026 12:00:00;1;;\n",
        "id,type,start,end,officers,qualification,label\nC1,court,2026-12-01T09:30,2026-12-01T12:00,1,,\n",
    ),
    (
        "day-first date-time with comma separator",
        f"{W}/pinned.csv",
        "operation,start,note\nbob_check,05/12/2026 23:00,x\n",
        "operation,start,note\nbob_check,2026-12-05T23:00,x\n",
    ),
    (
        "day-first times in on_duty.csv",
        f"{W}/on_duty.csv",
        "officer;start;end\nINT-0001;1/12/2026 7:00;1/12/2026 15:00\n",
        "officer,start,end\nINT-0001,2026-12-01T07:00,2026-12-01T15:00\n",
    ),
    (
        "day-first times in on_call.csv",
        f"{W}/on_call.csv",
        "officer;start;end\nINT-0002;5/12/2026 19:00;6/12/2026 7:00\n",
        "officer,start,end\nINT-0002,2026-12-05T19:00,2026-12-06T07:00\n",
    ),
    (
        "semicolons in the on-call rota",
        "on_call.csv",
        "officer;team\nTRF-0002;OPA-CALL-0\n",
        "officer,team\nTRF-0002,OPA-CALL-0\n",
    ),
]


def other_rows(zone: Path, file: str, width: int, sep: str) -> str:
    """The file's data rows after the first, `width` columns, with `sep`: the rest of the zone
    stays whole (every officer and team other rows name)."""
    rows = list(csv.reader(io.StringIO((zone / file).read_text(encoding="utf-8"))))[2:]
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(r[:width] for r in rows)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("file", "excel", "plain"), [c[1:] for c in EXCEL_FORMS], ids=[c[0] for c in EXCEL_FORMS]
)
def test_what_excel_writes_is_read_as_the_documented_form(zone, file, excel, plain):
    width = plain.count("\n") and len(plain.split("\n")[0].split(","))
    sep = ";" if ";" in excel.split("\n")[0].split("\r")[0] else ","
    keep = file in ("staff.csv", "teams.csv")
    rest_plain = other_rows(zone, file, width, ",") if keep else ""
    rest_excel = other_rows(zone, file, width, sep) if keep else ""
    (zone / file).write_text(plain + rest_plain, encoding="utf-8")
    expected = load_zone(zone)
    (zone / file).write_bytes((excel + rest_excel).encode("utf-8"))
    assert same_zone(load_zone(zone), expected)


@pytest.mark.parametrize("file", ["staff.csv", f"{W}/pinned.csv", f"{W}/commitments.csv"])
def test_windows_1252_is_read_with_a_note(zone, file):
    expected = load_zone(zone)
    (zone / file).write_bytes((zone / file).read_text(encoding="utf-8").encode("cp1252"))
    got = load_zone(zone)
    assert same_zone(got, expected)
    (note,) = [w for w in got.warnings if w.code == "csv_read_as_windows_1252"]
    assert (note.file, note.subject) == (f"z/{file}", Path(file).name) and note.values["line"] >= 2


# (file, bytes, row, field, what the message must say)
AMBIGUOUS = [
    (
        "header mixing separators",
        "staff.csv",
        b"id;unit;team,grade;contract_hours;qualifications\n",
        None,
        "(header)",
        "one separator in the header: commas",
    ),
    (
        "tab-separated header",
        "staff.csv",
        b"id\tunit\tteam\tgrade\tcontract_hours\tqualifications\n",
        None,
        "(header)",
        "separated by tabs",
    ),
    (
        "a semicolon row in a comma file",
        f"{W}/absences.csv",
        b"officer,type,start,end\nINT-0003;leave;2026-12-01;2026-12-01\n",
        1,
        "(row)",
        "4 comma-separated values, like the header (this row has 4 values separated by semicolons",
    ),
    (
        "a comma row in a semicolon file",
        f"{W}/absences.csv",
        b"officer;type;start;end\nINT-0003,leave,2026-12-01,2026-12-01\n",
        1,
        "(row)",
        "4 semicolon-separated values, like the header (this row has 4 values separated by commas",
    ),
    (
        "UTF-16 (Excel's Unicode text)",
        "staff.csv",
        "id,unit\n".encode("utf-16"),
        None,
        "(file)",
        "UTF-8 or Windows-1252",
    ),
    (
        "UTF-8 byte-order mark, then Windows-1252",
        f"{W}/pinned.csv",
        b"\xef\xbb\xbfoperation,start,note\nbob_check,2026-12-05T23:00,ann\xe9e\n",
        None,
        "(file)",
        "line 2 is not UTF-8",
    ),
    (
        "bytes that are neither UTF-8 nor Windows-1252",
        f"{W}/pinned.csv",
        b"operation,start,note\nbob_check,2026-12-05T23:00,\x81\n",
        None,
        "(file)",
        "UTF-8 or Windows-1252",
    ),
    (
        "decimal comma in a comma file",
        "staff.csv",
        b'id,unit,team,grade,contract_hours,qualifications\nINT-0001,intervention,INT-0,CP,"30,4",\n',
        1,
        "contract_hours",
        "a number with a decimal point, e.g. 30.4 (a decimal comma is read only",
    ),
    (
        "thousands separator or decimal point",
        "staff.csv",
        b"id;unit;team;grade;contract_hours;qualifications\nINT-0001;intervention;INT-0;CP;38.000;\n",
        1,
        "contract_hours",
        "may hold a thousands separator",
    ),
    (
        "both decimal separators",
        "staff.csv",
        b"id;unit;team;grade;contract_hours;qualifications\nINT-0001;intervention;INT-0;CP;1.038,5;\n",
        1,
        "contract_hours",
        "a number",
    ),
    (
        "month first",
        f"{W}/absences.csv",
        b"officer;type;start;end\nINT-0003;leave;12/13/2026;12/13/2026\n",
        1,
        "start",
        "no month 13; was the month written first?",
    ),
    (
        "two-digit year",
        f"{W}/absences.csv",
        b"officer;type;start;end\nINT-0003;leave;1/12/26;1/12/26\n",
        1,
        "start",
        "a four-digit year",
    ),
    (
        "year first with slashes",
        f"{W}/absences.csv",
        b"officer;type;start;end\nINT-0003;leave;2026/12/01;2026/12/01\n",
        1,
        "start",
        "dd/mm/yyyy",
    ),
    (
        "a day that does not exist",
        f"{W}/commitments.csv",
        b"id;type;start;end;officers;qualification;label\nC1;court;31/11/2026 9:00;31/11/2026 10:00;1;;\n",
        1,
        "start",
        "day 31 of month 11 does not exist",
    ),
    (
        "hour 24",
        f"{W}/on_duty.csv",
        b"officer;start;end\nINT-0001;1/12/2026 7:00;1/12/2026 24:00\n",
        1,
        "end",
        "a time from 00:00 to 23:59",
    ),
    (
        "a date-time as a team anchor",
        "teams.csv",
        b"team;anchor;cycle\nINT-0;5/01/2026 7:00;E E\n",
        1,
        "anchor",
        "an ISO date YYYY-MM-DD or a day-first date dd/mm/yyyy",
    ),
]


@pytest.mark.parametrize(
    ("file", "data", "row", "field", "expected"),
    [c[1:] for c in AMBIGUOUS],
    ids=[c[0] for c in AMBIGUOUS],
)
def test_ambiguous_input_says_what_was_expected(zone, file, data, row, field, expected):
    (zone / file).write_bytes(data)
    assert expected in expected_text(issue_at(zone, file, row, field), "en")


# -- 2. the app's own "(Excel)" files load back ----------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
@pytest.mark.parametrize("file", INPUT_FILES)
def test_every_input_file_in_the_excel_variant_loads_back_unchanged(zone, file, encoding):
    original = load_zone(zone)
    data = excel_bytes((zone / file).read_text(encoding="utf-8"), encoding)
    assert b";" in data.splitlines()[0] and (
        data.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    )
    (zone / file).write_bytes(data)
    got = load_zone(zone)
    assert same_zone(got, original)
    notes = [w.file for w in got.warnings if w.code == "csv_read_as_windows_1252"]
    assert notes == ([f"z/{file}"] if encoding == "cp1252" else [])


@pytest.mark.parametrize(
    ("file", "table"),
    [("staff.csv", staff_table), ("teams.csv", teams_table)],
    ids=["staff.csv", "teams.csv"],
)
def test_the_apps_excel_downloads_of_input_tables_load_back(zone, file, table):
    """The zone-data page offers staff.csv and teams.csv "(Excel)": the same writer, the same
    columns as the input file."""
    original = load_zone(zone)
    (zone / file).write_bytes(to_csv_text(table(original), excel=True).encode("utf-8"))
    assert b"30,4" in (zone / "staff.csv").read_bytes() or file != "staff.csv"
    assert same_zone(load_zone(zone), original)


# -- 3. the rows read are the rows the file holds ------------------------------------------------
def _stray_quote(zone: Path, line: int) -> None:
    path = zone / "staff.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[line - 1] = lines[line - 1].replace(",", ',"', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# (file, edit, row of the issue, what the message must say)
JOINED = [
    (
        "stray quote near the end",
        "staff.csv",
        lambda z: _stray_quote(z, 49),
        48,
        "a double quote on line 49 opens a value that runs to the end of the file",
    ),
    ("stray quote early", "staff.csv", lambda z: _stray_quote(z, 3), 2, "a double quote on line 3"),
    (
        "a quoted line break in a label",
        f"{W}/commitments.csv",
        lambda z: (z / W / "commitments.csv").write_text(
            "id,type,start,end,officers,qualification,label\n"
            "C1,court,2026-12-01T09:00,2026-12-01T10:00,1,,ok\n"
            'C2,court,2026-12-01T09:00,2026-12-01T10:00,1,,"two\nlines"\n',
            encoding="utf-8",
        ),
        2,
        "a double quote on line 3 opens a value that runs to line 4",
    ),
    (
        "a quoted carriage return in a note",
        f"{W}/pinned.csv",
        lambda z: (z / W / "pinned.csv").write_text(
            'operation,start,note\nbob_check,2026-12-05T23:00,"a\rb"\n',
            encoding="utf-8",
            newline="",
        ),
        1,
        "runs to line 3",
    ),
    (
        "text after a closing quote",
        f"{W}/absences.csv",
        lambda z: (z / W / "absences.csv").write_text(
            'officer,type,start,end\n"INT-0003"x,leave,2026-12-01,2026-12-01\n', encoding="utf-8"
        ),
        1,
        "a value wholly in double quotes or without them (line 2",
    ),
    (
        "a quoted header running over lines",
        "teams.csv",
        lambda z: (z / "teams.csv").write_text(
            'team,"anchor\n",cycle\nINT-0,2026-01-05,E\n', encoding="utf-8"
        ),
        None,
        "a double quote on line 1",
    ),
]


@pytest.mark.parametrize(
    ("file", "edit", "row", "expected"), [c[1:] for c in JOINED], ids=[c[0] for c in JOINED]
)
def test_a_record_over_several_lines_is_an_issue_naming_its_first_line(
    zone, file, edit, row, expected
):
    edit(zone)
    issue = issue_at(zone, file, row, "(row)" if row else "(header)")
    assert expected in expected_text(issue, "en")


def test_a_stray_quote_is_not_a_valid_zone_on_the_command_line(zone):
    _stray_quote(zone, 40)
    out = run_planner("validate", zone)
    assert out.returncode == 2 and "Traceback" not in out.stderr + out.stdout
    assert "staff.csv, row 39 (line 40), field '(row)'" in out.stdout + out.stderr
    assert "valid (" not in out.stdout


# -- 4. duplicate column names ------------------------------------------------------------------------
DUPLICATES = [
    (
        "required column twice",
        "staff.csv",
        "id,unit,team,grade,contract_hours,qualifications,grade",
        "'grade' is there 2 times",
    ),
    (
        "optional column twice",
        f"{W}/commitments.csv",
        "id,type,start,end,officers,qualification,label,label",
        "'label' is there 2 times",
    ),
    (
        "extra column twice",
        f"{W}/absences.csv",
        "officer;type;start;end;x;x;x",
        "'x' is there 3 times",
    ),
    (
        "twice after trimming",
        "teams.csv",
        "team, anchor,anchor ,cycle",
        "'anchor' is there 2 times",
    ),
]


@pytest.mark.parametrize(
    ("file", "header", "expected"), [c[1:] for c in DUPLICATES], ids=[c[0] for c in DUPLICATES]
)
def test_a_column_named_twice_is_an_issue(zone, file, header, expected):
    path = zone / file
    sep = ";" if ";" in header else ","
    width = len(header.split(sep))
    path.write_text(header + "\n" + sep.join(["x"] * width) + "\n", encoding="utf-8")
    issue = issue_at(zone, file, None, "(header)")
    assert expected_text(issue, "en").startswith(
        "each column name once"
    ) and expected in expected_text(issue, "en")


# -- 5. invisible characters and line breaks inside a value --------------------------------------
INVISIBLE = [
    ("NUL", "\x00", "U+0000 NUL"),
    ("right-to-left override", "\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("left-to-right embedding", "\u202a", "U+202A"),
    ("first strong isolate", "\u2068", "U+2068"),
    ("pop directional isolate", "\u2069", "U+2069"),
    ("line separator", "\u2028", "U+2028 LINE SEPARATOR"),
    ("paragraph separator", "\u2029", "U+2029 PARAGRAPH SEPARATOR"),
    ("next line", "\x85", "U+0085"),
    ("vertical tab", "\x0b", "U+000B"),
    ("form feed", "\x0c", "U+000C"),
    ("byte-order mark inside", "\ufeff", "U+FEFF"),
]
PLACES = [
    ("staff.csv", 3, "id"),
    (f"{W}/commitments.csv", 1, "label"),
    (f"{W}/pinned.csv", 1, "note"),
]


@pytest.mark.parametrize(("file", "row", "field"), PLACES, ids=[p[0] for p in PLACES])
@pytest.mark.parametrize(
    ("char", "name"), [c[1:] for c in INVISIBLE], ids=[c[0] for c in INVISIBLE]
)
def test_invisible_characters_are_refused_and_shown_escaped(zone, file, row, field, char, name):
    path = zone / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    col = rows[0].index(field)
    rows[row][col] = "A" + char + "B"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    issue = issue_at(zone, file, row, field)
    assert issue.value == "A" + char + "B" and name in expected_text(issue, "en")
    escaped = char.encode("unicode_escape").decode("ascii")
    assert f"got 'A{escaped}B'" in str(issue)  # the command line shows it escaped
    shown = issues_table([issue], "en").iloc[0].tolist()
    assert f"A{escaped}B" in shown and not any(
        char in str(cell) for cell in shown
    )  # so does the app


# -- 6. numbers as the files write them ---------------------------------------------------------
# (contract_hours in staff.csv, semicolon file?, the number read or None)
NUMBERS = [
    ("38", False, 38.0),
    ("+38", False, 38.0),
    ("30.4", False, 30.4),
    ("3.8e1", False, 38.0),
    (" 38 ", False, 38.0),
    ("30,4", True, 30.4),
    ("30.4", True, 30.4),
    ("1_0", False, None),
    ("1_0", True, None),
    ("３８", False, None),
    ("٣٨", False, None),
    ("38\u00a0", False, 38.0),
    ("3 8", False, None),
    ("0x26", False, None),
    ("--38", False, None),
    ("3.8.1", False, None),
    ("30,4", False, None),
    ("nan", False, None),
    ("inf", False, None),
    ("1e400", False, None),
    ("38h", False, None),
    ("", False, None),
]


@pytest.mark.parametrize(
    ("text", "semicolons", "value"),
    NUMBERS,
    ids=[f"{t!r}{' ;' if s else ''}" for t, s, _ in NUMBERS],
)
def test_only_plain_ascii_numbers_are_numbers(zone, text, semicolons, value):
    sep = ";" if semicolons else ","
    cells = ["INT-0001", "intervention", "INT-0", "CP", text, "OPA"]
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\n")
    w.writerow(["id", "unit", "team", "grade", "contract_hours", "qualifications"])
    w.writerow(cells)
    rest = (zone / "staff.csv").read_text(encoding="utf-8").splitlines()[2:]
    for line in rest:  # keep the zone whole: the other officers, with the same separator
        w.writerow(next(csv.reader([line]))[:6])
    (zone / "staff.csv").write_text(buf.getvalue(), encoding="utf-8")
    if value is None:
        issue = issue_at(zone, "staff.csv", 1, "contract_hours")
        assert expected_text(issue, "en").startswith("a number")
        if not text.isascii():
            assert "digits 0-9" in expected_text(issue, "en")
        if "_" in text:
            assert "without '_'" in expected_text(issue, "en")
    else:
        officer = next(o for o in load_zone(zone).officers if o.id == "INT-0001")
        assert officer.contract_hours == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("2", 2), ("+2", 2), ("２", None), ("1_0", None), ("2.0", None), ("2,0", None), ("1e1", None)],
)
def test_whole_numbers_in_csv_are_ascii_digits(zone, text, value):
    path = zone / W / "commitments.csv"
    path.write_text(
        "id;type;start;end;officers;qualification;label\n"
        f"C1;court;1/12/2026 9:00;1/12/2026 10:00;{text};;\n",
        encoding="utf-8",
    )
    if value is None:
        assert expected_text(
            issue_at(zone, f"{W}/commitments.csv", 1, "officers"), "en"
        ).startswith("a whole number")
    else:
        (c,) = load_zone(zone).week_inputs(WEEK).commitments
        assert c.officers == value


@pytest.mark.parametrize("text", ['"20_000"', '"２００００"', '"20000,5"'])
def test_a_toml_string_holding_a_number_follows_the_same_rule(zone, text):
    path = zone / "zone.toml"
    body = re.sub(
        r"(?m)^inhabitants = .*$", f"inhabitants = {text}", path.read_text(encoding="utf-8")
    )
    path.write_text(body, encoding="utf-8")
    assert expected_text(issue_at(zone, "zone.toml", None, "zone.inhabitants"), "en").startswith(
        "a whole number"
    )


# -- 7. an over-long value ------------------------------------------------------------------------
LONG = [
    ("a label at the limit", f"{W}/commitments.csv", 1, CSV_FIELD_LIMIT, True),
    ("a label one over", f"{W}/commitments.csv", 1, CSV_FIELD_LIMIT + 1, False),
    ("a label of 1 MiB", f"{W}/commitments.csv", 1, 1024 * 1024, False),
    ("a note over the limit", f"{W}/pinned.csv", 2, CSV_FIELD_LIMIT + 1, False),
    ("an id over the limit", "staff.csv", 5, 200 * 1024, False),
]


@pytest.mark.parametrize(
    ("file", "row", "size", "loads"), [c[1:] for c in LONG], ids=[c[0] for c in LONG]
)
def test_an_over_long_value_is_an_issue_not_a_crash(zone, file, row, size, loads):
    path = zone / file
    lines = path.read_text(encoding="utf-8").splitlines()
    if file == "staff.csv":  # the id, the first column
        lines[row] = "y" * size + lines[row][lines[row].index(",") :]
    else:  # the label or note, the last column
        lines[row] = lines[row].rsplit(",", 1)[0] + "," + "x" * size
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if loads:
        load_zone(zone)
        return
    issue = issue_at(zone, file, row, "(row)")
    assert (
        f"values of at most {CSV_FIELD_LIMIT} characters (128 KiB); a value on line {row + 1}"
        in expected_text(issue, "en")
    )


@pytest.mark.parametrize("case", ["long value", "NUL", "duplicate column", "full-width digits"])
def test_each_class_is_exit_status_2_on_the_command_line(zone, case):
    staff = zone / "staff.csv"
    text = staff.read_text(encoding="utf-8")
    edits = {
        "long value": lambda t: t.replace(
            "INT-0001,", "INT-0001" + "z" * (CSV_FIELD_LIMIT + 5) + ",", 1
        ),
        "NUL": lambda t: t.replace("INT-0001,", "INT-\x000001,", 1),
        "duplicate column": lambda t: t.replace("qualifications", "qualifications,id", 1),
        "full-width digits": lambda t: t.replace(",38,", ",３８,", 1),
    }
    staff.write_text(edits[case](text), encoding="utf-8")
    out = run_planner("validate", zone)
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stdout + out.stderr and "z/staff.csv" in out.stdout + out.stderr
