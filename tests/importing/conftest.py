"""Fixtures for the loan book import: the fund, the three products of the generated book, the
book itself (generated once per session) and a helper that uploads a workbook through the API."""
from __future__ import annotations

import io
from datetime import date
from functools import lru_cache

import pytest

from tests import builders
from tests.importing.book import PRODUCTS, generate
from tests.web.conftest import browser, signed_in  # noqa: F401  (the upload page's tests)

CODES = {key: f"VON-{key}" for key in PRODUCTS}


@lru_cache(maxsize=4)
def book(seed: int = 8, borrowers: int = 50, loans: int = 80):
    return generate(seed, borrowers=borrowers, loans=loans)


@pytest.fixture
def fund(app):
    """50 bn đ of charter capital (value date 02/06/2025) and the book's three products."""
    builders.fund_with_capital(app, 50_000_000_000, value_date=date(2025, 6, 2))
    for key, spec in PRODUCTS.items():
        builders.make_product(app, code=CODES[key], **spec)
    return CODES


def upload(caller, content: bytes, *, dry_run: bool = False, filename: str = "so-cho-vay-2025.xlsx"):
    data = {"file": (io.BytesIO(content), filename)}
    if dry_run:
        data["dry_run"] = "true"
    return caller.client.post("/api/v1/imports", data=data, content_type="multipart/form-data",
                              headers={"Authorization": f"Bearer {caller.token}"})
