#!/usr/bin/env bash
# Installs the Debian 12 packages Talkoo builds, runs and tests with, and only those that are
# missing: a second run with everything present takes well under a second and touches nothing.
# Non-interactive; works as root or through sudo.
set -euo pipefail

packages=(
    # toolchain
    g++ cmake make pkg-config ca-certificates
    # core/: the device store
    libsqlite3-dev
    # sync/: HTTP client and the JSON wire format
    libcurl4-openssl-dev nlohmann-json3-dev
    # server/: the central service (libssl-dev for SHA-256 and constant-time token checks,
    # zlib1g-dev for the gzip bodies of its tests and benchmarks; both also come with httplib)
    libcpp-httplib-dev libssl-dev zlib1g-dev
    # app/ and platform/: window, renderer, ImGui, QR codes, fonts
    libsdl2-dev libimgui-dev libstb-dev libqrencode-dev
    fonts-dejavu-core fonts-noto-core fonts-fork-awesome
    # the "Listen" button: espeak-ng's library and its fi, sv and en voices (espeak-ng-data)
    libespeak-ng-dev espeak-ng-data
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
