# One command to serve, one to test; both install what they need into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# serve needs the service only; test also needs the dev tools and the local model provider
# (building llama.cpp takes a few minutes, once).
SERVE_INSTALLED := $(VENV)/.installed-serve
INSTALLED := $(VENV)/.installed-test

.PHONY: install browser services serve test lint typecheck unit bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(SERVE_INSTALLED): pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(SERVE_INSTALLED)

# llama.cpp is built for any x86-64 CPU with AVX2, not tuned to this one: a native build uses
# every instruction the CPU advertises, and on virtual machines that advertise AMX tiles without
# letting the process use them it dies with SIGILL on its first matrix product.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF

$(INSTALLED): pyproject.toml | $(VENV)/bin/python
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip install --quiet -e '.[dev,local]'
	touch $(INSTALLED) $(SERVE_INSTALLED)

install: $(INSTALLED)

# `make serve PORT=8080` when 8000 is taken. Development mode binds a loopback address only
# (127.0.0.1, localhost or ::1); other hosts take API keys (the README's production section).
HOST ?= 127.0.0.1
PORT ?= 8000

serve: $(SERVE_INSTALLED)
	$(BIN)/agentstream serve --dev --host $(HOST) --port $(PORT)

# Browser tests drive a real headless Chromium (Debian package); without it they are skipped.
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
			|| echo "chromium could not be installed: browser tests will be skipped"; \
	else echo "chromium is not installed: browser tests will be skipped"; fi

# The multi-worker tests put a real nginx in front of the workers and start a Redis of their own
# (Debian packages; the binaries only, no service is started); without them they are skipped.
services:
	@missing=""; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing$$missing for the multi-worker tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
			|| echo "$$missing could not be installed: multi-worker tests will be skipped"; \
	else echo "$$missing not installed: multi-worker tests will be skipped"; fi

lint: $(INSTALLED)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(INSTALLED)
	$(BIN)/mypy

unit: $(INSTALLED) browser services
	$(BIN)/pytest

test: lint typecheck unit

bench: $(INSTALLED)
	$(BIN)/python bench/chat_stream.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
