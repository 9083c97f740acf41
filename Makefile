# foedus — the two commands of the README:
#   make demo   set up a virtual environment, install, compare every policy of ukraine-2025
#               and write the HTML report
#   make test   install the development dependencies and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
OUT    ?= foedus-out

AXE_DIR ?= .cache/axe
AXE_VERSION = 4.14.1

.PHONY: demo test install dev browser axe lint typecheck bench clean docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"

demo: install
	$(BIN)/foedus compare ukraine-2025 --lens evidence --out $(OUT)
	$(BIN)/foedus report ukraine-2025 --lens evidence --out $(OUT)/ukraine-2025-evidence.html

# Browser tests drive Debian's Chromium (never a downloaded browser); install it when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo -n ); \
	  ( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium ) >/dev/null 2>&1 \
	  || echo "note: could not install chromium; browser tests will be skipped"; }

# The accessibility test runs axe-core (MPL-2.0) from the npm registry in the same Chromium;
# installed into $(AXE_DIR), never committed.
axe:
	@test -f $(AXE_DIR)/node_modules/axe-core/axe.min.js || { \
	  command -v npm >/dev/null 2>&1 \
	  && npm install --prefix $(AXE_DIR) --no-audit --no-fund --no-save --silent axe-core@$(AXE_VERSION) >/dev/null 2>&1; } \
	  || echo "note: could not install axe-core; the accessibility test will be skipped"

test: dev browser axe
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
	rm -rf $(VENV) $(OUT) .cache .pytest_cache .mypy_cache .ruff_cache build *.egg-info src/*.egg-info

# Regenerate the generated reference pages (tests fail when docs/parameters.md is stale).
docs: install
	$(BIN)/foedus params --format md > docs/parameters.md.tmp && mv docs/parameters.md.tmp docs/parameters.md
