"""Text layer: input issues and input warnings in French, Dutch or English.

The readers (planner.zone_io, planner.input_checks, app_pages.upload, the command line) give
each problem as a `planner.errors.InputIssue`: file, row, field, the value as written and a
code of what was expected with its values; planner.sanity gives `InputWarning`s (a code and
figures). This module is the one place that words them, with the `inputs` catalogue and
Babel's number formats.

Codes of what was expected, and their values (all optional values may be absent):
- files: file_exists, toml, toml_nesting, csv_utf16, csv_utf8_bom {line}, csv_encoding,
  zone_folder, file_misplaced {place, example}, file_name_near {place, near, case},
  file_name {place, options}, week_folder_inside {path}, weeks_folder_name {name},
  dated_file_in_week {example}, week_file_name {example} (a file of actuals/ not named
  after its ISO week); place is "zone_folder" or "week_folder";
- CSV layout: csv_columns {columns}, one_separator, separator_not_tab,
  refused_char {code_point, char_name}, unique_columns {counts: (name, n) pairs},
  value_count {count, separator, mixed}, quote_runs {start, end}, quote_to_end {start},
  quote_not_closed {start, line}, quoting {line}, value_length {limit, line};
- shapes: table, list, name_list, window_list, commitment_list, table_array {name},
  table_entry {name}, window_table, windows, commitment_table, shift_table, shift_hours,
  unit_list, qualification_list, months, boolean, label_table, text, language_code;
- values: number and whole_number {hint}, range {min, max (None: no upper bound)},
  clock, clock_range {max_hour}, days, day_order, one_day, iso_week, existing_week {year},
  week_range, week_range_order {first, last}, week_range_length {max, count},
  iso_date and iso_datetime {hint, and its figures}, end_after_start {start, past_midnight},
  date_after_start {start}, within_a_day {start}, one_of {options, near (the closest
  option, or empty)}, only_one_of {options}, calog_missions
  {options}, unit_ref {options}, non_empty_name, time_zone, divisor_of_24, whole_hour,
  known_norm, legal_minimum {legal}, legal_share_minimum {legal},
  legal_inhabitants_maximum {legal}, shift_grid {hours}, block_start {hours, week},
  block_multiple {hours};
- rows and references: max_staff {max}, one_officer, pseudonymous_id, unique_id
  {first_row}, unique_non_empty_id, unit_name, team_ref, unique_team, pattern_ref,
  officer_ref, operation_ref, priority_ref, priority_file_ref, cycle_codes,
  max_cycle_days {max}, listed_once, floor_at_most_cap {cap}, floor_cap {floor, cap},
  one_window, crew_at_most {officers}, qualification, known_qualification {near, case},
  in_week {week, start, end}, scenario_name, unique_scenario_name, scenario_accepted;
- the PZS year (pzs.toml, actuals/<week>.csv): quarter_shares {sum (absent when the list
  is not 4 numbers)}, target_figures, unique_target {priority, first}, done_value;
  any issue may carry referred_by ((file, rows) pairs) and
  kind ("team", "officer"): other rows name the row that has the issue;
- uploads: zip_size {max_mb}, zip_file, relative_path, not_a_link, unencrypted,
  file_type {options}, name_length {max, length}, folder_depth {max}, file_size {max_mb},
  file_count {max}, unique_names, file_or_folder, not_a_bomb {bytes}, zip_member,
  declared_size {declared}, path_inside, storable_name, zone_toml_in_zip, one_zone_per_zip,
  zone_zip (the app: an upload that could not be read at all);
- the command line: out_is_file {path}, out_not_writable {path}, out_own_folder,
  out_files_only {name}, each_scenario_once, solver_file; and for `planner report`'s
  file, out_suffix {suffixes}, out_is_folder {path}, report_scenarios {max}; for
  `planner year`, pzs_year {min, max} and week_of_year {year} (its --as-of).

An unknown code is shown as it is: issues built elsewhere with an English text still read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from planner.text import Text

D = "inputs"
_SHOWN_CHARS = 60  # a longer value is cut, with "..."


# -- pieces ---------------------------------------------------------------------------------
def _num(t: Text, x: Any) -> str:
    """A figure as people write it in the language: 100 000 (fr), 100.000 (nl), 100,000."""
    return t.weight(float(x)) if isinstance(x, int | float) else str(x)


def _stamp(when: Any) -> str:
    """A date-time as the files write it (ISO, minutes): the user types it back that way."""
    return when.strftime("%Y-%m-%d %H:%M") if hasattr(when, "strftime") else str(when)


def _options(options: Iterable[object]) -> str:
    return ", ".join(str(o) for o in options)


def _place(t: Text, place: str) -> str:
    if place == "week_folder":
        return t._("in a week folder", D)
    return t._("in the zone folder", D)


def _number_hint(t: Text, hint: str, v: Mapping[str, Any], value: str) -> str:
    if hint == "decimal_comma_thousands":
        return t._(
            "with a decimal comma, e.g. 30,4 ('{text}' in a file separated by semicolons "
            "may hold a thousands separator: write it without)",
            D,
            text=value,
        )
    if hint == "ascii_digits":
        return t._(
            "written with the digits 0-9 (other digits, e.g. full-width ones, are not read)", D
        )
    if hint == "no_underscore":
        return t._("written without '_' between digits", D)
    if hint == "decimal_point":
        return t._(
            "with a decimal point, e.g. 30.4 (a decimal comma is read only in a CSV file "
            "separated by semicolons)",
            D,
        )
    return ""


def _date_hint(t: Text, hint: str, v: Mapping[str, Any]) -> str:
    if hint == "day_first_year":
        return t._(
            "(a day-first date has a four-digit year: dd/mm/yyyy, then an optional time hh:mm)", D
        )
    if hint == "day_first_month":
        return t._(
            "(day first: there is no month {month}; was the month written first?)",
            D,
            month=v.get("month"),
        )
    if hint == "day_first_day":
        return t._(
            "(day first: day {day} of month {month} does not exist in {year})",
            D,
            day=v.get("day"),
            month=v.get("month"),
            year=v.get("year"),
        )
    if hint == "time_of_day":
        return t._("(a time from 00:00 to 23:59)", D)
    return ""


def _with(main: str, hint: str) -> str:
    return f"{main} {hint}" if hint else main


def _range(t: Text, v: Mapping[str, Any]) -> str:
    if v.get("max") is None:
        return t._("a number at least {min}", D, min=_num(t, v.get("min")))
    return t._(
        "a number between {min} and {max}", D, min=_num(t, v.get("min")), max=_num(t, v.get("max"))
    )


def _value_count(t: Text, v: Mapping[str, Any]) -> str:
    n = int(v.get("count", 0))
    if v.get("separator") == "semicolon":
        text = t.n_("{n} semicolon-separated value", "{n} semicolon-separated values", n, D)
        if v.get("mixed"):
            text += t.n_(
                ", like the header (this row has {n} value separated by commas: use "
                "one separator in the whole file)",
                ", like the header (this row has {n} values separated by commas: use "
                "one separator in the whole file)",
                n,
                D,
            )
        return text
    text = t.n_("{n} comma-separated value", "{n} comma-separated values", n, D)
    if v.get("mixed"):
        text += t.n_(
            ", like the header (this row has {n} value separated by semicolons: use "
            "one separator in the whole file)",
            ", like the header (this row has {n} values separated by semicolons: use "
            "one separator in the whole file)",
            n,
            D,
        )
    return text


def _unique_columns(t: Text, v: Mapping[str, Any]) -> str:
    parts = [
        t.n_("'{name}' is there {n} time", "'{name}' is there {n} times", int(n), D, name=name)
        for name, n in v.get("counts", ())
    ]
    return t._("each column name once ({counts})", D, counts=", ".join(parts))


def _file_name_near(t: Text, v: Mapping[str, Any]) -> str:
    if v.get("case"):
        return t._(
            "a file the planner reads {place}: did you mean {near}? (names are "
            "case-sensitive) Rename the file, or move it out of the folder",
            D,
            place=_place(t, v.get("place", "")),
            near=v.get("near"),
        )
    return t._(
        "a file the planner reads {place}: did you mean {near}? Rename the file, or move "
        "it out of the folder",
        D,
        place=_place(t, v.get("place", "")),
        near=v.get("near"),
    )


def _file_misplaced(t: Text, v: Mapping[str, Any], value: str) -> str:
    if v.get("place") == "week_folder":
        return t._(
            "a file the planner reads in a week folder: {name} belongs in the zone folder",
            D,
            name=value,
        )
    return t._(
        "a file the planner reads in the zone folder: {name} belongs in a week folder, "
        "e.g. {example}",
        D,
        name=value,
        example=v.get("example"),
    )


def _known_qualification(t: Text, v: Mapping[str, Any]) -> str:
    near = v.get("near")
    if near and v.get("case"):
        return t._(
            "a qualification code held by someone in staff.csv or listed in zone.toml "
            "[zone] qualifications: did you mean {near}? (codes are case-sensitive)",
            D,
            near=near,
        )
    if near:
        return t._(
            "a qualification code held by someone in staff.csv or listed in zone.toml "
            "[zone] qualifications: did you mean {near}?",
            D,
            near=near,
        )
    return t._(
        "a qualification code held by someone in staff.csv or listed in zone.toml [zone] "
        "qualifications",
        D,
    )


def _referred_by(t: Text, v: Mapping[str, Any]) -> str:
    """ " (2 rows of a.csv and 1 row of b.csv refer to this team; fix this row first)"."""
    pairs = list(v.get("referred_by", ()))
    parts = [t.n_("{n} row of {file}", "{n} rows of {file}", int(n), D, file=f) for f, n in pairs]
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = t._("{first} and {second}", D, first=text, second=part)
    total = sum(int(n) for _, n in pairs)
    if v.get("kind") == "officer":
        return " " + t.n_(
            "({rows} refers to this officer; fix this row first)",
            "({rows} refer to this officer; fix this row first)",
            total,
            D,
            rows=text,
        )
    return " " + t.n_(
        "({rows} refers to this team; fix this row first)",
        "({rows} refer to this team; fix this row first)",
        total,
        D,
        rows=text,
    )


def _one_of(t: Text, v: Mapping[str, Any]) -> str:
    options = _options(v.get("options", ()))
    if v.get("near"):
        return t._("one of {options}: did you mean {near}?", D, options=options, near=v.get("near"))
    return t._("one of {options}", D, options=options)


def _quarter_shares(t: Text, v: Mapping[str, Any]) -> str:
    if v.get("sum") is not None:
        return t._(
            "four shares, one per quarter, that sum to 1 (these sum to {sum})",
            D,
            sum=t.number(v.get("sum"), 3),
        )
    return t._("four shares, one per quarter, that sum to 1, e.g. [0.3, 0.2, 0.2, 0.3]", D)


Wording = Callable[[Text, Mapping[str, Any], str], str]

# code -> (text, values, the value as written) -> what was expected
_EXPECTED: dict[str, Wording] = {
    # files
    "file_exists": lambda t, v, x: t._("this file to exist", D),
    "toml": lambda t, v, x: t._("valid UTF-8 TOML", D),
    "toml_nesting": lambda t, v, x: t._(
        "valid UTF-8 TOML with lists and tables nested at most a few levels", D
    ),
    "csv_utf16": lambda t, v, x: t._(
        "a CSV file in UTF-8 or Windows-1252, not UTF-16 (in Excel: save as 'CSV UTF-8')", D
    ),
    "csv_utf8_bom": lambda t, v, x: t._(
        "a UTF-8 CSV file (it starts with a UTF-8 byte-order mark, but line {line} is not UTF-8)",
        D,
        line=v.get("line"),
    ),
    "csv_encoding": lambda t, v, x: t._("a CSV file in UTF-8 or Windows-1252", D),
    "zone_folder": lambda t, v, x: t._("a zone folder holding zone.toml", D),
    "file_misplaced": lambda t, v, x: _file_misplaced(t, v, x),
    "file_name_near": lambda t, v, x: _file_name_near(t, v),
    "file_name": lambda t, v, x: t._(
        "a file the planner reads {place}: one of {options}; move other files out of the folder",
        D,
        place=_place(t, v.get("place", "")),
        options=_options(v.get("options", ())),
    ),
    "week_folder_inside": lambda t, v, x: t._(
        "week folders inside weeks/ ({path})", D, path=v.get("path")
    ),
    "weeks_folder_name": lambda t, v, x: t._(
        "'{name}' for the week folders (names are case-sensitive)", D, name=v.get("name")
    ),
    "dated_file_in_week": lambda t, v, x: t._(
        "dated files inside a week folder, e.g. {example}", D, example=v.get("example")
    ),
    "week_file_name": lambda t, v, x: t._(
        "a file named after its ISO week, e.g. {example}", D, example=v.get("example")
    ),
    # CSV layout
    "csv_columns": lambda t, v, x: t._(
        "columns {columns}", D, columns=",".join(v.get("columns", ()))
    ),
    "one_separator": lambda t, v, x: t._(
        "one separator in the header: commas (like id,unit,team) or semicolons (like "
        "id;unit;team), not both",
        D,
    ),
    "separator_not_tab": lambda t, v, x: t._(
        "a CSV file separated by commas or semicolons (this header is separated by tabs)", D
    ),
    "refused_char": lambda t, v, x: t._(
        "a value without control, line-break or bidirectional-text characters (found "
        "{code_point} {char_name})",
        D,
        code_point=v.get("code_point"),
        char_name=v.get("char_name"),
    ),
    "unique_columns": lambda t, v, x: _unique_columns(t, v),
    "value_count": lambda t, v, x: _value_count(t, v),
    "quote_runs": lambda t, v, x: t._(
        "one row per line: a double quote on line {start} opens a value that runs to line {end} "
        "(a stray quote, or a line break inside a quoted value)",
        D,
        start=v.get("start"),
        end=v.get("end"),
    ),
    "quote_to_end": lambda t, v, x: t._(
        "one row per line: a double quote on line {start} opens a value that runs to the end of "
        "the file (a stray quote, or a quoted value not closed)",
        D,
        start=v.get("start"),
    ),
    "quote_not_closed": lambda t, v, x: t._(
        "one row per line: a double quote on line {start} opens a value that is not closed "
        "properly (line {line})",
        D,
        start=v.get("start"),
        line=v.get("line"),
    ),
    "quoting": lambda t, v, x: t._(
        "a value wholly in double quotes or without them (line {line}); a double quote inside a "
        'quoted value is written twice: ""',
        D,
        line=v.get("line"),
    ),
    "value_length": lambda t, v, x: t._(
        "values of at most {limit} characters (128 KiB); a value on line {line} is longer",
        D,
        limit=v.get("limit"),
        line=v.get("line"),
    ),
    # shapes
    "table": lambda t, v, x: t._("a table (key = value pairs)", D),
    "list": lambda t, v, x: t._("a list", D),
    "name_list": lambda t, v, x: t._("a list of names", D),
    "window_list": lambda t, v, x: t._("a list of windows", D),
    "commitment_list": lambda t, v, x: t._("a list of tables {type, day, start, end, officers}", D),
    "table_array": lambda t, v, x: t._("an array of tables [[{name}]]", D, name=v.get("name")),
    "table_entry": lambda t, v, x: t._("a table [[{name}]]", D, name=v.get("name")),
    "window_table": lambda t, v, x: t._("a table {days, start, end[, months]}", D),
    "windows": lambda t, v, x: t._(
        "a window table {days, start, end} or a non-empty list of them", D
    ),
    "commitment_table": lambda t, v, x: t._(
        "a table {type, day, start, end, officers[, qualification]}", D
    ),
    "shift_table": lambda t, v, x: t._(
        "a table { time = '07:00-21:00', exception = true or false }", D
    ),
    "shift_hours": lambda t, v, x: t._("a shift code with hours like '07:00-15:00'", D),
    "unit_list": lambda t, v, x: t._("a list of unit names", D),
    "qualification_list": lambda t, v, x: t._(
        'a list of qualification codes, e.g. ["radar", "breath"]', D
    ),
    "months": lambda t, v, x: t._("a list of month numbers 1-12", D),
    "boolean": lambda t, v, x: t._("true or false", D),
    "label_table": lambda t, v, x: t._(  # a value given, so that format() turns {{ into {
        'a table of texts by language, e.g. label = {{ fr = "Stupéfiants", nl = "Drugs", '
        'en = "Drugs" }}',
        D,
        field="",
    ),
    "text": lambda t, v, x: t._("a text in double quotes", D),
    "language_code": lambda t, v, x: t._('a two-letter language code, e.g. "fr" or "nl"', D),
    # values
    "number": lambda t, v, x: _with(t._("a number", D), _number_hint(t, v.get("hint", ""), v, x)),
    "whole_number": lambda t, v, x: _with(
        t._("a whole number", D), _number_hint(t, v.get("hint", ""), v, x)
    ),
    "range": lambda t, v, x: _range(t, v),
    "clock": lambda t, v, x: t._("a time HH:MM", D),
    "clock_range": lambda t, v, x: t._(
        "a time between 00:00 and {max_hour}:00", D, max_hour=v.get("max_hour")
    ),
    "days": lambda t, v, x: t._("days like Mon-Fri or Fri,Sat", D),
    "day_order": lambda t, v, x: t._("a day range in week order, like Mon-Fri", D),
    "one_day": lambda t, v, x: t._("one day, e.g. Sat", D),
    "iso_week": lambda t, v, x: t._("an ISO week like 2026-W49", D),
    "existing_week": lambda t, v, x: t._("an existing ISO week of {year}", D, year=v.get("year")),
    "week_range": lambda t, v, x: t._("a week or a range of weeks like 2026-W49..2027-W13", D),
    "week_range_order": lambda t, v, x: t._(
        "a range from its first week to its last ({first} comes after {last})",
        D,
        first=v.get("first"),
        last=v.get("last"),
    ),
    "week_range_length": lambda t, v, x: t._(
        "a range of at most {max} weeks (this one has {count})",
        D,
        max=_num(t, v.get("max")),
        count=_num(t, v.get("count")),
    ),
    "iso_date": lambda t, v, x: _with(
        t._("an ISO date YYYY-MM-DD or a day-first date dd/mm/yyyy, e.g. 05/01/2026", D),
        _date_hint(t, v.get("hint", ""), v),
    ),
    "iso_datetime": lambda t, v, x: _with(
        t._(
            "an ISO date or date-time, e.g. 2026-12-05T12:00, or a day-first date dd/mm/yyyy or "
            "dd/mm/yyyy hh:mm, e.g. 05/12/2026 12:00",
            D,
        ),
        _date_hint(t, v.get("hint", ""), v),
    ),
    "end_after_start": lambda t, v, x: (
        t._(
            "a time after the start {start} (past midnight, write e.g. 26:00)",
            D,
            start=v.get("start"),
        )
        if v.get("past_midnight")
        else t._("a time after the start {start}", D, start=v.get("start"))
    ),
    "date_after_start": lambda t, v, x: t._(
        "a date or time after the start {start}", D, start=v.get("start")
    ),
    "within_a_day": lambda t, v, x: t._(
        "an end at most 24 hours after the start {start}", D, start=v.get("start")
    ),
    "one_of": lambda t, v, x: _one_of(t, v),
    "only_one_of": lambda t, v, x: t._(
        "only one of {options}", D, options=_options(v.get("options", ()))
    ),
    "calog_missions": lambda t, v, x: t._(
        "a list of the basic missions CALog staff may count for: {options} (the others are "
        "police work)",
        D,
        options=_options(v.get("options", ())),
    ),
    "unit_ref": lambda t, v, x: t._(
        "a unit of staff.csv: {options}", D, options=_options(v.get("options", ()))
    ),
    "non_empty_name": lambda t, v, x: t._("a non-empty name", D),
    "time_zone": lambda t, v, x: t._("an IANA time zone such as Europe/Brussels", D),
    "divisor_of_24": lambda t, v, x: t._("a divisor of 24 (1, 2, 3, 4, 6, 8, 12)", D),
    "whole_hour": lambda t, v, x: t._("a whole hour", D),
    "known_norm": lambda t, v, x: t._("a known norm setting (see docs/data-format.md)", D),
    "legal_minimum": lambda t, v, x: t._(
        "at least the legal {legal}", D, legal=_num(t, v.get("legal"))
    ),
    "legal_share_minimum": lambda t, v, x: t._(
        "at least the legal share {legal}", D, legal=t.percent(v.get("legal"))
    ),
    "legal_inhabitants_maximum": lambda t, v, x: t._(
        "at most the legal figure of {legal} (fewer inhabitants per inspector is a higher "
        "standard)",
        D,
        legal=_num(t, v.get("legal")),
    ),
    "shift_grid": lambda t, v, x: t.n_(
        "start and end on the {n}-hour grid from grid.day_start",
        "start and end on the {n}-hour grid from grid.day_start",
        int(v.get("hours", 0)),
        D,
    ),
    "block_start": lambda t, v, x: t.n_(
        "the start of a {n}-hour block of {week}",
        "the start of a {n}-hour block of {week}",
        int(v.get("hours", 0)),
        D,
        week=v.get("week"),
    ),
    "block_multiple": lambda t, v, x: t.n_(
        "a multiple of the {n}-hour block",
        "a multiple of the {n}-hour block",
        int(v.get("hours", 0)),
        D,
    ),
    # rows and references
    "max_staff": lambda t, v, x: t.n_(
        "at most {count} staff member",
        "at most {count} staff",
        int(v.get("max", 0)),
        D,
        count=_num(t, v.get("max")),
    ),
    "one_officer": lambda t, v, x: t._("at least one officer", D),
    "pseudonymous_id": lambda t, v, x: t._("a non-empty pseudonymous id", D),
    "unique_id": lambda t, v, x: t._(
        "a unique id (already used on row {first_row})", D, first_row=v.get("first_row")
    ),
    "unique_non_empty_id": lambda t, v, x: t._("a unique, non-empty id", D),
    "unit_name": lambda t, v, x: t._("a unit name", D),
    "team_ref": lambda t, v, x: t._("a team listed in teams.csv, or empty for on_duty.csv", D),
    "unique_team": lambda t, v, x: t._("a unique, non-empty team name", D),
    "pattern_ref": lambda t, v, x: t._("a pattern listed in teams.csv", D),
    "officer_ref": lambda t, v, x: t._("an id from staff.csv", D),
    "operation_ref": lambda t, v, x: t._("an operation id from priorities.toml", D),
    "priority_ref": lambda t, v, x: t._("a priority id listed above", D),
    "priority_file_ref": lambda t, v, x: t._("a priority id of priorities.toml", D),
    "cycle_codes": lambda t, v, x: t._(
        "shift codes from zone.toml [shifts] or '-', separated by spaces", D
    ),
    "max_cycle_days": lambda t, v, x: t.n_(
        "a cycle of at most {count} day",
        "a cycle of at most {count} days",
        int(v.get("max", 0)),
        D,
        count=_num(t, v.get("max")),
    ),
    "listed_once": lambda t, v, x: t._("a priority listed once", D),
    "floor_at_most_cap": lambda t, v, x: t._(
        "at most the cap ({cap})", D, cap=t.round_hours(v.get("cap", 0))
    ),
    "floor_cap": lambda t, v, x: t._(
        "a floor at most the cap ({floor} floor, {cap} cap)",
        D,
        floor=t.round_hours(v.get("floor", 0)),
        cap=t.round_hours(v.get("cap", 0)),
    ),
    "one_window": lambda t, v, x: t._("at least one allowed window", D),
    "crew_at_most": lambda t, v, x: t.n_(
        "at most the zone's {n} operational officer",
        "at most the zone's {n} operational officers",
        int(v.get("officers", 0)),
        D,
    ),
    "qualification": lambda t, v, x: t._("a qualification code", D),
    "known_qualification": lambda t, v, x: _known_qualification(t, v),
    "in_week": lambda t, v, x: t._(
        "within {week}: {start} to {end} (operational days run from the zone's day_start)",
        D,
        week=v.get("week"),
        start=_stamp(v.get("start")),
        end=_stamp(v.get("end")),
    ),
    "scenario_name": lambda t, v, x: t._("1 to 40 letters, digits, '_' or '-'", D),
    "unique_scenario_name": lambda t, v, x: t._(
        "a name not used by another scenario of the zone", D
    ),
    "scenario_accepted": lambda t, v, x: t._("a scenario the zone accepts", D),
    # the PZS year
    "quarter_shares": lambda t, v, x: _quarter_shares(t, v),
    "target_figures": lambda t, v, x: t._(
        "a target in hours, in operations or both (hours = ..., operations = {{ ... }})",
        D,
        field="",
    ),
    "unique_target": lambda t, v, x: t._(
        "one target per priority and year ({priority} already has one for this year in "
        "target[{first}])",
        D,
        priority=v.get("priority"),
        first=v.get("first"),
    ),
    "done_value": lambda t, v, x: t._(
        "yes or no (oui/non, ja/nee, true/false, 1/0, x; empty is no), or the person-hours done",
        D,
    ),
    # uploads
    "zip_size": lambda t, v, x: t._("a zip of at most {max_mb} MB", D, max_mb=v.get("max_mb")),
    "zip_file": lambda t, v, x: t._("a valid zip file", D),
    "relative_path": lambda t, v, x: t._(
        "a relative path inside the zone folder (no '/', '..' or drive)", D
    ),
    "not_a_link": lambda t, v, x: t._("a regular file, not a symbolic link", D),
    "unencrypted": lambda t, v, x: t._("an unencrypted file (this one is encrypted)", D),
    "file_type": lambda t, v, x: t._("one of {options}", D, options=_options(v.get("options", ()))),
    "name_length": lambda t, v, x: t._(
        "names of at most {max} bytes (this one has {length} characters)",
        D,
        max=v.get("max"),
        length=v.get("length"),
    ),
    "folder_depth": lambda t, v, x: t.n_(
        "at most {n} folder level", "at most {n} folder levels", int(v.get("max", 0)), D
    ),
    "file_size": lambda t, v, x: t._("a file of at most {max_mb} MB", D, max_mb=v.get("max_mb")),
    "file_count": lambda t, v, x: t.n_(
        "at most {n} file", "at most {n} files", int(v.get("max", 0)), D
    ),
    "unique_names": lambda t, v, x: t._("each file once (two files have the same name)", D),
    "file_or_folder": lambda t, v, x: t._(
        "each name either a file or a folder (this one is both)", D
    ),
    "not_a_bomb": lambda t, v, x: t._(
        "an ordinary file (more than {bytes} bytes unpacked: this looks like a decompression bomb)",
        D,
        bytes=_num(t, v.get("bytes")),
    ),
    "zip_member": lambda t, v, x: t._("a readable zip member", D),
    "declared_size": lambda t, v, x: t._(
        "a zip member whose header states its size ({declared} bytes declared)",
        D,
        declared=_num(t, v.get("declared")),
    ),
    "path_inside": lambda t, v, x: t._("a path inside the zone folder", D),
    "storable_name": lambda t, v, x: t._("a file name this server can store", D),
    "zone_toml_in_zip": lambda t, v, x: t._(
        "zone.toml at the top of the zip or in its one folder", D
    ),
    "one_zone_per_zip": lambda t, v, x: t._("one zone folder per zip, zone.toml at its top", D),
    "zone_zip": lambda t, v, x: t._("a zone folder as a zip", D),
    # the command line
    "out_is_file": lambda t, v, x: t._(
        "a folder, or a path where one can be created ({path} is a file)", D, path=v.get("path")
    ),
    "out_not_writable": lambda t, v, x: t._(
        "a folder you can write in ({path} is not writable)", D, path=v.get("path")
    ),
    "out_own_folder": lambda t, v, x: t._(
        "a folder of its own for the output files (not the current folder or one above it)", D
    ),
    "out_files_only": lambda t, v, x: t._(
        "a folder holding only files (it holds '{name}'); the planner replaces its output files "
        "as a set",
        D,
        name=v.get("name"),
    ),
    "each_scenario_once": lambda t, v, x: t._("each scenario once", D),
    "solver_file": lambda t, v, x: t._("a TOML file with a [solver] table", D),
    "out_suffix": lambda t, v, x: t._(
        "a file name ending in one of {suffixes}", D, suffixes=v.get("suffixes")
    ),
    "out_is_folder": lambda t, v, x: t._(
        "a file, not a folder ({path} is a folder)", D, path=v.get("path")
    ),
    "report_scenarios": lambda t, v, x: t._(
        "at most {max} scenarios in one report", D, max=v.get("max")
    ),
    "pzs_year": lambda t, v, x: t._(
        "a year between {min} and {max}", D, min=v.get("min"), max=v.get("max")
    ),
    "week_of_year": lambda t, v, x: t._(
        "an ISO week of {year}, e.g. {year}-W10", D, year=v.get("year")
    ),
}

CODES = tuple(_EXPECTED)


# -- issues ---------------------------------------------------------------------------------
def expected_text(issue, lang: str) -> str:
    """What was expected, in the language: 'a number between 0 and 60' / 'un nombre entre 0
    et 60' / 'een getal tussen 0 en 60'; with who refers to the row, when others do."""
    t = Text.for_lang(lang)
    wording = _EXPECTED.get(issue.expected)
    text = issue.expected if wording is None else wording(t, issue.values, issue.value)
    if issue.values.get("referred_by"):
        text += _referred_by(t, issue.values)
    return text


