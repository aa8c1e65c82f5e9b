"""Amounts in words for contracts, notices and receipts (domain.md §8).

``dong_in_words(1_500_000_000)`` → ``"Một tỷ năm trăm triệu đồng"``.

The spelling is the one Vietnamese accountants and banks print (the "đọc số thành chữ" of
accounting software):

- **mười / mươi**: 10 = mười, 20 = hai mươi;
- **mốt**: a 1 after a ten of 20 or more (21 = hai mươi mốt; but 11 = mười một, 101 = … linh một);
- **tư**: a 4 after a ten of 20 or more (24 = hai mươi tư; but 4 = bốn, 14 = mười bốn);
- **lăm**: a 5 after any ten (15 = mười lăm, 25 = hai mươi lăm; but 5 = năm, 105 = … linh năm);
- **linh**: zero tens before a unit once hundreds are read (105 = một trăm linh năm);
- **không trăm**: a group of three digits that follows a spoken group is read in full, so
  1.005 = một nghìn không trăm linh năm and 1.000.005 = một triệu không trăm linh năm. A group
  that is all zeros is not read at all (we do not say "không nghìn");
- **tỷ** for 10⁹, repeated above it: 10¹² = một nghìn tỷ, 10¹⁵ = một triệu tỷ, 10¹⁸ = một tỷ tỷ;
- **nghìn**, not "ngàn" (the standard written form).

num2words (``lang='vi'``, 0.5.14) is not used: it writes "lẻ" for linh, never "tư"
(24 → "hai mươi bốn"), drops "không trăm" (1.005 → "một nghìn lẻ năm"), misreads a zero
hundred before tens (1.010 → "một nghìn lẻ mười"), misreads 10¹⁵ ("một trăm nghìn tỷ") and falls
back to English from 10¹⁸ ("một Quintillion").
"""
from __future__ import annotations

from .money import Dong

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
# Groups of three digits below a tỷ, largest first: (size, name).
_GROUPS = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def dong_in_words(amount: Dong) -> str:
    """The amount in Vietnamese words, first letter capitalised, ending in " đồng"."""
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"an amount in words must be whole đồng (int), not {amount!r}")
    if amount < 0:
        raise ValueError(f"an amount in words cannot be negative: {amount}")
    text = " ".join(number_in_words(amount)) + " đồng"
    return text[0].upper() + text[1:]


def number_in_words(number: int) -> list[str]:
    """A non-negative whole number as a list of Vietnamese words (lower case)."""
    if number == 0:
        return [_DIGITS[0]]
    return _read(number, leading=True)


def _read(number: int, *, leading: bool) -> list[str]:
    """Read ``number`` > 0; ``leading`` says nothing has been spoken before it."""
    if number >= _BILLION:
        billions, rest = divmod(number, _BILLION)
        words = _read(billions, leading=leading) + ["tỷ"]
        if rest:
            words += _read_below_billion(rest, leading=False)
        return words
    return _read_below_billion(number, leading=leading)


def _read_below_billion(number: int, *, leading: bool) -> list[str]:
    words: list[str] = []
    for size, name in _GROUPS:
        group = number // size % 1000
        if group == 0:
            continue  # a group of zeros is skipped entirely
        words += _read_group(group, full=not leading)
        if name:
            words.append(name)
        leading = False
    return words


def _read_group(group: int, *, full: bool) -> list[str]:
    """Read 1–999. ``full``: a group after a spoken one reads its hundreds even when 0."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words: list[str] = []
    hundreds_read = full or hundreds > 0
    if hundreds_read:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            words += ["linh", _DIGITS[units]] if hundreds_read else [_DIGITS[units]]
        return words
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units:
        words.append(_unit_after_tens(tens, units))
    return words


def _unit_after_tens(tens: int, units: int) -> str:
    if units == 1 and tens >= 2:
        return "mốt"
    if units == 4 and tens >= 2:
        return "tư"
    if units == 5:
        return "lăm"
    return _DIGITS[units]
