#!/usr/bin/env bash
# The project's one entry point for people and CI.
#
#   ./dev.sh kiosk [flags]   install what is missing, build, start the kiosk on the demo catalogue
#                            (in a window; its data in build/demo-data; flags as talkoo-kiosk --help)
#   ./dev.sh centre [flags]  install what is missing, build, and run talkoo-central with the demo
#                            catalogue on http://127.0.0.1:8480 (its database in build/demo-centre)
#   ./dev.sh test            install what is missing, build twice (Release, as packagers build, and
#                            Debug with AddressSanitizer + UBSan) and the web app, run every
#                            test of the three builds (the web app's in headless Chromium),
#                            then fuzz the centre's request parser and router for a minute
#   ./dev.sh build           install what is missing and build (build/bin/)
#   ./dev.sh web-build       install what is missing and build the web app (WebAssembly) into
#                            build-web/app/, a folder of static files
#   ./dev.sh web [PORT]      that, then serve it on http://127.0.0.1:PORT/ (8490) to open in a
#                            browser (the phone sizes: the browser's device toolbar)
#   ./dev.sh bench           build and run the benchmarks (results go in docs/benchmarks.md by hand)
#   ./dev.sh package         build the Debian packages talkoo-kiosk and talkoo-central into
#                            build/packages/ (CPack; packaging/cpack.cmake says why) and check
#                            them (scripts/check-packages.sh: contents, lintian, a run of each;
#                            in CI also scripts/check-package-upgrade.sh: install and upgrade)
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

# The web app: the third-party libraries from Debian's source packages (built once per version,
# cached in ~/.cache/talkoo), then our code with emscripten.
web_build() {
    local deps
    # emcc's own JavaScript tools need Debian's node modules (acorn) where a newer node is installed.
    export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
    deps=$(scripts/build-web-deps.sh)
    local launcher=()
    command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache
        -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    emcmake cmake -S . -B build-web -DCMAKE_BUILD_TYPE=MinSizeRel -DTALKOO_WERROR=ON \
        -DTALKOO_WEB_DEPS="$deps" "${launcher[@]}" >/dev/null
    cmake --build build-web -j "$jobs"
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
    # Each step says when it ended, so that CI's log shows where its minutes go.
    took() { echo "== dev.sh test: $1 done at $((SECONDS / 60)) min $((SECONDS % 60)) s" >&2; }
    scripts/install-deps.sh --web
    took "installing"
    build build -DCMAKE_BUILD_TYPE=Release
    took "the Release build"
    build build-asan -DCMAKE_BUILD_TYPE=Debug -DTALKOO_SANITIZE=ON
    took "the sanitizer build"
    web_build
    took "the web build"
    # Tests use their own temporary data dirs and loopback ports, so the builds' suites can run
    # one after the other without stepping on each other.
    ctest --test-dir build --output-on-failure -j "$jobs" "$@"
    took "the Release tests"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
        ctest --test-dir build-asan --output-on-failure -j "$jobs" "$@"
    took "the sanitizer tests"
    # One browser at a time: each is several processes, and the machine has two cores.
    ctest --test-dir build-web --output-on-failure -j 1 "$@"
    took "the browser tests"
    # The fuzzer of the centre's request parser and router (tests/fuzz): clang's libFuzzer with
    # ASan and UBSan, in a tree of its own where only it is built; a crash, a sanitizer report or
    # a 5xx answer fails the run. TALKOO_FUZZ_SECONDS changes how long it runs (default 60).
    CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DTALKOO_FUZZ=ON -DTALKOO_WERROR=ON >/dev/null
    cmake --build build-fuzz -j "$jobs" --target fuzz-http
    took "the fuzzer's build"
    tests/fuzz/run.sh build-fuzz/bin/fuzz-http "${TALKOO_FUZZ_SECONDS:-60}"
    took "fuzzing"
    ;;
web-build)
    scripts/install-deps.sh --web
    web_build
    ;;
web)
    scripts/install-deps.sh --web
    web_build
    exec node tests/web/serve.mjs build-web/app "${1:-8490}"
    ;;
package)
    scripts/install-deps.sh --package
    # The packages' prefix is /usr (/etc, /lib/systemd beside it); it changes no compiled file.
    build build -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr
    rm -f build/packages/*.deb
    (cd build && cpack -G DEB >/dev/null)
    scripts/check-packages.sh build/packages
    # Installing and upgrading the centre's package for real changes the machine: CI's
    # throw-away one, or when asked.
    if [ "${CI:-}" = true ] || [ "${TALKOO_PACKAGE_INSTALL_TEST:-}" = 1 ]; then
        scripts/check-package-upgrade.sh build/packages
    fi
    ;;
bench)
    scripts/install-deps.sh
    build build -DCMAKE_BUILD_TYPE=Release
    bench/run-all.sh "$@"
    ;;
*)
    sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
