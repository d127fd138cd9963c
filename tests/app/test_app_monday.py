"""Monday morning under AppTest: the week plan's action list (each shortfall with its block,
what is short, the officers missing and the first repair the model checked; none when all
is covered) and the four-week look-ahead (its figures are each week's key figures, and a
week's button opens that week's plan)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.upload import zip_zone_folder
from planner import views
from planner.api import plan_week
from planner.text import Text
from planner.zone_io import load_zone
from tests.tiny import WEEK, officer, operation, priority, write_zone

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 120
LOOKAHEAD = "app_pages/lookahead.py"
WEEKS = ["2026-W49", "2026-W50", "2026-W51", "2026-W52"]


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.body for e in at.error]
    return at


def actions(at: AppTest):
    """The action list as shown (a static table, its first column the index), or None."""
    return next((t.value for t in at.table if t.value.index.name == "Quand"), None)


def with_repairs(at: AppTest, seconds: float = 90):
    """Run the page again until the repairs, looked for in the background, fill the list."""
    deadline = time.monotonic() + seconds
    while True:
        shown = actions(at)
        assert shown is not None
        if not shown.iloc[:, -1].str.startswith("Recherche").any():
            return shown
        assert time.monotonic() < deadline, shown.iloc[:, -1].tolist()
        time.sleep(0.5)
        ok(at.run())


def tiny_zone(root: Path) -> Path:
    """Intervention needs two officers in every block; two of the three are off on
    Saturdays, so Saturday is short. 2026-W49 has a court date (a commitment) and 2026-W51
    an officer on leave all week; 2026-W50 and W52 have the shift patterns alone."""
    zone = write_zone(
        root,
        [officer("O1"), officer("O2", team="SAT"), officer("O3", team="SAT")],
        [priority("drugs", 1)],
        [operation("d", "drugs")],
        norms={
            "intervention_teams_legal": 1,
            "intervention_teams_day": 1,
            "intervention_teams_night": 1,
        },
        teams={"ALL": "A", "SAT": "A A A A A - A"},
        week_files={
            "commitments.csv": "id,type,start,end,officers,qualification,label\n"
            "COURT-1,court,2026-12-01T09:00,2026-12-01T13:00,1,,Assises / Assisen\n"
        },
    )
    leave = zone / "weeks" / "2026-W51"
    leave.mkdir(parents=True)
    (leave / "absences.csv").write_text(
        "officer,type,start,end\nO3,leave,2026-12-14,2026-12-18\n", encoding="utf-8"
    )
    return zone


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return tiny_zone(tmp_path / "tiny")


def open_tiny(folder: Path, week: str = WEEK) -> AppTest:
    at = start()
    at.sidebar.file_uploader[0].set_value(
        ("tiny.zip", zip_zone_folder(folder), "application/zip")
    ).run()
    ok(at)
    at.sidebar.selectbox(key="week").set_value(week).run()
    return ok(at)


# -- the action list -------------------------------------------------------------------------------
def test_the_action_list_names_each_hycap_shortfall_with_its_block_and_officers() -> None:
    """The demo's heavy HyCap weekend: 244 h of requests unstaffed, in four blocks. The list
    is under the banner, in the order of the week, the requests by their names, the officers
    missing in each block, then the repair: intervention officers' duty moved there."""
    at = start()
    at.sidebar.selectbox(key="scenario").set_value("hycap_weekend").run()
    ok(at)
    shown = actions(at)
    assert shown is not None, [s.value for s in at.subheader]
    assert shown.index.tolist() == [
        "samedi 05/12 11:00–15:00",
        "samedi 05/12 15:00–19:00",
        "dimanche 06/12 11:00–15:00",
        "dimanche 06/12 15:00–19:00",
    ]
    assert (
        shown["Ce qui manque"].tolist()
        == ["HyCap (Match à risque)"] * 2 + ["HyCap (Manifestation)"] * 2
    )
    assert set(shown["Niveau"]) == {"Minimum légal"}
    assert shown["Manque"].tolist() == [
        "il manque 23 policiers (92\u00a0h)",
        "il manque 23 policiers (92\u00a0h)",
        "il manque 7 policiers (28\u00a0h)",
        "il manque 8 policiers (32\u00a0h)",
    ]
    subheaders = [s.value for s in at.subheader]
    assert subheaders.index("Liste d'actions") < subheaders.index("Cascade de la capacité")
    shown = with_repairs(at)
    assert shown.iloc[0, -1] == (
        "Déplacer le service de 23 policiers (Intervention) vers sam. 11:00–15:00 "
        "(changement d'horaire ou rappel) : tout est couvert."
    )
    assert shown.iloc[2, -1].startswith("Déplacer le service de 7 policiers (Intervention)")
    downloads = {d.label for d in at.get("download_button")}
    assert {"Liste d'actions (CSV)", "Liste d'actions (Excel)"} <= downloads
    # the Why panel no longer repeats the shortfalls: it points to the list
    assert "Manques et réparations possibles" not in "\n".join(m.value for m in at.markdown)


