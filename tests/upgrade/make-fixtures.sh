#!/usr/bin/env bash
# How tests/upgrade/fixtures/ were made: by the binaries of the releases that wrote each format,
# built from git history, not by today's code. Run once per new format, by hand (it builds old
# commits: minutes); the files it writes are committed. Needs sqlite3, curl and python3.
#
#   tests/upgrade/make-fixtures.sh [WORK_DIR]
#
# kiosk-v1.db    kiosk store format 1, written by talkoo-catalog of 6f2412e (before format 2)
# kiosk-v2.db    kiosk store format 2, written by talkoo-catalog of da9c3f6 (main before the
#                seal merge, the last of format 2)
# central-v1.db  centre database format 1, written by talkoo-central of da9c3f6: a catalogue,
#                a device, a coordinator and signups it stored through POST /v1/signups
# Each holds the same small catalogue (fixture-catalog.json: 6 tasks of the demo catalogue, their
# organisations, 2 info points). The kiosk stores' signups are written with sqlite3 in that
# format's own signups table (talkoo-catalog cannot make signups; the kiosk's outbox is those
# rows); the values are the ones tests/upgrade/upgrade_test.cpp expects.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-/tmp/talkoo-old-builds}
mkdir -p "$work"

build_old() { # build_old COMMIT TARGET... -> $work/COMMIT/build/bin/
    local commit=$1
    shift
    if [ ! -d "$work/$commit" ]; then
        mkdir -p "$work/$commit"
        git -C "$repo" archive "$commit" | tar -x -C "$work/$commit"
    fi
    cmake -S "$work/$commit" -B "$work/$commit/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
    cmake --build "$work/$commit/build" -j 2 --target "$@" >/dev/null
}

build_old 6f2412e talkoo-catalog
build_old da9c3f6 talkoo-catalog talkoo-central
# The small catalogue, cut from the demo catalogue of the oldest commit (a catalogue file format
# that every version reads).
python3 - "$work/6f2412e/assets/demo/catalog.json" "$here/fixtures/fixture-catalog.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
tasks = c["tasks"][:6]
orgs = {t["organisation"] for t in tasks}
c["tasks"] = tasks
c["organisations"] = [o for o in c["organisations"] if o["id"] in orgs]
c["info_points"] = c["info_points"][:2]
json.dump(c, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
PY

# The kiosk's signups: one waiting, one the centre acknowledged, one needing attention; as the
# kiosk of formats 1 and 2 kept them (personal fields in plain columns).
kiosk_signups() { # kiosk_signups STORE
    sqlite3 "$1" <<'SQL'
INSERT INTO signups (seq, id, name, phone, email, message, age_group, lang, consent_version,
    consent_ms, info_point_id, device_id, created_ms, created_day, state, attempts, last_error,
    acknowledged_ms, personal_data_erased)
VALUES
 (1, '0190a0b0-0000-7000-8000-000000000001', 'Aino Virtanen', '040 123 4567', 'aino@example.fi',
  'Pääsen lauantaisin.', '65+', 'fi', 'consent-2024-1', 1718870400000, 'IP', 'DEVICE',
  1718870412345, '2024-06-20', 'pending', 0, '', 0, 0),
 (2, '0190a0b0-0000-7000-8000-000000000002', 'Björn Lindqvist', '', 'bjorn@example.fi', '',
  NULL, 'sv', 'consent-2024-1', 1718870500000, 'IP', 'DEVICE', 1718870512345, '2024-06-20',
  'acknowledged', 1, '', 1718870600000, 0),
 (3, '0190a0b0-0000-7000-8000-000000000003', 'Chris Example', '+358 50 765 4321', '',
  'Weekends only', '18-29', 'en', 'consent-2024-1', 1718870700000, 'IP', 'DEVICE',
  1718870712345, '2024-06-20', 'needs_attention', 1, 'the centre rejected it: unknown task', 0, 0);
INSERT INTO signup_tasks (signup_seq, position, task_id) VALUES
 (1, 0, 'TASK0'), (1, 1, 'TASK1'), (2, 0, 'TASK2'), (3, 0, 'TASK3');
INSERT INTO usage_counters (day, info_point_id, name, value) VALUES
 ('2024-06-20', 'IP', 'signups', 3), ('2024-06-20', 'IP', 'task_views', 17);
UPDATE signups SET device_id = (SELECT id FROM device);
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}

ip=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['info_points'][0]['id'])" "$here/fixtures/fixture-catalog.json")
mapfile -t tasks < <(python3 -c "import json,sys; [print(t['id']) for t in json.load(open(sys.argv[1]))['tasks']]" "$here/fixtures/fixture-catalog.json")
for v in 1 2; do
    commit=6f2412e
    [ $v = 2 ] && commit=da9c3f6
    out="$here/fixtures/kiosk-v$v.db"
    rm -f "$out" "$out-wal" "$out-shm"
    "$work/$commit/build/bin/talkoo-catalog" import "$here/fixtures/fixture-catalog.json" --store "$out" >/dev/null
    kiosk_signups "$out"
    sqlite3 "$out" "UPDATE signups SET info_point_id = '$ip';
        UPDATE signup_tasks SET task_id = CASE task_id WHEN 'TASK0' THEN '${tasks[0]}'
            WHEN 'TASK1' THEN '${tasks[1]}' WHEN 'TASK2' THEN '${tasks[2]}' ELSE '${tasks[3]}' END;
        UPDATE usage_counters SET info_point_id = '$ip';
        PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"
    echo "kiosk-v$v.db: format $(sqlite3 "$out" 'PRAGMA user_version'), $(stat -c %s "$out") bytes"
