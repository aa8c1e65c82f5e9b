"""Vietnamese headings and names for the report files (XLSX, CSV, PDF): one table, so the three
formats say the same thing. Codes are the domain's (api.md); these are what a fund prints."""
from __future__ import annotations

from datetime import date

KINDS = {"cooperative": "Hợp tác xã", "cooperative_union": "Liên hiệp hợp tác xã",
         "cooperative_member": "Thành viên hợp tác xã", "group_member": "Thành viên tổ hợp tác"}
SECTORS = {"agriculture": "Nông nghiệp", "forestry": "Lâm nghiệp", "fisheries": "Thủy sản",
           "industry_handicraft": "Công nghiệp, tiểu thủ công nghiệp", "trade_services": "Thương mại, dịch vụ",
           "transport": "Vận tải", "construction": "Xây dựng", "credit": "Tín dụng", "other": "Khác"}
TERM_CLASSES = {"short": "Ngắn hạn (≤ 12 tháng)", "medium": "Trung hạn (12–60 tháng)", "long": "Dài hạn (> 60 tháng)"}
DEBT_GROUPS = {1: "Nhóm 1 - Nợ đủ tiêu chuẩn", 2: "Nhóm 2 - Nợ cần chú ý", 3: "Nhóm 3 - Nợ dưới tiêu chuẩn",
               4: "Nhóm 4 - Nợ nghi ngờ", 5: "Nhóm 5 - Nợ có khả năng mất vốn"}
STATUSES = {"active": "Đang vay", "closed": "Đã tất toán", "written_off": "Đã xử lý rủi ro", "approved": "Chưa giải ngân"}


def capital_source(code: str) -> str:
    return "Vốn tự có" if code == "own" else f"Vốn ủy thác: {code}"


GROUPINGS = {  # name → (sheet / section title, heading of the key column, key → label)
    "debt_group": ("Theo nhóm nợ", "Nhóm nợ", lambda key: DEBT_GROUPS.get(key, str(key))),
    "commune": ("Theo xã, phường", "Xã, phường, đặc khu", lambda key: key or "(chưa có)"),
    "sector": ("Theo ngành", "Ngành, lĩnh vực", lambda key: SECTORS.get(key, key)),
    "term_class": ("Theo kỳ hạn", "Kỳ hạn", lambda key: TERM_CLASSES.get(key, key)),
    "capital_source": ("Theo nguồn vốn", "Nguồn vốn", capital_source),
    "borrower_kind": ("Theo loại khách hàng", "Loại khách hàng", lambda key: KINDS.get(key, key)),
}

# (field, heading, kind, width): kind says how a value is written (money, int, date, rate, text or a
# code turned into its name).
DETAIL_COLUMNS = [
    ("loan_id", "Mã khoản vay", "int", 8), ("contract_no", "Số hợp đồng", "text", 15),
    ("borrower_id", "Mã khách hàng", "int", 8), ("borrower_name", "Khách hàng", "text", 34),
    ("borrower_kind", "Loại khách hàng", "kind", 18), ("commune", "Xã, phường", "text", 20),
    ("district", "Huyện (cũ)", "text", 16), ("sector", "Ngành", "sector", 16),
    ("disbursed_on", "Ngày giải ngân", "date", 11), ("amount", "Số tiền cho vay", "money", 15),
    ("term_months", "Thời hạn (tháng)", "int", 8), ("term_class", "Kỳ hạn", "term", 12),
    ("maturity_date", "Ngày đến hạn cuối", "date", 11), ("annual_rate", "Lãi suất (năm)", "rate", 8),
    ("purpose", "Mục đích vay", "text", 28), ("collateral", "Tài sản bảo đảm", "text", 28),
    ("collateral_value", "Giá trị TSBĐ", "money", 15), ("capital_source", "Nguồn vốn", "source", 12),
    ("opening_balance", "Dư nợ đầu kỳ", "money", 15), ("disbursed", "Giải ngân trong kỳ", "money", 15),
    ("principal_collected", "Thu nợ gốc trong kỳ", "money", 15), ("written_off", "Xử lý rủi ro", "money", 14),
    ("closing_balance", "Dư nợ cuối kỳ", "money", 15), ("closing_in_term", "Trong đó: trong hạn", "money", 15),
    ("closing_overdue", "Trong đó: quá hạn", "money", 15), ("days_past_due", "Số ngày quá hạn", "int", 8),
    ("debt_group", "Nhóm nợ", "int", 6), ("interest_due", "Lãi đến hạn chưa trả", "money", 13),
    ("interest_accrued", "Lãi dự thu", "money", 13), ("interest_collected", "Lãi đã thu trong kỳ", "money", 13),
    ("interest_overdue", "Lãi quá hạn chưa trả", "money", 13), ("penalty_interest", "Lãi phạt quá hạn", "money", 13),
    ("late_interest", "Lãi chậm trả", "money", 13), ("penalty_collected", "Lãi phạt đã thu", "money", 13),
    ("provision", "Dự phòng cụ thể", "money", 14),
]
GROUP_COLUMNS = [("loans", "Số khoản vay", "int", 10)] + [c for c in DETAIL_COLUMNS if c[2] == "money"
                                                          and c[0] not in ("amount", "collateral_value")]
CODE_NAMES = {"kind": KINDS.get, "sector": SECTORS.get, "term": TERM_CLASSES.get, "source": capital_source}


def name_of(kind: str, value):
    """A code turned into the name printed (``agriculture`` → ``Nông nghiệp``)."""
    if value is None or kind not in CODE_NAMES:
        return value
    return CODE_NAMES[kind](value) or value


def month_title(month: str) -> str:
    year, number = month.split("-")
    return f"tháng {number}/{year}"


def status_line(report: dict) -> str:
    as_of: date = report["as_of"]
    if report["closed"]:
        return f"Số liệu khóa sổ ngày {as_of:%d/%m/%Y} (không thay đổi)"
    return f"Tháng chưa khóa sổ: số liệu tính đến ngày {as_of:%d/%m/%Y}"


def percent(ratio) -> str:
    """A ratio (0.0523) as printed: ``5,23%``; ``–`` when there is none."""
    if ratio is None:
        return "–"
    return f"{ratio * 100:.2f}%".replace(".", ",")