def value_text(issue) -> str:
    """The value as written, cut to 60 characters."""
    v = issue.value
    return v if len(v) <= _SHOWN_CHARS else v[: _SHOWN_CHARS - 3] + "..."


def where_text(issue, lang: str) -> str:
    """'staff.csv, row 3 (line 4)', 'priorities.toml, entry 2', or the file alone."""
    t = Text.for_lang(lang)
    if issue.row is None:
        return issue.file
    if issue.file.endswith(".csv"):  # data rows count from 1; the header is line 1
        return t._(
            "{file}, row {row} (line {line})", D, file=issue.file, row=issue.row, line=issue.row + 1
        )
    # TOML: the n-th [[priority]] / [[operation]] entry
    return t._("{file}, entry {row}", D, file=issue.file, row=issue.row)


def issue_text(issue, lang: str) -> str:
    """One line naming every part: where, field, the value found and what was expected."""
    t = Text.for_lang(lang)
    where, expected = where_text(issue, lang), expected_text(issue, lang)
    if not issue.value and issue.field.startswith("("):  # about a file or a row, not a value
        return t._(
            "{where}, field '{field}': expected {expected}",
            D,
            where=where,
            field=issue.field,
            expected=expected,
        )
    # the value is shown as Python writes it: quoted, control characters escaped
    return t._(
        "{where}, field '{field}': got {value}, expected {expected}",
        D,
        where=where,
        field=issue.field,
        value=repr(value_text(issue)),
        expected=expected,
    )


