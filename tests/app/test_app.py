"""The app's screens under Streamlit's AppTest: every page loads without an exception, a
weight changes the hours, an invalid upload shows its errors and plans nothing, a saved
scenario goes to the session's copy of the zone, errors never show a traceback."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.upload import zip_zone_folder

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
DEMO = ROOT / "data" / "zone-demo"
PAGES = [
    "app_pages/week_plan.py",
    "app_pages/lookahead.py",
    "app_pages/adjust.py",
    "app_pages/compare.py",
    "app_pages/data.py",
    "app_pages/week_changes.py",
    "app_pages/year.py",
]
TIMEOUT = 90  # a solve runs in a child process: seconds on the demo zone, not milliseconds


def start(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = (
        [e.value for e in at.markdown] + [e.value for e in at.title] + [e.value for e in at.caption]
    )
    parts += [str(e.body) for kind in ("info", "success", "warning", "error") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


def priorities(at: AppTest):
    return next(d.value for d in [*at.table, *at.dataframe] if "Priorité" in d.value.columns)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_loads_without_exception(page: str) -> None:
    at = start(page)
    assert at.title, "each screen has a title"
    assert not at.error, [e.body for e in at.error]


def test_week_plan_shows_the_demo_week_in_french() -> None:
    at = start()
    assert at.title[0].value == "Plan de la semaine · 2026-W49"
    assert at.sidebar.selectbox(key="week").value == "2026-W49"
    assert metric(at, "Déficit minimum légal") == "0,0\u00a0h"
    assert "\u202f" in metric(at, "Capacité pour les priorités"), "French thousands separator"
    labels = {d.label for d in at.get("download_button")}
    assert {
        "plan.csv",
        "plan.csv (Excel)",
        "norms.csv",
        "priorities.csv",
        "waterfall.csv",
    } <= labels
    assert len(at.get("vega_lite_chart")) >= 3


def test_language_switch_to_dutch_and_english() -> None:
    at = start()
    at.sidebar.segmented_control(key="lang").set_value("nl").run()
    assert at.title[0].value == "Weekplanning · 2026-W49"
    assert "Tekort wettelijk minimum" in {m.label for m in at.metric}
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Week plan · 2026-W49"


def test_another_week_is_planned_from_the_shift_patterns() -> None:
    at = start()
    at.sidebar.selectbox(key="week").set_value("2027-W03").run()
    assert not at.exception
    assert at.title[0].value.endswith("2027-W03")
    assert "Pas de données datées pour 2027-W03" in texts(at)


def test_week_grid_filter_and_bars() -> None:
    at = start()
    at.multiselect(key="grid_groups").set_value(["road_safety"]).run()
    at.segmented_control(key="grid_view").set_value("bars").run()
    assert not at.exception
    at.multiselect(key="grid_groups").set_value([]).run()
    assert "Aucune activité choisie." in texts(at)


def test_changing_a_weight_changes_the_hours() -> None:
    """The headline figures are each priority's hours: a weight moves them, and each says
    its change from the starting scenario in hours and percent."""
    at = start("app_pages/adjust.py")
    assert "Aucune modification" in texts(at)
    road = next(m for m in at.metric if m.label == "Sécurité routière")
    assert not road.delta, "no change yet, no difference shown"
    slider = next(s for s in at.select_slider if s.label == "Sécurité routière")
    table_before = priorities(at).copy()
    slider.set_value(9.0).run()
    assert not at.exception
    table_after = priorities(at)
    rs_before = table_before.set_index("Priorité").loc["Sécurité routière", "Part des heures"]
    rs_after = table_after.set_index("Priorité").loc["Sécurité routière", "Part des heures"]
    assert rs_after != rs_before, "road safety gets another share of the hours with weight 9"
    assert "Aucune modification" not in texts(at)
    moved = next(m for m in at.metric if m.label == "Sécurité routière")
    assert moved.value != road.value
    assert moved.delta.startswith("+") and moved.delta.endswith("\u00a0%)"), moved.delta
    others = [m for m in at.metric if m.label == "Qualité de vie"]
    assert others[0].delta.startswith("\u2212"), "the hours come from the other priorities"


def test_saving_a_scenario_writes_the_session_copy_only() -> None:
    sample_before = (DEMO / "scenarios.toml").read_text(encoding="utf-8")
    at = start("app_pages/adjust.py")
    next(s for s in at.select_slider if s.label == "Stupéfiants").set_value(4.0).run()
    at.text_input(key=next(t.key for t in at.text_input if "save_name" in t.key)).set_value(
        "drugs_4"
    ).run()
    next(b for b in at.button if b.label == "Enregistrer dans la zone").click().run()
    assert not at.exception
    assert "drugs_4" in at.sidebar.selectbox(key="scenario").options
    assert at.sidebar.selectbox(key="scenario").value == "drugs_4"
    assert (DEMO / "scenarios.toml").read_text(encoding="utf-8") == sample_before
    assert "Scénario « drugs_4 » enregistré" in texts(at)
    # another session does not see it
    other = start()
    assert "drugs_4" not in other.sidebar.selectbox(key="scenario").options


def test_compare_two_scenarios() -> None:
    at = start("app_pages/compare.py")
    assert at.multiselect[0].value == ["baseline", "flu_wave"]
    figures = at.table[0].value
    assert list(figures.columns) == [
        "Chiffre",
        "Situation de base",
        "Vague de grippe (+15 % de malades)",
    ], "one column per scenario"
    # the difference from the first scenario is under each figure, in grey
    assert any(":gray[−" in cell and "\u00a0%)" in cell for cell in figures.iloc[:, 2])
    at.multiselect[0].set_value(["baseline"]).run()
    assert "Choisissez au moins deux scénarios." in texts(at)


def test_the_banner_is_green_only_when_every_kind_is_met() -> None:
    """Baseline: everything met, a green banner. hycap_weekend: 244 h of HyCap unstaffed, no
    green banner but a warning naming the HyCap shortfall; the compare table says so too."""
    at = start()
    assert [e.body for e in at.success] == [
        "Tout est couvert : minimum légal et norme de la zone des sept fonctionnalités de base, "
        "HyCap et autres engagements, opérations fixées, planchers des priorités."
    ]
    at.sidebar.selectbox(key="scenario").set_value("hycap_weekend").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.success, [e.body for e in at.success]
    banner = next(e.body for e in at.warning if str(e.body).startswith("Manques dans ce plan"))
    assert "- HyCap : 244,0\u00a0h manquent — Match à risque, Manifestation" in banner
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception, [e.value for e in at.exception]
    status = next(d.value for d in at.table if "Fonctionnalité" in d.value.columns)
    assert status.iloc[0, 0] == "Statut du plan"
    assert {"⚠ 1 type de manque", "✓ atteint"} == set(status.iloc[0, 2:])


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.sidebar.file_uploader[0].set_value((name, data, "application/zip")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def demo_zip_with(name: str, edit) -> bytes:
    """The demo zone as a zip, with `edit(bytes) -> bytes` applied to the file `name`."""
    source = zipfile.ZipFile(io.BytesIO(zip_zone_folder(DEMO)))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in source.infolist():
            body = source.read(info)
            out.writestr(info, edit(body) if info.filename.endswith(name) else body)
    return buf.getvalue()


def broken_demo_zip() -> bytes:
    def break_staff(body: bytes) -> bytes:
        lines = body.decode().splitlines()
        lines[2] = lines[2].replace(",38,", ",abc,")
        lines[5] = lines[5].replace(",CP,", ",captain,")
        return ("\n".join(lines) + "\n").encode()

    return demo_zip_with("staff.csv", break_staff)


def test_an_invalid_upload_shows_every_error_and_plans_nothing() -> None:
    at = upload(start(), "broken.zip", broken_demo_zip())
    assert "problèmes dans les données de la zone : rien n'est planifié" in texts(at)
    issues = at.dataframe[0].value
    assert list(issues.columns) == ["Fichier", "Ligne", "Champ", "Valeur trouvée", "Attendu"]
    fields = set(zip(issues["Ligne"], issues["Champ"], strict=True))
    assert ("2", "contract_hours") in fields and ("5", "grade") in fields
    assert all(f.endswith("staff.csv") for f in issues["Fichier"])
    assert not at.metric, "nothing is planned from invalid data"
    at.switch_page("app_pages/data.py").run()
    assert "problèmes dans les données" in texts(at)


def test_an_unsafe_zip_is_refused_with_the_reason() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("zone/zone.toml", "")
        z.writestr("../../evil.toml", "x")
    at = upload(start(), "evil.zip", buf.getvalue())
    issues = at.dataframe[0].value
    assert "../../evil.toml" in set(issues["Fichier"])
    assert not at.metric


def test_a_valid_upload_is_planned() -> None:
    at = upload(start(), "zone-demo.zip", zip_zone_folder(DEMO))
    assert "importée" in at.sidebar.selectbox(key="zone_key").format_func(
        at.sidebar.selectbox(key="zone_key").value
    )
    assert at.title[0].value == "Plan de la semaine · 2026-W49"
    assert at.metric


def test_an_unexpected_error_shows_a_sentence_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from planner import views

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "key_figures", boom)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    message = " ".join(str(e.body) for e in at.error)
    assert "erreur inattendue" in message and "RuntimeError" in message
    assert "secret internals" not in message and "Traceback" not in message


def test_the_data_screen_lists_the_input_warnings() -> None:
    """A reception team working 12-hour days every day (84 h in 7 days) loads, is planned,
    and the data screen shows the warning in French."""
    data = demo_zip_with(
        "teams.csv",
        lambda body: body.replace(b"REC-0,2026-01-05,R R - -", b"REC-0,2026-01-05,R R R R R R R"),
    )
    at = upload(start(), "long-days.zip", data)
    at.switch_page("app_pages/data.py").run()
    assert not at.exception, [e.value for e in at.exception]
    (warning,) = at.warning
    assert warning.body.startswith("Équipe REC-0 : 84\u00a0h de prestations")
    assert "1 avertissement :" in texts(at)


def test_a_solve_past_the_time_limit_is_stopped_and_said(monkeypatch) -> None:
    import app_pages.jobs as jobs

    monkeypatch.setattr(jobs, "_POOL", jobs.SolverPool(max_solvers=1, limit_s=0.05))
    at = start()
    at.sidebar.selectbox(key="week").set_value("2031-W07").run()  # a week no test planned
    assert not at.exception, [e.value for e in at.exception]
    assert "Le calcul a dépassé la limite de 0.05 s et a été arrêté" in texts(at)
    assert any(b.label == "Relancer la planification" for b in at.button)
    assert jobs._POOL.running == 0 and jobs._POOL.waiting == 0
    monkeypatch.setattr(jobs, "_POOL", jobs.SolverPool(max_solvers=1, limit_s=120))
    next(b for b in at.button if b.label == "Relancer la planification").click().run()
    assert not at.exception and "dépassé" not in texts(at)
    assert at.metric, "planned again, within the limit now"


def test_previous_and_next_week_buttons_move_the_week() -> None:
    at = start()
    at.sidebar.button(key="week_forward").click().run()
    assert at.sidebar.selectbox(key="week").value == "2026-W50"
    assert at.title[0].value == "Plan de la semaine · 2026-W50"
    at.sidebar.button(key="week_back").click().run()
    at.sidebar.button(key="week_back").click().run()
    assert at.sidebar.selectbox(key="week").value == "2026-W48"


def test_a_validated_week_is_kept_with_its_note_after_a_restart() -> None:
    from app_pages import sending
    from planner.export import export_files

    at = start()
    at.text_input(key="validator_name").input("Cdt Janssens")
    at.text_area(key="validation_note").input("Accord du conseil du 27/11")
    at.button[[b.label for b in at.button].index("Valider la semaine")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Semaine 2026-W49 validée." in texts(at)
    sending.store.clear()  # the server restarts: a new connection to the same database
    again = start()
    shown = texts(again)
    assert "validé par Cdt Janssens" in shown and "Accord du conseil du 27/11" in shown
    assert "plan.csv tel qu'envoyé" in {d.label for d in again.get("download_button")}
    # the files as issued are the plan's own files, kept byte for byte
    v = sending.store().validations("zone-demo", "2026-W49")[0]
    assert (v.validated_by, v.note) == ("Cdt Janssens", "Accord du conseil du 27/11")
    assert sending.store().issued_files(v.id) == export_files(_demo_plan())


def test_validating_without_a_name_is_refused() -> None:
    from app_pages import sending

    before = len(sending.store().validations("zone-demo", "2026-W49"))
    at = start()
    at.button[[b.label for b in at.button].index("Valider la semaine")].click().run()
    assert "Indiquez votre nom" in texts(at)
    assert len(sending.store().validations("zone-demo", "2026-W49")) == before


def test_a_login_identity_validates_without_a_typed_name() -> None:
    """With a login configured (st.user), the validation records the login's name and asks
    for none."""
    from app_pages import sending

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.user = {"is_logged_in": True, "name": "Cdt Dubois", "email": "dubois@zone.example"}
    at.run()
    assert not [t for t in at.text_input if t.key == "validator_name"]
    assert "Connecté en tant que Cdt Dubois." in [c.value for c in at.caption]
    at.button[[b.label for b in at.button].index("Valider la semaine")].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert sending.store().validations("zone-demo", "2026-W49")[0].validated_by == "Cdt Dubois"


def test_a_validated_plan_against_the_plan_re_planned_now() -> None:
    """A validated week shows 'the same plan.csv' while nothing changed; once a sick officer
    is stored for the week, the same validation shows the lines that changed."""
    from app_pages import sending

    at = start()
    at.text_input(key="validator_name").input("Insp. Claes")
    at.button[[b.label for b in at.button].index("Valider la semaine")].click().run()
    assert "Replanifié maintenant : le même plan.csv, ligne pour ligne." in texts(at)
    sick = "officer,type,start,end\nNBH-0001,sickness,2026-11-30,2026-12-06\n"
    sending.store().put_file(
        "zone-demo", "weeks/2026-W49/absences.csv", sick, "Insp. Claes", "2026-W49"
    )
    try:
        again = start()
        shown = texts(again)
        assert "Les données ont changé depuis cette validation." in shown
        assert "Replanifié maintenant :" in shown and "ligne pour ligne" not in shown
        changes = next(d.value for d in again.dataframe if "Changement" in d.value.columns)
        assert len(changes) > 0
        assert set(changes["Changement"]) <= {"ajouté", "retiré", "modifié"}
    finally:
        sending.store().drop_file("zone-demo", "weeks/2026-W49/absences.csv", "test", "2026-W49")


def test_this_week_against_last_week_in_the_app() -> None:
    at = start()
    at.toggle(key="vs-last-2026-W49").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(d.value for d in at.dataframe if "2026-W48" in d.value.columns)
    assert list(table.columns)[1:3] == ["2026-W48", "2026-W49"]
    assert "Capacité pour les priorités" in set(table["Chiffre"])


def _demo_plan():
    from planner.api import plan_folder

    return plan_folder(DEMO, "2026-W49")


def test_a_week_change_kept_in_the_store_is_planned_in_a_new_session() -> None:
    from app_pages import sending

    hycap = (
        "id,type,start,end,officers,qualification,label\n"
        "HYCAP-9,hycap,2026-12-12T12:00,2026-12-12T20:00,4,hycap,Derby Zaventem\n"
    )
    sending.store().put_file(
        "zone-demo", "weeks/2026-W50/commitments.csv", hycap, "Cdt Janssens", "2026-W50"
    )
    try:
        at = start()
        at.sidebar.selectbox(key="week").set_value("2026-W50").run()
        shown = [d.value for d in at.dataframe]
        assert any(
            df.astype(str).apply(lambda c: c.str.contains("Derby Zaventem")).any().any()
            for df in shown
        )
        at.switch_page("app_pages/week_changes.py").run()
        assert not at.exception, [e.value for e in at.exception]
        assert "Cdt Janssens" in " ".join(
            df.astype(str).to_string() for df in (d.value for d in at.dataframe)
        ), "the week's log names who changed the file"
    finally:
        sending.store().drop_file("zone-demo", "weeks/2026-W50/commitments.csv", "test", "2026-W50")


def test_saving_the_week_as_shown_gives_back_the_files_codes() -> None:
    """The tables show types and qualifications in words; saving maps them back to the
    file's codes, so saving the demo week unchanged is accepted and plans it."""
    from app_pages import sending

    assert sending.store().files("zone-demo") == {}

    at = start("app_pages/week_changes.py")
    at.text_input(key="changes_who").input("Insp. Peeters")
    at.button(key="changes_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.body for e in at.error]
    assert at.title[0].value == "Plan de la semaine · 2026-W49"
    # the tables as shown give back the folder's files to the byte: nothing new to keep
    assert sending.store().files("zone-demo") == {}
