"""App layer: what every screen shares — the session's state (language, zones, the chosen
zone, week and scenario), planning with progress and abandon, error panels and download
buttons. Pages call these and draw; the figures come from `planner.views`.

Per-session state only: each browser session has its own zones, uploads, saved scenarios
and edits in `st.session_state`, and its own private folder for files it writes. The only
things shared between sessions are read-only: the bundled sample zones as loaded, and the
plans cached by a fingerprint of their inputs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages import charts
from app_pages.jobs import (
    ExplainJob,
    Job,
    PlanCache,
    PlanJob,
    PlanningFailed,
    SolveTimeout,
    plan_key,
    solver_pool,
)
from app_pages.upload import UploadLimits, extract_zone_zip
from planner import ui_text, views
from planner.domain import Zone
from planner.errors import InputError, InputIssue
from planner.export import to_csv_text
from planner.results import Plan
from planner.scenario_io import working_copy
from planner.timegrid import next_iso_week, parse_week, week_label
from planner.zone_io import load_zone

log = logging.getLogger("planner.app")

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SAMPLE = "zone-demo"
UPLOAD_LIMITS = UploadLimits()
# A solve of this long is drawn as a progress panel with an abandon button; shorter ones
# would only flash it.
QUIET_WAIT_S = 0.5
FIRST_YEAR, LAST_YEAR = 2020, 2035


# -- language ----------------------------------------------------------------------------------
def lang() -> str:
    return ui_text.check_lang(st.session_state.get("lang") or ui_text.DEFAULT_LANG)


def T(key: str, **values: object) -> str:  # noqa: N802 - reads like the gettext "_"
    return ui_text.t(key, lang(), **values)


def hours(x: float, decimals: int = 1) -> str:
    return ui_text.fmt_hours(x, lang(), decimals)


# -- zones -------------------------------------------------------------------------------------
@dataclass
class ZoneEntry:
    """A zone this session can pick: a bundled sample, its session copy, or an upload."""

    key: str
    name: str  # the folder's name
    kind: str  # sample | upload
    folder: Path | None
    zone: Zone | None
    issues: list[InputIssue] = field(default_factory=list)
    private: bool = False  # folder belongs to this session and may be written

    def label(self, lang_code: str) -> str:
        title = ui_text.split_label(self.zone.settings.name, self.name, lang_code) if self.zone else self.name
        tag = ui_text.t("zone_uploaded", lang_code)
        if self.kind == "sample":
            tag = ui_text.t("zone_session_copy" if self.private else "zone_sample", lang_code)
        if self.zone is None:
            tag = ui_text.t("zone_invalid", lang_code)
        return f"{title} ({tag})"


@st.cache_resource(show_spinner=False)
def _sample_zones() -> dict[str, tuple[Path, Zone | None, list[InputIssue]]]:
    """The bundled samples, loaded once per server: zones are frozen data, never changed in
    place (edits make new zones with dataclasses.replace)."""
    out: dict[str, tuple[Path, Zone | None, list[InputIssue]]] = {}
    for folder in sorted(p for p in SAMPLES_DIR.iterdir() if (p / "zone.toml").is_file()):
        try:
            out[folder.name] = (folder, load_zone(folder), [])
        except InputError as exc:
            out[folder.name] = (folder, None, exc.issues)
    return out


@st.cache_resource(show_spinner=False)
def plan_cache() -> PlanCache:
    """Plans of every session, bounded in bytes (PLANNER_CACHE_MB)."""
    return PlanCache()


def session_dir() -> Path:
    """This session's private folder. The TemporaryDirectory object lives in the session
    state, so the folder is removed when the session ends and its state is dropped."""
    holder = st.session_state.get("_workdir")
    if holder is None:
        holder = tempfile.TemporaryDirectory(prefix="planner-session-")
        st.session_state["_workdir"] = holder
    return Path(holder.name)


def zone_entries() -> dict[str, ZoneEntry]:
    """Samples first, then this session's own zones (a session copy replaces its sample)."""
    own: dict[str, ZoneEntry] = st.session_state.setdefault("_zones", {})
    entries = {}
    for name, (folder, zone, issues) in _sample_zones().items():
        key = f"sample:{name}"
        entries[key] = own.get(key) or ZoneEntry(key, name, "sample", folder, zone, list(issues))
    entries.update({k: e for k, e in own.items() if k not in entries})
    return entries


def set_own_entry(entry: ZoneEntry) -> None:
    st.session_state.setdefault("_zones", {})[entry.key] = entry


