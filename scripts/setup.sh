#!/usr/bin/env bash
# Installs what `make serve` (setup.sh web) or `make test` (setup.sh test)
# needs on a fresh Debian machine that has rustup, cargo, node and npm.
# Every step is skipped when it is already satisfied.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-test}"
TRUNK_VERSION=0.21.14
say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# The wasm-bindgen version Cargo.lock pins; wasm-bindgen-cli must equal it
# or Trunk tries to download one.
lock_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  say "installing Trunk $TRUNK_VERSION (about 14 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

bindgen="$(lock_version wasm-bindgen)"
if [ -z "$bindgen" ]; then
  echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen" ]; then
  say "installing wasm-bindgen-cli $bindgen (about 8 minutes)"
  # Not --locked: its lockfile pins a yanked crate.
  cargo install wasm-bindgen-cli --version "$bindgen"
fi

# npm packages: wasm-opt (binaryen) and playwright-core. The stamp records
# which package-lock.json was installed.
stamp=node_modules/.stagecraft-lock
if [ ! -x node_modules/.bin/wasm-opt ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm packages (binaryen, playwright-core)"
  npm ci --no-audit --no-fund
  cp package-lock.json "$stamp"
fi

if [ "$what" = test ] && ! command -v python3 >/dev/null 2>&1; then
  say "installing python3 for the catalog check"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3
fi

if [ "$what" = test ] && ! command -v chromium >/dev/null 2>&1; then
  say "installing Debian's chromium for the browser tests"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
fi
