"""Batch work driven by the calendar: end of day for every business date, month close, notices.

Runs from ``fundapp eod``, ``POST /api/v1/jobs/end-of-day`` or the scheduler process
(``fundapp scheduler``: one per deployment, never one per web worker). Each business date is
one transaction, and each (date, step) is recorded once, so a repeated run changes nothing and a
run killed half-way leaves nothing half-posted.
"""