def report_text(issues, lang: str) -> str:
    """Every issue, one a line, under a title that counts them (the command line's
    message on exit status 2)."""
    t = Text.for_lang(lang)
    issues = list(issues)
    lines = [t.n_("{n} problem in the inputs:", "{n} problems in the inputs:", len(issues), D)]
    lines += [f"  - {issue_text(issue, lang)}" for issue in issues]
    return "\n".join(lines)


# -- warnings -------------------------------------------------------------------------------
def _warning_values(t: Text, values: Mapping[str, float]) -> dict[str, str]:
    return {
        name: t.round_hours(x) if name.endswith("hours") else _num(t, x)
        for name, x in values.items()
    }


def warning_text(w, lang: str) -> str:
    """A planner.sanity.InputWarning in words, with where it was written (file, row)."""
    t = Text.for_lang(lang)
    v = _warning_values(t, w.values)
    raw = w.values
    s = w.subject
    if w.code == "shift_too_short":
        text = t._(
            "Shift {subject}: {hours}, shorter than the minimum of {minimum_hours} per "
            "service (PJPol).",
            D,
            subject=s,
            **v,
        )
    elif w.code == "shift_too_long":
        text = t._(
            "Shift {subject}: {hours}, longer than the maximum of {maximum_hours} per "
            'service (PJPol); an allowed exception is written {{ time = "...", '
            "exception = true }}.",
            D,
            subject=s,
            **v,
        )
    elif w.code == "rest_too_short":
        text = t.n_(
            "Team {subject}: {rest_hours} of rest between two services (day {cycle_day} "
            "of the cycle, {n} time per cycle), less than the {minimum_hours} required "
            "(PJPol).",
            "Team {subject}: {rest_hours} of rest between two services (day {cycle_day} "
            "of the cycle, {n} times per cycle), less than the {minimum_hours} required "
            "(PJPol).",
            int(raw.get("pairs", 1)),
            D,
            subject=s,
            rest_hours=v["rest_hours"],
            cycle_day=v["cycle_day"],
            minimum_hours=v["minimum_hours"],
        )
    elif w.code == "hours_in_7_days_above_max":
        text = t._(
            "Team {subject}: {hours} of services in 7 consecutive days of the cycle (from "
            "day {cycle_day}), more than the maximum of {maximum_hours} a week (PJPol).",
            D,
            subject=s,
            **v,
        )
    elif w.code == "file_not_read":
        text = t._("File {subject}: the planner does not read it.", D, subject=s)
    elif w.code == "file_not_read_near":
        text = t._(
            "File {subject}: the planner does not read it; did you mean {detail}?",
            D,
            subject=s,
            detail=w.detail,
        )
    elif w.code == "qualification_not_held":
        text = t._(
            "Qualification {subject}: asked for, but nobody in staff.csv holds it; what "
            "asks for it will not be planned.",
            D,
            subject=s,
        )
    elif w.code == "neighbourhood_inspectors_below_norm":
        text = t.n_(
            "Neighbourhood work: {n} operational officer in {subject}, the legal norm "
            "asks for {required} (1 per {inhabitants_per_inspector} inhabitants, "
            "{inhabitants} inhabitants).",
            "Neighbourhood work: {n} operational officers in {subject}, the legal norm "
            "asks for {required} (1 per {inhabitants_per_inspector} inhabitants, "
            "{inhabitants} inhabitants).",
            int(raw.get("officers", 0)),
            D,
            subject=s,
            required=v["required"],
            inhabitants_per_inspector=v["inhabitants_per_inspector"],
            inhabitants=v["inhabitants"],
        )
    elif w.code == "csv_read_as_windows_1252":
        text = t._(
            "{subject} is not UTF-8: read as Windows-1252 (first accented character on "
            "line {line}). Check names with accents; saving as 'CSV UTF-8' avoids this "
            "note.",
            D,
            subject=s,
            line=raw.get("line"),
        )
    else:
        text = w.code
    where = (
        w.file
        if w.row is None
        else t._("{file}, row {row} (line {line})", D, file=w.file, row=w.row, line=w.row + 1)
    )
    return f"{text} [{where}]"


__all__ = [
    "CODES",
    "expected_text",
    "issue_text",
    "report_text",
    "value_text",
    "warning_text",
    "where_text",
]
