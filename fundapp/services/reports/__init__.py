"""The lending reports (domain.md §7): the monthly outstanding-loan report (báo cáo dư nợ cho vay),
the half-yearly and annual lending activity report (Decree 45 Art. 44), the yearly KPIs (Art. 45)
and the yearly debt confirmation (biên bản đối chiếu công nợ).

- ``months``: which month is asked for, whether it is closed, and as of which day.
- ``rows``: the figures every row and total carries, and the reconciliation check.
- ``closed_month``: a closed month, read from ``month_end_snapshots`` by SQL (GROUP BY in the
  database): the same numbers for ever.
- ``open_month``: the month not yet closed, computed loan by loan as of today (slower).
- ``outstanding``: the whole report (rows, totals, groups, bad debt, exposures, provisions, trend).
- ``lending_activity``, ``kpis``, ``debt_confirmation``: the statutory reports built on it.

They return plain dicts and lists (amounts in đồng, ratios as ``Decimal``); ``fundapp.exports``
turns them into XLSX, CSV and PDF.
"""
