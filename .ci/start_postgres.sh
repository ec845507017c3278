#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the chain tests: Debian's server binaries, run by an
# unprivileged user (postgres when we are root), listening on 127.0.0.1 only, password
# (SCRAM) authentication. Prints the superuser's connection string for LOYALTY_TILL_TEST_PG.
#   bash .ci/start_postgres.sh [FOLDER] [PORT]
set -euo pipefail
folder=${1:-/tmp/loyalty-till-pg}
port=${2:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "no PostgreSQL server binaries under /usr/lib/postgresql" >&2; exit 1; }
run=()
if [ "$(id -u)" = 0 ]; then
  run=(runuser -u postgres --)
fi
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
if [ -f "$folder/data/postmaster.pid" ]; then
  "${run[@]}" "$bin/pg_ctl" -D "$folder/data" -m immediate stop >/dev/null 2>&1 || true
fi
rm -rf "$folder"
mkdir -p "$folder"
[ "$(id -u)" = 0 ] && chown postgres "$folder"
printf '%s\n' "$password" > "$folder/pw"
[ "$(id -u)" = 0 ] && chown postgres "$folder/pw"
"${run[@]}" "$bin/initdb" -D "$folder/data" -U postgres --pwfile="$folder/pw" \
  -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
rm -f "$folder/pw"
"${run[@]}" "$bin/pg_ctl" -D "$folder/data" -l "$folder/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$folder' -c max_connections=200 -c fsync=off" >/dev/null
echo "host=127.0.0.1 port=$port user=postgres password=$password dbname=postgres"
