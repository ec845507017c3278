#!/usr/bin/env bash
# Build the MSI from a one-folder bundle with wixl (msitools), then check its tables.
#
#   packaging/build_msi.sh dist/LoyaltyTill dist/LoyaltyTill.msi
#
# On Linux the bundle is the Linux build (a stand-in payload: the MSI's structure is what is
# checked here); the Windows workflow feeds it the Windows bundle.
set -euo pipefail
bundle=$(cd "${1:?usage: build_msi.sh BUNDLE_DIR [OUT.msi]}" && pwd)
out=${2:-dist/LoyaltyTill.msi}
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
version=${VERSION:-$(cd "$here/.." && "$python" -c 'import app; print(app.__version__)')}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The bundle's files as components; the program's own file gets a fixed Id for the custom
# action that writes the machine-wide settings.
find "$bundle" -type f | sort | wixl-heat --prefix "$bundle/" --directory-ref INSTALLDIR \
  --component-group BundleFiles --var var.SourceDir > "$work/files.wxs"
sed -E -i 's#<File Id="[^"]+" (KeyPath="yes" Source="\$\(var\.SourceDir\)/LoyaltyTill(\.exe)?")#<File Id="LoyaltyTillExe" \1#' \
  "$work/files.wxs"
grep -q 'Id="LoyaltyTillExe"' "$work/files.wxs"

mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
# wixl resolves sources relative to the working directory and refuses absolute ones.
(cd "$bundle" && wixl -a x64 -D SourceDir=. -D Version="$version" -o "$out" \
  "$here/windows/LoyaltyTill.wxs" "$work/files.wxs")

# The tables a fleet deployment relies on. (Read whole before grep: grep -q closing the pipe
# early would fail the pipeline under pipefail.)
expect() {
  grep -q -- "$2" <<<"$(msiinfo export "$out" "$1")" || { echo "MSI table $1 lacks: $2" >&2; exit 1; }
}
expect Upgrade '8D3C2A7E-5B1F-4C9A-9E2D-6F0A1B3C5D71'
expect Shortcut 'LoyaltyTillShortcut'
expect CustomAction 'machine-config --base-url "\[BASE_URL\]" --point "\[POINT_ID\]" --manager-pin-hash "\[MANAGER_PIN_HASH\]"'
expect InstallExecuteSequence 'WriteMachineConfig.NOT REMOVE AND BASE_URL AND POINT_ID'
expect Directory 'ProgramFiles64Folder'
expect File 'LoyaltyTillExe'
expect Property '^ARPPRODUCTICON'
echo "MSI $out: $(du -h "$out" | cut -f1); upgrade, shortcut, per-machine folder and the"
echo "custom action writing BASE_URL and POINT_ID to the machine-wide settings are present"
