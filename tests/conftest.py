"""Shared fixtures: private copies of the bundled sample zones and a small generated zone;
`run_planner` runs the real `planner` command in a child process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from planner.generator import generate_zone

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SAMPLE_WEEK = "2026-W49"  # the week the samples' dated inputs are for
# The app's store (validated plans...) goes to a folder of this test run, never the user's;
# set before any app or server starts, so child processes inherit it.
os.environ["PLANNER_DATA_DIR"] = tempfile.mkdtemp(prefix="planner-test-data-")
os.environ.pop("PLANNER_DATABASE_URL", None)


def _copy(name: str, dest: Path) -> Path:
    return Path(shutil.copytree(DATA / name, dest / name))


@pytest.fixture
def rural_zone(tmp_path: Path) -> Path:
    """A copy of data/zone-rural (50 staff, week 2026-W49) at tmp_path/zone-rural."""
    return _copy("zone-rural", tmp_path)


@pytest.fixture
def demo_zone(tmp_path: Path) -> Path:
    """A copy of data/zone-demo (300 staff, week 2026-W49) at tmp_path/zone-demo."""
    return _copy("zone-demo", tmp_path)


@pytest.fixture
def small_zone(tmp_path: Path) -> Path:
    """A generated 50-staff zone (seed 3) with dated inputs for 2026-W49, at tmp_path/z."""
    return generate_zone(tmp_path / "z", 50, seed=3)


def run_planner(
    *args: str | Path, cwd: Path | None = None, command: list[str] | None = None
) -> subprocess.CompletedProcess:
    """Run `python -m planner ARGS` (or `command ARGS`) and capture its output as text, in
    English unless the arguments say `--lang` (PLANNER_LANG=en: the tests read English)."""
    cmd = command if command is not None else [sys.executable, "-m", "planner"]
    env = {**os.environ, "PLANNER_LANG": "en"}
    return subprocess.run(
        [*cmd, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300, env=env
    )
