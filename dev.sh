#!/usr/bin/env bash
# The project's one entry point for people and CI.
#
#   ./dev.sh kiosk [flags]   install what is missing, build, start the kiosk on the demo catalogue
#                            (in a window; its data in build/demo-data; flags as talkoo-kiosk --help)
#   ./dev.sh centre [flags]  install what is missing, build, and run talkoo-central with the demo
#                            catalogue on http://127.0.0.1:8480 (its database in build/demo-centre)
#   ./dev.sh test            install what is missing, build twice (Release, as packagers build, and
#                            Debug with AddressSanitizer + UBSan), run every test of both builds,
#                            then fuzz the centre's request parser and router for a minute
#   ./dev.sh build           install what is missing and build (build/bin/)
#   ./dev.sh bench           build and run the benchmarks (results go in docs/benchmarks.md by hand)
set -euo pipefail
cd "$(dirname "$0")"

jobs=$(nproc 2>/dev/null || echo 2)

build() { # build DIR [cmake args...]
    local dir=$1
    shift
    # Configure every time (a second or two): a part added since the last build (a new folder
    # that the top-level CMakeLists.txt picks up) is then never silently left out.
    # Warnings are errors here (TALKOO_WERROR), as they are not in a packager's build.
    cmake -S . -B "$dir" -DTALKOO_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$jobs"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
kiosk)
    scripts/install-deps.sh
    build build -DCMAKE_BUILD_TYPE=Release
    # Its own data folder, so that it always starts on the demo catalogue (seeded on first start)
    # and never touches a real kiosk's store; a stand of the demo for "near this stand". Flags
    # given here come later and win.
    exec build/bin/talkoo-kiosk --data-dir build/demo-data --windowed --point demo-ip-pori-library "$@"
    ;;
centre)
    scripts/install-deps.sh
    build build -DCMAKE_BUILD_TYPE=Release
    # The local demo of the whole loop (README): a centre holding the demo catalogue. Importing
    # again on every start changes nothing that is already there. Its key ring is the DEMO one,
    # whose public key the demo catalogue carries (its private key is public: demo only); the
    # centre wants it private (0600), which git does not keep, hence the copy.
    mkdir -p build/demo-centre
    install -m 600 assets/demo/demo-centre.keys build/demo-centre/central.keys
    build/bin/talkoo-central import assets/demo/catalog.json --db build/demo-centre/central.db
    exec build/bin/talkoo-central serve --db build/demo-centre/central.db "$@"
    ;;
build)
    scripts/install-deps.sh
    build build -DCMAKE_BUILD_TYPE=Release
    ;;
test)
    scripts/install-deps.sh
    build build -DCMAKE_BUILD_TYPE=Release
    build build-asan -DCMAKE_BUILD_TYPE=Debug -DTALKOO_SANITIZE=ON
    # Tests use their own temporary data dirs and loopback ports, so both builds' suites can run
    # one after the other without stepping on each other.
    ctest --test-dir build --output-on-failure -j "$jobs" "$@"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
        ctest --test-dir build-asan --output-on-failure -j "$jobs" "$@"
    # The fuzzer of the centre's request parser and router (tests/fuzz): clang's libFuzzer with
    # ASan and UBSan, in a tree of its own where only it is built; a crash, a sanitizer report or
    # a 5xx answer fails the run. TALKOO_FUZZ_SECONDS changes how long it runs (default 60).
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DTALKOO_FUZZ=ON -DTALKOO_WERROR=ON >/dev/null
    cmake --build build-fuzz -j "$jobs" --target fuzz-http
    tests/fuzz/run.sh build-fuzz/bin/fuzz-http "${TALKOO_FUZZ_SECONDS:-60}"
    ;;
bench)
    scripts/install-deps.sh
    build build -DCMAKE_BUILD_TYPE=Release
    bench/run-all.sh "$@"
    ;;
*)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
