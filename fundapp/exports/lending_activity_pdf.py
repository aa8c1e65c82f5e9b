"""Báo cáo tình hình hoạt động cho vay (Decree 45 Art. 44): the half-yearly or annual report."""
from __future__ import annotations

from .pdf import Document, vn_date
from .report_labels import DEBT_GROUPS, KINDS, SECTORS, percent

SIZE = 9
SIGNERS = ["Người lập biểu", "Kế toán trưởng", "Giám đốc"]


def render(report: dict, *, fund_name: str) -> bytes:
    document = Document(fund_name=fund_name, title=f"Báo cáo tình hình hoạt động cho vay {report['label']}")
    document.paragraph(f"Kỳ báo cáo: từ {vn_date(report['start'])} đến {vn_date(report['end'])}"
                       + ("" if report["closed"] else f" (số liệu tính đến ngày {vn_date(report['as_of'])})"),
                       align="C", size=10)
    document.paragraph("Đơn vị tính: đồng", align="R", size=9)
    document.paragraph("1. Kết quả cho vay, thu nợ trong kỳ", bold=True)
    document.table(["Chỉ tiêu", "Số tiền / số lượng"], [
        ["Dư nợ đầu kỳ", report["outstanding_start"]],
        ["Số khoản vay giải ngân lần đầu trong kỳ", str(report["loans_disbursed"])],
        ["Doanh số giải ngân", report["disbursed"]], ["Doanh số thu nợ gốc", report["principal_collected"]],
        ["Thu lãi", report["interest_collected"]], ["Thu lãi phạt, lãi chậm trả", report["penalty_collected"]],
        ["Xử lý rủi ro", report["written_off"]], ["Dư nợ cuối kỳ", report["outstanding_end"]],
        ["Số khoản vay còn dư nợ cuối kỳ", str(report["loans_end"])],
        ["Nợ xấu cuối kỳ (nhóm 3–5)", report["bad_debt_end"]],
        ["Tỷ lệ nợ xấu đầu kỳ / cuối kỳ", f"{percent(report['bad_debt_ratio_start'])} / "
                                           f"{percent(report['bad_debt_ratio_end'])}"],
        ["Dự phòng rủi ro cuối kỳ", report["provision_end"]],
    ], widths=[120, 70], money_columns=[1], size=SIZE)
    document.ln(3)
    document.paragraph("2. Dư nợ theo nhóm nợ", bold=True)
    rows = [[DEBT_GROUPS[s["debt_group"]], s["outstanding"], e["outstanding"]]
            for s, e in zip(report["outstanding_start_by_group"], report["outstanding_end_by_group"])]
    document.table(["Nhóm nợ", "Đầu kỳ", "Cuối kỳ"], rows, widths=[90, 50, 50], money_columns=[1, 2],
                   total_row=["Tổng cộng", report["outstanding_start"], report["outstanding_end"]], size=SIZE)
    for number, (title, key, names) in enumerate((("theo ngành, lĩnh vực", "by_sector", SECTORS),
                                                  ("theo loại khách hàng", "by_borrower_kind", KINDS)), 3):
        document.ln(3)
        document.paragraph(f"{number}. Cho vay, thu nợ và dư nợ {title}", bold=True)
        entries = report[key]
        rows = [[names.get(e["key"], e["key"]), e["disbursed"], e["principal_collected"], e["outstanding_end"]]
                for e in entries]
        document.table(["", "Giải ngân", "Thu nợ gốc", "Dư nợ cuối kỳ"], rows, widths=[70, 40, 40, 40],
                       money_columns=[1, 2, 3], size=SIZE,
                       total_row=["Tổng cộng", report["disbursed"], report["principal_collected"],
                                  report["outstanding_end"]])
    document.ln(2)
    document.amount("Dư nợ cuối kỳ:", report["outstanding_end"])
    document.signatures(SIGNERS, on=report["as_of"])
    return document.render()
