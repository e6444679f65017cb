# policy-site: `make site` to publish and serve locally, `make test` for the whole suite.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: site install check publish serve test browser bench clean

$(BIN)/policy-site: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/policy-site
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/policy-site

## site: install, check, publish every revision into the local gh-pages branch, serve it
site: install
	$(BIN)/policy-site check
	$(BIN)/policy-site publish
	$(BIN)/policy-site serve --port $(PORT)

check: install
	$(BIN)/policy-site check

publish: install
	$(BIN)/policy-site publish

serve: install
	$(BIN)/policy-site serve --port $(PORT)

## browser: Debian's Chromium for the browser tests (Playwright cannot download browsers here)
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; \
	  fi; \
	fi

## test: the whole suite (unit, real git/mike/MkDocs, real Chromium)
test: $(VENV)/.test-installed browser
	$(PY) -m pytest

bench: $(VENV)/.test-installed
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) site .pytest_cache
