# The two commands: `make run` and `make test`. Everything else is a step they share.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: run test test-fast setup setup-dev init demo clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev

init: setup
	$(PY) -m dashboard init

demo: init
	$(PY) -m dashboard demo

## Start the app on the embedded default (SQLite) with the demo practice loaded.
run: demo
	$(PY) -m streamlit run app.py --server.address $(HOST) --server.port $(PORT)

## Run the whole test suite (against PostgreSQL too when TEST_DATABASE_URL is set).
test: setup-dev
	$(PY) -m pytest $(PYTEST_ARGS)

## The unit tier alone: pure functions, no database, no app, no browser (about a minute).
test-fast: setup-dev
	$(PY) -m pytest tests/unit $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
