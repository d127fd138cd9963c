"""No code and no English reach the French or Dutch screens: every page of the app is drawn
in French and in Dutch (Streamlit AppTest) and its visible text is searched for the codes of
the data model (functionalities, qualifications, absence and commitment types, waterfall
steps) and for the English messages whose translation differs."""

from __future__ import annotations

import json
import re
import string
import time
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from planner.domain import ABSENCE_TYPES, BASIC_MISSIONS, CALOG_GRADES, COMMITMENT_TYPES
from planner.text import LOCALES, catalogue_path

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = [
    "app_pages/week_plan.py",
    "app_pages/lookahead.py",
    "app_pages/adjust.py",
    "app_pages/compare.py",
    "app_pages/data.py",
    "app_pages/week_changes.py",
]
TIMEOUT = 120

WATERFALL_STEPS = (
    "contract_hours",
    "roster_minus_contract",
    "not_schedulable",
    "available",
    "support_and_calog_not_in_basic_missions",
    "basic_missions",
    "hycap_and_commitments",
    "traffic_reserve_run_as_road_safety",
    "capacity_for_priorities",
    "priority_operations",
    "unallocated",
)
QUALIFICATIONS = (
    "breath",
    "drugs",
    "hycap",
    "radicalism",
    "techno_prevention",
    "victim_assistance",
)
# Codes that are also words of the language (intervention, radar, administration...) are
# left out: they cannot be told apart from the translation.
CODES = sorted(
    {
        *BASIC_MISSIONS,
        *ABSENCE_TYPES,
        *COMMITMENT_TYPES,
        *WATERFALL_STEPS,
        *QUALIFICATIONS,
        "road_safety",
        "quality_of_life",
        "burglary",
        "traffic_patrol",
        "bob_check",
        *CALOG_GRADES,
    }
    - {
        "intervention",
        "administration",
        "transfer",
        "training",
        "other",
        "court",
        "available",
        "traffic",
        "drugs",
    }
)
# Raw inputs shown as read (staff.csv, teams.csv: the zone's own ids and file columns)
RAW_TABLE_COLUMNS = {"unit", "team", "anchor"}
# the zone's own ids in the data editors (an officer, a team), shown as the files write them
ID_COLUMNS = ("id", "officer", "team")


def _english_phrases(lang: str) -> list[str]:
    """Literal parts (no placeholders) of the English msgids translated otherwise in `lang`:
    phrases of two words or more, or single words of six letters or more, that no translation
    uses itself."""
    with catalogue_path(lang, "planner").open("rb") as f:
        catalogue = read_po(f, locale=LOCALES[lang])
    phrases = set()
    for m in catalogue:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for msgid in ids:
            if msgid in strings:
                continue
            for literal, *_ in string.Formatter().parse(msgid):
                literal = literal.strip(" .,:;()—–-+%/·✓⚠")
                if (" " in literal and len(literal) >= 8) or (
                    re.fullmatch(r"[A-Za-z]{6,}", literal)
                ):
                    phrases.add(literal)
    # a phrase the translations use themselves is a word of the language too ("Qualification")
    translated = "\n".join(
        x
        for m in catalogue
        if m.id
        for x in (m.string if isinstance(m.string, tuple) else (m.string,))
    )
    return sorted(p for p in phrases if not re.search(rf"(?<!\w){re.escape(p)}(?!\w)", translated))


def _editor_screen(d) -> list[str]:
    """A data editor as the browser draws it: its frame is keyed by the file's column names
    and holds the file's values; the headers are the labels of its column_config, and a
    list column shows each value by the label its options give it."""
    config = json.loads(d.proto.columns or "{}")
    parts = []
    for column in d.value.columns:
        c = config.get(str(column), {})
        parts.append(str(c.get("label", column)))
        if column in ID_COLUMNS:
            continue
        options = c.get("type_config", {}).get("options", [])
        shown = {o["value"]: o["label"] for o in options if isinstance(o, dict)}
        parts += [shown.get(x, str(x)) for x in d.value[column].astype(str)]
    return parts


