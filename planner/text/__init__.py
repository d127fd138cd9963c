"""Text layer: the one place where codes and values become French, Dutch or English.

The core (domain, input/output, problem, solver, results, explanations) returns codes and
numbers. This package turns them into sentences with gettext catalogues kept as `.po`
files under `locales/<lang>/LC_MESSAGES/<domain>.po` (edited with Babel's tools, see
docs/architecture.md), and formats numbers, hours, percentages, dates and days with
Babel's locale data (fr_BE, nl_BE, en). A language is added by adding its catalogues and a
line in `LOCALES`.

Catalogues are compiled from the `.po` files on first use, so there is no build step. The
compiled catalogue is kept beside its `.po` in `__pycache__/`, named by a digest of the
`.po`'s bytes, so a later process reads it at once and it can never fall out of date.
"""

from __future__ import annotations

import gettext
import hashlib
import io
import math
import os
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en"}
LANGS = tuple(LOCALES)
DEFAULT_LANG = "fr"
DOMAINS = ("planner", "explain", "inputs")
LOCALE_DIR = Path(__file__).parent / "locales"
MINUS = "\u2212"


def check_lang(lang: str | None) -> str:
    """The language if known, else the default (a stale session never breaks a page)."""
    return lang if lang in LOCALES else DEFAULT_LANG


def catalogue_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@cache
def _translations(lang: str, domain: str) -> gettext.NullTranslations:
    path = catalogue_path(lang, domain)
    if not path.exists():
        return gettext.NullTranslations()
    source = path.read_bytes()
    digest = hashlib.sha256(source).hexdigest()[:16]
    compiled = path.parent / "__pycache__" / f"{domain}.{digest}.mo"
    try:
        return gettext.GNUTranslations(io.BytesIO(compiled.read_bytes()))
    except OSError:  # not compiled yet (or just replaced by another process)
        pass
    catalog = read_po(io.BytesIO(source), locale=LOCALES[lang], domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    try:  # kept for the next process; a read-only install compiles every time instead
        compiled.parent.mkdir(exist_ok=True)
        for old in compiled.parent.glob(f"{domain}.*.mo"):
            old.unlink()
        tmp = compiled.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(buffer.getvalue())
        tmp.replace(compiled)
    except OSError:
        pass
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class Text:
    """Everything one language needs: messages (`_`, `n_`) and locale formats.

    Messages are gettext msgids written in English in the code, with `{name}` placeholders
    filled from keyword values after translation. Use `Text.for_lang(lang)`."""

    def __init__(self, lang: str):
        self.lang = check_lang(lang)
        self.locale = Locale.parse(LOCALES[self.lang])

    @staticmethod
    @cache
    def for_lang(lang: str | None) -> Text:
        return Text(check_lang(lang))

    # -- messages ------------------------------------------------------------------------
    def _(self, message: str, domain: str = "planner", **values: object) -> str:
        text = _translations(self.lang, domain).gettext(message)
        return text.format(**values) if values else text

    def n_(
        self, singular: str, plural: str, n: int, domain: str = "planner", **values: object
    ) -> str:
        text = _translations(self.lang, domain).ngettext(singular, plural, n)
        return text.format(n=n, **values)

    # -- numbers ---------------------------------------------------------------------------
    def number(self, x: float | None, decimals: int = 1, signed: bool = False) -> str:
        """1234.5 -> '1 234,5' (fr_BE), '1.234,5' (nl_BE), '1,234.5' (en); a true minus
        sign; None and NaN as a dash; -0 as 0. Trailing zeros are kept (tables align)."""
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "—"
        value = round(float(x), decimals)
        if value == 0:
            value = 0.0
        pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
        text = format_decimal(abs(value), format=pattern, locale=self.locale)
        sign = MINUS if value < 0 else ("+" if signed and value > 0 else "")
        return sign + text

    def hours(self, x: float | None, decimals: int = 1, signed: bool = False) -> str:
        """Person-hours with the unit: '1 234,5 h' (fr), '1.234,5 u' (nl), '1,234.5 h'."""
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "—"
        # TRANSLATORS: person-hours; keep the no-break space before the unit.
        return self._("{hours}\u00a0h", hours=self.number(x, decimals, signed))

    def round_hours(self, x: float, signed: bool = False) -> str:
        """Hours as people write them in a sentence: '8 h', '12,5 h' (no decimals when whole)."""
        return self.hours(x, 0 if float(x).is_integer() else 1, signed)

    def percent(self, share: float | None, decimals: int = 1, signed: bool = False) -> str:
        """0.368 -> '36,8 %' (fr, nl), '36.8%' (en)."""
        if share is None or (isinstance(share, float) and math.isnan(share)):
            return "—"
        pattern = self.locale.percent_formats[None].pattern.replace(
            "#,##0", "#,##0" + ("." + "0" * decimals if decimals > 0 else ""), 1
        )
        value = round(float(share), decimals + 2)
        text = format_percent(abs(value), format=pattern, locale=self.locale)
        sign = MINUS if value < 0 else ("+" if signed and value > 0 else "")
        return sign + text

    def weight(self, x: float) -> str:
        """A priority weight as people write it: 3, 1,5 (fr, nl), 1.5 (en)."""
        return format_decimal(float(x), format="#,##0.##", locale=self.locale)

    # -- days and dates ----------------------------------------------------------------------
    def day(self, day: int, long: bool = False) -> str:
        """Day 0 = Monday: 'lun.'/'lundi' (fr), 'ma'/'maandag' (nl), 'Mon'/'Monday' (en)."""
        width = "wide" if long else "abbreviated"
        return self.locale.days["format"][width][day]

    def date(self, value, long: bool = False) -> str:
        return format_date(value, format="long" if long else "short", locale=self.locale)

    def moment(self, value, tz: str = "Europe/Brussels") -> str:
        """An aware instant on Belgian wall-clock time: '30/11/26 08:15' (fr_BE)."""
        return format_datetime(value, format="short", tzinfo=tz, locale=self.locale)
