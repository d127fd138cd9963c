"""planner.text and planner.text.labels: numbers, hours and days formatted per language,
codes turned into words, one block labeller."""

from __future__ import annotations

import pytest

from planner.domain import Labels, Priority
from planner.text import Text
from planner.text import labels as L

NNBSP, NBSP, MINUS = "\u202f", "\u00a0", "\u2212"
FR, NL, EN = (Text.for_lang(x) for x in ("fr", "nl", "en"))


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (FR, f"1{NNBSP}234,5{NBSP}h"),
        (NL, f"1.234,5{NBSP}u"),
        (EN, f"1,234.5{NBSP}h"),
    ],
)
def test_hours_follow_the_language(t: Text, expected: str) -> None:
    assert t.hours(1234.5) == expected


def test_negative_uses_a_minus_sign_and_zero_has_none() -> None:
    assert FR.hours(-2672, 0) == f"{MINUS}2{NNBSP}672{NBSP}h"
    assert FR.hours(-0.01) == f"0,0{NBSP}h"
    assert NL.hours(12, signed=True) == f"+12,0{NBSP}u"
    assert EN.hours(0, signed=True) == f"0.0{NBSP}h"


def test_percent_and_weights() -> None:
    assert FR.percent(0.364) == f"36,4{NBSP}%"
    assert NL.percent(0.364).replace(NBSP, "") == "36,4%"
    assert EN.percent(0.05, signed=True) == "+5.0%"
    assert FR.weight(1.5) == "1,5"
    assert NL.weight(3.0) == "3"
    assert FR.number(float("nan")) == "—"


def test_unknown_language_falls_back_to_french() -> None:
    assert Text.for_lang("de")._("Week plan") == "Plan de la semaine"
    assert Text.for_lang("nl")._("a message nobody translated") == "a message nobody translated"


def test_real_plurals() -> None:
    assert FR.n_("{n} operation", "{n} operations", 1) == "1 opération"
    assert FR.n_("{n} operation", "{n} operations", 3) == "3 opérations"
    assert NL.n_("{n} operation", "{n} operations", 1) == "1 actie"


def test_days_and_times() -> None:
    assert NL.day(5) == "za"
    assert FR.day(0, long=True) == "lundi"
    assert L.time_span(23 * 60, 27 * 60) == "23:00–03:00"
    assert L.clock(1500) == "01:00"


def test_labels_from_the_data() -> None:
    label = "Vague de grippe / Griepgolf"
    assert L.split_label(FR, label, "flu_wave") == "Vague de grippe"
    assert L.split_label(NL, label, "flu_wave") == "Griepgolf"
    assert L.split_label(EN, label, "flu_wave") == "Flu wave"
    assert L.split_label(FR, "", "road_safety_x2") == "Road safety x2"
    drugs = Priority("drugs", Labels.of({"fr": "Stupéfiants", "nl": "Drugs"}), 1.0)
    assert L.data_label(FR, drugs) == "Stupéfiants" and L.data_label(NL, drugs) == "Drugs"
    assert L.data_label(EN, drugs) == "Stupéfiants"  # no English label: the French one
    assert L.data_label(EN, Priority("road_safety", Labels(), 1.0)) == "Road safety"


def test_codes_become_words() -> None:
    assert L.functionality(NL, "traffic") == "Verkeer"
    assert L.functionality(EN, "traffic") == "Traffic"
    assert L.functionality(NL, "investigation") == "Lokale opsporing en lokaal onderzoek"
    assert L.norm_unit(NL, "reception", "zone") == "bemande openingsuren"
    assert L.status(FR, "short", 12) == f"⚠ déficit 12,0{NBSP}h"
    assert L.waterfall_step(NL, "capacity_for_priorities") == "Capaciteit voor de prioriteiten"
    assert L.absence_type(FR, "leave") == "Congé"
    assert L.commitment_type(NL, "cell_guard") == "Celbewaking"
    assert (
        L.qualifications(FR, "breath;radar")
        == "test d'haleine (alcool), contrôle de vitesse (radar)"
    )
    assert L.unit(FR, "neighbourhood") == "Travail de quartier"
    assert L.functionality(FR, "a_new_code") == "a_new_code"


def test_the_csv_labels_come_from_the_catalogue() -> None:
    assert L.mission_labels("reception") == ("Accueil", "Onthaal")


def test_chart_locale_matches_the_tables() -> None:
    assert L.vega_number_locale(FR)["thousands"] == NNBSP
    assert L.vega_number_locale(NL)["decimal"] == ","
    assert L.vega_number_locale(EN)["thousands"] == ","


@pytest.mark.parametrize(
    ("n", "fr", "nl", "en"),
    [
        (1, "1er", "1e", "1st"),
        (2, "2e", "2e", "2nd"),
        (3, "3e", "3e", "3rd"),
        (4, "4e", "4e", "4th"),
        (11, "11e", "11e", "11th"),
        (12, "12e", "12e", "12th"),
        (21, "21e", "21e", "21st"),
        (102, "102e", "102e", "102nd"),
    ],
)
def test_place_in_the_queue(n, fr, nl, en):
    assert (L.ordinal(FR, n), L.ordinal(NL, n), L.ordinal(EN, n)) == (fr, nl, en)
    if n == 2:
        assert (
            FR._("waiting: {pos} in line", pos=L.ordinal(FR, n)) == "en attente : 2e dans la file"
        )
        assert NL._("waiting: {pos} in line", pos=L.ordinal(NL, n)) == "wachtend: 2e in de rij"