def private_entry(entry: ZoneEntry) -> ZoneEntry:
    """The entry with a folder this session may write: a sample is copied first, so that
    saving never changes the bundled files nor what other sessions see."""
    if entry.private or entry.folder is None:
        return entry
    copy = working_copy(entry.folder, session_dir() / f"copy-{entry.name}")
    own = ZoneEntry(entry.key, entry.name, entry.kind, copy, load_zone(copy), private=True)
    set_own_entry(own)
    return own


def on_upload() -> None:
    """Callback of the uploader: unpack safely, validate, and select the zone (valid or not,
    so its errors are shown at once)."""
    uploaded = st.session_state.get("upload")
    if uploaded is None:
        return
    data = uploaded.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:12]
    key = f"upload:{digest}"
    if key not in st.session_state.setdefault("_zones", {}):
        name = Path(uploaded.name).stem or "zone"
        dest = session_dir() / f"upload-{digest}"
        entry = ZoneEntry(key, name, "upload", None, None, private=True)
        try:
            folder = extract_zone_zip(data, dest, uploaded.name, UPLOAD_LIMITS)
            entry.folder = folder
            entry.name = folder.name if folder != dest else name
            entry.zone = load_zone(folder)
        except InputError as exc:
            entry.issues = exc.issues
        except Exception as exc:  # an unreadable upload is an input problem for the user
            log.exception("upload %s", uploaded.name)
            entry.issues = [InputIssue(uploaded.name, None, "(zip)", type(exc).__name__, "zone_zip")]
        set_own_entry(entry)
    st.session_state["zone_key"] = key


# -- weeks --------------------------------------------------------------------------------------
@st.cache_data(show_spinner=False)
def all_weeks() -> list[str]:
    weeks = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        last = dt.date(year, 12, 28).isocalendar()[1]
        weeks += [week_label(year, w) for w in range(1, last + 1)]
    return weeks


def default_week(zone: Zone | None) -> str:
    """The zone's first dated week from next week on (or its last one), else next week:
    the demo opens on 2026-W49, where its absences and HyCap requests are."""
    upcoming = next_iso_week(dt.date.today())
    dated = sorted(zone.weeks) if zone else []
    if dated:
        later = [w for w in dated if w >= upcoming]
        return later[0] if later else dated[-1]
    return upcoming


def week_text(week: str, zone: Zone | None, lang_code: str) -> str:
    year, number = parse_week(week)
    monday = dt.date.fromisocalendar(year, number, 1)
    sunday = monday + dt.timedelta(days=6)
    mark = f" · {ui_text.t('week_dated', lang_code)}" if zone and week in zone.weeks else ""
    return f"{week} · {monday:%d/%m}–{sunday:%d/%m/%Y}{mark}"


# -- the current selection ------------------------------------------------------------------------
@dataclass
class Context:
    entry: ZoneEntry
    zone: Zone
    week: str
    scenario: str


def current_entry() -> ZoneEntry:
    entries = zone_entries()
    key = st.session_state.get("zone_key")
    if key not in entries:
        key = f"sample:{DEFAULT_SAMPLE}" if f"sample:{DEFAULT_SAMPLE}" in entries else next(iter(entries))
    return entries[key]


def context() -> Context:
    """The zone, week and scenario picked in the sidebar. An invalid zone shows its errors
    and stops the page: nothing is planned from invalid data."""
    entry = current_entry()
    if entry.zone is None:
        show_issues(entry.issues)
        st.stop()
    week = st.session_state.get("week") or default_week(entry.zone)
    scenario = st.session_state.get("scenario") or "baseline"
    if scenario not in entry.zone.scenarios:
        scenario = "baseline"
    return Context(entry, entry.zone, week, scenario)


def sticky(key: str, default: object) -> None:
    """Give a keyed widget its value through the session state on every run.

    The browser shows a selection by its label; when the language changes, the labels do
    too, and a widget that merely kept its value would go on showing the old words. Setting
    the value again makes Streamlit send it with the new labels. Widgets that use this take
    no default of their own."""
    st.session_state[key] = st.session_state.get(key, default)


def scenario_names(zone: Zone) -> list[str]:
    return list(zone.scenarios)


def scenario_text(zone: Zone, name: str, lang_code: str | None = None) -> str:
    title = views.scenario_title(zone, name, lang_code or lang())
    return title if title == name else f"{title} ({name})"


