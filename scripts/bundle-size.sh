#!/usr/bin/env bash
# Prints the size of the release bundle's WebAssembly, raw and gzipped.
set -euo pipefail
dist="${1:-dist}"
for wasm in "$dist"/*.wasm; do
  raw=$(stat -c %s "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  awk -v name="$(basename "$wasm")" -v raw="$raw" -v gz="$gz" 'BEGIN {
    printf "bundle: %s %d bytes raw (%.1f KiB), %d bytes gzipped (%.1f KiB)\n", name, raw, raw / 1024, gz, gz / 1024
  }'
done
