#!/usr/bin/env bash
# Set up a till with no GUI: machine-wide settings, the loyalty API key in the OS keyring,
# and a connection check. The key is read from standard input, never from the command line.
#
#   setup-till.sh https://loyalty.example.ru 62a0000000000000000000f4 < loyalty.key
#   MANAGER_PIN_HASH="scrypt$..." setup-till.sh ...      # also lock the manager PIN
#
# The program does it ('loyalty-till setup', the same on Windows with loyalty-till.exe): all
# or nothing, exit 0 set up, 1 set up but the check failed, 2 nothing changed.
# LOYALTY_TILL_MACHINE_CONFIG overrides where the machine-wide file goes (default
# /etc/loyalty-till/settings.toml; on Windows %ProgramData%\LoyaltyTill).
set -euo pipefail
exec loyalty-till setup "$@"
