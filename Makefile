# Set-up is two commands (README): `make demo` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/searchkit index seeds/
	$(BIN)/searchkit search 'Aleppo massacre' --limit 3

test: $(STAMP)
	$(BIN)/ruff check searchkit scrapers tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest

check: test

clean:
	rm -rf $(VENV) indexes/default .pytest_cache .mypy_cache .ruff_cache
