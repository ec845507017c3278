#!/usr/bin/env bash
# Build the MSI from a one-folder bundle with wixl (msitools), then check its tables.
#
#   packaging/build_msi.sh BUNDLE_DIR OUT.msi
#
# A bundle whose LoyaltyTill.exe is a Windows (PE) program makes the product MSI. Any other
# bundle (the Linux build CI makes, to prove the tables over the real list of files) makes a
# test artifact only: its own UpgradeCode and name, so it can never upgrade or pass for the
# product, and an output name ending in -linux-test.msi, or the build refuses.
#
# The version is packaging/version.sh's: VERSION, else one unique to the build.
set -euo pipefail
bundle=$(cd "${1:?usage: build_msi.sh BUNDLE_DIR OUT.msi}" && pwd)
out=${2:?usage: build_msi.sh BUNDLE_DIR OUT.msi}
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
VERSION=$(PYTHON=$python bash "$here/version.sh")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

exe=$bundle/LoyaltyTill.exe
if [ -f "$exe" ] && "$python" - "$exe" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read(4096)
offset = struct.unpack_from("<I", data, 0x3C)[0] if data[:2] == b"MZ" and len(data) >= 0x40 else -1
sys.exit(0 if 0 <= offset <= len(data) - 4 and data[offset:offset + 4] == b"PE\0\0" else 1)
PY
then
  name="Loyalty Till"
  upgrade_code=8d3c2a7e-5b1f-4c9a-9e2d-6f0a1b3c5d71
  # With a signing certificate configured, an unsigned product payload never ships.
  if [ -n "${SIGN_CERT:-}" ]; then
    for program in "$bundle/LoyaltyTill.exe" "$bundle/loyalty-till.exe"; do
      osslsigncode verify -CAfile "$SIGN_CERT" -in "$program" >/dev/null 2>&1 || {
        echo "build_msi.sh: $program is not signed by $SIGN_CERT: sign the bundle first" >&2
        exit 2
      }
    done
  fi
else
  case "$out" in
    *-linux-test.msi) ;;
    *) echo "build_msi.sh: $bundle has no Windows LoyaltyTill.exe: a Linux bundle makes a test" \
            "artifact only, named *-linux-test.msi (not $(basename "$out"))" >&2
       exit 2 ;;
  esac
  name="Loyalty Till TEST (Linux payload, does not run on Windows)"
  upgrade_code=0b5e9f31-7c2a-4d8e-a6f4-3e1d9c7b5a20
fi

# The bundle's files as components of the install folder.
find "$bundle" -type f | sort | wixl-heat --prefix "$bundle/" --directory-ref INSTALLDIR \
  --component-group BundleFiles --var var.SourceDir > "$work/files.wxs"
"$python" "$here/windows/wixl_bridge.py" prepare "$here/windows/LoyaltyTill.wxs" "$work/product.wxs"

mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
# wixl resolves sources relative to the working directory and refuses absolute ones.
(cd "$bundle" && wixl -a x64 -D SourceDir=. -D Version="$VERSION" -D ProductName="$name" \
  -D UpgradeCode="$upgrade_code" -o "$out" "$work/product.wxs" "$work/files.wxs")
"$python" "$here/windows/wixl_bridge.py" finish "$here/windows/LoyaltyTill.wxs" "$out"

# The tables a fleet deployment relies on. (Read whole before grep: grep -q closing the pipe
# early would fail the pipeline under pipefail.)
expect() {
  grep -q -- "$2" <<<"$(msiinfo "$1" "$out" ${3:+"$3"} | tr -d '\r')" || {
    echo "MSI $3 lacks: $2" >&2
    exit 1
  }
}
upper=${upgrade_code^^}
expect export "^SecureCustomProperties	BASE_URL;POINT_ID;MANAGER_PIN_HASH;" Property
expect export "^ProductVersion	$VERSION$" Property
expect export "{$upper}	0.0.0	$VERSION		768		WIX_UPGRADE_DETECTED" Upgrade
expect export "{$upper}	$VERSION			2		WIX_DOWNGRADE_DETECTED" Upgrade
expect export "^PolicyServer	.*	260	BASE_URL AND POINT_ID	" Component
expect export "^PolicyManagerPin	.*	260	MANAGER_PIN_HASH	" Component
expect export 'SOFTWARE\\Policies\\LoyaltyTill	BaseUrl	\[BASE_URL\]' Registry
expect export "^RejectHalfPair	2099	INSTALL_PROBLEM	BASE_URL and POINT_ID go together" CustomAction
expect export "^NOT INSTALL_PROBLEM	\[INSTALL_PROBLEM\]" LaunchCondition
expect export 'LoyaltyTillShortcut' Shortcut
expect export 'ProgramFiles64Folder' Directory
expect export '^ARPPRODUCTICON' Property
expect suminfo '^Template: x64;1049$'
for table in InstallExecuteSequence InstallUISequence; do
  # Every property the launch condition reads is set before it runs (sequence 100).
  late=$(msiinfo export "$out" "$table" | tr -d '\r' | awk -F '\t' '$1 ~ /^(Keep|Reject)/ && ($3 < 51 || $3 > 99)')
  [ -z "$late" ] || { echo "MSI $table runs after LaunchConditions: $late" >&2; exit 1; }
done
if grep -q -P '\t(0|4)\t' <<<"$(msiinfo export "$out" Component | tail -n +4 | tr -d '\r')"; then
  echo "MSI has a component not marked 64-bit" >&2
  exit 1
fi
# Machine-wide only: no row of the Registry table reaches a user's hive (Root 1 = HKCU, where
# the user's settings and Credential Manager entries live).
if awk -F '\t' 'NR > 3 && $2 != 2' <<<"$(msiinfo export "$out" Registry | tr -d '\r')" | grep -q .; then
  echo "MSI writes outside HKLM" >&2
  exit 1
fi
if grep -q . <<<"$(msiinfo export "$out" CustomAction | tail -n +4 | tr -d '\r' | grep -v -P '\t51\t|\t2099\t' || true)"; then
  echo "MSI runs a custom action other than setting a property" >&2
  exit 1
fi
echo "MSI $out ($name $VERSION, $(du -h "$out" | cut -f1)): checked with msiinfo:"
echo "  SecureCustomProperties = $(msiinfo export "$out" Property | tr -d '\r' | grep -P '^SecureCustomProperties\t' | cut -f2)"
echo "  every component 64-bit; template x64;1049; upgrades from 0.0.0 to $VERSION inclusive;"
echo "  fleet values as registry values under HKLM\\SOFTWARE\\Policies\\LoyaltyTill (no program runs)"
