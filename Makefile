# The two commands of README.md:
#   make run    set up and serve on http://127.0.0.1:8000 (SQLite, demo plans, demo logins)
#   make test   set up and run the whole test suite (DATABASE_URL if set, SQLite otherwise)
# PYTHON=/path/to/python3.12 picks the interpreter; otherwise the oldest Python >= 3.12 found
# (3.12 is what CI runs; pyenv-installed versions count).

SHELL := /bin/bash
VENV := .venv
VPY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint bench bench-load fuzz clean

run: setup
	DJANGO_DEBUG=1 $(VPY) manage.py migrate --no-input -v0
	DJANGO_DEBUG=1 $(VPY) manage.py demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops)"
	DJANGO_DEBUG=1 $(VPY) manage.py runserver $(HOST):$(PORT)

test: setup
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# gunicorn + a worker on PostgreSQL under wrk at 10, 50 and 100 clients (several minutes).
bench-load: setup
	$(VPY) bench/load

# The fuzz tests with a large random budget (make test runs a small repeatable one).
fuzz: setup
	POLICYAPP_FUZZ=long $(VENV)/bin/pytest policyapp/tests/test_fuzz.py $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(VPY) bench/ingest
	$(VPY) bench/tagging
	$(VPY) bench/counterparts
	$(VPY) bench/pages

setup: $(VENV)/.installed

# Reinstall only when a requirements file changes; running `make` twice is harmless.
$(VENV)/.installed: requirements.txt requirements-test.txt
	@py="$(PYTHON)"; \
	if [ -z "$$py" ]; then \
	  for candidate in python3.12 python3.13 python3.14 python3 \
	      $$(command -v pyenv >/dev/null && ls -d "$$(pyenv root)"/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -V); do \
	    if command -v "$$candidate" >/dev/null 2>&1 && \
	       "$$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	      py="$$candidate"; break; \
	    fi; \
	  done; \
	fi; \
	if [ -z "$$py" ]; then \
	  echo "error: policyapp needs Python >= 3.12 (Django 6.1) and none was found." >&2; \
	  echo "       Install one (e.g. 'pyenv install 3.12') or run: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12" >&2; \
	  exit 1; \
	fi; \
	if ! "$$py" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
	  echo "error: $$py is Python $$("$$py" -c 'import platform; print(platform.python_version())'); policyapp needs >= 3.12." >&2; \
	  exit 1; \
	fi; \
	if [ -x $(VPY) ] && ! $(VPY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Replacing $(VENV): it was made with an older Python."; rm -rf $(VENV); \
	fi; \
	echo "Using $$py ($$("$$py" -c 'import platform; print(platform.python_version())'))"; \
	[ -x $(VPY) ] || "$$py" -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
