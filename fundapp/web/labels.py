"""Names shown for the codes the services use (roles, statuses, kinds, parts of a payment).

Presentation only: the codes and their meaning are the domain's; these are their Vietnamese
names, translated to English through the catalogue like every other text on the pages.
"""
from __future__ import annotations

import enum

from flask import Flask
from flask_babel import lazy_gettext as _l

from ..clock import today

ROLES = {"admin": _l("Quản trị"), "officer": _l("Cán bộ tín dụng"), "approver": _l("Người phê duyệt"),
         "accountant": _l("Kế toán"), "auditor": _l("Kiểm soát viên"), "borrower": _l("Khách hàng")}
STATUSES = {
    "draft": _l("Nháp"), "submitted": _l("Đã nộp"), "appraised": _l("Đã thẩm định"), "approved": _l("Đã phê duyệt"),
    "rejected": _l("Bị từ chối"), "withdrawn": _l("Đã rút"), "active": _l("Đang vay"), "closed": _l("Đã tất toán"),
    "written_off": _l("Đã xử lý rủi ro"), "paid": _l("Đã trả"), "partly_paid": _l("Trả một phần"),
    "overdue": _l("Quá hạn"), "due": _l("Đến hạn"), "upcoming": _l("Chưa đến hạn"),
}
KINDS = {"cooperative": _l("Hợp tác xã"), "cooperative_union": _l("Liên hiệp hợp tác xã"),
         "cooperative_member": _l("Thành viên hợp tác xã"), "group_member": _l("Thành viên tổ hợp tác")}
SECTORS = {
    "agriculture": _l("Nông nghiệp"), "forestry": _l("Lâm nghiệp"), "fisheries": _l("Thủy sản"),
    "industry_handicraft": _l("Công nghiệp, tiểu thủ công nghiệp"), "trade_services": _l("Thương mại, dịch vụ"),
    "transport": _l("Vận tải"), "construction": _l("Xây dựng"), "credit": _l("Tín dụng"), "other": _l("Khác"),
}
COLLATERAL = {"deposit": _l("Tiền gửi"), "land_buildings": _l("Đất đai, nhà xưởng"),
              "machinery_vehicles": _l("Máy móc, phương tiện"), "other": _l("Tài sản khác")}
PARTS = {
    "principal_overdue": _l("Nợ gốc quá hạn"), "interest_overdue": _l("Lãi quá hạn chưa trả"),
    "penalty_interest": _l("Lãi phạt trên nợ gốc quá hạn"), "late_interest": _l("Lãi chậm trả"),
    "interest_due_today": _l("Lãi đến hạn hôm nay"), "principal_due_today": _l("Gốc đến hạn hôm nay"),
    "interest_accrued": _l("Lãi trong hạn dồn tích"), "advance": _l("Tiền trả trước cho kỳ sau"),
    "principal_prepaid": _l("Trả gốc trước hạn"), "principal_outstanding": _l("Dư nợ gốc"),
    "payoff_amount": _l("Số tiền tất toán"),
}
MOVEMENTS = {
    "disbursement": _l("Giải ngân"), "falls_due": _l("Đến hạn"), "advance_applied": _l("Trừ tiền trả trước"),
    "payment": _l("Trả nợ"), "transfer_to_overdue": _l("Chuyển nợ quá hạn"), "restructure": _l("Cơ cấu lại"),
    "recall": _l("Thu hồi trước hạn"), "write_off": _l("Xử lý rủi ro"),
}
RECOMMENDATIONS = {"approve": _l("Đề nghị cho vay"), "reject": _l("Đề nghị từ chối")}
METHODS = {"equal_principal": _l("Gốc đều, lãi theo dư nợ giảm dần"), "annuity": _l("Trả đều (gốc và lãi)"),
           "bullet": _l("Gốc cuối kỳ"), "manual": _l("Lịch nhập tay")}


def _code(value) -> str:
    return value.value if isinstance(value, enum.Enum) else str(value or "")


def name_in(table: dict):
    def name(value) -> str:
        code = _code(value)
        return str(table.get(code, code))

    return name


def register(app: Flask) -> None:
    helpers = {"role_name": name_in(ROLES), "status_name": name_in(STATUSES), "kind_name": name_in(KINDS),
               "sector_name": name_in(SECTORS), "collateral_name": name_in(COLLATERAL), "part_name": name_in(PARTS),
               "movement_name": name_in(MOVEMENTS), "recommendation_name": name_in(RECOMMENDATIONS),
               "method_name": name_in(METHODS), "business_today": today}
    app.jinja_env.globals.update(helpers)
