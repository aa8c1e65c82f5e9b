# fundapp: `make run` (SQLite + demo data) and `make test` (the whole suite on SQLite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: run test install lint clean test-postgres

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

## Install, migrate the SQLite database under instance/, load the demo once, serve with the scheduler.
run: install
	$(BIN)/fundapp db upgrade
	$(BIN)/fundapp demo
	@echo "fundapp on http://$(HOST):$(PORT)  (API docs: http://$(HOST):$(PORT)/api/v1/docs)"
	$(BIN)/fundapp scheduler & scheduler=$$!; trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/fundapp run --host $(HOST) --port $(PORT)

## Install the test dependencies and run the whole suite (SQLite; PostgreSQL when TEST_DATABASE_URL is set).
test: install
	$(BIN)/pytest

lint: install
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
