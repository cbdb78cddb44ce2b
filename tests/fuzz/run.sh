#!/usr/bin/env bash
# Runs fuzz-http over the seed corpus for a bounded time, as ./dev.sh test (and so CI) does:
#   tests/fuzz/run.sh FUZZER [SECONDS]        (default 60 s)
# The corpus in the repository (tests/fuzz/corpus/) is only read: what the fuzzer finds goes to a
# temporary folder, and an input that fails to fuzz-artifacts/ beside the fuzzer's build folder
# (reproduce with `FUZZER that-file`). A crash, a sanitizer report or a 5xx answer ends the run
# with a non-zero status.
set -euo pipefail
fuzzer=$1
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
artifacts=$(cd "$(dirname "$fuzzer")/.." && pwd)/fuzz-artifacts
mkdir -p "$artifacts"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fuzz-http: ${seconds} s over $(ls "$here/corpus" | wc -l) seed inputs"
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=40000 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "$here/corpus"
