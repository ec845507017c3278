#!/usr/bin/env bash
# Sign Windows files (PE executables, MSI) with osslsigncode and verify each signature:
#
#   packaging/sign.sh FILE …          (SIGN_CERT and SIGN_KEY: PEM files)
#
# Without SIGN_CERT it makes a throwaway test code-signing certificate for this call only (CI:
# proof that signing and verifying work, not a trusted signature); a build that signs in two
# steps (the executables, then the MSI that carries them) makes one first with
# packaging/test_certificate.sh and exports it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "${SIGN_CERT:-}" ]; then
  eval "$(bash "$here/test_certificate.sh" "$work")"
fi
for file in "$@"; do
  osslsigncode sign -certs "$SIGN_CERT" -key "$SIGN_KEY" -h sha256 -n "Loyalty Till" \
    -in "$file" -out "$work/signed" >/dev/null
  mv "$work/signed" "$file"
  osslsigncode verify -CAfile "$SIGN_CERT" -in "$file" >"$work/verify.txt" 2>&1 \
    || { cat "$work/verify.txt" >&2; echo "signing: $file does not verify" >&2; exit 1; }
  grep -q "Signature verification: ok" "$work/verify.txt" \
    || { cat "$work/verify.txt" >&2; echo "signing: $file does not verify" >&2; exit 1; }
  echo "signed and verified: $file"
done
