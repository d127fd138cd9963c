"""The 'Why?' panel of the week plan, under AppTest: asked for, it shows every priority's
reasons (checked by the model's what-ifs), the shortfalls' section and the price of one
more officer, with explanations.csv and marginal.csv to download."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def test_why_panel_explains_the_demo_week() -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception
    at.button(key="why-button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(str(m.value) for m in at.markdown)
    assert "Pourquoi chaque priorité a ses heures" in shown
    assert "Sécurité routière" in shown and "selon son poids" in shown
    # a reason checked by a what-if, with its gain in hours
    assert "de plus" in shown
    # operation types by their names, not their ids
    assert "traffic_patrol" not in shown and "Patrouille de sécurité routière" in shown
    labels = {e.label for e in at.expander}
    assert any(label.startswith("Radicalisme") for label in labels)
    downloads = {d.label for d in at.get("download_button")}
    assert {"explanations.csv", "marginal.csv"} <= downloads
