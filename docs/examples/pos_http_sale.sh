#!/usr/bin/env bash
# A POS hands an amount to Loyalty Till's HTTP hand-off with curl and openssl, signed; the
# reply is used only when the till's signature on it checks (docs/pos.md).
#   LOYALTY_TILL_TOKEN=… bash pos_http_sale.sh PORT AMOUNT       e.g. 8790 1500,00
set -euo pipefail
port=$1 amount=$2
token=${LOYALTY_TILL_TOKEN:?set LOYALTY_TILL_TOKEN to the till\'s hand-off token}
hmac() { openssl dgst -sha256 -mac HMAC -macopt "key:$token" | awk '{ print $NF }'; }
body=$(printf '{"amount": "%s"}' "$amount")
now=$(date +%s)
nonce=$(openssl rand -hex 16)
digest=$(printf '%s' "$body" | sha256sum | cut -c1-64)
signature=$(printf 'LT1 request\nPOST\n/sale\n%s\n%s\n%s' "$now" "$nonce" "$digest" | hmac)
reply=$(mktemp)
trap 'rm -f "$reply" "$reply.h"' EXIT
status=$(curl -sS -o "$reply" -D "$reply.h" -w '%{http_code}' "http://127.0.0.1:$port/sale" \
  -H 'Content-Type: application/json' -H "X-Till-Time: $now" -H "X-Till-Nonce: $nonce" \
  -H "X-Till-Signature: $signature" --data-binary "$body")
given=$(tr -d '\r' <"$reply.h" | awk 'tolower($1) == "x-till-signature:" { print $2 }')
expected=$(printf 'LT1 reply\n%s\n%s\n%s' "$nonce" "$status" "$(sha256sum <"$reply" | cut -c1-64)" | hmac)
if [ "$given" != "$expected" ]; then
  echo "the reply is not signed by the till: another program holds the port; call IT" >&2
  exit 7
fi
cat "$reply"; echo
[ "${status:0:1}" = 2 ]
