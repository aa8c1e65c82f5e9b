"""Money is whole đồng (``int``); rates are ``Decimal``. Every rounding lives here, named by its rule.

Circular 14/2017/TT-NHNN: interest is Σ(balance × days × annual rate) / 365, the year always
365 days, rounded once per period. We carry the exact part as *đồng-days* (balance × days, an
integer) and turn it into đồng only when the interest is charged.
"""
from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

Dong = int
"""An amount of money in whole Vietnamese đồng."""

DAYS_IN_YEAR = 365  # Circular 14/2017 Art. 5: always 365, leap years too


def round_half_up(value: Decimal) -> Dong:
    """Round to whole đồng, half away from zero (the only rounding for charged interest)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_down(value: Decimal) -> Dong:
    """Round toward zero to whole đồng (equal principal instalments; the last takes the rest)."""
    return int(value.quantize(Decimal(1), rounding=ROUND_DOWN))


def exact_interest(dong_days: int, annual_rate: Decimal) -> Decimal:
    """Unrounded interest for a number of đồng-days at an annual rate."""
    return Decimal(dong_days) * annual_rate / DAYS_IN_YEAR


def interest_for(dong_days: int, annual_rate: Decimal) -> Dong:
    """Interest charged for a period: đồng-days × rate / 365, rounded once, half up."""
    return round_half_up(exact_interest(dong_days, annual_rate))


# The same rounding in whole numbers, for the database to do it in bulk (end of day,
# ``services.daily_accrual``): the rate as an integer number of millionths, and
# round-half-up(dd × rate / 365) = (2·dd·R + 365·S) div (730·S) for dd ≥ 0. Rates with more
# than six decimals have no such form; their loans are accrued one by one.
RATE_SCALE = 10**6


def scaled_rate(annual_rate: Decimal) -> int | None:
    """``Decimal('0.075')`` → ``75000``; ``None`` if the rate has more than six decimals."""
    scaled = annual_rate * RATE_SCALE
    return int(scaled) if scaled == scaled.to_integral_value() else None


def interest_for_scaled(dong_days: int, rate: int) -> Dong:
    """``interest_for`` with the rate from ``scaled_rate``, in integer arithmetic (dd ≥ 0)."""
    return (2 * dong_days * rate + DAYS_IN_YEAR * RATE_SCALE) // (2 * DAYS_IN_YEAR * RATE_SCALE)


def format_dong(amount: Dong) -> str:
    """``1500000000`` → ``'1.500.000.000 đ'`` (dot thousands, as on Vietnamese documents)."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đ"


def parse_dong(text: str) -> Dong:
    """Accept ``'1.500.000'``, ``'1500000'`` or ``'1.500.000 đ'``; refuse fractions of a đồng."""
    cleaned = text.strip().removesuffix("đ").removesuffix("VND").strip().replace(".", "").replace(" ", "")
    if not cleaned or not cleaned.lstrip("-").isdigit():
        raise ValueError(f"not a whole amount of đồng: {text!r}")
    return int(cleaned)
