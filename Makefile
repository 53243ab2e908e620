# make run   - serve the site locally with Flask's development server
# make test  - install everything the tests need, then run pytest
#              (extra pytest arguments: make test PYTEST_ARGS="-k feed -x")

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
CHROMIUM    ?= /usr/bin/chromium
export CHROMIUM
PYTEST_ARGS ?=

# apt-get needs root: use sudo when we are not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q

PIP_INSTALL := $(BIN)/python -m pip install --disable-pip-version-check -q

.PHONY: venv run test chromium jekyll node-tools clean

# -- Python -------------------------------------------------------------------------

# The stamp files record what was installed; they are remade (re-installing)
# whenever a requirements file is newer than them.
venv: $(VENV)/.stamp-run

$(VENV)/.stamp-created:
	@if ! $(BIN)/python -m pip --version >/dev/null 2>&1; then \
	  if ! $(PYTHON) -c 'import ensurepip' 2>/dev/null; then \
	    echo "Installing python3-venv (python3 -m venv needs it on Debian)"; \
	    $(SUDO) apt-get update -q && $(APT_INSTALL) python3-venv; \
	  fi; \
	  echo "Creating $(VENV)"; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); \
	fi
	@touch $@

$(VENV)/.stamp-run: requirements.txt | $(VENV)/.stamp-created
	$(PIP_INSTALL) -r requirements.txt
	@touch $@

$(VENV)/.stamp-test: requirements.txt requirements-test.txt | $(VENV)/.stamp-created
	$(PIP_INSTALL) -r requirements-test.txt
	@touch $@

# -- Browser and Node tools for the tests ------------------------------------------

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium (Playwright cannot download browsers here)"; \
	  $(SUDO) apt-get update -q && $(APT_INSTALL) chromium; \
	fi

# Debian's Jekyll with the plugins the import fixture uses: the tests check the URLs it publishes.
JEKYLL_PACKAGES := jekyll ruby-jekyll-redirect-from ruby-jekyll-sitemap ruby-jekyll-seo-tag
jekyll:
	@if ! command -v jekyll >/dev/null 2>&1; then \
	  echo "Installing Debian's jekyll (the import tests build their fixture with it)"; \
	  $(SUDO) apt-get update -q && $(APT_INSTALL) $(JEKYLL_PACKAGES); \
	fi

# Lighthouse and axe-core, exactly as pinned in package-lock.json.
node-tools: node_modules/.stamp

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

# -- Entry points -------------------------------------------------------------------

run: venv
	@echo "Open http://$${FLASK_RUN_HOST:-127.0.0.1}:$${FLASK_RUN_PORT:-5000}/ - it reloads by itself each time you save a file (Ctrl-C stops)"
	$(BIN)/flask run

# Two runs: every test but Lighthouse on two workers (pytest-xdist), then Lighthouse alone, because a
# loaded CPU lowers its performance score. Exit code 5 (nothing collected) is fine for one run when
# PYTEST_ARGS selects tests of the other only; neither run collecting anything is a failure.
PYTEST := $(BIN)/python -m pytest -q
test: $(VENV)/.stamp-test chromium jekyll node-tools
	@$(PYTEST) -n 2 -m "not lighthouse" $(PYTEST_ARGS); rest=$$?; \
	$(PYTEST) -m lighthouse $(PYTEST_ARGS); lighthouse=$$?; \
	for code in $$rest $$lighthouse; do [ $$code = 0 ] || [ $$code = 5 ] || exit $$code; done; \
	[ $$rest = 0 ] || [ $$lighthouse = 0 ] || { echo "make test: no test matched PYTEST_ARGS"; exit 5; }

clean:
	rm -rf build .pytest_cache test-results
