# Two entry points for a newcomer: `make lab` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_WORKERS ?= auto

.PHONY: lab test test-floor lint install clean sandbox-tools fonts browser-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files: reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

## make lab: install the workbook and open JupyterLab on the start notebook
# The file browser is rooted at the repository (so datasets/DATACARD.md is one click away), not at
# notebooks/, which is where JupyterLab roots it when given only a notebook to open.
# (as root, e.g. in a container, JupyterLab refuses to start without --allow-root)
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
# the edition: 简体中文 (notebooks/zh/) when WORKBOOK_LANG, else LANG, starts with zh (e.g. LANG=zh_CN.UTF-8)
EDITION := $(if $(filter zh%,$(or $(WORKBOOK_LANG),$(LANG))),zh/,)
lab: $(VENV)/.installed
	$(if $(EDITION),-@$(MAKE) --no-print-directory fonts)
	$(BIN)/jupyter lab $(LAB_FLAGS) --ServerApp.root_dir="$(CURDIR)" notebooks/$(EDITION)00_start_here.ipynb

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

## bubblewrap isolates every graded kernel (workbook grade); as root it is installed with apt-get
sandbox-tools:
	@command -v bwrap >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; \
	  else \
	    echo "make: workbook grade isolates kernels with bubblewrap: run 'sudo apt-get install bubblewrap'" >&2; \
	    exit 1; \
	  fi; }

## a font with Chinese glyphs for the plots of the 中文 edition (WenQuanYi Micro Hei, Apache-2.0)
fonts:
	@fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-wqy-microhei fontconfig; \
	  else \
	    echo "make: Chinese plot labels need a CJK font: run 'sudo apt-get install fonts-wqy-microhei'" >&2; \
	    exit 1; \
	  fi; }

## tests/test_browser.py drives JupyterLab in Debian's headless Chromium (Playwright cannot download a
# browser here); as root it is installed with apt-get (the Chinese font comes from `make fonts`).
# Without root and without a Chromium the browser test is skipped, and this says so.
browser-tools:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation; \
	  else \
	    echo "make: no Chromium, so tests/test_browser.py will be SKIPPED: run 'sudo apt-get install chromium'" >&2; \
	  fi; }

## make test: install with the test extra, then lint and run every test (unit + notebooks + the browser)
# pytest exits 5 when it collected no test: that is a failure here, never a pass.
test: $(VENV)/.installed-test sandbox-tools fonts browser-tools lint
	@$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

## make test-floor: the same tests against the oldest versions pyproject.toml allows
# A second virtualenv with every direct dependency pinned to its floor (constraints/floor.txt);
# a floor that is too low fails here. It runs the engine, topic and data tests and the answer
# keys under strict nbval; the sandboxed grading, isolation, cluster, warm-kernel and fork-server tests and the
# browser test run in `make test` only. Rebuilt from scratch when pyproject.toml or the constraints change.
FLOOR_VENV ?= .venv-floor
FLOOR_BIN  := $(FLOOR_VENV)/bin
FLOOR_WORKERS ?= 2
FLOOR_TESTS ?= tests --ignore=tests/test_grading.py --ignore=tests/test_isolation.py \
	--ignore=tests/test_isolation_redteam.py --ignore=tests/test_warm_pool.py --ignore=tests/test_cluster.py \
	--ignore=tests/test_forkserver.py \
	--ignore=tests/test_browser.py --deselect tests/test_notebooks.py::test_blank_notebook_fails_every_check_under_strict_nbval \
	--deselect tests/test_notebooks.py::test_blank_notebook_runs_top_to_bottom_interactively

$(FLOOR_VENV)/.installed: pyproject.toml constraints/floor.txt
	rm -rf $(FLOOR_VENV)
	$(PYTHON) -m venv $(FLOOR_VENV)
	$(FLOOR_BIN)/python -m pip install -q -c constraints/floor.txt -e '.[test]'
	$(FLOOR_BIN)/python constraints/check_floor.py constraints/floor.txt
	touch $@

test-floor: $(FLOOR_VENV)/.installed
	@$(FLOOR_BIN)/python -m pytest -n $(FLOOR_WORKERS) --dist loadgroup $(FLOOR_TESTS) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-floor: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

clean:
	rm -rf $(VENV) $(FLOOR_VENV) .pytest_cache .ruff_cache *.egg-info
