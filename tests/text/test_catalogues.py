"""Every message the code says is in every catalogue of its gettext domain (fr, nl, en),
French and Dutch are translated, and a translation keeps the message's {placeholders}."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from planner.text import LANGS, LOCALES, catalogue_path

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "n_": (1, 2)}
DOMAIN_OF_FILE = {"planner/text/explain.py": "explain", "planner/text/inputs.py": "inputs"}


def _sources() -> list[Path]:
    return sorted([*ROOT.glob("planner/**/*.py"), *ROOT.glob("app_pages/*.py"), ROOT / "app.py"])


def _extracted() -> dict[str, dict[str, str]]:
    """domain -> msgid -> where it is used."""
    out: dict[str, dict[str, str]] = {}
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        domain = DOMAIN_OF_FILE.get(rel, "planner")
        for lineno, msg, _comments, _ctx in extract_from_file("python", path, keywords=KEYWORDS):
            for m in msg if isinstance(msg, tuple) else (msg,):
                out.setdefault(domain, {})[m] = f"{rel}:{lineno}"
    return out


EXTRACTED = _extracted()


def _catalogue(lang: str, domain: str):
    with catalogue_path(lang, domain).open("rb") as f:
        return read_po(f, locale=LOCALES[lang], domain=domain)


def _names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_code_has_messages_in_the_planner_domain() -> None:
    assert len(EXTRACTED["planner"]) > 200
    assert "Basic functionalities" in EXTRACTED["planner"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("domain", sorted(EXTRACTED))
def test_every_message_is_in_the_catalogue(lang: str, domain: str) -> None:
    catalogue = _catalogue(lang, domain)
    ids = {
        m
        for message in catalogue
        if message.id
        for m in (message.id if isinstance(message.id, tuple) else (message.id,))
    }
    missing = {m: where for m, where in EXTRACTED[domain].items() if m not in ids}
    assert not missing, f"{lang}/{domain}.po misses (run `make catalogues`): {missing}"


@pytest.mark.parametrize("lang", [x for x in LANGS if x != "en"])
@pytest.mark.parametrize("domain", sorted(EXTRACTED))
def test_french_and_dutch_are_translated(lang: str, domain: str) -> None:
    catalogue = _catalogue(lang, domain)
    empty = [
        m.id
        for m in catalogue
        if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))
    ]
    assert not empty, f"{lang}/{domain}.po: no translation for {empty}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("domain", sorted(EXTRACTED))
def test_translations_keep_the_placeholders(lang: str, domain: str) -> None:
    catalogue = _catalogue(lang, domain)
    wrong = []
    for m in catalogue:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = [s for s in (m.string if isinstance(m.string, tuple) else (m.string,)) if s]
        expected = set().union(*(_names(i) for i in ids))
        for s in strings:
            # a singular may leave {n} out ("un policier"), never add or lose another name
            if _names(s) - expected or (expected - {"n"}) - _names(s):
                wrong.append((m.id, s))
    assert not wrong, wrong


def test_no_dutch_with_french_spacing() -> None:
    """Dutch puts no space before a colon (French does: 'Scénario : ...')."""
    bad = [
        m.id
        for m in _catalogue("nl", "planner")
        if m.id
        and any(
            re.search(r"\s:", s) for s in (m.string if isinstance(m.string, tuple) else (m.string,))
        )
    ]
    assert not bad, bad


def test_a_compiled_catalogue_is_kept_and_follows_its_po(tmp_path, monkeypatch) -> None:
    """The compiled catalogue is kept beside the `.po`, named by its bytes: read back by the
    next process, and replaced as soon as the `.po` changes."""
    import planner.text as text

    po = tmp_path / "fr" / "LC_MESSAGES" / "planner.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(catalogue_path("fr", "planner").read_bytes())
    monkeypatch.setattr(text, "LOCALE_DIR", tmp_path)
    text._translations.cache_clear()
    try:
        assert text._translations("fr", "planner").gettext("Status") == "Statut"
        kept = list((po.parent / "__pycache__").glob("planner.*.mo"))
        assert len(kept) == 1
        text._translations.cache_clear()
        assert text._translations("fr", "planner").gettext("Status") == "Statut"  # read back
        po.write_text(
            po.read_text(encoding="utf-8").replace('msgstr "Statut"', 'msgstr "État"'),
            encoding="utf-8",
        )
        text._translations.cache_clear()
        assert text._translations("fr", "planner").gettext("Status") == "État"
        now = list((po.parent / "__pycache__").glob("planner.*.mo"))
        assert len(now) == 1 and now != kept
    finally:
        text._translations.cache_clear()
