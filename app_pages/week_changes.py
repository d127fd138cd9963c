"""This week's changes: absences (a sick officer, a court date), HyCap requests or other
commitments and pinned operations of the week, and the staff list (an arrival, a departure,
a new qualification), entered in tables. They are checked by the zone's own file reader,
with the same messages as files, kept in the store (planner.store) so that they are there
after a restart, and planned at once."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from app_pages import language, sending, widgets, zones
from app_pages.language import _
from planner.domain import ABSENCE_TYPES, CALOG_GRADES, COMMITMENT_TYPES, OPERATIONAL_GRADES
from planner.errors import InputError
from planner.scenario_io import write_zone_files
from planner.store import week_path
from planner.text import labels as L

TABLES = {
    "absences.csv": ("officer", "type", "start", "end"),
    "commitments.csv": ("id", "type", "start", "end", "officers", "qualification", "label"),
    "pinned.csv": ("operation", "start", "note"),
    "staff.csv": ("id", "unit", "team", "grade", "contract_hours", "qualifications"),
}
ZONE_WIDE = ("staff.csv",)  # the zone's own files (every week); the others are the week's
LISTS = ("qualifications",)  # columns holding several codes, separated by ';'

lang = language.lang()
ctx = zones.context()
# the columns of the folder's files, in words (docs/data-format.md names them)
HEADERS = {
    "officer": _("Officer"),
    "type": _("Type"),
    "start": _("Start"),
    "end": _("End"),
    "id": _("Reference"),
    "officers": _("Officers"),
    "qualification": _("Qualification"),
    "label": _("Label"),
    "operation": _("Operation"),
    "note": _("Note"),
    "unit": _("Unit"),
    "team": _("Team"),
    "grade": _("Grade"),
    "contract_hours": _("Contract hours"),
    "qualifications": _("Qualifications"),
}
st.title(_("This week's changes") + f" · {ctx.week}")
st.caption(
    _(
        "Absences, HyCap requests and pinned operations of the week, and the staff list, as in the zone folder's files (dates YYYY-MM-DD, instants YYYY-MM-DDTHH:MM). They are checked like the files, kept, and planned at once."
    )
)


def _known_qualifications() -> list[str]:
    return sorted(
        {q for o in ctx.zone.officers for q in o.qualifications}
        | set(ctx.zone.settings.qualifications)
    )


def _words(name: str) -> dict[str, dict[str, str]]:
    """Per column chosen from a list, the file's codes and their words in this language."""
    t = language.text()
    if name == "absences.csv":
        return {"type": {c: L.absence_type(t, c) for c in ABSENCE_TYPES}}
    if name == "pinned.csv":
        return {"operation": {o.id: L.data_label(t, o) for o in ctx.zone.operations}}
    qualifications = {q: L.qualification(t, q) for q in _known_qualifications()}
    if name == "staff.csv":
        units = sorted({o.unit for o in ctx.zone.officers})
        return {
            "unit": {u: L.unit(t, u) for u in units},
            "grade": {g: L.grade(t, g) for g in OPERATIONAL_GRADES + CALOG_GRADES},
            "qualifications": qualifications,
        }
    return {
        "type": {c: L.commitment_type(t, c) for c in COMMITMENT_TYPES},
        "qualification": qualifications,
    }


def _path(name: str) -> str:
    return name if name in ZONE_WIDE else week_path(ctx.week, name)


def _to_words(column: str, words: dict[str, str]):
    if column in LISTS:
        return lambda c: ", ".join(words.get(x, x) for x in c.split(";") if x)
    return lambda c: words.get(c, c)


def _to_codes(column: str, words: dict[str, str]):
    codes = {word: code for code, word in words.items()}
    if column in LISTS:
        return lambda w: ";".join(
            codes.get(x.strip(), x.strip()) for x in w.split(",") if x.strip()
        )
    return lambda w: codes.get(w, w)


def _rows(name: str) -> pd.DataFrame:
    """The week's file as shown: codes of listed columns in words."""
    path = ctx.entry.folder / _path(name) if ctx.entry.folder else None
    if path is None or not path.is_file():
        return pd.DataFrame(columns=list(TABLES[name]), dtype=str)
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table = table.reindex(columns=list(TABLES[name]), fill_value="")
    for column, words in _words(name).items():
        table[column] = table[column].map(_to_words(column, words))
    return table


