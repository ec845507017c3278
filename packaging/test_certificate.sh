#!/usr/bin/env bash
# A throwaway code-signing certificate (two days, self-signed: not a trusted signature) in DIR;
# prints the shell lines that export it for packaging/sign.sh and build_msi.sh:
#
#   eval "$(bash packaging/test_certificate.sh DIR)"
set -euo pipefail
dir=$(cd "${1:?usage: test_certificate.sh DIR}" && pwd)
openssl req -x509 -newkey rsa:3072 -sha256 -days 2 -nodes -keyout "$dir/test-key.pem" \
  -out "$dir/test-cert.pem" -subj "/CN=Loyalty Till TEST signing (not trusted)" \
  -addext "extendedKeyUsage=codeSigning" -addext "keyUsage=digitalSignature" 2>/dev/null
echo "signing: no SIGN_CERT given: a throwaway test certificate (not a trusted signature)" >&2
printf 'export SIGN_CERT=%q SIGN_KEY=%q\n' "$dir/test-cert.pem" "$dir/test-key.pem"
