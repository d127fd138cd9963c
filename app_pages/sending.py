"""App layer: validate and send. "Validate the week" freezes the plan shown, with who, when,
the scenario and a note, in the store (planner.store); the week's validated plans can be
downloaded again later, byte for byte as they were issued, and set against the plan as it
is now. The week is also set against the week before.

Who: the identity of the login when the server has one configured (Streamlit's [auth]
settings, `st.user`), else a name typed once per session."""

from __future__ import annotations

import streamlit as st

from app_pages import language, planning, widgets
from app_pages.language import _
from planner import views
from planner.export import LineChanges, compare_plan_lines, export_files
from planner.results import Plan
from planner.store import Store, fingerprint
from planner.text import labels as L
from planner.timegrid import shift_week


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """One store per server (SQLite in the data folder unless PLANNER_DATABASE_URL is set)."""
    return Store.open()


def zone_key(ctx) -> str:
    return ctx.entry.name


def login_identity() -> str | None:
    """The logged-in user's name (or e-mail) when the server has a login configured."""
    try:
        if not st.user.is_logged_in:
            return None
    except (AttributeError, KeyError):  # no login configured on this server
        return None
    return str(st.user.get("name") or st.user.get("email") or "") or None


def who_input(key: str) -> str:
    """Who is acting: the login's identity, else a name typed once per session."""
    identity = login_identity()
    if identity:
        st.caption(_("Signed in as {who}.", who=identity))
        return identity
    return st.text_input(_("Your name"), value=st.session_state.get("_who", ""), key=key)


def validate_section(ctx, plan: Plan) -> None:
    """The form to validate this week's plan, and the week's validated plans."""
    db = store()
    key = zone_key(ctx)
    # keyed: it stays open over the reruns that validating and planning cause
    with st.expander(_("Validate and send"), icon=":material/verified:", key="validate-open"):
        with st.form("validate"):
            who = who_input("validator_name")
            note = st.text_area(_("Note for the record"), key="validation_note")
            sent = st.form_submit_button(_("Validate the week"), type="primary")
        if sent:
            if not who.strip():  # only a typed name can be empty
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
        now_files = export_files(plan) if done else {}
        inputs_now = fingerprint(ctx.entry.folder, ctx.week, ctx.scenario) if done else ""
        for v in done:
            when = t.moment(v.validated_at)
            st.markdown(
                _(
                    "**{week}**, scenario {scenario}: validated by {who}, {when}.",
                    week=v.week,
                    scenario=L.scenario_name(t, ctx.zone, v.scenario),
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
            if v.scenario == ctx.scenario:
                _against_now(
                    ctx,
                    compare_plan_lines(files["plan.csv"], now_files["plan.csv"]),
                    same_inputs=v.fingerprint == inputs_now,
                )
    _against_last_week(ctx, plan)


def _against_now(ctx, changes: LineChanges, same_inputs: bool) -> None:
    """A validated plan against the plan as re-planned now, line by line."""
    if changes.same:
        st.success(
            _("Re-planned now: the same plan.csv, line for line.")
            + (" " + _("The inputs have not changed since.") if same_inputs else ""),
            icon=":material/check:",
        )
        return
    st.warning(
        (_("The inputs changed since this validation.") + " " if not same_inputs else "")
        + _(
            "Re-planned now: {kept} lines the same, {added} added, {removed} removed, {changed} changed.",
            kept=changes.kept,
            added=len(changes.added),
            removed=len(changes.removed),
            changed=len(changes.changed),
        ),
        icon=":material/difference:",
    )
    widgets.table(views.line_changes_table(changes, ctx.zone, language.lang()))


def _against_last_week(ctx, plan: Plan) -> None:
    """This week's key figures against last week's, same scenario."""
    last_week = shift_week(ctx.week, -1)
    with st.expander(
        _("This week against last week ({week})", week=last_week),
        icon=":material/history:",
        key=f"vs-last-open-{ctx.week}",
    ):
        if not st.toggle(_("Compare with last week"), key=f"vs-last-{ctx.week}"):
            return
        got = planning.get_plans(ctx.zone, last_week, [ctx.scenario], last_week)
        if got is None:
            return
        widgets.table(views.weeks_side_by_side(plan, got[0], language.lang()))