# -- planning -----------------------------------------------------------------------------------
def get_plans(zone: Zone, week: str, scenarios: list[str], what: str) -> list[Plan] | None:
    """Plans of `scenarios` for `week`, from the cache or solved in child processes (in
    parallel). A solve longer than a moment shows a progress panel with an abandon button;
    abandoning, or changing any input meanwhile, ends the child processes. Returns None when
    the user abandoned (the page then shows what it can without the plan)."""
    cache = plan_cache()
    keys = [plan_key(zone, week, s) for s in scenarios]
    plans: dict[str, Plan | None] = {k: cache.get(k) for k in keys}
    missing = {k: s for k, s in zip(keys, scenarios, strict=True) if plans[k] is None}
    if not missing:
        st.session_state["_last_solve"] = (0.0, True)
        return [plans[k] for k in keys]  # type: ignore[misc]
    abandoned: set[str] = st.session_state.setdefault("_abandoned", set())
    again = f"again-{'-'.join(sorted(missing))[:40]}"
    if _stopped_before(set(missing), abandoned, again):
        return None
    jobs = {k: PlanJob(zone, week, s) for k, s in missing.items()}
    try:
        _wait(jobs, what, abandoned)
        for k, job in jobs.items():
            plan = job.result()
            cache.put(k, plan, job.result_bytes)
            plans[k] = plan
    except SolveTimeout as exc:
        _timed_out(set(missing), exc, again)
        return None
    finally:
        # Also reached when Streamlit stops this run (abandon, or a newer input): the
        # children must not go on using the processors for a plan nobody will see.
        for job in jobs.values():
            job.cancel()
    st.session_state["_last_solve"] = (max(j.elapsed_s for j in jobs.values()), False)
    return [plans[k] for k in keys]  # type: ignore[misc]


def _stopped_before(keys: set[str], abandoned: set[str], button_key: str) -> bool:
    """Say so, with a button to start again, when these plans were abandoned or ran out of
    time in this session: they are not started again on their own."""
    timed_out: dict[str, float] = st.session_state.setdefault("_timed_out", {})
    late = keys & set(timed_out)
    if not (abandoned & keys or late):
        return False
    if late:
        st.error(T("plan_timeout", s=f"{max(timed_out[k] for k in late):g}"), icon=":material/timer_off:")
    else:
        st.info(T("abandoned"))
    if st.button(T("plan_again"), key=button_key):
        abandoned.difference_update(keys)
        for k in keys:
            timed_out.pop(k, None)
        st.rerun()
    return True


def _timed_out(keys: set[str], exc: SolveTimeout, button_key: str) -> None:
    """A solve past the server's time limit: its processes are ended; say so, with the
    button that `_stopped_before` answers on the next run."""
    timed_out: dict[str, float] = st.session_state.setdefault("_timed_out", {})
    timed_out.update(dict.fromkeys(keys, exc.limit_s))
    st.error(T("plan_timeout", s=f"{exc.limit_s:g}"), icon=":material/timer_off:")
    st.button(T("plan_again"), key=button_key)


def _progress_text(jobs: dict[str, Job]) -> str:
    """Time elapsed, and the place in the server's queue of a job still waiting."""
    places = [j.position for j in jobs.values() if j.position > 0]
    queued = T("queued", pos=ui_text.fmt_ordinal(min(places), lang())) if places else ""
    if all(j.started is None for j in jobs.values()):
        return queued
    elapsed = T("planning_elapsed", s=f"{max(j.elapsed_s for j in jobs.values()):.0f}")
    return f"{elapsed} · {queued}" if queued else elapsed


def _wait(jobs: dict[str, Job], what: str, abandoned: set[str]) -> None:
    deadline = time.monotonic() + QUIET_WAIT_S
    while time.monotonic() < deadline:
        if all(j.done(0.05) for j in jobs.values()):
            return
    panel = st.empty()
    with panel.container(border=True):
        st.markdown(f"**{T('planning', what=what)}**")
        bar = st.progress(0.0)
        st.button(T("abandon"), key="abandon", icon=":material/stop_circle:",
                  on_click=lambda: abandoned.update(jobs))
        queue_note = st.empty()
    expected = st.session_state.get("_expected_s", 3.0)
    while not all(j.done(0.0) for j in jobs.values()):
        elapsed = max(j.elapsed_s for j in jobs.values())
        # The solver gives no progress; the bar follows the time a solve usually takes and
        # never reaches the end on its own.
        fill = 1.0 - 0.9 ** (10 * elapsed / max(expected, 0.5))
        bar.progress(min(fill, 0.97), text=_progress_text(jobs))
        if any(j.position > 0 for j in jobs.values()):
            queue_note.caption(T("queued_help", n=solver_pool().max_solvers))
        else:
            queue_note.empty()
        pending = [j for j in jobs.values() if not j.done(0.0)]
        if pending:
            pending[0].done(0.25)
    st.session_state["_expected_s"] = max(j.elapsed_s for j in jobs.values())
    panel.empty()


