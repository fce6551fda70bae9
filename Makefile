# Stagecraft's two commands: `make serve` and `make test`. Both install what
# is missing first (scripts/setup.sh), so they work on a fresh machine.

SHELL := /bin/bash
# One build directory for every checkout on this machine, so that a fresh
# clone (as CI makes) reuses compiled dependencies.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/stagecraft/target
# wasm-opt from npm's binaryen comes before any system one.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test setup-web setup-test lint check-catalog check-lessons test-native build-web test-browser bench

## Build the app and serve it at http://127.0.0.1:8080
serve: setup-web
	trunk serve

## Every test: lint, native tests, the release WebAssembly build, the browser tests
test: setup-test lint check-catalog test-native check-lessons build-web test-browser

setup-web:
	@scripts/setup.sh web

setup-test:
	@scripts/setup.sh test

lint:
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings

# The generator reproduces the committed catalog data.
check-catalog:
	scripts/check-catalog.sh

# Every lesson parses, its starter fails a check, its solution earns three
# stars (and the quiz bank reads).
check-lessons:
	cargo run --locked --quiet -- lessons check lessons

# --show-output prints each conformance suite's `SUITE: N/M passed` line.
test-native:
	cargo test --locked -- --show-output

build-web:
	trunk build --release
	@scripts/bundle-size.sh dist

test-browser:
	node --test tests/e2e/

## Parse throughput and scaling (not part of `make test`)
bench:
	cargo bench --locked --bench parse
	cargo bench --locked --bench build
