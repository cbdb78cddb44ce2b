#!/usr/bin/env bash
# Builds the third-party libraries of the web app (WebAssembly) from Debian's source packages:
# SDL2, Dear ImGui (core, SDL2 and OpenGL3 backends), SQLite (the amalgamation, with FTS5),
# libqrencode and libsodium (minimal: what crypto_box_seal needs). Emscripten's own ports
# (-sUSE_SDL=2 and the like) download from the internet; these machines reach only Debian and npm.
# (And nlohmann_json, header-only, copied from Debian's nlohmann-json3-dev.)
#
#   scripts/build-web-deps.sh [DIR]   builds into DIR (default below) and prints DIR
#
# The result is cached: DIR's name carries the versions of emscripten and of every source
# package, and a finished build leaves DIR/ok, so a second run returns at once and a new Debian
# version of any of them builds a fresh DIR. The default DIR lies outside the work tree
# (~/.cache/talkoo), so every clone and worktree on a machine shares one build.
#
# Each library's sources are compiled directly with emcc rather than through its configure script
# or emcmake: SDL2's configure under emscripten takes 7-18 minutes here because each check
# compiles with emcc, its sources directly about a minute (../docs/web.md has the measurements).
# Needs deb-src in apt's sources (scripts/install-deps.sh --web sets that up) but no root:
# `apt-get source` downloads and unpacks as any user.
set -euo pipefail

cache_root=${TALKOO_WEB_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/talkoo}
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}  # emcc's own JS tools (acorn) live there
export EM_CACHE=${EM_CACHE:-}
jobs=$(nproc 2>/dev/null || echo 2)

version_of() { # the source version apt would fetch for a source package
    apt-cache showsrc "$1" 2>/dev/null | awk '/^Version:/ {print $2; exit}'
}
emcc_version=$(emcc -dumpversion 2>/dev/null || true)
if [ -z "$emcc_version" ]; then
    echo "build-web-deps: emcc not found: install Debian's emscripten (scripts/install-deps.sh --web)" >&2
    exit 1
fi
versions=""
for p in libsdl2 imgui sqlite3 qrencode libsodium; do
    v=$(version_of "$p")
    if [ -z "$v" ]; then
        echo "build-web-deps: apt knows no source package $p: deb-src missing from apt's sources?" \
            "Run scripts/install-deps.sh --web (as root), or add 'deb-src' to the Types: line of" \
            "/etc/apt/sources.list.d/debian.sources and run apt-get update." >&2
        exit 1
    fi
    versions+="-$p${v//[^A-Za-z0-9.+]/_}"
done
# Bump the recipe number when this script changes what it builds.
recipe=6
dir=${1:-$cache_root/web-deps-r$recipe-emcc$emcc_version$versions}
if [ -f "$dir/ok" ]; then
    echo "$dir"
    exit 0
fi

rm -rf "$dir"
mkdir -p "$dir/src" "$dir/include" "$dir/lib" "$dir/obj"
src=$dir/src
log=$dir/build.log
: >"$log"
say() { echo "build-web-deps: $*" >&2; }

