# policy-site: `make site` to publish and serve locally, `make test` for the whole suite.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BIN    := $(VENV)/bin
PORT   ?= 8000
export NO_MKDOCS_2_WARNING := 1
export PATH := $(abspath $(BIN)):$(PATH)

.PHONY: site install check publish serve test browser bench lighthouse lock clean messages

# Installs are reproducible: exact versions with hashes from the lock files
# (`make lock` refreshes them), then the project itself without dependencies.
$(BIN)/policy-site: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.test-installed: $(BIN)/policy-site requirements-test.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

## lock: refresh requirements.lock and requirements-test.lock from pyproject.toml
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements.lock
	$(PYTHON) -m uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements-test.lock

install: $(BIN)/policy-site

## messages: extract the UI strings (babel.cfg: templates and code) and update every catalog with Babel;
## then translate what is new in each src/policy_site/locales/<lang>/LC_MESSAGES/policy_site.po
LOCALES   := src/policy_site/locales
LANGUAGES := ja de fr es it ko zh_Hans zh_Hant
messages: $(BIN)/policy-site
	$(BIN)/pybabel extract -F babel.cfg --no-location --no-wrap --add-comments "Translators:" \
	  --project policy-site --copyright-holder "policy-site authors" -o $(LOCALES)/policy_site.pot src/policy_site
	for lang in $(LANGUAGES); do \
	  $(BIN)/pybabel update --domain policy_site --input-file $(LOCALES)/policy_site.pot --output-dir $(LOCALES) \
	    --locale $$lang --init-missing --no-wrap --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date || exit 1; \
	  $(BIN)/pybabel compile --domain policy_site --input-file $(LOCALES)/$$lang/LC_MESSAGES/policy_site.po \
	    --output-file /dev/null --locale $$lang --statistics || exit 1; \
	done

## site: install, check, preview every revision in the local gh-pages branch (published = pushed to origin), serve it
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

## browser: Debian's Chromium (Playwright cannot download browsers here) and a Japanese font for screenshots
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	[ -e /usr/share/fonts/opentype/ipafont-gothic/ipag.ttf ] || missing="$$missing fonts-ipafont-gothic"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing:$$missing: run 'sudo apt-get install$$missing' (the browser tests need them)"; \
	  fi; \
	fi

## test: the whole suite (unit, real git/mike/MkDocs, real Chromium)
test: $(VENV)/.test-installed browser
	$(PY) -m pytest

bench: $(VENV)/.test-installed
	$(PY) scripts/bench.py
	$(PY) scripts/bench_redline.py

## lighthouse: Lighthouse (pinned, from npm into .cache/) on the policy page in every language, phone and desktop, median of 3 runs
lighthouse: $(VENV)/.test-installed browser
	$(PY) scripts/lighthouse.py --runs 3

clean:
	rm -rf $(VENV) site .pytest_cache
