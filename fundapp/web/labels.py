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
PREPAYMENT = {"shorten_term": _l("Rút ngắn thời hạn"), "reduce_installments": _l("Giảm số tiền các kỳ sau"),
              "refuse": _l("Không nhận trả trước")}
CURRENT_ORDER = {"interest_first": _l("Thu lãi trước, gốc sau"), "principal_first": _l("Thu gốc trước, lãi sau")}
FREQUENCIES = {0: _l("Cuối kỳ (khi đáo hạn)"), 1: _l("Hằng tháng"), 3: _l("Hằng quý"), 6: _l("Sáu tháng một lần"),
               12: _l("Hằng năm")}
FINDINGS = {"proper_use": _l("Sử dụng vốn đúng mục đích"), "misuse": _l("Sử dụng vốn sai mục đích"),
            "other": _l("Khác")}
RESTRUCTURE_KINDS = {"reschedule": _l("Điều chỉnh kỳ hạn trả nợ"), "extend": _l("Gia hạn nợ")}
REQUEST_STATUSES = {"requested": _l("Chờ duyệt"), "approved": _l("Đã phê duyệt"), "rejected": _l("Bị từ chối")}
NOTICE_KINDS = {"reminder": _l("Nhắc nợ sắp đến hạn"), "overdue": _l("Thông báo nợ quá hạn"),
                "group_worsened": _l("Thông báo chuyển nhóm nợ"), "recall": _l("Thông báo thu hồi nợ trước hạn")}
RUN_STATUSES = {"running": _l("Đang chạy"), "succeeded": _l("Thành công"), "completed_with_errors": _l("Xong, có lỗi"),
                "failed": _l("Thất bại"), "nothing_to_do": _l("Không còn ngày nào"), "busy": _l("Đang bận")}
TRIGGERS = {"cli": _l("Dòng lệnh"), "api": _l("API"), "scheduler": _l("Lịch tự động"), "web": _l("Trang quản trị")}
STEPS = {"book": _l("Hạch toán dự thu, chuyển nhóm"), "notices": _l("Thông báo"), "month_close": _l("Khóa sổ tháng"),
         "email": _l("Gửi email")}
COUNTS = {"loans": _l("khoản vay"), "failed": _l("lỗi"), "lines": _l("dòng bút toán"), "already_done": _l("đã làm trước"),
          "skipped": _l("không phải cuối tháng"), "already_closed": _l("đã khóa sổ trước"), "reminder": _l("nhắc nợ"),
          "overdue": _l("quá hạn"), "group_worsened": _l("chuyển nhóm"), "recall": _l("thu hồi"), "sent": _l("đã gửi"),
          "smtp": _l("máy chủ thư"), "not configured": _l("chưa cấu hình"),
          "specific_provision": _l("dự phòng cụ thể (đồng)"), "general_provision": _l("dự phòng chung (đồng)")}
DAY_KINDS = {"holiday": _l("Ngày nghỉ"), "weekend_workday": _l("Ngày làm bù")}
DEBT_GROUPS = {1: _l("Nhóm 1 – Nợ đủ tiêu chuẩn"), 2: _l("Nhóm 2 – Nợ cần chú ý"), 3: _l("Nhóm 3 – Nợ dưới tiêu chuẩn"),
               4: _l("Nhóm 4 – Nợ nghi ngờ"), 5: _l("Nhóm 5 – Nợ có khả năng mất vốn")}


def _code(value):
    if isinstance(value, enum.Enum):
        return value.value
    return value if isinstance(value, int) else str(value or "")


def name_in(table: dict):
    def name(value) -> str:
        code = _code(value)
        return str(table.get(code, code))

    return name


def register(app: Flask) -> None:
    helpers = {"role_name": name_in(ROLES), "status_name": name_in(STATUSES), "kind_name": name_in(KINDS),
               "sector_name": name_in(SECTORS), "collateral_name": name_in(COLLATERAL), "part_name": name_in(PARTS),
               "movement_name": name_in(MOVEMENTS), "recommendation_name": name_in(RECOMMENDATIONS),
               "method_name": name_in(METHODS), "prepayment_name": name_in(PREPAYMENT),
               "order_name": name_in(CURRENT_ORDER), "frequency_name": name_in(FREQUENCIES),
               "finding_name": name_in(FINDINGS), "restructure_kind_name": name_in(RESTRUCTURE_KINDS),
               "request_status_name": name_in(REQUEST_STATUSES), "notice_kind_name": name_in(NOTICE_KINDS),
               "run_status_name": name_in(RUN_STATUSES), "trigger_name": name_in(TRIGGERS), "step_name": name_in(STEPS),
               "count_name": name_in(COUNTS),
               "day_kind_name": name_in(DAY_KINDS), "debt_group_name": name_in(DEBT_GROUPS), "business_today": today}
    app.jinja_env.globals.update(helpers)
