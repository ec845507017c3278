#!/usr/bin/env bash
# The product MSI on a till, under Wine's msiexec, in a fresh prefix of its own (a till is not
# the build machine: no Python, only the two DLLs Wine 8.0 lacks and Windows 10 has):
#   1. install with the fleet properties (BASE_URL at a sandbox on loopback, POINT_ID);
#   2. the installed console executable, its output through a pipe: --version, credentials
#      set (the key on standard input), check, status --json, --self-test;
#   3. the installed windowed program started as Explorer starts it (no standard streams), and
#      `loyalty-till.exe sale` handing it an amount over the named pipe (timed);
#   4. an upgrade to a newer build of the same bundle (one product entry, policy kept);
#   5. uninstall (folder and policy key gone).
#
#   bash packaging/wine/msi_run.sh [MSI]     (default: the newest dist/windows/LoyaltyTill-*.msi)
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
python=${PYTHON:-.venv/bin/python}
msi=${1:-$(ls -t dist/windows/LoyaltyTill-*.msi 2>/dev/null | head -n 1)}
[ -f "$msi" ] || { echo "msi_run.sh: no MSI (run packaging/wine/build.sh first)" >&2; exit 1; }
msi=$(cd "$(dirname "$msi")" && pwd)/$(basename "$msi")
build_system32=$WINEPREFIX/drive_c/windows/system32
work=$(mktemp -d)
export WINEPREFIX=$work/till
sandbox_pid=
cleanup() {
  wineserver -k 2>/dev/null || true
  [ -z "$sandbox_pid" ] || kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "msi_run.sh: $*" >&2; exit 1; }
step() { echo "msi_run.sh: $*"; }
started=$(date +%s)

# A Windows program with a hard time limit; standard input /dev/null (or the caller's pipe),
# output through a pipe, as a POS or a monitoring agent reads it.
win() {
  local seconds=$1
  shift
  timeout --kill-after=15 "$seconds" env WINEQT_QPA_PLATFORM=offscreen wine "$@" 2>&1 | tr -d '\r'
  return "${PIPESTATUS[0]}"
}
installed='C:\Program Files\LoyaltyTill'
console="$installed\\loyalty-till.exe"
msiexec() {
  local log=$work/$1.log
  shift
  timeout 600 wine msiexec "$@" /qn /norestart /l*v "$(winepath -w "$log")" </dev/null >/dev/null 2>&1
  local code=$?
  if [ "$code" != 0 ]; then
    # Wine writes the log in UTF-16 when it starts with a byte-order mark, else as it is
    if [ "$(head -c 2 "$log" | od -An -tx1 | tr -d ' ')" = fffe ]; then
      iconv -f UTF-16 -t UTF-8 "$log" | tail -n 30 >&2
    else
      tail -n 30 "$log" >&2
    fi
    return "$code"
  fi
}
products() {
  wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s /reg:64 2>/dev/null \
    | tr -d '\r' | grep -c 'DisplayName.*REG_SZ.*Loyalty Till$' || true
}
policy() {
  wine reg query 'HKLM\SOFTWARE\Policies\LoyaltyTill' /v "$1" /reg:64 2>/dev/null | tr -d '\r' \
    | awk -v name="$1" '$1 == name { print $3 }'
}

step "a fresh till prefix"
timeout 300 wineboot -i >/dev/null 2>&1
cp "$build_system32/icuuc.dll" "$build_system32/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$python" -m app sandbox --host 127.0.0.1 --port "$port" --db "$work/sandbox.sqlite3" >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
base_url=http://127.0.0.1:$port
point=$("$python" -c 'from app.sandbox.demo import POINT_ID; print(POINT_ID)')

step "1. install $(basename "$msi") with BASE_URL=$base_url POINT_ID=$point"
msiexec install /i "$(winepath -w "$msi")" "BASE_URL=$base_url" "POINT_ID=$point" \
  || fail "install failed"
[ "$(products)" = 1 ] || fail "expected one installed product, found $(products)"
[ "$(policy BaseUrl)" = "$base_url" ] || fail "the policy's BaseUrl is '$(policy BaseUrl)'"
[ -f "$(winepath -u "$installed")/LoyaltyTill.exe" ] || fail "no LoyaltyTill.exe installed"