def _csv(table: pd.DataFrame, name: str) -> str:
    """The edited table as the file's text: words back to codes (anything else is left for
    the reader to refuse with its message)."""
    table = table.reindex(columns=list(TABLES[name])).fillna("").astype(str)
    for column, words in _words(name).items():
        table[column] = table[column].map(_to_codes(column, words))
    table = table[(table.map(str.strip) != "").any(axis=1)]  # rows left empty are dropped
    buf = io.StringIO()
    table.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def _columns(name: str) -> dict[str, object]:
    config = {c: st.column_config.TextColumn(HEADERS[c]) for c in TABLES[name]}
    for column, words in _words(name).items():
        if column in LISTS:  # several, in words: the help names them
            config[column] = st.column_config.TextColumn(
                HEADERS[column],
                help=_("Separated by commas: {names}", names=", ".join(words.values())),
            )
            continue
        config[column] = st.column_config.SelectboxColumn(
            HEADERS[column],
            options=list(words.values()),
            required=column in ("type", "operation", "grade"),
        )
    return config


edited = {}
TITLES = {
    "absences.csv": _("Absences"),
    "commitments.csv": _("HyCap requests and other commitments"),
    "pinned.csv": _("Pinned operations"),
    "staff.csv": _("Staff (every week)"),
}
for name in ("absences.csv", "commitments.csv", "pinned.csv"):
    title = TITLES[name]
    st.subheader(title)
    edited[name] = st.data_editor(
        _rows(name),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"changes-{ctx.entry.key}-{ctx.week}-{name}",
        column_config=_columns(name),
    )
with st.expander(TITLES["staff.csv"], icon=":material/badge:"):
    st.caption(
        _(
            "An arrival, a departure or a new qualification: the staff list is the zone's, so a change here holds for every week."
        )
    )
    edited["staff.csv"] = st.data_editor(
        _rows("staff.csv"),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"changes-{ctx.entry.key}-staff.csv",
        column_config=_columns("staff.csv"),
    )

who = sending.who_input("changes_who")
if st.button(_("Save and plan"), type="primary", icon=":material/save:", key="changes_save"):
    if not who.strip():
        st.error(_("Type your name: a validation records who made it."))
        st.stop()
    st.session_state["_who"] = who.strip()
    entry = zones.private_entry(ctx.entry)
    texts = {_path(n): _csv(t, n) for n, t in edited.items()}
    before = {
        p: (entry.folder / p).read_text(encoding="utf-8")
        for p in texts
        if (entry.folder / p).is_file()
    }
    texts = {p: text for p, text in texts.items() if text != before.get(p, "")}
    try:
        zone = write_zone_files(entry.folder, texts)
    except InputError as exc:  # nothing kept; the problems with file, row and field
        widgets.show_issues(exc.issues)
        st.stop()
    db = sending.store()
    for path, text in texts.items():
        db.put_file(sending.zone_key(ctx), path, text, who.strip(), ctx.week)
    entry.zone = zone
    zones.set_own_entry(entry)
    st.session_state["_changes_saved"] = ctx.week
    st.switch_page("app_pages/week_plan.py")

log = sending.store().decisions(sending.zone_key(ctx), ctx.week)
if log:
    st.subheader(_("Log of the week"))
    t = language.text()
    actions = {
        "file_changed": _("changed"),
        "file_reset": _("reset to the zone's file"),
        "validated": _("plan validated"),
    }
    st.dataframe(
        pd.DataFrame(
            [
                (
                    t.moment(d.decided_at),
                    d.decided_by,
                    actions.get(d.action, d.action),
                    # a file by its table's title; a validation by its scenario
                    zones.scenario_text(ctx.zone, d.subject)
                    if d.action == "validated"
                    else TITLES.get(d.subject.rsplit("/", 1)[-1], d.subject),
                    d.note,
                )
                for d in log
            ],
            columns=[_("When"), _("Who"), _("What"), _("Subject"), _("Note")],
        ),
        hide_index=True,
        width="stretch",
    )
