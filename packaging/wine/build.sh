#!/usr/bin/env bash
# The real Windows release, built under Wine: the one-folder bundle from the spec by the
# Windows CPython's PyInstaller (LoyaltyTill.exe, windowed, and loyalty-till.exe, console, in
# dist/windows/LoyaltyTill/), both executables signed, the product MSI from that bundle
# (dist/windows/LoyaltyTill-<version>.msi), signed, with its bill of materials beside it.
#
#   bash packaging/wine/build.sh           (prepare.sh first when the prefix is missing or stale)
#
# Signing: SIGN_CERT and SIGN_KEY (PEM) when given, else one throwaway test certificate for
# the executables and the MSI alike (packaging/test_certificate.sh). VERSION as in
# packaging/version.sh.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
bash packaging/wine/prepare.sh
python=${PYTHON:-.venv/bin/python}
started=$(date +%s)
rm -rf dist/windows build/windows
mkdir -p dist/windows build/windows
WINE_ENV=("PYTHONPATH=$(winepath -w "$ROOT")")
echo "build.sh: PyInstaller under Wine"
# The Universal CRT's api-ms-win-crt-* sets are part of Windows 10 and absent from Wine as
# files: PyInstaller warns once per DLL that imports them, and rightly leaves them out.
set +e
winpy 1800 -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$(winepath -w dist/windows)" --workpath "$(winepath -w build/windows)" \
  "$(winepath -w packaging/loyalty_till.spec)" >build/windows/pyinstaller.log
built=$?
set -e
grep -v "could not resolve 'api-ms-win-" build/windows/pyinstaller.log || true
echo "build.sh: $(grep -c "could not resolve 'api-ms-win-" build/windows/pyinstaller.log || true)" \
  "warnings about Windows' own api-ms-win-* sets (in build/windows/pyinstaller.log)"
[ "$built" = 0 ] || { echo "build.sh: PyInstaller failed ($built)" >&2; exit 1; }
bundle=dist/windows/LoyaltyTill
for program in LoyaltyTill.exe loyalty-till.exe; do
  [ -f "$bundle/$program" ] || { echo "build.sh: $bundle/$program was not built" >&2; exit 1; }
done
echo "build.sh: bundle $bundle: $(find "$bundle" -type f | wc -l) files, $(du -sh "$bundle" | cut -f1)" \
  "in $(( $(date +%s) - started )) s"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -n "${SIGN_CERT:-}" ] || eval "$(bash packaging/test_certificate.sh "$work")"
bash packaging/sign.sh "$bundle/LoyaltyTill.exe" "$bundle/loyalty-till.exe"
version=$(PYTHON=$python bash packaging/version.sh)
msi=dist/windows/LoyaltyTill-$version.msi
VERSION=$version PYTHON=$python bash packaging/build_msi.sh "$bundle" "$msi"
BUILD=build/windows/loyalty_till DRIVE_C=$WINEPREFIX/drive_c PYTHON=$python \
  bash packaging/sign_and_sbom.sh "$msi"
echo "build.sh: $msi ($(du -h "$msi" | cut -f1)) in $(( $(date +%s) - started )) s"
