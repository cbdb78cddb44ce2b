#!/usr/bin/env bash
# Installs the Debian 12 packages Talkoo builds, runs and tests with, and only those that are
# missing: a second run with everything present takes well under a second and touches nothing.
# Non-interactive; works as root or through sudo.
#
#   scripts/install-deps.sh         what the kiosk, the centre and their tests need
#   scripts/install-deps.sh --web   that, and what the web app's build and browser tests need:
#                                   Debian's emscripten, chromium and tcl (SQLite's amalgamation),
#                                   deb-src in apt's sources (the web build compiles SDL2, ImGui,
#                                   SQLite, libqrencode and libsodium from Debian's source
#                                   packages), and puppeteer-core from package-lock.json (npm ci)
#   scripts/install-deps.sh --package   that, and what ./dev.sh package needs to make and check
#                                   the Debian packages: dpkg-dev (dpkg-shlibdeps), file
#                                   (CPack's test for binaries), lintian, systemd (systemd-analyze)
#                                   (--web and --package may be given together)
set -euo pipefail
cd "$(dirname "$0")/.."

web=false
package=false
for arg in "$@"; do
    case "$arg" in
    --web) web=true ;;
    --package) package=true ;;
    *) echo "usage: scripts/install-deps.sh [--web] [--package]" >&2 && exit 2 ;;
    esac
done

packages=(
    # toolchain
    g++ cmake make pkg-config ca-certificates
    # core/: the device store; sealing visitors' personal data (core/seal.hpp: X25519 sealed
    # boxes and BLAKE2b, rather than cryptography of our own)
    libsqlite3-dev libsodium-dev
    # sync/: HTTP client and the JSON wire format
    libcurl4-openssl-dev nlohmann-json3-dev
    # server/: the central service: Boost.Asio for its HTTP layer's event loop (libboost-dev,
    # headers only), libssl-dev for SHA-256 and constant-time token checks, zlib1g-dev for gzip,
    # libbrotli-dev for the web app's files at /app/ (brotli: ~20 % smaller wasm than gzip).
    # cpp-httplib is the tests' and benchmarks' HTTP client (and their in-process upstreams);
    # libmicrohttpd-dev is one of the bare servers of bench/http (the library comparison).
    libboost-dev libssl-dev zlib1g-dev libbrotli-dev libcpp-httplib-dev libmicrohttpd-dev
    # the fuzzer of the centre's request parser and router (libFuzzer: clang's
    # -fsanitize=fuzzer,address; ./dev.sh test runs it for a bounded time)
    clang libclang-rt-14-dev
    # app/ and platform/: window, renderer, ImGui, QR codes, fonts
    libsdl2-dev libimgui-dev libstb-dev libqrencode-dev
    fonts-dejavu-core fonts-noto-core fonts-fork-awesome
    # the "Listen" button: espeak-ng's library and its fi, sv and en voices (espeak-ng-data)
    libespeak-ng-dev espeak-ng-data
    # tests/: Catch2 v2, and a virtual display for the windowed tests
    catch2 xvfb xauth
    # the kiosk's systemd unit (deploy/): systemd-analyze verifies it, and it runs cage, which
    # must exist for the verification (docs/deploy-kiosk.md)
    systemd cage
)
if $web; then
    # emscripten brings clang, lld and binaryen; chromium runs the browser tests headless.
    packages+=(emscripten chromium tcl)
    # brotli: the web build writes NAME.br at the smallest setting beside its files, which
    # talkoo-central serve --app sends as they are (server/app_files.hpp).
    packages+=(brotli)
    # Node and npm: these machines have them (not Debian's npm, which conflicts); Debian's nodejs
    # only where there is no node at all.
    command -v node >/dev/null || packages+=(nodejs)
fi

if $package; then
    packages+=(dpkg-dev file lintian systemd)
fi

missing=()
for p in "${packages[@]}"; do
    # dpkg-query is quick and needs no network; "install ok installed" is the only fully-set-up state.
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
        missing+=("$p")
    fi
done

sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then sudo="sudo"; fi
as_root() {
    if [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; then
        echo "error: this needs root (or sudo): $*" >&2
        exit 1
    fi
    $sudo "$@"
}
export DEBIAN_FRONTEND=noninteractive
updated=false

# The web build's `apt-get source` needs deb-src lines; Debian 12's deb822 file lists only
# "Types: deb". Add deb-src beside it once (and to a classic sources.list if that is in use).
if $web && ! apt-cache showsrc libsdl2 2>/dev/null | grep -q '^Version:'; then
    echo "Adding deb-src to apt's sources (the web build compiles Debian's source packages)"
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        as_root sed -i 's/^Types: deb$/Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources
    fi
    if [ -f /etc/apt/sources.list ] && grep -q '^deb ' /etc/apt/sources.list &&
        ! grep -q '^deb-src ' /etc/apt/sources.list; then
        as_root sed -i '/^deb /{p;s/^deb /deb-src /}' /etc/apt/sources.list
    fi
    as_root apt-get update -qq
    updated=true
fi

if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing missing packages: ${missing[*]}"
    $updated || as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# puppeteer-core for the browser tests, exactly as package-lock.json pins it; again only when
# the lock file changed since the last install.
if $web && { [ ! -f node_modules/.package-lock.json ] ||
    [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
    if ! command -v npm >/dev/null; then
        echo "error: the browser tests need npm (Node.js's package manager) to fetch puppeteer-core" >&2
        exit 1
    fi
    echo "Installing the browser tests' driver (npm ci: puppeteer-core)"
    npm ci --no-audit --no-fund --loglevel=error
fi
