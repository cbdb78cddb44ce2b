#!/usr/bin/env bash
# Checks the systemd unit files in deploy/ with `systemd-analyze verify`, as systemd itself
# would load them (issue 13, point 8). Works without a running systemd (CI's container as root):
# verify loads the units offline. ExecStart's programs must exist, so the installed kiosk's path
# (/usr/bin/talkoo-kiosk) is replaced by the build's binary, given as $1; cage must be installed
# (scripts/install-deps.sh). Any warning about our unit fails the check.
set -euo pipefail
kiosk_bin="$1"
source_dir="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
for unit in "$source_dir"/deploy/*.service; do
    name="$(basename "$unit")"
    sed "s|/usr/bin/talkoo-kiosk|$kiosk_bin|g" "$unit" > "$work/$name"
    # verify prints problems on stderr; some come from the host's own units (a container's
    # missing ones), which are not ours: keep only the lines naming our unit file.
    out="$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$work/$name" 2>&1)" || {
        echo "$out"
        echo "FAIL: systemd-analyze verify refused $name"
        status=1
        continue
    }
    ours="$(printf '%s\n' "$out" | grep -F "$name" || true)"
    if [ -n "$ours" ]; then
        echo "$ours"
        echo "FAIL: systemd-analyze verify warned about $name"
        status=1
    else
        echo "ok: $name"
    fi
done
exit $status
