"""The Year screen under AppTest, on a copy of the demo zone uploaded as a zip and counted as
of 2026-W03 (three weeks planned): its tables hold what planner.year.collect.collect_year
gives for the same year (the priorities, basic functionalities and HyCap in French, the
weeks counted), its downloads are offered; without pzs.toml it says the targets are
missing; a pzs.toml that cannot be read shows the error box, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from app_pages.upload import zip_zone_folder
from planner.text import Text
from planner.year import views as yv
from planner.year.collect import collect_year
from planner.zone_io import load_zone

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
YEAR_PAGE = "app_pages/year.py"
AS_OF = "2026-W03"
TIMEOUT = 300  # three weeks of the demo zone planned in the child
FR = Text.for_lang("fr")


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.body for e in at.error]
    return at


def open_year(folder: Path, as_of: str = AS_OF) -> AppTest:
    """The app with `folder` uploaded, on the Year screen, the year counted as of `as_of`."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.sidebar.file_uploader[0].set_value(
        (f"{folder.name}.zip", zip_zone_folder(folder), "application/zip")
    ).run()
    at.switch_page(YEAR_PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    if not any(b.key == "year-start" for b in at.button):
        return at  # the zone itself is refused: the page shows why and stops
    at.selectbox(key="year_as_of|2026").set_value(as_of).run()
    if any(b.key == "year-start" for b in at.button):  # else counted before, by another test
        at.button(key="year-start").click().run()
    return at


def frame(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == FR._(label))


def test_the_year_shows_what_collect_year_counts(demo_zone: Path):
    at = ok(open_year(demo_zone))
    expected = collect_year(demo_zone, 2026, AS_OF)
    ytd, zone = expected.ytd, load_zone(demo_zone)
    assert ytd.past == ("2026-W01", "2026-W02", "2026-W03")

    assert at.title[0].value == f"{FR._('PZS year')} · 2026"
    assert metric(at, "Weeks counted") == f"3 / {len(ytd.weeks)}"
    assert metric(at, "Validated weeks") == "0"
    assert metric(at, "Weeks with actuals") == str(len(ytd.done_weeks))
    pd.testing.assert_frame_equal(
        frame(at, FR._("Needed per week")).reset_index(drop=True),
        yv.priorities_table(ytd, zone, "fr"),
    )
    pd.testing.assert_frame_equal(
        frame(at, FR._("Weeks short of the legal minimum")).reset_index(drop=True),
        yv.missions_table(ytd, "fr"),
    )
    hycap = next(t.value for t in at.table if len(t.value) == len(yv.hycap_table(ytd, "fr")))
    assert FR.hours(ytd.hycap.line_hours, 0) in hycap.to_string()
    road = ytd.priority("road_safety").hours
    assert road.planned > 0

    labels = {d.label for d in at.get("download_button")}
    assert {"year.csv", "report.pdf", "report.html"} <= labels
    # the progress charts (one per priority with hours), the calendar, HyCap, the waterfall
    assert len(at.get("vega_lite_chart")) >= 4
    if expected.pzs is None:
        assert any("pzs.toml" in str(i.body) for i in at.info), [i.body for i in at.info]

    # a second visit, another language: from the cache, at once, in Dutch
    at.sidebar.segmented_control(key="lang").set_value("nl").run()
    ok(at)
    nl = Text.for_lang("nl")
    assert at.title[0].value == f"{nl._('PZS year')} · 2026"
    assert nl._("Needed per week") in frame(at, nl._("Needed per week")).columns


def test_a_pzs_toml_that_cannot_be_read_shows_the_error_box(demo_zone: Path):
    """Refused by the zone's reader until planner.year.pzs is merged (pzs.toml is not yet
    a file of a zone folder), by load_pzs in the year's job afterwards: either way the
    error box names the file."""
    (demo_zone / "pzs.toml").write_text("[cycle\nfirst_year = 2026\n", encoding="utf-8")
    at = open_year(demo_zone, "2026-W01")
    assert not at.exception, [e.value for e in at.exception]
    assert at.error, "the error box"
    shown = "\n".join(str(e.body) for e in at.error)
    shown += "\n".join(d.value.to_string() for d in at.dataframe)
    assert "pzs.toml" in shown
    assert "Traceback" not in shown


def _uploader(at: AppTest, key: str):
    return next(f for f in at.file_uploader if f.key == key)


def test_actuals_are_imported_whole_or_not_at_all(demo_zone: Path):
    """A week's actuals imported on the Year screen: a file with a wrong activity is refused
    with the row named and nothing kept; a good one replaces the week's actuals in the
    session's copy of the zone and in the store, and the year counts it."""
    from app_pages.sending import store

    at = ok(open_year(demo_zone))
    text = (demo_zone / "actuals" / "2026-W02.csv").read_text(encoding="utf-8")
    # the week without its dusk patrols: burglary's hours done fall by theirs
    kept = "".join(line for line in text.splitlines(True) if ",dusk_patrol," not in line)
    assert kept != text
    bad = kept.replace(",speed_check,", ",speed_chek,", 1)

    at.selectbox(key="actuals-week|2026").set_value("2026-W02")
    at.text_input(key="actuals_who").set_value("Cdt Janssens")
    _uploader(at, "actuals-file").set_value(("w02.csv", bad.encode(), "text/csv"))
    at.run()
    at.button(key="actuals-import").click().run()
    assert not at.exception
    shown = "\n".join(str(e.body) for e in at.error)
    assert (
        FR.n_(
            "{n} problem in the file: nothing is imported.",
            "{n} problems in the file: nothing is imported.",
            1,
        )
        in shown
    )
    assert "speed_chek" in "\n".join(d.value.to_string() for d in at.dataframe)
    assert "actuals/2026-W02.csv" not in store().files(demo_zone.name)

    _uploader(at, "actuals-file").set_value(("w02.csv", kept.encode(), "text/csv"))
    at.run()
    at.button(key="actuals-import").click().run()
    ok(at)
    assert any("2026-W02" in str(s.body) for s in at.success), [s.body for s in at.success]
    stored = store().files(demo_zone.name)["actuals/2026-W02.csv"]
    assert ",dusk_patrol," not in stored and ",speed_check," in stored

    # the year counted again, from the session's copy that now holds the file
    if any(b.key == "year-start" for b in at.button):
        at.button(key="year-start").click().run()
    ok(at)
    (demo_zone / "actuals" / "2026-W02.csv").write_text(stored, encoding="utf-8")
    expected = collect_year(demo_zone, 2026, AS_OF).ytd
    pd.testing.assert_frame_equal(
        frame(at, FR._("Needed per week")).reset_index(drop=True),
        yv.priorities_table(expected, load_zone(demo_zone), "fr"),
    )
