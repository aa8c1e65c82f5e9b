"""The money rules of a cooperative development support fund, pure Python (stdlib + dateutil).

Nothing here reads a clock, a database or a request: every function takes what it needs.

Glossary (Vietnamese ↔ English ↔ code):

==============================  ==============================  ===========================
Quỹ hỗ trợ phát triển HTX        cooperative development fund    fund
vốn điều lệ (thực có)            (actual) charter capital        charter_capital
vốn ủy thác                      entrusted capital               entrusted
hợp tác xã (HTX)                 cooperative                     cooperative
liên hiệp HTX                    union of cooperatives           cooperative_union
thành viên HTX / tổ hợp tác      member of a coop / coop group   cooperative_member / group_member
khách hàng                       borrower                        borrower
thẩm định                        appraisal                       appraise
giải ngân                        disbursement                    disburse
lịch trả nợ                      repayment schedule              schedule
dư nợ giảm dần                   declining balance               equal_principal
ân hạn                           principal grace period          grace_months
kỳ hạn trả nợ                    instalment                      installment
nợ quá hạn / chuyển nợ quá hạn   overdue / transfer to overdue   principal_overdue
lãi quá hạn                      penalty interest (150%)         penalty_interest
lãi chậm trả                     late interest on interest       late_interest
trả nợ trước hạn                 prepayment                      principal_prepaid
nhóm nợ / nợ xấu                 debt group / bad debt (3–5)     debt_group
dự phòng cụ thể / chung          specific / general provision    provision
cơ cấu lại: điều chỉnh kỳ hạn    rescheduling                    reschedule
gia hạn nợ                       extension                       extend
xử lý rủi ro                     write-off                       write_off
thông báo                        notice                          notice
==============================  ==============================  ===========================
"""
