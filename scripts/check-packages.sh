#!/usr/bin/env bash
# Checks the Debian packages that ./dev.sh package made (CI runs it): what they hold, what they
# depend on, lintian with no errors, the unit file, and the packaged binaries run from an
# unpacked tree (dpkg-deb -x) against their packaged assets only.
#
#   scripts/check-packages.sh build/packages
#
# Prints what it checked; exits non-zero at the first thing that is wrong, saying what.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/packages}

fail() {
    echo "check-packages: FAILED: $*" >&2
    exit 1
}
# The version the packages must carry (and the binaries print): CMake's project version.
version=$(sed -n 's/^project(Talkoo VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || fail "no project version in CMakeLists.txt"

kiosk=$(ls "$dir"/talkoo-kiosk_"$version"-*_*.deb 2>/dev/null | head -1)
central=$(ls "$dir"/talkoo-central_"$version"-*_*.deb 2>/dev/null | head -1)
[ -f "$kiosk" ] || fail "no talkoo-kiosk_$version package in $dir (./dev.sh package makes it)"
[ -f "$central" ] || fail "no talkoo-central_$version package in $dir"

work=$(mktemp -d)
centre_pid=""
cleanup() {
    [ -n "$centre_pid" ] && kill "$centre_pid" 2>/dev/null && wait "$centre_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# --- contents and dependencies ----------------------------------------------------------------
# (Lists are read whole before grep -q looks at them: with pipefail, grep -q's early exit would
# fail the writer of a pipe.)
has_file() { # has_file DEB PATH
    local list
    list=$(dpkg-deb --contents "$1" | awk '{print $6}')
    grep -qx "./$2" <<<"$list" || fail "$(basename "$1") lacks /$2"
}
depends_on() { # depends_on DEB PACKAGE
    local deps
    deps=$(dpkg-deb --field "$1" Depends | tr ',|' '\n\n' | sed 's/^ *//; s/ .*//')
    grep -qx "$2" <<<"$deps" ||
        fail "$(basename "$1") does not depend on $2 (Depends: $(dpkg-deb --field "$1" Depends))"
}
for f in usr/bin/talkoo-kiosk usr/share/talkoo/i18n/fi.json usr/share/talkoo/i18n/sv.json \
    usr/share/talkoo/i18n/en.json usr/share/talkoo/demo/catalog.json \
    usr/share/doc/talkoo-kiosk/copyright usr/share/doc/talkoo-kiosk/changelog.Debian.gz \
    lib/systemd/system/talkoo-kiosk.service; do
    has_file "$kiosk" "$f"
done
for f in usr/bin/talkoo-central lib/systemd/system/talkoo-central.service \
    etc/default/talkoo-central usr/share/doc/talkoo-central/copyright; do
    has_file "$central" "$f"
done
# The demo centre's private key never ships.
kiosk_list=$(dpkg-deb --contents "$kiosk")
! grep -q 'demo-centre.keys' <<<"$kiosk_list" || fail "the kiosk package holds a key ring"
# Libraries come from dpkg-shlibdeps (a library the binary links, not a hand-written list)...
for p in libc6 libsqlite3-0 libsodium23 libsdl2-2.0-0 libcurl4; do depends_on "$kiosk" "$p"; done
for p in libc6 libsqlite3-0 libsodium23 libssl3 zlib1g adduser; do depends_on "$central" "$p"; done
# ...the kiosk's fonts and voices, opened by path, are listed.
for p in fonts-fork-awesome espeak-ng-data; do depends_on "$kiosk" "$p"; done
# The centre's configuration is a conffile; its maintainer scripts are there.
conffiles=$(dpkg-deb --ctrl-tarfile "$central" | tar -xO ./conffiles)
grep -qx /etc/default/talkoo-central <<<"$conffiles" || fail "/etc/default/talkoo-central is not a conffile"
control=$(dpkg-deb --ctrl-tarfile "$central" | tar -t)
for s in postinst prerm postrm; do
    grep -qx "./$s" <<<"$control" || fail "talkoo-central has no $s"
done
echo "contents and dependencies: ok"
echo "  talkoo-kiosk Depends: $(dpkg-deb --field "$kiosk" Depends)"
echo "  talkoo-central Depends: $(dpkg-deb --field "$central" Depends)"

# --- lintian ----------------------------------------------------------------------------------
# Errors fail; warnings are printed (e.g. no manual pages yet).
lintian_rc=0
lintian_out=$(lintian --tag-display-limit 0 --fail-on error \
    --suppress-tags initial-upload-closes-no-bugs "$kiosk" "$central" 2>&1) || lintian_rc=$?
echo "$lintian_out" | grep -v 'running with root privileges' | sed 's/^/  /' || true
[ "$lintian_rc" -eq 0 ] || fail "lintian reports errors (above)"
echo "lintian: no errors"

# --- the unit file ----------------------------------------------------------------------------
mkdir -p "$work/central" "$work/verify"
dpkg-deb -x "$central" "$work/central"
# verify checks that ExecStart's binary exists: a copy whose only change is the binary's path
# (the unpacked one). It reports unknown keys and bad values on stderr without failing: any
# message fails here.
sed "s|/usr/bin/talkoo-central|$work/central/usr/bin/talkoo-central|" \
    "$work/central/lib/systemd/system/talkoo-central.service" >"$work/verify/talkoo-central.service"
if ! out=$(systemd-analyze verify "$work/verify/talkoo-central.service" 2>&1) || [ -n "$out" ]; then
    fail "systemd-analyze verify: $out"
fi
exposure=$(systemd-analyze security --offline=true --root="$work/central" talkoo-central.service |
    sed -n 's/.*Overall exposure level for talkoo-central.service: \([0-9.]*\).*/\1/p')
[ -n "$exposure" ] || fail "systemd-analyze security gave no score"
# 0 is locked down, 10 is unprotected; "OK" is below 5 (ours measured 1.2).
awk -v e="$exposure" 'BEGIN { exit !(e < 2.5) }' ||
    fail "talkoo-central.service's exposure is $exposure (was 1.2): a sandboxing option went missing"
echo "talkoo-central.service: systemd-analyze verify clean, security exposure $exposure"
# The kiosk's unit (deploy/, cage on tty1): verify may also report the host's own units there
# (a container lacks some); only lines naming ours count, as tests/deploy/verify-units.sh does.
mkdir -p "$work/kiosk"
dpkg-deb -x "$kiosk" "$work/kiosk"
sed "s|/usr/bin/talkoo-kiosk|$work/kiosk/usr/bin/talkoo-kiosk|" \
    "$work/kiosk/lib/systemd/system/talkoo-kiosk.service" >"$work/verify/talkoo-kiosk.service"
out=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$work/verify/talkoo-kiosk.service" 2>&1) ||
    fail "systemd-analyze verify refused talkoo-kiosk.service: $out"
ours=$(grep -F talkoo-kiosk.service <<<"$out" || true)
[ -z "$ours" ] || fail "systemd-analyze verify warned about talkoo-kiosk.service: $ours"
echo "talkoo-kiosk.service: systemd-analyze verify clean"

# --- the packaged binaries, against their packaged assets -------------------------------------
bin="$work/kiosk/usr/bin/talkoo-kiosk"
[[ "$("$bin" --version)" == "talkoo-kiosk $version"* ]] || fail "talkoo-kiosk --version: $("$bin" --version)"
# The source tree's assets/ (the binary's compiled-in fallback) hidden where we can (root: a
# private mount namespace), so that only share/talkoo of the unpacked tree can be found.
hide=()
if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
    hide=(unshare -m sh -c 'mount -t tmpfs none "$0" && exec "$@"' "$PWD/assets")
else
    echo "  (not root: the source tree's assets stay visible to the kiosk)"
fi
env -u TALKOO_ASSETS "${hide[@]}" "$bin" --data-dir "$work/kiosk-data" --headless --lang fi \
    --size 1280x800 --screenshot "$work/browse.png" --screen browse >/dev/null 2>&1 ||
    fail "the packaged kiosk did not draw its screenshot"
[ -s "$work/browse.png" ] || fail "no screenshot"
tasks=$(env -u TALKOO_ASSETS "${hide[@]}" "$bin" --data-dir "$work/kiosk-data" --summary 2>/dev/null |
    sed -n 's/^catalogue: \([0-9]*\) tasks.*/\1/p')
[ "${tasks:-0}" -gt 0 ] || fail "the packaged kiosk's store holds no demo tasks"
echo "talkoo-kiosk: --version $version, drew the demo catalogue ($tasks tasks) from share/talkoo"

cbin="$work/central/usr/bin/talkoo-central"
[[ "$("$cbin" --version)" == "talkoo-central $version "* ]] || fail "talkoo-central --version: $("$cbin" --version)"
"$cbin" keys init --db "$work/central.db" >/dev/null
# The output files exist before the background job opens them: the loop below reads at once.
: >"$work/serve.out"
: >"$work/serve.err"
"$cbin" serve --db "$work/central.db" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
centre_pid=$!
port=""
for _ in $(seq 100); do
    port=$(sed -n 's|^talkoo-central listening on http://127.0.0.1:\([0-9]*\)$|\1|p' "$work/serve.out")
    [ -n "$port" ] && break
    kill -0 "$centre_pid" 2>/dev/null || fail "talkoo-central serve stopped: $(cat "$work/serve.err")"
    sleep 0.1
done
[ -n "$port" ] || fail "talkoo-central serve did not say where it listens"
# Plain bash HTTP: no client package needed.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
answer=$(cat <&3)
exec 3<&-
[[ "$answer" == "HTTP/1.1 200 "* ]] || fail "/v1/health: $(head -1 <<<"$answer")"
grep -q "\"version\":\"$version\"" <<<"$answer" || fail "/v1/health has no version $version: $answer"
echo "talkoo-central: --version $version, /v1/health 200 with version $version"
echo "check-packages: all good"