def _screen(at: AppTest) -> str:
    parts: list[str] = []
    for kind in (
        "markdown",
        "title",
        "caption",
        "header",
        "subheader",
        "info",
        "success",
        "warning",
        "error",
    ):
        parts += [str(getattr(e, "body", None) or e.value) for e in at.get(kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    # download buttons are named after their files (plan.csv, operation-types.csv)
    for kind in (
        "button",
        "toggle",
        "checkbox",
        "slider",
        "number_input",
        "text_input",
        "expander",
        "tab",
    ):
        parts += [str(getattr(e, "label", "")) for e in at.get(kind)]
    for kind in ("selectbox", "multiselect", "radio", "segmented_control"):
        for e in at.get(kind):
            parts.append(str(e.label))
            parts += [str(o) for o in getattr(e, "options", [])]
    for d in at.dataframe:
        if d.editing_mode != "read_only":
            parts += _editor_screen(d)
    # static tables (the action list) show their index too
    frames = [d.value for d in at.dataframe if d.editing_mode == "read_only"]
    frames += [t.value.reset_index() for t in at.table]
    for frame in frames:
        columns = [str(c) for c in frame.columns]
        if RAW_TABLE_COLUMNS & set(columns):
            continue
        parts += columns
        # the `id` column is the key the zone's files use, shown so a user can find the row
        frame = frame.drop(columns=[c for c in frame.columns if c == "id"])
        parts += [str(x) for x in frame.astype(str).to_numpy().ravel()]
    return "\n".join(parts)


def _run(lang: str, page: str, scenario: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    if scenario:
        at.session_state["scenario"] = scenario
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _check(screen: str, lang: str, page: str) -> None:
    assert len(screen) > 200, "the page drew its text"
    codes = [c for c in CODES if re.search(rf"(?<![\w.-]){re.escape(c)}(?![\w.-])", screen)]
    assert not codes, f"codes on the {lang} screen of {page}: {codes}"
    english = [
        p for p in _english_phrases(lang) if re.search(rf"(?<!\w){re.escape(p)}(?!\w)", screen)
    ]
    assert not english, f"English on the {lang} screen of {page}: {english}"


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.parametrize("page", PAGES)
def test_no_code_and_no_english_on_the_screen(lang: str, page: str) -> None:
    _check(_screen(_run(lang, page)), lang, page)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_no_code_and_no_english_in_the_log_of_the_week(lang: str) -> None:
    """The week's log names a changed file by its table and a validation by its scenario."""
    from app_pages import sending

    db = sending.store()
    absences = "officer,type,start,end\nNBH-0002,sickness,2026-11-30,2026-12-06\n"
    db.put_file("zone-demo", "weeks/2026-W49/absences.csv", absences, "Insp. Claes", "2026-W49")
    db.validate("zone-demo", "2026-W49", "flu_wave", "0" * 64, {"plan.csv": ""}, "Insp. Claes")
    try:
        at = _run(lang, "app_pages/week_changes.py")
        log = next(d.value for d in at.dataframe if "Insp. Claes" in d.value.to_string())
        assert len(log) >= 2
        _check(_screen(at), lang, "app_pages/week_changes.py")
    finally:
        db.drop_file("zone-demo", "weeks/2026-W49/absences.csv", "test", "2026-W49")


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_no_code_and_no_english_in_the_action_list(lang: str) -> None:
    """The week plan with shortfalls (the demo's heavy HyCap weekend): the action list and
    its repairs, once found, are in the language too."""
    at = _run(lang, "app_pages/week_plan.py", scenario="hycap_weekend")
    deadline = time.monotonic() + TIMEOUT
    while any(w in _screen(at) for w in ("Recherche des réparations", "worden gezocht")):
        assert time.monotonic() < deadline, "the repairs were found in time"
        time.sleep(0.5)
        at.run()
    assert at.table, "the action list is drawn"
    _check(_screen(at), lang, "app_pages/week_plan.py (hycap_weekend)")
