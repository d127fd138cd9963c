"""planner.ui_text: every label in three languages, numbers formatted per language."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import ui_text as u

NNBSP, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("lang", "expected"), [
    ("fr", f"1{NNBSP}234,5{NBSP}h"),
    ("nl", f"1.234,5{NBSP}u"),
    ("en", f"1,234.5{NBSP}h"),
])
def test_hours_follow_the_language(lang: str, expected: str) -> None:
    assert u.fmt_hours(1234.5, lang) == expected


def test_french_reads_as_the_issue_example_once_spaces_are_plain() -> None:
    text = u.fmt_hours(1234.5, "fr").replace(NNBSP, " ").replace(NBSP, " ")
    assert text == "1 234,5 h"


def test_negative_uses_a_minus_sign_and_zero_has_none() -> None:
    assert u.fmt_hours(-2672, "fr", 0) == f"{MINUS}2{NNBSP}672{NBSP}h"
    assert u.fmt_hours(-0.01, "fr") == f"0,0{NBSP}h"
    assert u.fmt_signed_hours(12, "nl") == f"+12,0{NBSP}u"
    assert u.fmt_signed_hours(0, "en") == f"0.0{NBSP}h"


def test_percent_and_weights() -> None:
    assert u.fmt_percent(0.364, "fr") == f"36,4{NBSP}%"
    assert u.fmt_percent(0.364, "nl") == "36,4%"
    assert u.fmt_percent(0.05, "en", signed=True) == "+5.0%"
    assert u.fmt_weight(1.5, "fr") == "1,5"
    assert u.fmt_weight(3.0, "nl") == "3"
    assert u.fmt_number(float("nan"), "fr") == "—"


@given(st.floats(min_value=-1e7, max_value=1e7, allow_nan=False), st.sampled_from(u.LANGS))
def test_a_formatted_number_reads_back(x: float, lang: str) -> None:
    assert u.parse_number(u.fmt_number(x, lang, 2), lang) == pytest.approx(round(x, 2), abs=1e-9)


def test_every_text_has_three_languages_with_the_same_placeholders() -> None:
    for key, entry in u.TEXT.items():
        assert len(entry) == 3 and all(entry), key
        fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in entry]
        assert fields[0] == fields[1] == fields[2], key


def test_every_key_the_app_uses_exists() -> None:
    used: set[str] = set()
    pattern = re.compile(r"""\b(?:T|t)\(\s*["']([A-Za-z0-9_ -]+)["']\s*[,)]""")
    for path in [ROOT / "app.py", *ROOT.glob("app_pages/*.py"), ROOT / "planner" / "views.py"]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert used, "no keys found: the pattern is out of date"
    assert u.missing_keys(used) == []


def test_unknown_language_falls_back_to_french_and_unknown_key_shows_itself() -> None:
    assert u.t("page_plan", "de") == "Plan de la semaine"
    assert u.t("no_such_key", "nl") == "no_such_key"


def test_days_blocks_and_where() -> None:
    assert u.day_name(5, "nl") == "za"
    assert u.day_name(0, "fr", long=True) == "lundi"
    assert u.time_span(23 * 60, 27 * 60) == "23:00–03:00"
    assert u.localise_where("Mon 07:00-11:00; Tue", "fr") == "lun 07:00–11:00; mar"
    assert u.localise_where("week", "nl") == "over de week"
    assert u.localise_where("", "fr") == ""


def test_labels_from_the_data() -> None:
    label = "Vague de grippe / Griepgolf"
    assert u.split_label(label, "flu_wave", "fr") == "Vague de grippe"
    assert u.split_label(label, "flu_wave", "nl") == "Griepgolf"
    assert u.split_label(label, "flu_wave", "en") == "Flu wave"
    assert u.split_label("", "road_safety_x2", "fr") == "Road safety x2"
    assert u.functionality_label("traffic", "nl") == "Verkeer"
    assert u.functionality_label("traffic", "en") == "Traffic"
    assert u.priority_label("drugs", "Stupéfiants", "Drugs", "fr") == "Stupéfiants"
    assert u.priority_label("road_safety", "Sécurité routière", "Verkeersveiligheid", "en") == "Road safety"
    assert u.norm_unit_label("staffed opening hours", "nl") == "bemande openingsuren"
    assert u.norm_unit_label("a unit nobody translated", "fr") == "a unit nobody translated"
    assert u.status_label("short", 12, "fr") == f"⚠ déficit 12,0{NBSP}h"
    assert u.waterfall_label("capacity_for_priorities", "nl") == "Capaciteit voor de prioriteiten"


def test_chart_locale_matches_the_tables() -> None:
    assert u.vega_number_locale("fr")["thousands"] == NNBSP
    assert u.vega_number_locale("nl")["decimal"] == ","
    assert u.vega_number_locale("en")["thousands"] == ","


@pytest.mark.parametrize(("n", "fr", "nl", "en"), [
    (1, "1er", "1e", "1st"), (2, "2e", "2e", "2nd"), (3, "3e", "3e", "3rd"), (4, "4e", "4e", "4th"),
    (11, "11e", "11e", "11th"), (12, "12e", "12e", "12th"), (21, "21e", "21e", "21st"),
    (102, "102e", "102e", "102nd"),
])
def test_place_in_the_queue(n, fr, nl, en):
    assert u.fmt_ordinal(n, "fr") == fr and u.fmt_ordinal(n, "nl") == nl and u.fmt_ordinal(n, "en") == en
    if n == 2:
        assert u.t("queued", "fr", pos=u.fmt_ordinal(n, "fr")) == "en attente : 2e dans la file"
        assert u.t("queued", "nl", pos=u.fmt_ordinal(n, "nl")) == "wachtend: 2e in de rij"
        assert u.t("queued", "en", pos=u.fmt_ordinal(n, "en")) == "waiting: 2nd in line"