step "2. the installed console executable, through a pipe"
out=$(win 60 "$console" --version) || fail "--version: $out"
grep -q '^loyalty-till ' <<<"$out" || fail "--version printed: $out"
echo "  --version: $out"
out=$(echo demo | win 60 "$console" credentials set --profile store --key loyalty) || fail "credentials set: $out"
echo "  credentials set: $out"
out=$(win 120 "$console" check) || fail "check: $out"
grep -q '^loyalty ' <<<"$out" || fail "check printed: $out"
echo "  check (reads the policy, reaches the sandbox):"; sed 's/^/    /' <<<"$out"
out=$(win 120 "$console" status --json) || fail "status --json: $out"
"$python" - "$out" "$base_url" <<'PY' || fail "status --json: $out"
import json, sys
status = json.loads(sys.argv[1].strip().splitlines()[-1])
assert status["profile"] == "store" and status["server"] == sys.argv[2], status
assert status["reachable"] is True and status["key_accepted"] is True, status
print(f"  status --json: profile {status['profile']}, server {status['server']}, reachable, key accepted")
PY
report=$work/self-test.json
out=$(win 300 "$console" --self-test --out "$(winepath -w "$report")") || fail "--self-test: $out"
"$python" -c 'import json, sys; r = json.load(open(sys.argv[1], encoding="utf-8")); assert r["ok"], r; print("  --self-test: ok,", len(r["checks"]), "checks")' "$report" \
  || fail "--self-test report: $(cat "$report")"

windowed=$work/windowed-self-test.json
timeout 300 env WINEQT_QPA_PLATFORM=offscreen wine cmd /c start "" /wait "$installed\\LoyaltyTill.exe" \
  --self-test --out "$(winepath -w "$windowed")" </dev/null >/dev/null 2>&1 || true
"$python" -c 'import json, sys; r = json.load(open(sys.argv[1], encoding="utf-8")); assert r["ok"], r; print("  the windowed --self-test (no standard streams, the embedded sandbox): ok,", len(r["checks"]), "checks")' "$windowed" \
  || fail "the windowed --self-test: $(cat "$windowed" 2>/dev/null || echo no report)"

step "3. the installed window, started with no standard streams; a sale over the named pipe"
timeout 60 env WINEQT_QPA_PLATFORM=offscreen wine cmd /c start "" "$installed\\LoyaltyTill.exe" \
  </dev/null >/dev/null 2>&1 || fail "the window did not start"
handed=
for _ in $(seq 1 60); do
  set +e
  out=$(win 60 "$console" sale --amount 1500,00 --receipt R-1 --json)
  code=$?
  set -e
  [ "$code" = 3 ] || { handed=$out; break; }  # 3: no window listening yet
  sleep 1
done
[ -n "$handed" ] && [ "$code" = 0 ] || fail "sale exited $code: $out"
grep -q '"ok": true' <<<"$handed" || fail "sale printed: $handed"
echo "  sale handed over: $handed"
times=()
for _ in 1 2 3 4 5 6 7; do
  t0=$(date +%s%N)
  set +e
  win 60 "$console" sale --amount 1500,00 --json >/dev/null
  set -e
  times+=($(( ($(date +%s%N) - t0) / 1000000 )))
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 4p)
echo "  the installed 'sale' over the named pipe: median of 7 ${median} ms (${times[*]})"
win 30 taskkill /f /im LoyaltyTill.exe >/dev/null || true

step "4. upgrade to a newer build of the same bundle"
current=$(msiinfo export "$msi" Property | tr -d '\r' | awk -F '\t' '$1 == "ProductVersion" { print $2 }')
next=${current%.*}.$(( ${current##*.} + 1 ))
# a copy of the installed MSI's payload: the bundle it was built from
VERSION=$next PYTHON=$python bash packaging/build_msi.sh dist/windows/LoyaltyTill "$work/LoyaltyTill-$next.msi" >/dev/null
msiexec upgrade /i "$(winepath -w "$work/LoyaltyTill-$next.msi")" || fail "upgrade failed"
[ "$(products)" = 1 ] || fail "after the upgrade: $(products) product entries"
[ "$(policy BaseUrl)" = "$base_url" ] || fail "the upgrade lost the policy"
out=$(win 60 "$console" --version) || fail "--version after the upgrade: $out"
echo "  $current -> $next: one product entry, the policy kept, $out"

step "5. uninstall"
msiexec uninstall /x "$(winepath -w "$work/LoyaltyTill-$next.msi")" || fail "uninstall failed"
[ "$(products)" = 0 ] || fail "a product entry is left"
[ ! -e "$(winepath -u "$installed")" ] || fail "the install folder is left"
[ -z "$(policy BaseUrl)" ] || fail "the policy key is left"
step "installed, ran, upgraded and removed in $(( $(date +%s) - started )) s"
