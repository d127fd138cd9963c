"""This week's changes: absences (a sick officer, a court date) and HyCap requests or other
commitments, entered in tables. They are checked by the zone's own file reader, with the
same messages as files, kept in the store (planner.store) so that they are there after a
restart, and planned at once."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from app_pages import language, sending, widgets, zones
from app_pages.language import _
from planner.domain import ABSENCE_TYPES, COMMITMENT_TYPES
from planner.errors import InputError
from planner.scenario_io import write_zone_files
from planner.store import week_path
from planner.text import labels as L

TABLES = {
    "absences.csv": ("officer", "type", "start", "end"),
    "commitments.csv": ("id", "type", "start", "end", "officers", "qualification", "label"),
}

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
}
st.title(_("This week's changes") + f" · {ctx.week}")
st.caption(
    _(
        "Absences and HyCap requests of the week, as in the zone folder's files (dates YYYY-MM-DD, instants YYYY-MM-DDTHH:MM). They are checked like the files, kept, and planned at once."
    )
)


def _words(name: str) -> dict[str, dict[str, str]]:
    """Per column chosen from a list, the file's codes and their words in this language."""
    t = language.text()
    if name == "absences.csv":
        return {"type": {c: L.absence_type(t, c) for c in ABSENCE_TYPES}}
    known = sorted(
        {q for o in ctx.zone.officers for q in o.qualifications}
        | set(ctx.zone.settings.qualifications)
    )
    return {
        "type": {c: L.commitment_type(t, c) for c in COMMITMENT_TYPES},
        "qualification": {q: L.qualification(t, q) for q in known},
    }


def _rows(name: str) -> pd.DataFrame:
    """The week's file as shown: codes of listed columns in words."""
    path = ctx.entry.folder / week_path(ctx.week, name) if ctx.entry.folder else None
    if path is None or not path.is_file():
        return pd.DataFrame(columns=list(TABLES[name]), dtype=str)
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table = table.reindex(columns=list(TABLES[name]), fill_value="")
    for column, words in _words(name).items():
        table[column] = table[column].map(lambda c, w=words: w.get(c, c))
    return table


def _csv(table: pd.DataFrame, name: str) -> str:
    """The edited table as the file's text: words back to codes (anything else is left for
    the reader to refuse with its message)."""
    table = table.reindex(columns=list(TABLES[name])).fillna("").astype(str)
    for column, words in _words(name).items():
        codes = {word: code for code, word in words.items()}
        table[column] = table[column].map(lambda w, c=codes: c.get(w, w))
    table = table[(table.map(str.strip) != "").any(axis=1)]  # rows left empty are dropped
    buf = io.StringIO()
    table.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def _columns(name: str) -> dict[str, object]:
    config = {c: st.column_config.TextColumn(HEADERS[c]) for c in TABLES[name]}
    for column, words in _words(name).items():
        config[column] = st.column_config.SelectboxColumn(
            HEADERS[column],
            options=list(words.values()),
            required=column == "type",
        )
    return config


edited = {}
for name, title in (
    ("absences.csv", _("Absences")),
    ("commitments.csv", _("HyCap requests and other commitments")),
):
    st.subheader(title)
    edited[name] = st.data_editor(
        _rows(name),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        key=f"changes-{ctx.entry.key}-{ctx.week}-{name}",
        column_config=_columns(name),
    )

who = st.text_input(_("Your name"), value=st.session_state.get("_who", ""), key="changes_who")
if st.button(_("Save and plan"), type="primary", icon=":material/save:", key="changes_save"):
    if not who.strip():
        st.error(_("Type your name: a validation records who made it."))
        st.stop()
    st.session_state["_who"] = who.strip()
    entry = zones.private_entry(ctx.entry)
    texts = {week_path(ctx.week, n): _csv(t, n) for n, t in edited.items()}
    before = {
        p: (entry.folder / p).read_text(encoding="utf-8")
        for p in texts
        if (entry.folder / p).is_file()
    }
    try:
        zone = write_zone_files(entry.folder, texts)
    except InputError as exc:  # nothing kept; the problems with file, row and field
        widgets.show_issues(exc.issues)
        st.stop()
    db = sending.store()
    for path, text in texts.items():
        if text != before.get(path, ""):
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
                    d.subject,
                    d.note,
                )
                for d in log
            ],
            columns=[_("When"), _("Who"), _("What"), _("Subject"), _("Note")],
        ),
        hide_index=True,
        width="stretch",
    )
