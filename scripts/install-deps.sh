#!/usr/bin/env bash
# Installs the Debian 12 packages Talkoo builds, runs and tests with, and only those that are
# missing: a second run with everything present takes well under a second and touches nothing.
# Non-interactive; works as root or through sudo.
set -euo pipefail

packages=(
    # toolchain
    g++ cmake make pkg-config ca-certificates
    # core/: the device store; sealing visitors' personal data (core/seal.hpp: X25519 sealed
    # boxes and BLAKE2b, rather than cryptography of our own)
    libsqlite3-dev libsodium-dev
    # sync/: HTTP client and the JSON wire format
    libcurl4-openssl-dev nlohmann-json3-dev
    # server/: the central service: Boost.Asio for its HTTP layer's event loop (libboost-dev,
    # headers only), libssl-dev for SHA-256 and constant-time token checks, zlib1g-dev for gzip.
    # cpp-httplib is the tests' and benchmarks' HTTP client (and their in-process upstreams);
    # libmicrohttpd-dev is one of the bare servers of bench/http (the library comparison).
    libboost-dev libssl-dev zlib1g-dev libcpp-httplib-dev libmicrohttpd-dev
    # the fuzzer of the centre's request parser and router (libFuzzer: clang's
    # -fsanitize=fuzzer,address; ./dev.sh test runs it for a bounded time)
    clang libclang-rt-14-dev
    # app/ and platform/: window, renderer, ImGui, QR codes, fonts
    libsdl2-dev libimgui-dev libstb-dev libqrencode-dev
    fonts-dejavu-core fonts-noto-core fonts-fork-awesome
    # tests/: Catch2 v2, and a virtual display for the windowed tests
    catch2 xvfb xauth
)

missing=()
for p in "${packages[@]}"; do
    # dpkg-query is quick and needs no network; "install ok installed" is the only fully-set-up state.
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

echo "Installing missing packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"; else
        echo "error: these packages are missing and I am not root and have no sudo: ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
