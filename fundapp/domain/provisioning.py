"""Provisions for credit losses (dự phòng rủi ro), computed at month end (domain.md §6).

- **Specific** (dự phòng cụ thể) = max(0, principal − deductible collateral) × the group's rate,
  defaults 0 / 5 / 20 / 50 / 100% for groups 1–5.
- **General** (dự phòng chung) = 0.75% of the principal balances in groups 1–4.
- **Deductible collateral** = appraised value × a rate per collateral kind (defaults: deposits 100%,
  land and buildings 50%, machinery and vehicles 30%, other 0%).
- A loan made from entrusted capital where the fund bears no risk gets no provision at all.

Rounding: the deductible value is rounded DOWN once on the total (it lowers the provision, so it
is never overstated); each provision is rounded half up once, on the whole amount.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from .money import Dong, round_down, round_half_up


class CollateralKind(str, enum.Enum):
    """Kinds of collateral (tài sản bảo đảm), each with its own deductible rate."""

    DEPOSIT = "deposit"  # tiền gửi, giấy tờ có giá
    LAND_BUILDINGS = "land_buildings"  # quyền sử dụng đất, nhà ở, công trình
    MACHINERY_VEHICLES = "machinery_vehicles"  # máy móc, thiết bị, phương tiện
    OTHER = "other"  # tài sản khác


DEFAULT_DEDUCTIBLE_RATES: Mapping[CollateralKind, Decimal] = MappingProxyType({
    CollateralKind.DEPOSIT: Decimal("1.00"),
    CollateralKind.LAND_BUILDINGS: Decimal("0.50"),
    CollateralKind.MACHINERY_VEHICLES: Decimal("0.30"),
    CollateralKind.OTHER: Decimal("0"),
})

DEFAULT_SPECIFIC_RATES: Mapping[int, Decimal] = MappingProxyType({
    1: Decimal("0"),
    2: Decimal("0.05"),
    3: Decimal("0.20"),
    4: Decimal("0.50"),
    5: Decimal("1.00"),
})

DEFAULT_GENERAL_RATE = Decimal("0.0075")


@dataclass(frozen=True, kw_only=True)
class Collateral:
    """One collateral item as recorded: its kind and appraised value (giá trị định giá)."""

    kind: CollateralKind
    appraised_value: Dong


def deductible_collateral(items: Iterable[Collateral],
                          rates: Mapping[CollateralKind, Decimal] = DEFAULT_DEDUCTIBLE_RATES) -> Dong:
    """Σ appraised value × the kind's rate, rounded down once on the total."""
    total = Decimal(0)
    for item in items:
        if item.appraised_value < 0:
            raise ValueError(f"an appraised value cannot be negative: {item.appraised_value}")
        total += Decimal(item.appraised_value) * rates[CollateralKind(item.kind)]
    return round_down(total)


def specific_provision(*, principal: Dong, deductible: Dong, group: int,
                       rates: Mapping[int, Decimal] = DEFAULT_SPECIFIC_RATES, fund_bears_risk: bool = True) -> Dong:
    """max(0, principal − deductible) × the group's rate, rounded half up once.

    ``fund_bears_risk=False`` (entrusted capital lent at the entrusting fund's risk): no provision.
    """
    if group not in rates:
        raise ValueError(f"no specific provision rate for debt group {group!r}")
    if not fund_bears_risk:
        return 0
    exposed = max(0, principal - deductible)
    return round_half_up(Decimal(exposed) * rates[group])


def general_provision(balance_groups_1_to_4: Dong, *, rate: Decimal = DEFAULT_GENERAL_RATE) -> Dong:
    """0.75% of the principal balance in groups 1–4 (loans at the fund's risk only), rounded half up once."""
    if balance_groups_1_to_4 < 0:
        raise ValueError(f"a balance cannot be negative: {balance_groups_1_to_4}")
    return round_half_up(Decimal(balance_groups_1_to_4) * rate)


def general_provision_base(balances: Iterable[tuple[int, Dong, bool]]) -> Dong:
    """The base for the general provision from ``(group, principal, fund_bears_risk)`` per loan:
    the principal of loans in groups 1–4 that are at the fund's risk."""
    return sum((principal for group, principal, at_risk in balances if at_risk and 1 <= group <= 4), 0)
