#!/usr/bin/env bash
# Builds the shipped binaries (talkoo-kiosk, talkoo-central, talkoo-catalog) in every standard
# CMake build type with Debian's GCC and clang, warnings as errors, each in its own folder
# build-types/COMPILER-TYPE/ (issue 19: every build type builds). CI builds only Release and the
# ASan Debug tree (./dev.sh test); run this by hand after touching compiler flags, CMake files or
# code that only some optimisation levels warn about. -j2: the machine is shared.
#
#   scripts/build-types.sh                       all eight: gcc and clang x the four types
#   scripts/build-types.sh clang MinSizeRel ...  only these compilers / types (any order)
#   TALKOO_BUILD_TYPES_TARGETS=all scripts/build-types.sh   everything, tests and benchmarks too
set -euo pipefail
cd "$(dirname "$0")/.."

compilers=()
types=()
for a in "$@"; do
    case "$a" in
    gcc | clang) compilers+=("$a") ;;
    Debug | Release | RelWithDebInfo | MinSizeRel) types+=("$a") ;;
    *) echo "usage: scripts/build-types.sh [gcc|clang]... [Debug|Release|RelWithDebInfo|MinSizeRel]..." >&2 && exit 2 ;;
    esac
done
[ ${#compilers[@]} -gt 0 ] || compilers=(gcc clang)
[ ${#types[@]} -gt 0 ] || types=(Debug Release RelWithDebInfo MinSizeRel)
targets=(--target talkoo-kiosk talkoo-central talkoo-catalog)
[ "${TALKOO_BUILD_TYPES_TARGETS:-}" = all ] && targets=()

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache
    -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
mkdir -p build-types
results=()
status=0
for cc in "${compilers[@]}"; do
    case "$cc" in
    gcc) env=(CC=gcc CXX=g++) ;;
    clang) env=(CC=clang CXX=clang++) ;;
    esac
    for type in "${types[@]}"; do
        dir=build-types/$cc-$type
        start=$(date +%s)
        if env "${env[@]}" cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DTALKOO_WERROR=ON \
            "${launcher[@]}" >"$dir.log" 2>&1 &&
            cmake --build "$dir" -j 2 "${targets[@]}" >>"$dir.log" 2>&1; then
            results+=("ok      $cc $type ($(($(date +%s) - start)) s)")
        else
            results+=("FAILED  $cc $type: see $dir.log")
            status=1
        fi
    done
done
printf '%s\n' "${results[@]}"
exit $status
