# Two commands do all set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

CHROMIUM := /usr/bin/chromium
OPENSSL := /usr/bin/openssl
# Fixed test order by default; `make test-random` (or PYTEST_ORDER=) shuffles it.
PYTEST_ORDER ?= -p no:randomly
# One test process per core (pytest-xdist), each test file kept whole on one of them so its
# module fixtures are built once; PYTEST_WORKERS= runs everything in one process.
PYTEST_WORKERS ?= -n auto --dist loadfile

.PHONY: demo test test-random install install-test install-mutate lint bench mutate clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

$(VENV)/.installed-mutate: pyproject.toml $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,mutate]'
	touch $@

install-mutate: $(VENV)/.installed-mutate

demo: install
	$(BIN)/manualwatch demo

# Browser tests drive Debian's chromium through playwright (no browser download).
$(CHROMIUM):
	@echo "installing Debian's chromium for the browser tests"
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null

# The TLS tests make their certificate with openssl.
$(OPENSSL):
	@echo "installing openssl for the TLS tests"
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq openssl >/dev/null

test: install-test $(CHROMIUM) $(OPENSSL)
	$(BIN)/python -m pytest $(PYTEST_WORKERS) $(PYTEST_ORDER)

test-random: install-test $(CHROMIUM) $(OPENSSL)
	$(BIN)/python -m pytest $(PYTEST_WORKERS)

lint: install-test
	$(BIN)/ruff check .

# Every bench in bench/, each in its quick mode (BENCH_ARGS= for the full-size runs).
BENCH_ARGS ?= --quick
bench: install-test
	@for script in bench/bench_*.py bench/peer.py bench/scale.py; do \
		echo "== $$script $(BENCH_ARGS)"; \
		$(BIN)/python $$script $(BENCH_ARGS) || exit 1; \
	done

# Mutation testing (slow, not part of `make test`); MUTATE_GROUPS="store config" for some groups
MUTATE_GROUPS ?= differ cycle store config web
mutate: install-mutate
	$(BIN)/python tests/mutate.py $(MUTATE_GROUPS)

clean:
	rm -rf $(VENV) demo-output .mutate
