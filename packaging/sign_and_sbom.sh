#!/usr/bin/env bash
# Sign what ships and describe it, as the Windows workflow does with the real certificate:
#
#   packaging/sign_and_sbom.sh MSI [PE …]     (PYTHON=.venv/bin/python)
#
# Signing is packaging/sign.sh's (SIGN_CERT and SIGN_KEY, else a throwaway test certificate);
# then a CycloneDX bill of materials is written beside the MSI: the locked versions
# (requirements.lock) of the distributions the bundle in BUILD (build/loyalty_till) carries;
# DRIVE_C: a Wine prefix's drive_c, for a bundle built there (packaging/wine/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
msi=$1
shift
bash packaging/sign.sh "$msi" "$@"
sbom=${msi%.msi}.cdx.json
"$python" -m cyclonedx_py requirements requirements.lock --output-format JSON \
  --output-file "$sbom" --spec-version 1.6 >/dev/null
"$python" - "$sbom" "${BUILD:-build/loyalty_till}" "${DRIVE_C:-}" <<'PY'
import json, sys
from pathlib import Path

from packaging.utils import canonicalize_name

from app import __version__

sys.path.insert(0, "packaging")
from bundled import shipped_distributions

path, build = sys.argv[1], Path(sys.argv[2])
drive_c = Path(sys.argv[3]) if sys.argv[3] else None
bom = json.load(open(path, encoding="utf-8"))
locked = {canonicalize_name(c["name"]): c for c in bom.get("components", [])}
# Only what the bundle carries: the lock's build and test tools never reach a till.
shipped = shipped_distributions(build, drive_c) - {"loyalty-till"}  # the product: the metadata's
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
