#!/usr/bin/env bash
# Checks that catalog/generate.py reproduces the committed catalog: the
# index and every layer file, byte for byte; and that each package
# archive's pack reads back and packs again to the same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 catalog/generate.py --out "$out" > "$out/table.txt"
if ! diff -q catalog/catalog.json "$out/catalog.json" >/dev/null \
  || ! diff -rq catalog/layers "$out/layers" >/dev/null; then
  echo "check-catalog: catalog/generate.py does not reproduce the committed catalog;" >&2
  echo "run python3 catalog/generate.py and commit what it writes" >&2
  diff -rq catalog/layers "$out/layers" >&2 || true
  exit 1
fi
echo "check-catalog: generate.py reproduces catalog.json and $(ls "$out/layers" | wc -l) layer files"
python3 catalog/pack.py --check catalog/apt/*.pack catalog/apk/*.pack
echo "check-catalog: $(ls catalog/apt/*.pack catalog/apk/*.pack | wc -l) package archives re-pack to their bytes"
