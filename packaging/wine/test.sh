#!/usr/bin/env bash
# The Windows test job under Wine: the same tests as .github/workflows/windows.yml's, run by
# the Windows CPython in the prefix prepare.sh made (made first when missing or stale).
#   bash packaging/wine/test.sh [pytest arguments]      (default: the whole suite)
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
bash packaging/wine/prepare.sh
WINE_ENV=("PYTHONPATH=$(winepath -w "$ROOT")")
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(tests)
winpy "${LOYALTY_TILL_WINE_TEST_SECONDS:-3600}" -m pytest -q -p no:cacheprovider "${args[@]}"
