#!/usr/bin/env bash
# Installs the talkoo-central package on this machine as an operator would, and upgrades it:
# CI runs it (through ./dev.sh package, with CI=true) on its throw-away machine; elsewhere it
# runs only when asked (TALKOO_PACKAGE_INSTALL_TEST=1), because it installs into /usr, adds a
# system user and writes /etc and /var/lib (all removed again at the end).
#
#   scripts/check-package-upgrade.sh build/packages
#
# It checks what the maintainer scripts promise: the system user, /var/lib/talkoo-central 0700
# with the network's key ring, and that installing a newer package over it keeps the database,
# the key ring and an edited /etc/default/talkoo-central, and that the new binary, started as
# the service's user on a database of the oldest format (tests/upgrade/fixtures/central-v1.db),
# migrates it with every record kept. Without systemd as init (a container) the service is not
# started by the scripts; it is run here as its user instead.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build/packages}

fail() {
    echo "check-package-upgrade: FAILED: $*" >&2
    exit 1
}
[ "$(id -u)" -eq 0 ] || fail "needs root (it installs the package)"
if dpkg-query -W talkoo-central >/dev/null 2>&1 || getent passwd talkoo-central >/dev/null ||
    [ -e /var/lib/talkoo-central ]; then
    fail "talkoo-central is already installed or has left data here: not touching it"
fi
central=$(ls "$dir"/talkoo-central_*.deb | head -1)
[ -f "$central" ] || fail "no talkoo-central package in $dir"

work=$(mktemp -d)
data=/var/lib/talkoo-central
cleanup() {
    dpkg --purge talkoo-central >/dev/null 2>&1 || true
    rm -rf "$data" "$work"
    if getent passwd talkoo-central >/dev/null; then deluser --system talkoo-central >/dev/null 2>&1 || true; fi
    if getent group talkoo-central >/dev/null; then delgroup --system talkoo-central >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
as_service() { runuser -u talkoo-central -- "$@"; }

# A "newer" package: the same files with the next Debian revision, as an upgrade would bring.
version=$(dpkg-deb --field "$central" Version)
newer_version="${version%-*}-$((${version##*-} + 1))"
dpkg-deb -R "$central" "$work/newer"
sed -i "s/^Version: .*/Version: $newer_version/" "$work/newer/DEBIAN/control"
dpkg-deb -b --root-owner-group "$work/newer" "$work/newer.deb" >/dev/null

# --- the first install --------------------------------------------------------------------------
dpkg -i "$central" >/dev/null || fail "the package does not install"
[[ "$(getent passwd talkoo-central)" == *":$data:/usr/sbin/nologin" ]] ||
    fail "no system user talkoo-central with home $data and no shell: $(getent passwd talkoo-central)"
[ "$(stat -c '%a %U %G' "$data")" = "700 talkoo-central talkoo-central" ] ||
    fail "$data is $(stat -c '%a %U %G' "$data"), not 700 talkoo-central"
[ "$(stat -c '%a %U' "$data/central.keys")" = "600 talkoo-central" ] || fail "no private key ring"
echo "install: user talkoo-central, $data 0700, key ring 0600"

# A database of the oldest format as the service's user holds it, and an operator's edit.
install -o talkoo-central -g talkoo-central -m 600 tests/upgrade/fixtures/central-v1.db "$data/central.db"
echo 'TALKOO_CENTRAL_OPTS="--listen 127.0.0.1:8481"  # edited by the operator' >>/etc/default/talkoo-central
keys_before=$(sha256sum <"$data/central.keys")
conf_before=$(sha256sum </etc/default/talkoo-central)

# --- the upgrade --------------------------------------------------------------------------------
dpkg -i "$work/newer.deb" >/dev/null || fail "the newer package does not install over the older"
[ "$(dpkg-query -W -f='${Version}' talkoo-central)" = "$newer_version" ] || fail "not upgraded"
[ "$(sha256sum </etc/default/talkoo-central)" = "$conf_before" ] || fail "the upgrade changed the edited conffile"
[ "$(sha256sum <"$data/central.keys")" = "$keys_before" ] || fail "the upgrade changed the key ring"
[ "$(stat -c '%a' "$data")" = 700 ] || fail "the upgrade changed $data's mode"
# The service's first start after the upgrade, as its user (what systemd would run).
devices=$(as_service /usr/bin/talkoo-central device list --db "$data/central.db")
grep -q "Fixture kiosk" <<<"$devices" ||
    fail "the upgraded centre lost the device of the older database"
exported=$(as_service /usr/bin/talkoo-central export-signups --format csv --db "$data/central.db" 2>/dev/null)
grep -q "Aino Virtanen" <<<"$exported" || fail "the upgraded centre lost a signup's personal data"
echo "upgrade $version -> $newer_version: conffile edit, key ring and database kept; format 1 migrated"

# --- removal ------------------------------------------------------------------------------------
dpkg --purge talkoo-central >/dev/null
[ ! -e /usr/bin/talkoo-central ] || fail "purge left the binary"
[ -f "$data/central.keys" ] || fail "purge removed the key ring (it must be kept)"
echo "purge: program gone, $data kept"
echo "check-package-upgrade: all good"
