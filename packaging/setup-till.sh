#!/usr/bin/env bash
# Set up a till with no GUI: machine-wide settings, the loyalty API key in the OS keyring,
# and a connection check. The key is read from standard input, never from the command line.
#
#   setup-till.sh https://loyalty.example.ru 62a0000000000000000000f4 < loyalty.key
#
# LOYALTY_TILL_MACHINE_CONFIG overrides where the machine-wide file goes (default
# /etc/loyalty-till/settings.toml; on Windows the MSI writes %ProgramData%\LoyaltyTill).
set -euo pipefail
base_url=${1:?usage: setup-till.sh BASE_URL POINT_ID < key-file}
point=${2:?usage: setup-till.sh BASE_URL POINT_ID < key-file}
config=${LOYALTY_TILL_MACHINE_CONFIG:-/etc/loyalty-till/settings.toml}

mkdir -p "$(dirname "$config")"
cat > "$config" <<TOML
# Written by setup-till.sh. Precedence: this file < the user's file < the command line,
# except for the locked settings, which only this file sets.
active_profile = "store"
locked = ["active_profile", "profiles.store.base_url", "profiles.store.point"]

[profiles.store]
base_url = "$base_url"
point = "$point"
TOML

loyalty-till credentials set --profile store --key loyalty
loyalty-till credentials status --profile store --key loyalty
loyalty-till check --profile store
