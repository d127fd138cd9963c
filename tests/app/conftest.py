"""The browser tests' shared fixtures: one chromium per module and a fresh page on the
module's own `server` fixture (each browser test module starts its server). The browser
helpers are imported when a test asks for them, so the AppTest modules never load
Playwright (and a missing chromium skips only the browser tests)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from tests.app.test_e2e_browser import CHROMIUM, CHROMIUM_ARGS, sync_api

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, server: str) -> Iterator[object]:
    """A fresh browser session on the app's landing page, its first run done."""
    from tests.app.test_e2e_browser import open_page

    context, pg = open_page(browser, server)
    try:
        yield pg
    finally:
        context.close()
