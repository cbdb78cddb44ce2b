#!/usr/bin/env bash
# Runs every benchmark in build/bin (bench-*) one after the other and prints their figures.
# Copy the figures into docs/benchmarks.md together with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)"
for b in build/bin/bench-*; do
    [ -x "$b" ] || continue
    if [ $# -gt 0 ] && [[ "$b" != *"$1"* ]]; then continue; fi
    echo "== $(basename "$b")"
    "$b"
done
# The web app's benchmark (a node script driving Chromium): when the web app is built
# (./dev.sh web-build).
if [ -d build-web/app ] && { [ $# -eq 0 ] || [[ "bench-web" == *"$1"* ]]; }; then
    echo "== bench-web"
    TALKOO_WEB_APP=build-web/app node bench/web/web_bench.mjs
fi
