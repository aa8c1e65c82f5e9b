"""The base of every broken business rule. Each rule defines its own subclass next to the code
that raises it; the API turns any ``DomainError`` into a 422 problem naming the rule and figures."""
from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the request. ``field`` names the input at fault, if one is."""

    rule: str = "business_rule"

    def __init__(self, message: str, *, field: str | None = None, rule: str | None = None, **figures):
        super().__init__(message)
        self.message = message
        self.field = field
        if rule:
            self.rule = rule
        self.figures = figures


class NotAllowed(DomainError):
    """The caller's role may act, but this user may not (separation of duties): HTTP 403."""

    rule = "separation_of_duties"


class StateConflict(DomainError):
    """The object is not in a state that allows this action (approving a rejected one): HTTP 409."""

    rule = "state_conflict"


class NotFound(DomainError):
    """Nothing the caller may see has this id: HTTP 404 (a borrower never learns others' ids)."""

    rule = "not_found"
