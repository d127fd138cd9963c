"""The 'Why?' panel of the week plan, under AppTest: made in the background as soon as the
plan shows (nobody asks for it), it first says so while the rest of the page is drawn, then
shows every priority's reasons (checked by the model's what-ifs), the shortfalls' section and
the price of one more officer, with explanations.csv and marginal.csv to download."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from app_pages import planning

APP = str(Path(__file__).resolve().parents[2] / "app.py")
READY_WITHIN_S = 300  # a bound on the wait, not a speed target (the browser test measures)


def test_why_panel_explains_the_demo_week_by_itself() -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "why-button" not in {b.key for b in at.button}, "nothing to click"
    waiting = "Recherche des raisons : la semaine est replanifiée avec chaque contrainte relâchée tour à tour (un quart de minute pour la zone de démonstration) ; le reste de la page est prêt."
    shown = "\n".join(str(m.value) for m in at.markdown)
    explained = "Pourquoi chaque priorité a ses heures" in shown
    if not explained:  # another test of this process may have explained the week already
        assert waiting in {c.value.split(" ", 1)[-1] for c in at.caption}
        assert at.get("download_button"), "the rest of the page is drawn meanwhile"
    deadline = time.monotonic() + READY_WITHIN_S
    while not explained:
        assert time.monotonic() < deadline, "the explanation did not come"
        time.sleep(0.5)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        shown = "\n".join(str(m.value) for m in at.markdown)
        explained = "Pourquoi chaque priorité a ses heures" in shown
    assert waiting not in {c.value.split(" ", 1)[-1] for c in at.caption}
    assert "Sécurité routière" in shown and "selon son poids" in shown
    # a reason checked by a what-if, with its gain in hours
    assert "de plus" in shown
    # operation types by their names, not their ids
    assert "traffic_patrol" not in shown and "Patrouille de sécurité routière" in shown
    labels = {e.label for e in at.expander}
    assert any(label.startswith("Radicalisme") for label in labels)
    downloads = {d.label for d in at.get("download_button")}
    assert {"explanations.csv", "marginal.csv"} <= downloads
    wanted = at.session_state["_why_interest"].key  # the session wants the plan it shows
    assert planning.explanation_cache().get(wanted) is not None