@st.cache_resource
def explanation_cache() -> PlanCache:
    """Explanations by the key of the plan they explain (any object fits this LRU)."""
    return PlanCache(max_plans=32)


def get_explanation(zone: Zone, week: str, scenario: str, plan: Plan):
    """The plan's explanation, from the cache or made in a child process with the same
    progress panel and abandon button as a solve; None when abandoned."""
    cache = explanation_cache()
    key = "why-" + plan_key(zone, week, scenario)
    found = cache.get(key)
    if found is not None:
        return found
    abandoned: set[str] = st.session_state.setdefault("_abandoned", set())
    if _stopped_before({key}, abandoned, f"again-{key[:40]}"):
        return None
    jobs = {key: ExplainJob(plan)}
    expected = st.session_state.get("_expected_s")
    try:
        st.session_state["_expected_s"] = 20.0  # what-ifs take longer than a solve
        _wait(jobs, T("why_running"), abandoned)  # type: ignore[arg-type]
        expl = jobs[key].explanation()
        cache.put(key, expl, jobs[key].result_bytes)
    except SolveTimeout as exc:
        _timed_out({key}, exc, f"again-{key[:40]}")
        return None
    finally:
        jobs[key].cancel()
        if expected is not None:
            st.session_state["_expected_s"] = expected
    return expl


def plan_or_stop(ctx: Context, scenario: str | None = None, zone: Zone | None = None) -> Plan:
    """The plan of the context's week, or stop the page (abandoned: message shown)."""
    name = scenario or ctx.scenario
    plans = get_plans(zone or ctx.zone, ctx.week, [name], views.scenario_title(zone or ctx.zone, name, lang()))
    if plans is None:
        st.stop()
    return plans[0]


def solve_caption() -> None:
    seconds, cached = st.session_state.get("_last_solve", (0.0, True))
    text = T("from_cache") if cached else T("planned_in", s=ui_text.fmt_number(seconds, lang(), 1))
    st.caption(text)


# -- errors ------------------------------------------------------------------------------------
def show_issues(issues: list[InputIssue]) -> None:
    st.error(T("errors_title", n=len(issues)), icon=":material/block:")
    st.dataframe(views.issues_table(issues, lang()), hide_index=True, width="stretch")
    st.caption(T("errors_hint"))


def show_unexpected(exc: BaseException) -> None:
    """Log the traceback on the server; the user gets a sentence, never a traceback."""
    log.error("unexpected error in a page", exc_info=exc)
    st.error(T("unexpected_error", kind=type(exc).__name__), icon=":material/error:")


def run_page_safely(page) -> None:  # page: StreamlitPage
    try:
        page.run()
    except InputError as exc:
        show_issues(exc.issues)
    except PlanningFailed as exc:
        st.error(T("plan_failed", reason=str(exc)), icon=":material/error:")
    except Exception as exc:
        show_unexpected(exc)


# -- downloads ---------------------------------------------------------------------------------
def downloads(df: pd.DataFrame, filename: str, key: str) -> None:
    """Two buttons under a table: the CSV and its Excel-friendly variant."""
    stem = filename.removesuffix(".csv")
    row = st.container(horizontal=True, gap="small")
    row.download_button(T("download_csv", name=filename), to_csv_text(df), file_name=filename,
                         mime="text/csv", key=f"dl-{key}", icon=":material/download:", on_click="ignore")
    row.download_button(T("download_excel", name=filename), to_csv_text(df, excel=True).encode("utf-8"),
                          file_name=f"{stem}-excel.csv", mime="text/csv", key=f"dlx-{key}",
                          icon=":material/download:", on_click="ignore")


def chart(spec) -> None:  # spec: an Altair chart
    st.altair_chart(charts.localised(spec, lang()), width="stretch")


def table(df: pd.DataFrame, **kwargs: object) -> None:
    """A table with every row visible when it is short (no inner scroll for a few rows)."""
    if "height" not in kwargs and len(df) <= 25:
        kwargs["height"] = 35 * (len(df) + 1) + 3
    st.dataframe(df, hide_index=True, width="stretch", **kwargs)
