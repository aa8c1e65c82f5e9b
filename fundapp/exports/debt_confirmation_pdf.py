"""Biên bản đối chiếu công nợ: what a borrower owes the fund on a date, loan by loan, in figures
and in words, with signature blocks for both sides (A4 portrait)."""
from __future__ import annotations

from .pdf import Document, vn_date
from .report_labels import KINDS

SIZE = 8


def render(confirmation: dict, *, fund_name: str) -> bytes:
    as_of = confirmation["as_of"]
    document = Document(fund_name=fund_name, title="Biên bản đối chiếu công nợ")
    document.paragraph(f"Số liệu đến hết ngày {vn_date(as_of)}", align="C", size=10)
    document.ln(2)
    document.paragraph("Bên A (bên cho vay):", bold=True)
    document.paragraph(fund_name)
    document.paragraph("Bên B (bên vay):", bold=True)
    document.field("Tên khách hàng:", confirmation["borrower_name"])
    document.field("Loại khách hàng:", KINDS.get(confirmation["borrower_kind"], confirmation["borrower_kind"]))
    identity = confirmation["registration_no"] or confirmation["citizen_id"]
    if identity:
        document.field("Số đăng ký / CCCD:", identity)
    document.field("Địa chỉ:", confirmation["address"] or "")
    if confirmation["representative"]:
        document.field("Người đại diện:", confirmation["representative"])
    document.ln(2)
    document.paragraph(f"Hai bên cùng đối chiếu số dư nợ của Bên B tại Bên A đến hết ngày {vn_date(as_of)} như sau "
                       "(đơn vị: đồng):")
    rows = [[line["contract_no"], vn_date(line["disbursed_on"]), line["amount"], line["principal"], line["interest"],
             line["penalties"], line["advance"], line["total"]] for line in confirmation["loans"]]
    totals = confirmation["totals"]
    document.table(["Số hợp đồng", "Ngày giải ngân", "Số tiền vay", "Nợ gốc", "Nợ lãi", "Lãi phạt, chậm trả",
                    "Trả trước (trừ)", "Còn phải trả"], rows, widths=[25, 20, 25, 26, 22, 22, 22, 28],
                   money_columns=[2, 3, 4, 5, 6, 7], size=SIZE,
                   total_row=["Tổng cộng", "", None, totals["principal"], totals["interest"], totals["penalties"],
                              totals["advance"], totals["total"]])
    for line in confirmation["loans"]:
        document.ln(2)
        note = " (đã xử lý rủi ro, theo dõi ngoại bảng)" if line["written_off"] else ""
        document.paragraph(f"Hợp đồng {line['contract_no']}{note}:", bold=True, size=10)
        document.amount("Nợ gốc:", line["principal"])
        document.amount("Nợ lãi:", line["interest"])
        document.amount("Lãi phạt quá hạn và lãi chậm trả:", line["penalties"])
        if line["advance"]:
            document.amount("Tiền đã trả trước chờ phân bổ (trừ đi):", line["advance"])
    document.ln(2)
    document.amount("Tổng số nợ Bên B còn phải trả:", totals["total"])
    document.ln(2)
    document.paragraph("Biên bản được lập thành hai bản có giá trị như nhau, mỗi bên giữ một bản. Nếu có chênh lệch, "
                       "Bên B thông báo cho Bên A trong vòng 15 ngày kể từ ngày nhận biên bản.", size=10)
    document.signatures(["ĐẠI DIỆN BÊN B (Khách hàng)", "ĐẠI DIỆN BÊN A (Quỹ)"], on=as_of)
    return document.render()
