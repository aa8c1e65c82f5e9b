"""fundapp: loan management for Vietnam's cooperative development support funds.

Layers, innermost first (checked by import-linter, see pyproject.toml):

- ``fundapp.domain``   pure money rules: schedules, interest, what is owed, classification.
- ``fundapp.db``       SQLAlchemy models and sessions; rows in, domain values out.
- ``fundapp.services`` one module per family of use cases; take a session, never commit.
- ``fundapp.api`` / ``fundapp.web`` / ``fundapp.jobs``  the edges people and clocks call.
- ``fundapp.app`` / ``fundapp.cli``  wiring: ``create_app()`` and the ``fundapp`` command.

Importing this package loads nothing else, so ``import fundapp.domain`` never loads Flask.
"""
