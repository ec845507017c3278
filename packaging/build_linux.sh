#!/usr/bin/env bash
# Build the one-folder bundle from the spec, run its self-test, and build and check an MSI
# over it: a test artifact (its own UpgradeCode and name, *-linux-test.msi), which proves the
# tables over the real list of files; the product MSI needs the Windows bundle (see the README).
#
#   packaging/build_linux.sh [VENV_PYTHON]      (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build packaging/loyalty_till.spec
echo "bundle dist/LoyaltyTill: $(du -sh dist/LoyaltyTill | cut -f1); its ten largest parts:"
# awk reads the whole list (head would close the pipe early: sort then dies of SIGPIPE, and
# with pipefail the build fails now and then)
du -s dist/LoyaltyTill/_internal/* | sort -rn \
  | awk 'NR <= 10 { printf "  %7.1f MB  %s\n", $1 / 1024, substr($2, length("dist/LoyaltyTill/_internal/") + 1) }'

QT_QPA_PLATFORM=offscreen dist/LoyaltyTill/LoyaltyTill --self-test --out dist/self-test.json >/dev/null
echo "frozen self-test: passed (report in dist/self-test.json)"
# The console executable beside it prints, and says so when its standard input is closed.
hashed=$(echo 482913 | dist/LoyaltyTill/loyalty-till pin hash)
case $hashed in
  'manager_pin = "scrypt$'*) echo "console executable: prints (pin hash)" ;;
  *) echo "console executable printed: $hashed" >&2; exit 1 ;;
esac
set +e
dist/LoyaltyTill/loyalty-till pin hash <&- 2>/dev/null
closed=$?
set -e
[ "$closed" = 2 ] || { echo "console executable with stdin closed exited $closed, not 2" >&2; exit 1; }
echo "console executable: stdin closed -> exit 2"
PYTHON=$python bash packaging/build_msi.sh dist/LoyaltyTill dist/LoyaltyTill-linux-test.msi
