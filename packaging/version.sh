#!/usr/bin/env bash
# The build's version, printed: VERSION when set, else major.minor from app.__version__ and the
# CI run number (GITHUB_RUN_NUMBER) or the commit count, so every build is unique (an MSI's
# ProductVersion: three fields, each below 256.256.65536).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${VERSION:-}" ]; then
  echo "$VERSION"
  exit 0
fi
release=$(cd "$here/.." && "${PYTHON:-python3}" -c 'import app; print(".".join(app.__version__.split(".")[:2]))')
build=${GITHUB_RUN_NUMBER:-$(git -C "$here/.." rev-list --count HEAD 2>/dev/null || echo 0)}
echo "$release.$build"
