"""App layer: validate and send. "Validate the week" freezes the plan shown, with who, when,
the scenario and a note, in the store (planner.store); the week's validated plans can be
downloaded again later, byte for byte as they were issued."""

from __future__ import annotations

import streamlit as st

from app_pages import language
from app_pages.language import _
from planner.export import export_files
from planner.results import Plan
from planner.store import Store, fingerprint


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """One store per server (SQLite in the data folder unless PLANNER_DATABASE_URL is set)."""
    return Store.open()


def zone_key(ctx) -> str:
    return ctx.entry.name


def validate_section(ctx, plan: Plan) -> None:
    """The form to validate this week's plan, and the week's validated plans."""
    db = store()
    key = zone_key(ctx)
    with st.expander(_("Validate and send"), icon=":material/verified:"):
        with st.form("validate"):
            who = st.text_input(
                _("Your name"), value=st.session_state.get("_who", ""), key="validator_name"
            )
            note = st.text_area(_("Note for the record"), key="validation_note")
            sent = st.form_submit_button(_("Validate the week"), type="primary")
        if sent:
            if not who.strip():
                st.error(_("Type your name: a validation records who made it."))
            else:
                st.session_state["_who"] = who.strip()
                inputs = fingerprint(ctx.entry.folder, ctx.week, ctx.scenario)
                db.validate(
                    key, ctx.week, ctx.scenario, inputs, export_files(plan), who.strip(), note
                )
                st.success(_("Week {week} validated.", week=ctx.week))
        done = db.validations(key, ctx.week)
        if not done:
            st.caption(_("No plan of this week has been validated yet."))
        t = language.text()
        for v in done:
            when = t.moment(v.validated_at)
            st.markdown(
                _(
                    "**{week}**, scenario {scenario}: validated by {who}, {when}.",
                    week=v.week,
                    scenario=v.scenario,
                    who=v.validated_by,
                    when=when,
                )
                + (f"  \n> {v.note}" if v.note else "")
            )
            files = db.issued_files(v.id)
            st.download_button(
                _("plan.csv as sent"),
                files["plan.csv"],
                file_name=f"plan-{v.week}-{v.id}.csv",
                mime="text/csv",
                key=f"dl-validated-{v.id}",
                icon=":material/download:",
                on_click="ignore",
            )
