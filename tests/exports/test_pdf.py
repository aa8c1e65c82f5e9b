"""Fund documents come out as PDFs whose text carries the Vietnamese words and the amounts."""
from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from fundapp.exports.pdf import Document


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_receipt_shows_the_amount_in_figures_and_in_vietnamese_words_with_signatures():
    document = Document(fund_name="Quỹ hỗ trợ phát triển hợp tác xã tỉnh Lâm Đồng", title="Phiếu thu")
    document.amount("Số tiền:", 100_955_106)
    document.table(["Kỳ", "Ngày", "Gốc", "Lãi"], [[1, "10/02/2025", 10_000_000, 713_425]], money_columns=[2, 3])
    document.signatures(["Người nộp tiền", "Kế toán trưởng", "Giám đốc"], on=date(2025, 2, 20), place="Lâm Đồng")

    text = text_of(document.render())

    assert "PHIẾU THU" in text and "QUỸ HỖ TRỢ PHÁT TRIỂN HỢP TÁC XÃ TỈNH LÂM ĐỒNG" in text
    assert "100.955.106 đ" in text
    assert "Một trăm triệu chín trăm năm mươi lăm nghìn một trăm linh sáu đồng" in text
    assert "10.000.000" in text and "713.425" in text
    assert "Kế toán trưởng" in text and "ngày 20 tháng 02 năm 2025" in text
