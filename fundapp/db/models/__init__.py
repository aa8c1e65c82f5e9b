"""Every table, one concept per module. Importing this package registers them all on ``Base``."""
from ..base import Base
from .applications import ApplicationDocument, ApplicationEvent, ApplicationStatus, Collateral, LoanApplication, Recommendation
from .audit import AuditRecord
from .borrowers import Borrower, RelatedGroup, Sector
from .calendar import WeekendWorkday
from .closing import MonthClose, MonthEndSnapshot, Notice
from .fund import CapitalContribution, FundRulesVersion
from .idempotency import IdempotencyRecord
from .imports import ImportBatch
from .jobs import BusinessDayStep, JobLock, JobRun
from .ledger import Account, JournalEntry, JournalLine
from .monitoring import Finding, MonitoringCheck
from .loans import EventKind, Holiday, Loan, LoanCheckpoint, LoanEvent, LoanPlan, LoanStatus, RestructuringRequest, RestructuringStatus
from .products import LoanProduct
from .reports import KpiPlan
from .users import ApiToken, Role, User

__all__ = [
    "ApplicationDocument", "ApplicationEvent", "ApplicationStatus", "Collateral", "LoanApplication", "Recommendation",
    "Borrower", "RelatedGroup", "Sector", "EventKind", "Holiday", "Loan", "LoanCheckpoint", "LoanEvent", "LoanPlan", "LoanStatus",
    "RestructuringRequest", "RestructuringStatus", "LoanProduct", "Finding", "MonitoringCheck",
    "KpiPlan", "MonthClose", "MonthEndSnapshot", "Notice", "BusinessDayStep", "JobLock", "JobRun",
    "Base", "AuditRecord", "CapitalContribution", "FundRulesVersion", "IdempotencyRecord", "ImportBatch", "Account", "JournalEntry",
    "JournalLine", "ApiToken", "Role", "User", "WeekendWorkday",
]
