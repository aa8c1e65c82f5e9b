"""Storage: SQLAlchemy 2.x models, the engine and sessions, and the audit trail.

Money columns are ``BigInteger`` đồng in every database (never a REAL-backed Numeric in SQLite);
rates are ``Numeric`` stored as text on SQLite so they come back as exact ``Decimal``.
Models live one concept per module under ``fundapp.db.models``.
"""
