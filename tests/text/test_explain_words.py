"""The explanation's words: findings, shortfalls, repairs, trade-offs and differences said in
French, Dutch and English by the `explain` catalogue, with real plurals and each language's
number format; every message of the renderer is in all three catalogues."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from planner.api import plan_week
from planner.explain import Difference, Finding, Repair, Shortfall
from planner.text import LANGS, Text, catalogue_path
from planner.text import explain as words
from planner.zone_io import load_zone
from tests.tiny import WEEK, officer, operation, priority, write_zone


@pytest.fixture(scope="module")
def problem(tmp_path_factory):
    root = write_zone(
        tmp_path_factory.mktemp("z"),
        [officer("O1"), officer("O2")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
    )
    return plan_week(load_zone(root), WEEK, "baseline").problem


def say(lang, problem, item):
    t = Text.for_lang(lang)
    if isinstance(item, Finding):
        return words.finding(t, problem, item)
    return words.difference(t, problem, item)


def test_qualification_finding_in_three_languages(problem):
    f = Finding("qualification", "drugs", 0.0, 1234.5, (), {"qualifications": ("drugs",)})
    assert say("fr", problem, f) == (
        "Trop peu de policiers qualifiés en test salivaire (drogues) sont libres dans ses "
        "créneaux : sans cette exigence, 1\u202f234,5\u00a0h de plus."
    )
    assert say("nl", problem, f) == (
        "Te weinig inspecteurs met de kwalificatie speekseltest (drugs) zijn vrij in de "
        "toegelaten tijdvakken: zonder die vereiste 1.234,5\u00a0u meer."
    )
    assert say("en", problem, f) == (
        "Too few officers qualified in drug testing are free in its time "
        "windows: without this requirement, 1,234.5\u00a0h more."
    )


def test_hours_statement_names_operations(problem):
    f = Finding(
        "hours",
        "drugs",
        8.0,
        values={"share": 0.25, "weight": 1.5, "weight_share": 0.5, "operations": (("d", 2),)},
    )
    assert (
        say("fr", problem, f)
        == "drugs : 8 h (25 % des heures prioritaires ; 50 % selon son poids de 1,5) : 2 × D."
    )
    assert say("nl", problem, f).startswith(
        "drugs: 8 u (25% van de prioritaire uren; 50% volgens haar gewicht van 1,5)"
    )
    assert say("en", problem, f).startswith(
        "drugs: 8 h (25% of the priority hours; 50% by its weight of 1.5)"
    )


def test_plurals_are_real(problem):
    s = Shortfall(
        "intervention",
        "legal",
        (5,),
        4.0,
        1,
        values={"commitments": (), "on_duty": 1, "absent": (), "lent": 0},
    )
    fr = Text.for_lang("fr")
    assert "il manque 1 policier (" in words.shortfall_why(fr, problem, s)
    assert "nobody" not in words.shortfall_why(
        fr, problem, s
    ) and "aucun absent" in words.shortfall_why(fr, problem, s)
    one = Repair("call_back_other_unit", 0, True, {"officers": 1, "units": ("traffic",)})
    two = Repair("call_back_other_unit", 1, True, {"officers": 2, "units": ("traffic",)})
    nl = Text.for_lang("nl")
    assert (
        words.repair(nl, problem, s, one)
        == "1 inspecteur van een andere dienst (Verkeer) inzetten: volledig gedekt."
    )
    assert (
        words.repair(nl, problem, s, two)
        == "2 inspecteurs van een andere dienst (Verkeer) inzetten: nog 1 tekort."
    )


def test_shortfall_and_repairs_worded(problem):
    s = Shortfall(
        "intervention",
        "legal",
        (5,),
        8.0,
        2,
        values={"commitments": (), "on_duty": 1, "absent": (("training", 1),), "lent": 0},
    )
    t = Text.for_lang("fr")
    why = words.shortfall_why(t, problem, s)
    assert why.startswith("Intervention (minimum légal) : il manque 2 policiers (8\u00a0h).")
    assert "formation : 1" in why
    one = Repair("change_shift", 1, True, {"officers": 1, "unit": "intervention", "block": 5})
    fr = words.repair(t, problem, s, one)
    assert fr.startswith("Déplacer le service de 1 policier (Intervention) vers lun. 03:00–07:00 ")
    assert fr.endswith(": il en manque encore 1.")
    nl = words.repair(
        Text.for_lang("nl"), problem, s, Repair("recall_from_training", 0, True, {"officers": 2})
    )
    assert (
        nl
        == "Een opleiding of andere verplaatsbare afwezigheid van 2 inspecteurs uitstellen: volledig gedekt."
    )
    en = words.shortfall_why(Text.for_lang("en"), problem, s)
    assert en.startswith("Intervention (legal minimum): 2 officers short (8\u00a0h).")


def test_an_action_line_names_the_block_in_full_and_the_first_checked_repair(problem):
    """The action list's pieces: the block with its day in full and its date, how many
    officers are short, and the best repair the model checked (not a statement that cannot
    help, even when ranked first); a weekly norm's suggestion is said to be unchecked."""
    s = Shortfall(
        "intervention",
        "legal",
        (5,),
        8.0,
        2,
        repairs=(
            Repair("move_from_operation", 2, True, {"officers": 2}),
            Repair("change_shift", 0, True, {"officers": 2, "unit": "intervention", "block": 5}),
        ),
        values={"commitments": (), "on_duty": 1, "absent": (), "lent": 0},
    )
    fr, nl = Text.for_lang("fr"), Text.for_lang("nl")
    assert words.shortfall_when(fr, problem, s, long=True) == "lundi 30/11 03:00–07:00"
    assert words.shortfall_when(nl, problem, s, long=True) == "maandag 30/11 03:00–07:00"
    assert words.shortfall_size(fr, s) == "il manque 2 policiers (8\u00a0h)"
    assert words.first_repair_text(fr, problem, s) == (
        "Déplacer le service de 2 policiers (Intervention) vers lun. 03:00–07:00 "
        "(changement d'horaire ou rappel) : tout est couvert."
    )
    statement_only = Shortfall("intervention", "legal", (5,), 8.0, 2, repairs=s.repairs[:1])
    assert words.first_repair_text(fr, problem, statement_only) == (
        "Le modèle n'a trouvé aucune réparation."
    )
    weekly = Shortfall(
        "investigation",
        "zone",
        (),
        143.2,
        0,
        (Repair("change_shift", 0, False), Repair("accept_zone_breach", 0, False)),
        weekly=True,
    )
    assert words.shortfall_size(nl, weekly) == "143,2\u00a0u tekort over de week"
    assert words.first_repair_text(nl, problem, weekly).startswith("Niet nagegaan door het model: ")


def test_differences_and_tradeoffs_worded(problem):
    d = Difference("capacity", "flu", {"delta_hours": -1168.0})
    assert say("fr", problem, d) == "flu : capacité pour les priorités \u22121\u202f168\u00a0h"
    assert say("nl", problem, d) == "flu: capaciteit voor de prioriteiten \u22121.168\u00a0u"
    row = {"priority": "drugs", "gain_hours": 0.0}
    assert (
        words.tradeoff(Text.for_lang("nl"), problem, row)
        == "drugs kan deze week geen uren meer krijgen."
    )


def test_every_message_is_in_every_catalogue():
    source = Path(words.__file__)
    ids = {
        m[1] if isinstance(m[1], str) else m[1][0]
        for m in extract_from_file("python", source, keywords={"_": None, "n_": (1, 2)})
    }
    assert len(ids) > 50
    for lang in LANGS:
        with catalogue_path(lang, "explain").open("rb") as f:
            catalogue = read_po(f)
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id}
        assert ids <= have, (lang, ids - have)
        if lang != "en":
            untranslated = [
                m.id
                for m in catalogue
                if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
            ]
            assert not untranslated, (lang, untranslated)
