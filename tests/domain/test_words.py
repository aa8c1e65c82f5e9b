"""Amounts in words as printed on contracts, notices and receipts (domain.md §8)."""
import pytest
from hypothesis import given, strategies as st

from fundapp.domain.words import dong_in_words

BRIEF_CASES = [
    (0, "Không đồng"),
    (5, "Năm đồng"),
    (10, "Mười đồng"),
    (14, "Mười bốn đồng"),
    (15, "Mười lăm đồng"),
    (21, "Hai mươi mốt đồng"),
    (24, "Hai mươi tư đồng"),
    (25, "Hai mươi lăm đồng"),
    (105, "Một trăm linh năm đồng"),
    (1_005, "Một nghìn không trăm linh năm đồng"),
    (1_000_005, "Một triệu không trăm linh năm đồng"),
    (10_000_000, "Mười triệu đồng"),
    (1_500_000_000, "Một tỷ năm trăm triệu đồng"),
    (1_000_000_000_000, "Một nghìn tỷ đồng"),
    (7_500_000_000, "Bảy tỷ năm trăm triệu đồng"),
    # the payoff amount of the worked example in domain.md §5
    (100_955_106, "Một trăm triệu chín trăm năm mươi lăm nghìn một trăm linh sáu đồng"),
]


@pytest.mark.parametrize(("amount", "words"), BRIEF_CASES, ids=[str(a) for a, _ in BRIEF_CASES])
def test_amount_is_written_the_way_accountants_write_it(amount, words):
    assert dong_in_words(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1, "Một đồng"),
        (4, "Bốn đồng"),
        (11, "Mười một đồng"),
        (20, "Hai mươi đồng"),
        (44, "Bốn mươi tư đồng"),
        (51, "Năm mươi mốt đồng"),
        (55, "Năm mươi lăm đồng"),
        (99, "Chín mươi chín đồng"),
        (101, "Một trăm linh một đồng"),
        (104, "Một trăm linh bốn đồng"),
        (110, "Một trăm mười đồng"),
        (114, "Một trăm mười bốn đồng"),
        (121, "Một trăm hai mươi mốt đồng"),
    ],
)
def test_mot_tu_and_lam_are_used_only_after_a_ten_of_twenty_or_more(amount, words):
    assert dong_in_words(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (1_010, "Một nghìn không trăm mười đồng"),
        (1_015, "Một nghìn không trăm mười lăm đồng"),
        (1_001_000, "Một triệu không trăm linh một nghìn đồng"),
        (1_000_100, "Một triệu một trăm đồng"),
        (2_000_001_000, "Hai tỷ không trăm linh một nghìn đồng"),
        (1_000_000_005, "Một tỷ không trăm linh năm đồng"),
        (120_000_000, "Một trăm hai mươi triệu đồng"),
        (713_425, "Bảy trăm mười ba nghìn bốn trăm hai mươi lăm đồng"),
    ],
)
def test_a_group_after_a_spoken_one_reads_khong_tram_and_a_group_of_zeros_is_skipped(amount, words):
    assert dong_in_words(amount) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (10**15, "Một triệu tỷ đồng"),
        (10**18, "Một tỷ tỷ đồng"),
        (10**18 + 5 * 10**9, "Một tỷ không trăm linh năm tỷ đồng"),
        (1_000_005 * 10**9, "Một triệu không trăm linh năm tỷ đồng"),
    ],
)
def test_ty_is_repeated_above_a_billion(amount, words):
    assert dong_in_words(amount) == words


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError):
        dong_in_words(-1)


def test_a_fraction_of_a_dong_is_refused():
    with pytest.raises(TypeError):
        dong_in_words(1.5)  # type: ignore[arg-type]


# --- properties: the words read back to the same number --------------------------------------

_DIGIT = {"không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4,
          "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}


def _read_back(text: str) -> int:
    """An independent reader of the words, the way a person adds them up."""
    tokens = text.removesuffix(" đồng").lower().split()
    total = section = small = 0
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if token in _DIGIT:
            digit = _DIGIT[token]
            small += digit * {"trăm": 100, "mươi": 10}.get(following, 1)
        elif token == "mười":
            small += 10
        elif token == "nghìn":
            section, small = section + small * 1000, 0
        elif token == "triệu":
            section, small = section + small * 10**6, 0
        elif token == "tỷ":
            total, section, small = (total + section + small) * 10**9, 0, 0
        else:
            assert token in {"trăm", "mươi", "linh"}, token
    return total + section + small


@given(st.integers(min_value=0, max_value=10**21))
def test_the_words_read_back_to_the_amount(amount):
    assert _read_back(dong_in_words(amount)) == amount


@given(st.integers(min_value=1, max_value=10**15))
def test_the_words_never_use_le_ngan_or_a_double_space(amount):
    text = dong_in_words(amount)
    assert text[0].isupper() and text.endswith(" đồng")
    words = text.split()
    assert "lẻ" not in words and "ngàn" not in words
    padded = f" {text.lower()} "
    assert " mươi một " not in padded and " mươi bốn " not in padded and " mươi năm " not in padded
    assert " mười năm " not in padded and " mười mốt " not in padded and " mười tư " not in padded
    assert "  " not in text
