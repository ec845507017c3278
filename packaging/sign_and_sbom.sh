#!/usr/bin/env bash
# Sign what ships and describe it, as the Windows workflow does with the real certificate:
#
#   packaging/sign_and_sbom.sh MSI [PE …]     (PYTHON=.venv/bin/python)
#
# With SIGN_CERT and SIGN_KEY (PEM files) it signs with them; without, it makes a throwaway
# test code-signing certificate (CI: proof that signing and verifying work, not a trusted
# signature). Each file is signed with osslsigncode and then verified against the certificate;
# a CycloneDX bill of materials is written beside the MSI: the locked versions
# (requirements.lock) of the distributions the bundle in BUILD (build/loyalty_till) carries.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
msi=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cert=${SIGN_CERT:-}
key=${SIGN_KEY:-}
if [ -z "$cert" ]; then
  cert=$work/test-cert.pem
  key=$work/test-key.pem
  openssl req -x509 -newkey rsa:3072 -sha256 -days 2 -nodes -keyout "$key" -out "$cert" \
    -subj "/CN=Loyalty Till TEST signing (not trusted)" \
    -addext "extendedKeyUsage=codeSigning" -addext "keyUsage=digitalSignature" 2>/dev/null
  echo "signing: no SIGN_CERT given: a throwaway test certificate (not a trusted signature)"
fi
for file in "$msi" "$@"; do
  osslsigncode sign -certs "$cert" -key "$key" -h sha256 -n "Loyalty Till" \
    -in "$file" -out "$work/signed" >/dev/null
  mv "$work/signed" "$file"
  osslsigncode verify -CAfile "$cert" -in "$file" >"$work/verify.txt" 2>&1 \
    || { cat "$work/verify.txt" >&2; echo "signing: $file does not verify" >&2; exit 1; }
  grep -q "Signature verification: ok" "$work/verify.txt" \
    || { cat "$work/verify.txt" >&2; echo "signing: $file does not verify" >&2; exit 1; }
  echo "signed and verified: $file"
done
sbom=${msi%.msi}.cdx.json
"$python" -m cyclonedx_py requirements requirements.lock --output-format JSON \
  --output-file "$sbom" --spec-version 1.6 >/dev/null
"$python" - "$sbom" "${BUILD:-build/loyalty_till}" <<'PY'
import json, sys
from pathlib import Path

from packaging.utils import canonicalize_name

from app import __version__

sys.path.insert(0, "packaging")
from bundled import shipped_distributions

path, build = sys.argv[1], Path(sys.argv[2])
bom = json.load(open(path, encoding="utf-8"))
locked = {canonicalize_name(c["name"]): c for c in bom.get("components", [])}
# Only what the bundle carries: the lock's build and test tools never reach a till.
shipped = shipped_distributions(build) - {"loyalty-till"}  # the product: the metadata's
unlocked = shipped - set(locked)
if unlocked:
    sys.exit(f"the bundle carries distributions the lock does not pin: {sorted(unlocked)}")
refs = {locked[name]["bom-ref"] for name in shipped}
bom["components"] = [locked[name] for name in sorted(shipped)]
bom["dependencies"] = [
    {**d, "dependsOn": [r for r in d.get("dependsOn", []) if r in refs]}
    for d in bom.get("dependencies", [])
    if d["ref"] in refs
]
missing = {"pyside6-essentials", "httpx", "pydantic", "keyring"} - shipped
if missing:
    sys.exit(f"bill of materials lacks {sorted(missing)}")
bom["metadata"]["component"] = {
    "type": "application", "bom-ref": "loyalty-till", "name": "Loyalty Till",
    "version": __version__,
}
json.dump(bom, open(path, "w", encoding="utf-8"), indent=2)
left = len(locked) - len(shipped)
print(f"bill of materials: {path} ({len(shipped)} components; {left} locked, not in the bundle)")
PY
