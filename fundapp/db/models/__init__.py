"""Every table, one concept per module. Importing this package registers them all on ``Base``."""
from ..base import Base
from .audit import AuditRecord
from .fund import CapitalContribution
from .idempotency import IdempotencyRecord
from .ledger import Account, JournalEntry, JournalLine
from .users import ApiToken, Role, User

__all__ = [
    "Base", "AuditRecord", "CapitalContribution", "IdempotencyRecord", "Account", "JournalEntry",
    "JournalLine", "ApiToken", "Role", "User",
]
