#!/usr/bin/env bash
# Set up a till with no GUI: machine-wide settings, the loyalty API key in the OS keyring,
# and a connection check. The key is read from standard input, never from the command line.
#
#   setup-till.sh https://loyalty.example.ru 62a0000000000000000000f4 < loyalty.key
#   MANAGER_PIN_HASH="scrypt$..." setup-till.sh ...      # also lock the manager PIN
#
# It cannot half-succeed: everything is checked before anything is written; the settings go
# through 'loyalty-till machine-config' (escaped, atomic), and if writing them fails after
# the key was stored, the key is removed again. Exit 0: set up; 2: nothing changed.
#
# LOYALTY_TILL_MACHINE_CONFIG overrides where the machine-wide file goes (default
# /etc/loyalty-till/settings.toml; on Windows the MSI writes %ProgramData%\LoyaltyTill).
set -euo pipefail
usage="usage: setup-till.sh BASE_URL POINT_ID < key-file"
base_url=${1:?$usage}
point=${2:?$usage}

key=""
IFS= read -r key || true
key=${key%$'\r'}
if [ -z "$key" ]; then
  echo "setup-till: no key on standard input; nothing was changed" >&2
  exit 2
fi

config_args=(--base-url "$base_url" --point "$point" --profile store)
if [ -n "${MANAGER_PIN_HASH:-}" ]; then
  config_args+=(--manager-pin-hash "$MANAGER_PIN_HASH")
fi

if ! loyalty-till machine-config --dry-run "${config_args[@]}"; then
  echo "setup-till: the values were refused; nothing was changed" >&2
  exit 2
fi
if ! printf '%s\n' "$key" | loyalty-till credentials set --profile store --key loyalty; then
  echo "setup-till: the key could not be stored; nothing was changed" >&2
  exit 2
fi
if ! loyalty-till machine-config "${config_args[@]}"; then
  loyalty-till credentials delete --profile store --key loyalty >/dev/null || true
  echo "setup-till: the settings could not be written; the key was removed again" >&2
  exit 2
fi
loyalty-till credentials status --profile store
loyalty-till check --profile store