# apt-get source: some mirrors lack a package's Debian diff now and then (qrencode's was missing
# on ours); the upstream tarball is what we compile, so when apt gives up after downloading it,
# unpack that by hand.
fetch_source() { # fetch_source PACKAGE → prints the unpacked folder
    local p=$1 v folder
    v=$(version_of "$p")
    v=${v#*:}
    folder="$src/$p-${v%-*}"
    (cd "$src" && apt-get source -qq "$p" >>"$log" 2>&1) || true
    folder=$(find "$src" -maxdepth 1 -mindepth 1 -type d -name "$p-*" | head -1)
    if [ -z "$folder" ]; then
        local orig
        orig=$(find "$src" -maxdepth 1 -name "${p}_*.orig.tar.*" | head -1)
        if [ -z "$orig" ]; then
            say "could not download the source package $p (see $log)"
            exit 1
        fi
        tar -xf "$orig" -C "$src"
        folder=$(find "$src" -maxdepth 1 -mindepth 1 -type d -name "$p-*" | head -1)
    fi
    echo "$folder"
}

compile_all() { # compile_all OBJDIR FLAGS... -- SOURCES...: compiles in parallel into OBJDIR
    local out=$1
    shift
    local flags=()
    while [ "$1" != "--" ]; do
        flags+=("$1")
        shift
    done
    shift
    mkdir -p "$out"
    printf '%s\n' "$@" | xargs -P "$jobs" -I{} sh -c \
        'f="$1"; shift; o="$0/$(echo "$f" | md5sum | cut -c1-12)-$(basename "$f").o"; exec emcc "$@" -c "$f" -o "$o"' \
        "$out" {} "${flags[@]}" >>"$log" 2>&1 || {
        say "compiling failed; the last lines of $log:"
        tail -20 "$log" >&2
        exit 1
    }
}

archive() { # archive NAME OBJDIR
    rm -f "$dir/lib/lib$1.a"
    emar rcs "$dir/lib/lib$1.a" "$2"/*.o
}

start=$(date +%s)

# -- SDL2 ---------------------------------------------------------------------------------------
# SDL_config_emscripten.h as SDL_config.h; the generic sources plus, for each subsystem that
# header enables, its emscripten (or dummy, generic, unix) implementation.
sdl=$(fetch_source libsdl2)
say "SDL2 from $(basename "$sdl")"
mkdir -p "$dir/include/SDL2"
cp "$sdl"/include/*.h "$dir/include/SDL2/"
cp "$sdl/include/SDL_config_emscripten.h" "$dir/include/SDL2/SDL_config.h"
s=$sdl/src
sdl_sources=(
    "$s"/*.c "$s"/atomic/*.c "$s"/audio/*.c "$s"/audio/dummy/*.c "$s"/audio/disk/*.c
    "$s"/audio/emscripten/*.c "$s"/cpuinfo/*.c "$s"/dynapi/*.c "$s"/events/*.c "$s"/file/*.c
    "$s"/filesystem/emscripten/*.c "$s"/haptic/SDL_haptic.c "$s"/haptic/dummy/*.c
    "$s"/joystick/SDL_joystick.c "$s"/joystick/SDL_gamecontroller.c "$s"/joystick/controller_type.c
    "$s"/joystick/emscripten/*.c "$s"/joystick/virtual/*.c "$s"/libm/*.c "$s"/loadso/dlopen/*.c
    "$s"/locale/*.c "$s"/locale/emscripten/*.c "$s"/misc/*.c "$s"/misc/emscripten/*.c
    "$s"/power/*.c "$s"/power/emscripten/*.c "$s"/render/*.c "$s"/render/software/*.c
    "$s"/render/opengles2/*.c "$s"/sensor/*.c "$s"/sensor/dummy/*.c "$s"/stdlib/*.c
    "$s"/thread/*.c "$s"/thread/generic/*.c "$s"/timer/*.c "$s"/timer/unix/*.c "$s"/video/*.c
    "$s"/video/emscripten/*.c "$s"/video/yuv2rgb/*.c
)
compile_all "$dir/obj/sdl2" -Os -w -I"$dir/include/SDL2" -I"$s" -DUSING_GENERATED_CONFIG_H \
    -- "${sdl_sources[@]}"
archive SDL2 "$dir/obj/sdl2"

# -- Dear ImGui ---------------------------------------------------------------------------------
# The core, the SDL2 platform backend and the OpenGL3 renderer backend in its OpenGL ES 3 form
# (WebGL2: GLSL "#version 300 es").
imgui=$(fetch_source imgui)
say "ImGui from $(basename "$imgui")"
mkdir -p "$dir/include/imgui/backends"
cp "$imgui"/*.h "$dir/include/imgui/"
cp "$imgui"/backends/imgui_impl_sdl.h "$imgui"/backends/imgui_impl_opengl3.h \
    "$imgui"/backends/imgui_impl_opengl3_loader.h "$dir/include/imgui/backends/"
compile_all "$dir/obj/imgui" -Os -w -std=c++17 -I"$imgui" -I"$imgui/backends" \
    -I"$dir/include/SDL2" -DIMGUI_IMPL_OPENGL_ES3 -- \
    "$imgui"/imgui.cpp "$imgui"/imgui_draw.cpp "$imgui"/imgui_tables.cpp \
    "$imgui"/imgui_widgets.cpp "$imgui"/backends/imgui_impl_sdl.cpp \
    "$imgui"/backends/imgui_impl_opengl3.cpp
archive imgui "$dir/obj/imgui"

# -- SQLite -------------------------------------------------------------------------------------
# The amalgamation, made by the source package's own build (needs tclsh, from Debian's tcl), then
# compiled as the store needs it: FTS5; no threads (none without -pthread); no extension loading;
# exclusive locking by default, so WAL keeps its index in the heap rather than in a shared-memory
# file (one connection per page; emscripten's mmap is no shared memory).
sqlite=$(fetch_source sqlite3)
say "SQLite from $(basename "$sqlite")"
mkdir -p "$dir/obj/sqlite-gen"
(cd "$dir/obj/sqlite-gen" && "$sqlite/configure" >>"$log" 2>&1 && make sqlite3.c >>"$log" 2>&1) || {
    say "making the SQLite amalgamation failed (needs tclsh: apt-get install tcl); see $log"
    exit 1
}
cp "$dir/obj/sqlite-gen/sqlite3.h" "$dir/include/"
compile_all "$dir/obj/sqlite" -Os -w -DSQLITE_ENABLE_FTS5 -DSQLITE_THREADSAFE=0 \
    -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_DEFAULT_LOCKING_MODE=1 -DSQLITE_SECURE_DELETE \
    -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_DQS=0 -- "$dir/obj/sqlite-gen/sqlite3.c"
archive sqlite3 "$dir/obj/sqlite"

# -- libqrencode --------------------------------------------------------------------------------
qr=$(fetch_source qrencode)
say "libqrencode from $(basename "$qr")"
qr_version=$(basename "$qr" | sed 's/^qrencode-//')
cp "$qr/qrencode.h" "$dir/include/"
compile_all "$dir/obj/qrencode" -Os -w -DSTATIC_IN_RELEASE=static \
    -DMAJOR_VERSION="${qr_version%%.*}" -DMINOR_VERSION=1 -DMICRO_VERSION=1 \
    -DVERSION="\"$qr_version\"" -- \
    "$qr"/qrencode.c "$qr"/qrinput.c "$qr"/bitstream.c "$qr"/qrspec.c "$qr"/rsecc.c \
    "$qr"/split.c "$qr"/mask.c "$qr"/mqrspec.c "$qr"/mmask.c
archive qrencode "$dir/obj/qrencode"

# -- libsodium (minimal) ------------------------------------------------------------------------
# What crypto_box_seal and its key pairs need, for the sealing of personal data (issue 12):
# compiled directly (its configure needs autoreconf and ~2 minutes). Randomness comes from the
# browser's crypto.getRandomValues through emscripten's getentropy.
sodium=$(fetch_source libsodium)
say "libsodium from $(basename "$sodium")"
sv=$sodium/src/libsodium
sodium_version=$(basename "$sodium" | sed 's/^libsodium-//')
mkdir -p "$dir/include/sodium"
cp "$sv"/include/sodium.h "$dir/include/"
cp "$sv"/include/sodium/*.h "$dir/include/sodium/"
sed -e "s/@VERSION@/$sodium_version/" -e 's/@SODIUM_LIBRARY_VERSION_MAJOR@/10/' \
    -e 's/@SODIUM_LIBRARY_VERSION_MINOR@/3/' -e 's/@SODIUM_LIBRARY_MINIMAL_DEF@/#define SODIUM_LIBRARY_MINIMAL 1/' \
    "$sv/include/sodium/version.h.in" >"$dir/include/sodium/version.h"
sodium_sources=(
    "$sv"/crypto_box/crypto_box.c "$sv"/crypto_box/crypto_box_easy.c
    "$sv"/crypto_box/crypto_box_seal.c
    "$sv"/crypto_box/curve25519xsalsa20poly1305/box_curve25519xsalsa20poly1305.c
    "$sv"/crypto_core/ed25519/ref10/ed25519_ref10.c "$sv"/crypto_core/hsalsa20/ref2/core_hsalsa20_ref2.c
    "$sv"/crypto_core/hsalsa20/core_hsalsa20.c "$sv"/crypto_core/salsa/ref/core_salsa_ref.c
    "$sv"/crypto_generichash/crypto_generichash.c "$sv"/crypto_generichash/blake2b/generichash_blake2.c
    "$sv"/crypto_generichash/blake2b/ref/blake2b-compress-ref.c
    "$sv"/crypto_generichash/blake2b/ref/blake2b-ref.c
    "$sv"/crypto_generichash/blake2b/ref/generichash_blake2b.c
    "$sv"/crypto_onetimeauth/poly1305/onetimeauth_poly1305.c
    "$sv"/crypto_onetimeauth/poly1305/donna/poly1305_donna.c
    "$sv"/crypto_scalarmult/crypto_scalarmult.c
    "$sv"/crypto_scalarmult/curve25519/scalarmult_curve25519.c
    "$sv"/crypto_scalarmult/curve25519/ref10/x25519_ref10.c
    "$sv"/crypto_secretbox/crypto_secretbox.c "$sv"/crypto_secretbox/crypto_secretbox_easy.c
    "$sv"/crypto_secretbox/xsalsa20poly1305/secretbox_xsalsa20poly1305.c
    "$sv"/crypto_stream/salsa20/stream_salsa20.c "$sv"/crypto_stream/salsa20/ref/salsa20_ref.c
    "$sv"/crypto_stream/xsalsa20/stream_xsalsa20.c "$sv"/crypto_verify/sodium/verify.c
    "$sv"/randombytes/randombytes.c "$sv"/sodium/codecs.c "$sv"/sodium/core.c
    "$sv"/sodium/runtime.c "$sv"/sodium/utils.c "$sv"/sodium/version.c
)
compile_all "$dir/obj/sodium" -Os -w -DCONFIGURED=1 -DMINIMAL=1 -DNATIVE_LITTLE_ENDIAN=1 \
    -DHAVE_EXPLICIT_BZERO=1 -I"$dir/include/sodium" -I"$sv/include/sodium" -- "${sodium_sources[@]}"
# sodium_init() asks every primitive for its fastest implementation. Argon2 and ChaCha20 are not
# compiled in this minimal set, so their two pickers only have to exist (the others come with
# their primitives' sources and pick the portable code, as no x86 code is compiled here).
cat >"$dir/obj/sodium-pick.c" <<'EOF'
int _crypto_pwhash_argon2_pick_best_implementation(void) { return 0; }
int _crypto_stream_chacha20_pick_best_implementation(void) { return 0; }
EOF
emcc -Os -c "$dir/obj/sodium-pick.c" -o "$dir/obj/sodium/pick.o" >>"$log" 2>&1
archive sodium "$dir/obj/sodium"

# -- nlohmann_json ------------------------------------------------------------------------------
# Header-only: Debian's own headers (nlohmann-json3-dev), copied so that the web build includes
# nothing else of the host's /usr/include.
mkdir -p "$dir/include/json"
cp -r /usr/include/nlohmann "$dir/include/json/"

rm -rf "$dir/src" "$dir/obj"
touch "$dir/ok"
say "done in $(($(date +%s) - start)) s: $dir"
echo "$dir"
