# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_HOME := $(CURDIR)/.prefect

.PHONY: run test test-fast bootstrap sysdeps bench clean notebooks fuzz

bootstrap: sysdeps $(STAMP)

# Chromium and a CJK font (apt-get when missing; a no-op when present)
sysdeps:
	@bash scripts/system_deps.sh

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The project's bytecode, written once (up-to-date files are skipped): where PYTHONDONTWRITEBYTECODE is
# set, Python never writes it, and every `planatlas` process compiled the modules it imports (0.2 s of
# a 1.0 s search, measured).
run: bootstrap
	$(BIN)/python -m compileall -q extractors pipeline warehouse web
	$(BIN)/planatlas build --corpus corpus

test: bootstrap
	$(BIN)/python -m pytest -q -n 2

test-fast: bootstrap
	$(BIN)/python -m pytest -q -m 'not slow'

# JupyterLab on notebooks/ (localhost only, no browser: open the URL with the token it prints).
# The notebooks read PLANATLAS_DB, else data/planatlas.duckdb: `make run` builds it.
NB_STAMP := $(VENV)/.notebooks-installed
$(NB_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,notebooks]'
	touch $(NB_STAMP)

notebooks: bootstrap $(NB_STAMP)
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# Coverage-guided fuzzing of the readers and the extractor (atheris), time-bounded; failing inputs
# go to fuzz/crashes/, a summary to fuzz/last_run.json (README, Reliability, has the last result).
FUZZ_SECONDS ?= 300
fuzz: bootstrap
	$(BIN)/python scripts/fuzz.py --seconds $(FUZZ_SECONDS) --out fuzz

bench: bootstrap
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf $(VENV) data .prefect