def test_the_action_list_names_a_basic_functionality_short_in_a_block(tiny: Path) -> None:
    """A basic functionality: intervention is one officer short on Saturday afternoon."""
    at = open_tiny(tiny)
    shown = actions(at)
    assert shown is not None
    rows = shown[shown["Ce qui manque"] == "Intervention"]
    assert len(rows), shown
    assert all(when.startswith("samedi 05/12 ") for when in rows.index), rows.index
    assert set(rows["Niveau"]) == {"Minimum légal"}
    assert set(rows["Manque"]) == {"il manque 1 policier (4\u00a0h)"}
    repaired = with_repairs(at)
    first = repaired.loc[rows.index[0]].iloc[-1]
    assert first.startswith("Déplacer le service de 1 policier (Intervention) vers sam. "), first
    assert first.endswith(": tout est couvert."), first


def test_no_action_list_when_everything_is_covered() -> None:
    at = start()
    assert at.success, "the green banner"
    assert actions(at) is None
    assert "Liste d'actions" not in [s.value for s in at.subheader]
    assert "Liste d'actions (CSV)" not in {d.label for d in at.get("download_button")}


# -- the look-ahead ----------------------------------------------------------------------------------
def test_the_lookahead_shows_four_weeks_with_each_weeks_key_figures(tiny: Path) -> None:
    at = open_tiny(tiny)
    at.switch_page(LOOKAHEAD).run()
    ok(at)
    assert at.title[0].value == "Quatre semaines · 2026-W49 – 2026-W52"
    table = at.dataframe[0].value.set_index("Chiffre")
    assert [c.split(" · ")[0] for c in table.columns] == WEEKS
    zone = load_zone(tiny)
    t = Text.for_lang("fr")
    rows = {
        "Capacité pour les priorités": ("capacity", 0),
        "Heures d'opérations prioritaires": ("priority_hours", 0),
        "Absences": ("absences", 0),
        "Déficit minimum légal": ("legal_short", 1),
        "Déficit norme de la zone": ("zone_short", 1),
    }
    statuses = []
    for week, column in zip(WEEKS, table.columns, strict=True):
        plan = plan_week(zone, week, "baseline")
        k = views.key_figures(plan)
        for label, (key, decimals) in rows.items():
            assert table.loc[label, column] == t.hours(k[key], decimals), (week, label)
        lent = k["hycap_short"] + k["commitment_short"]
        assert table.loc["HyCap et engagements non couverts", column] == t.hours(lent, 1)
        statuses.append(table.loc["Statut du plan", column])
        entered = week in ("2026-W49", "2026-W51")
        assert table.loc["Données", column] == (
            "saisies pour cette semaine" if entered else "roulements seuls"
        ), week
    # the weeks differ: the leave in W51 leaves less, the short Saturdays show every week
    assert table.loc["Absences", table.columns[2]] != "0\u00a0h"
    assert table.loc["Absences", table.columns[1]] == "0\u00a0h"
    assert all(s.startswith("⚠") for s in statuses), statuses
    assert len(at.get("vega_lite_chart")) == 1
    assert {"lookahead.csv", "lookahead.csv (Excel)"} <= {
        d.label for d in at.get("download_button")
    }


def test_a_lookahead_button_opens_that_weeks_plan(tiny: Path) -> None:
    at = open_tiny(tiny)
    at.switch_page(LOOKAHEAD).run()
    ok(at)
    assert [at.button(key=f"lookahead-open-{w}").label for w in WEEKS] == WEEKS
    at.button(key="lookahead-open-2026-W51").click().run()
    ok(at)
    assert at.title[0].value == "Plan de la semaine · 2026-W51"
    assert at.sidebar.selectbox(key="week").value == "2026-W51"
    assert actions(at) is not None, "the week it opens has its action list"
