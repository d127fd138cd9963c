"""App layer: the session's state and pickers: the zones it can pick (bundled samples,
their session copies, uploads), the weeks, and the current zone, week and scenario.

Per-session state only: each browser session has its own zones, uploads, saved scenarios
and edits in `st.session_state`, and its own private folder for files it writes. The only
things shared between sessions are read-only: the bundled sample zones as loaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from app_pages.language import _, lang
from app_pages.upload import UploadLimits, extract_zone_zip
from app_pages.widgets import show_issues
from planner.domain import Zone
from planner.errors import InputError, InputIssue
from planner.scenario_io import working_copy
from planner.text import DEFAULT_LANG, LANGS, Text
from planner.text import labels as L
from planner.timegrid import next_iso_week, parse_week, week_label
from planner.zone_io import load_zone

log = logging.getLogger("planner.app")

SAMPLES_DIR = Path(__file__).resolve().parent.parent / "data"
DEFAULT_SAMPLE = "zone-demo"
UPLOAD_LIMITS = UploadLimits()
FIRST_YEAR, LAST_YEAR = 2020, 2035


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
        t = Text.for_lang(lang_code)
        title = L.split_label(t, self.zone.settings.name, self.name) if self.zone else self.name
        tag = t._("uploaded")
        if self.kind == "sample":
            tag = t._("sample, this session's copy") if self.private else t._("sample")
        if self.zone is None:
            tag = t._("invalid")
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
        entries[key] = own.get(key) or _stored_entry(
            ZoneEntry(key, name, "sample", folder, zone, list(issues))
        )
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


def _stored_entry(entry: ZoneEntry) -> ZoneEntry:
    """A sample with the files entered in the app (kept in the store) laid over it, in this
    session's copy; the sample itself when the store has none for it."""
    from app_pages.sending import store

    db = store()
    if entry.zone is None or not db.files(entry.name):
        return entry
    copy = db.overlay(entry.name, entry.folder, session_dir() / "stored" / entry.name)
    try:
        own = ZoneEntry(entry.key, entry.name, entry.kind, copy, load_zone(copy), private=True)
    except InputError as exc:  # a stored file the zone no longer accepts: say which
        own = ZoneEntry(entry.key, entry.name, entry.kind, copy, None, exc.issues, private=True)
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
            entry.issues = [
                InputIssue(uploaded.name, None, "(zip)", type(exc).__name__, "zone_zip")
            ]
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
    mark = " · " + Text.for_lang(lang_code)._("dated inputs") if zone and week in zone.weeks else ""
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
        key = (
            f"sample:{DEFAULT_SAMPLE}"
            if f"sample:{DEFAULT_SAMPLE}" in entries
            else next(iter(entries))
        )
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
    return L.scenario_name(Text.for_lang(lang_code or lang()), zone, name)


def _step_week(weeks: list[str], step: int) -> None:
    """Previous / next week: a callback, so the week picker shows the new week at once."""
    here = weeks.index(st.session_state["week"])
    st.session_state["week"] = weeks[min(max(here + step, 0), len(weeks) - 1)]


# -- the sidebar ---------------------------------------------------------------------------------
def sidebar() -> None:
    """The language, zone, week and scenario shared by every screen."""
    # A page that saved a scenario asks for it to be selected; widgets are set before drawing.
    if "_select_scenario" in st.session_state:
        st.session_state["scenario"] = st.session_state.pop("_select_scenario")
    if "_select_week" in st.session_state:
        st.session_state["week"] = st.session_state.pop("_select_week")

    with st.sidebar:
        st.segmented_control(
            "Langue · Taal · Language",
            LANGS,
            default=DEFAULT_LANG,
            required=True,
            key="lang",
            format_func=str.upper,
        )
        # Widgets' labels are fixed for this run: a later language change redraws them all.
        lang_code = lang()
        st.markdown("### " + _("Capacity planning"))
        st.caption(_("Basic functionalities first, then the zonal security plan's priorities"))

        entries = zone_entries()
        entry = current_entry()
        st.session_state["zone_key"] = entry.key
        st.selectbox(
            _("Police zone"),
            list(entries),
            key="zone_key",
            format_func=lambda k, lang=lang_code: entries[k].label(lang),
        )
        with st.expander(_("Upload a zone folder (zip)"), icon=":material/upload_file:"):
            st.file_uploader(
                _("Upload a zone folder (zip)"),
                type=["zip"],
                key="upload",
                on_change=on_upload,
                label_visibility="collapsed",
                max_upload_size=UPLOAD_LIMITS.max_zip_bytes // (1024 * 1024),
                help=_(
                    "A zip of the zone folder: zone.toml, staff.csv, priorities.toml… (see docs/data-format.md). Limit {mb} MB, {files} files.",
                    mb=UPLOAD_LIMITS.max_zip_bytes // (1024 * 1024),
                    files=UPLOAD_LIMITS.max_files,
                ),
            )

        entry = current_entry()
        zone = entry.zone
        weeks = all_weeks()
        if (
            st.session_state.get("week") not in weeks
            or st.session_state.get("_week_zone") != entry.key
        ):
            # A new zone opens on its own dated week (the demo: 2026-W49); any week can be chosen.
            st.session_state["week"] = default_week(zone)
            st.session_state["_week_zone"] = entry.key
        sticky("week", st.session_state["week"])
        st.selectbox(
            _("ISO week"),
            weeks,
            key="week",
            format_func=lambda w, lang=lang_code: week_text(w, zone, lang),
        )
        back, forward = st.columns(2)
        here = weeks.index(st.session_state["week"])
        # the buttons name the week they go to: short enough for the sidebar in any language
        back.button(
            weeks[max(here - 1, 0)],
            help=_("Previous week"),
            icon=":material/chevron_left:",
            key="week_back",
            disabled=here == 0,
            on_click=_step_week,
            args=(weeks, -1),
            width="stretch",
        )
        forward.button(
            weeks[min(here + 1, len(weeks) - 1)],
            help=_("Next week"),
            icon=":material/chevron_right:",
            key="week_forward",
            disabled=here == len(weeks) - 1,
            on_click=_step_week,
            args=(weeks, 1),
            width="stretch",
        )
        if zone is not None:
            names = scenario_names(zone)
            if st.session_state.get("scenario") not in names:
                st.session_state["scenario"] = "baseline"
            sticky("scenario", st.session_state["scenario"])
            st.selectbox(
                _("Scenario"),
                names,
                key="scenario",
                format_func=lambda n, lang=lang_code: scenario_text(zone, n, lang),
            )
