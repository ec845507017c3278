"""What a failed TLS handshake says about the server's certificate.

OpenSSL (and truststore, which uses it on Linux) reports a verification failure as
:class:`ssl.SSLCertVerificationError` with a ``verify_code``; other platforms' trust stores
only word it in the message. Either way the cause becomes a :class:`CertificateProblem` kind
with its own sentence. For an expired certificate the date is read from the certificate itself
(fetched again without verification: only to read its date, nothing is sent).
"""

from __future__ import annotations

import logging
import ssl
from datetime import datetime
from urllib.parse import urlsplit

from app.api.errors import CertificateProblem

log = logging.getLogger(__name__)

# OpenSSL's X509_V_ERR_* codes
_KINDS = {
    62: "hostname",  # HOSTNAME_MISMATCH
    64: "hostname",  # IP_ADDRESS_MISMATCH
    10: "expired",  # CERT_HAS_EXPIRED
    9: "not-yet-valid",  # CERT_NOT_YET_VALID
    2: "untrusted",  # UNABLE_TO_GET_ISSUER_CERT
    18: "untrusted",  # DEPTH_ZERO_SELF_SIGNED_CERT
    19: "untrusted",  # SELF_SIGNED_CERT_IN_CHAIN
    20: "untrusted",  # UNABLE_TO_GET_ISSUER_CERT_LOCALLY
    21: "untrusted",  # UNABLE_TO_VERIFY_LEAF_SIGNATURE
}
_WORDS = (
    ("hostname", "hostname"),
    ("ip address mismatch", "hostname"),
    ("expired", "expired"),
    ("not yet valid", "not-yet-valid"),
    ("self signed", "untrusted"),
    ("self-signed", "untrusted"),
    ("issuer", "untrusted"),
    ("untrusted", "untrusted"),
    ("not trusted", "untrusted"),
)


def verification_error(error: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate verification failure somewhere in ``error``'s chain, if any."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current
        nested = [a for a in current.args if isinstance(a, BaseException)]
        current = current.__cause__ or current.__context__ or (nested[0] if nested else None)
    return None


def certificate_problem(
    error: BaseException, url: str, *, api: str, operation: str
) -> CertificateProblem | None:
    failure = verification_error(error)
    if failure is None:
        return None
    code = getattr(failure, "verify_code", None)
    message = str(getattr(failure, "verify_message", "") or failure)
    kind = _KINDS.get(code) if isinstance(code, int) else None
    if kind is None:
        lowered = message.lower()
        kind = next((k for word, k in _WORDS if word in lowered), "other")
    parts = urlsplit(url)
    host = parts.hostname or ""
    argument = host
    if kind == "expired":
        argument = _expiry(host, parts.port or 443) or "?"
    detail = f"certificate refused ({kind}, code {code}): {message}"
    return CertificateProblem(kind, detail, argument=argument, api=api, operation=operation)


def _expiry(host: str, port: int) -> str | None:
    """The date the server's certificate ended, as DD.MM.YYYY."""
    try:
        from cryptography import x509

        pem = ssl.get_server_certificate((host, port), timeout=3)
        ended: datetime = x509.load_pem_x509_certificate(pem.encode()).not_valid_after_utc
    except Exception as error:  # the date is a courtesy; the sentence stands without it
        log.info("could not read the expired certificate's date: %r", error)
        return None
    return ended.strftime("%d.%m.%Y")