done

# The centre of format 1: catalogue, a device, a coordinator; two signups over HTTP from the device.
# Given in December 2026: the test's centre keeps personal data 120 months (--retention-months),
# so these stay until 2036 (the centre erases older ones at start, as it should).
old=$work/da9c3f6/build/bin/talkoo-central
out="$here/fixtures/central-v1.db"
rm -f "$out" "$out-wal" "$out-shm"
"$old" import "$here/fixtures/fixture-catalog.json" --db "$out" >/dev/null
device_token=$("$old" device add --name "Fixture kiosk" --point "$ip" --db "$out" | grep -o 'tkd_[A-Za-z0-9_-]*')
"$old" coordinator add --name "Fixture coordinator" --db "$out" >/dev/null
"$old" serve --db "$out" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    grep -q listening "$work/serve.out" 2>/dev/null && break
    sleep 0.1
done
url=$(grep -o 'http://[0-9.:]*' "$work/serve.out")
curl -sf -H "Authorization: Bearer $device_token" -H 'Content-Type: application/json' \
    -H 'X-Talkoo-App-Version: 0.2.0' "$url/v1/signups" --data-binary @- <<JSON
{"signups": [
 {"id": "0190a0b0-0000-7000-8000-0000000000c1", "task_ids": ["${tasks[0]}", "${tasks[1]}"],
  "name": "Aino Virtanen", "phone": "040 123 4567", "email": "aino@example.fi",
  "message": "Pääsen lauantaisin.", "age_group": "65+", "lang": "fi",
  "consent_version": "consent-2024-1", "consent_ms": 1796300000000, "created_ms": 1796300012345},
 {"id": "0190a0b0-0000-7000-8000-0000000000c2", "task_ids": ["${tasks[2]}"],
  "name": "Björn Lindqvist", "email": "bjorn@example.fi", "lang": "sv",
  "consent_version": "consent-2024-1", "consent_ms": 1796300100000, "created_ms": 1796300112345}
]}
JSON
echo
kill $pid
wait $pid || true
trap - EXIT
sqlite3 "$out" "PRAGMA wal_checkpoint(TRUNCATE); VACUUM;"
echo "central-v1.db: format $(sqlite3 "$out" 'PRAGMA user_version'), $(stat -c %s "$out") bytes"
echo "$device_token" >"$here/fixtures/central-v1.device-token"
