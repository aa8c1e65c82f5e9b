"""Vietnamese first, English by a switch kept in the session (Flask-Babel).

The pages are written in Vietnamese; ``translations/en/LC_MESSAGES/messages.po`` gives the English.
The catalogue is compiled in memory when first needed, so the repository holds no binary ``.mo``
file that could drift from its source. Messages from the services come as ``"vi / en"``:
``pick`` shows the half for the reader's language.
"""
from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, session
from flask_babel import Babel, Domain, get_locale

LANGUAGES = ("vi", "en")
CATALOGUES = Path(__file__).resolve().parent / "translations"


def compiled(language: str) -> NullTranslations:
    po = CATALOGUES / language / "LC_MESSAGES" / "messages.po"
    if not po.exists():
        return NullTranslations()
    with po.open("rb") as source:
        catalog = read_po(source, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


class PoDomain(Domain):
    """Flask-Babel's domain, reading the ``.po`` source itself (compiled once per language)."""

    def __init__(self):
        super().__init__()
        self._compiled: dict[str, NullTranslations] = {}

    def get_translations(self):
        locale = get_locale()
        language = locale.language if locale is not None else "vi"
        if language not in self._compiled:
            self._compiled[language] = compiled(language)
        return self._compiled[language]


class FundBabel(Babel):
    @property
    def domain_instance(self):
        if not hasattr(self, "_po_domain"):
            self._po_domain = PoDomain()
        return self._po_domain


def language() -> str:
    chosen = session.get("lang")
    return chosen if chosen in LANGUAGES else "vi"


def pick(message) -> str:
    """``"Vượt hạn mức / over the limit"`` → the half in the reader's language. Several such
    messages joined by ``"; "`` (every failed condition at once) are each halved."""
    text = str(message or "")
    if " / " not in text:
        return text
    chunks = text.split("; ")
    if len(chunks) > 1 and all(" / " in chunk for chunk in chunks):
        return "; ".join(_half(chunk) for chunk in chunks)
    return _half(text)


def _half(text: str) -> str:
    vietnamese, english = text.rsplit(" / ", 1)
    return english if language() == "en" else vietnamese


def init_app(app: Flask) -> None:
    FundBabel(app, locale_selector=language)
    app.jinja_env.filters["pick"] = pick
    app.jinja_env.globals["language"] = language
