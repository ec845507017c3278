# Sourced by packaging/wine/*.sh: the Wine prefix the Windows job runs in, and how to run the
# Windows CPython inside it.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Cached between runs (prepare.sh makes it once per lock): on CI, the machine's cache folder.
export WINEPREFIX=${LOYALTY_TILL_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/loyalty-till/wine}
export WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono or Gecko installer dialogs
DOWNLOADS=${WINEPREFIX}-downloads
PYDIR="$WINEPREFIX/drive_c/python311"
WINPY='C:\python311\python.exe'

# Run the Windows Python with a hard time limit (an error box must never hang a step).
# Linux's PIP_* and PYTHON* variables stay out (Wine passes the environment through) but for
# what the caller puts in WINE_ENV (NAME=value ...); Qt's variables go in as WINEQT_* (Wine
# drops QT_*); standard input is /dev/null and output a pipe: CPython under Wine 8.0 cannot
# use a regular Unix file as a standard handle.
WINE_ENV=()
winpy() {
  local seconds=$1
  shift
  local drop=()
  local name
  for name in $(env | grep -o '^\(PIP\|PYTHON\)[A-Z_]*='); do
    drop+=(-u "${name%=}")
  done
  timeout --kill-after=15 "$seconds" env "${drop[@]}" WINEQT_QPA_PLATFORM=offscreen \
    "${WINE_ENV[@]}" wine "$WINPY" "$@" </dev/null 2>&1 | cat
  return "${PIPESTATUS[0]}"
}
