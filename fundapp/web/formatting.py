"""How pages show and read figures: ``1.500.000.000 đ``, ``dd/mm/yyyy``, amounts in words (domain.md §8).

The conversions themselves are the domain's (``money.format_dong``, ``words.dong_in_words``); this
module only makes them Jinja filters and reads dates typed as ``dd/mm/yyyy`` (or ``yyyy-mm-dd``).
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask

from ..clock import BUSINESS_TZ
from ..domain.money import format_dong
from ..domain.words import dong_in_words


def dong(amount) -> str:
    return "" if amount is None else format_dong(int(amount))


def day(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):  # a moment: shown in the fund's time zone
        moment = value.astimezone(BUSINESS_TZ) if value.tzinfo else value
        return moment.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def in_words(amount) -> str:
    return "" if amount is None else dong_in_words(int(amount))


def percent(rate, places: int = 2) -> str:
    """``Decimal("0.07")`` → ``7%``; ``0.105`` → ``10,5%`` (Vietnamese decimal comma)."""
    if rate is None:
        return ""
    text = f"{Decimal(str(rate)) * 100:.{places}f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


def parse_day(text: str) -> date:
    """``30/06/2025``, ``30/6/2025`` or ``2025-06-30`` → a date; ValueError otherwise."""
    text = (text or "").strip()
    if "/" in text:
        d, m, y = text.split("/")
        if len(y) != 4:
            raise ValueError(text)
        return date(int(y), int(m), int(d))
    return date.fromisoformat(text)


def register(app: Flask) -> None:
    app.jinja_env.filters.update(dong=dong, day=day, in_words=in_words, percent=percent)
