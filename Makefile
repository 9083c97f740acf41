# foedus — the two commands of the README:
#   make demo   set up a virtual environment, install, compare every policy of ukraine-2025
#   make test   install the development dependencies and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= foedus-out

.PHONY: demo test install dev lint typecheck bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"

demo: install
	$(BIN)/foedus compare ukraine-2025 --lens evidence --out $(OUT)

test: dev
	$(BIN)/python -m pytest -q
	$(BIN)/python -m ruff check src tests benchmarks
	$(BIN)/python -m mypy

lint: dev
	$(BIN)/python -m ruff check src tests benchmarks

typecheck: dev
	$(BIN)/python -m mypy

bench: install
	$(BIN)/python benchmarks/engine.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info
