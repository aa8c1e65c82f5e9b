"""The fund's own rule tables (domain.md: "where a rule is a fund's own choice, it is a setting
with the default given here, never a constant in code"): the debt-group thresholds, how long a
restructured loan must pay on time to return to group 1, and the provisioning rates.

A fund adopts a new set from a date (by a decision); every date before it keeps the set in force
then, so a report as of an earlier date never changes. ``check`` says which field is wrong and why.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .classification import DEFAULT_CURE, DEFAULT_TABLE, CureRule, DebtGroupTable
from .errors import DomainError
from .provisioning import DEFAULT_DEDUCTIBLE_RATES, DEFAULT_GENERAL_RATE, DEFAULT_SPECIFIC_RATES, CollateralKind

GROUPS = (1, 2, 3, 4, 5)
MAX_CURE_MONTHS = 24


class InvalidRules(DomainError):
    rule = "fund_rules_invalid"


@dataclass(frozen=True, kw_only=True)
class FundRules:
    debt_groups: DebtGroupTable = DEFAULT_TABLE
    cure: CureRule = DEFAULT_CURE
    specific_rates: Mapping[int, Decimal] = field(default_factory=lambda: DEFAULT_SPECIFIC_RATES)
    general_rate: Decimal = DEFAULT_GENERAL_RATE
    deductible_rates: Mapping[CollateralKind, Decimal] = field(default_factory=lambda: DEFAULT_DEDUCTIBLE_RATES)


DEFAULT_RULES = FundRules()


def _rate(value, field_name: str) -> Decimal:
    try:
        rate = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidRules("Tỷ lệ không hợp lệ / not a rate", field=field_name) from None
    if not rate.is_finite() or not Decimal(0) <= rate <= Decimal(1):
        raise InvalidRules("Tỷ lệ phải từ 0 đến 100% / a rate is between 0 and 100%", field=field_name, value=str(rate))
    if rate.as_tuple().exponent < -6:
        raise InvalidRules("Tối đa 4 chữ số thập phân của phần trăm / at most 4 decimal places of a percent",
                           field=field_name, value=str(rate))
    return rate


def _months(value, field_name: str, *, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise InvalidRules(f"Số tháng từ {low} đến {high} / a whole number of months from {low} to {high}",
                           field=field_name, value=value)
    return value


def check(*, debt_group_from: list, cure_months_long, cure_months_short, short_term_max_months,
          specific_rates: Mapping, general_rate, deductible_rates: Mapping) -> FundRules:
    """The rules from what an officer entered, or ``InvalidRules`` naming the field at fault.
    ``debt_group_from``: the least days past due of groups 2, 3, 4 and 5; rates as fractions, keyed
    by the group ("1" … "5") and the collateral kind's value, as ``as_fields`` writes them."""
    days = list(debt_group_from) if isinstance(debt_group_from, (list, tuple)) else []
    if len(days) != 4 or any(type(d) is not int for d in days):
        raise InvalidRules("Cần 4 ngưỡng số ngày (nhóm 2 đến 5) / four thresholds in days, groups 2 to 5",
                           field="debt_group_from")
    if not 0 < days[0] < days[1] < days[2] < days[3] <= 3650:
        raise InvalidRules("Ngưỡng số ngày phải dương và tăng dần / thresholds must be positive and increasing",
                           field="debt_group_from", value=days)
    cure = CureRule(months_long=_months(cure_months_long, "cure_months_long", low=1, high=MAX_CURE_MONTHS),
                    months_short=_months(cure_months_short, "cure_months_short", low=1, high=MAX_CURE_MONTHS),
                    short_term_max_months=_months(short_term_max_months, "short_term_max_months", low=1, high=600))
    if set(specific_rates) != {str(group) for group in GROUPS}:
        raise InvalidRules("Cần tỷ lệ trích lập cho đủ 5 nhóm / a specific rate for each of groups 1 to 5",
                           field="specific_rates")
    specific = {group: _rate(specific_rates[str(group)], f"specific_rates.{group}")
                for group in GROUPS}
    if any(specific[a] > specific[b] for a, b in zip(GROUPS, GROUPS[1:])):
        raise InvalidRules("Tỷ lệ trích lập không được giảm khi nhóm nợ tăng / a worse group never has a lower rate",
                           field="specific_rates")
    kinds = {kind.value: kind for kind in CollateralKind}
    if set(deductible_rates) != set(kinds):
        raise InvalidRules("Cần tỷ lệ khấu trừ cho mỗi loại tài sản bảo đảm / a deductible rate for each kind of "
                           "collateral", field="deductible_rates", kinds=sorted(kinds))
    deductible = {kind: _rate(deductible_rates[name], f"deductible_rates.{name}") for name, kind in kinds.items()}
    return FundRules(
        debt_groups=DebtGroupTable(group_2_from=days[0], group_3_from=days[1], group_4_from=days[2],
                                   group_5_from=days[3]),
        cure=cure, specific_rates=specific, general_rate=_rate(general_rate, "general_rate"),
        deductible_rates=deductible)


def as_fields(rules: FundRules) -> dict:
    """The rules as the API and the settings page show them (rates as fractions, strings)."""
    table = rules.debt_groups
    return {
        "debt_group_from": [table.group_2_from, table.group_3_from, table.group_4_from, table.group_5_from],
        "cure_months_long": rules.cure.months_long, "cure_months_short": rules.cure.months_short,
        "short_term_max_months": rules.cure.short_term_max_months,
        "specific_rates": {str(group): str(rate) for group, rate in rules.specific_rates.items()},
        "general_rate": str(rules.general_rate),
        "deductible_rates": {kind.value: str(rate) for kind, rate in rules.deductible_rates.items()},
    }
