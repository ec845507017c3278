"""A POS hands a sale's amount to Loyalty Till over its loopback HTTP hand-off, signed.

Python 3.8 or later, standard library only: copy it into a POS script as it is.

    LOYALTY_TILL_TOKEN=… python pos_http_sale.py --port 8790 --amount 1500,00 --receipt R-1 --wait

The token (the till's `loyalty-till credentials set --key handoff`) comes from the environment,
never the command line. It never travels: each request carries an HMAC-SHA256 signature made
with it, and the till signs its reply under this request's nonce. A reply without the till's
signature came from a program that took the port; its words are not used (exit 7).

Exit codes: 0 the till answered 2xx (its JSON printed), 1 it refused (4xx/5xx, its JSON
printed), 3 nothing listens (the window is closed), 7 the reply is not the till's.
"""

import argparse
import hashlib
import hmac
import http.client
import json
import os
import secrets
import sys
import time


def sign(token: str, *parts: str) -> str:
    return hmac.new(token.encode(), "\n".join(parts).encode(), hashlib.sha256).hexdigest()


def call(port: int, token: str, path: str, payload: dict, timeout: float) -> int:
    body = json.dumps(payload).encode()
    signed_at, nonce = str(int(time.time())), secrets.token_urlsafe(18)
    digest = hashlib.sha256(body).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "X-Till-Time": signed_at,
        "X-Till-Nonce": nonce,
        "X-Till-Signature": sign(token, "LT1 request", "POST", path, signed_at, nonce, digest),
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        reply = connection.getresponse()
        data = reply.read(65536)
    except ConnectionRefusedError:
        print("nothing listens on the port: is the Loyalty Till window open?", file=sys.stderr)
        return 3
    except (OSError, http.client.HTTPException) as error:
        print(f"not the till's answer ({error}): call IT", file=sys.stderr)
        return 7
    finally:
        connection.close()
    expected = sign(token, "LT1 reply", nonce, str(reply.status), hashlib.sha256(data).hexdigest())
    if not hmac.compare_digest(reply.getheader("X-Till-Signature", ""), expected):
        print(
            "the reply is not signed by the till: another program holds the port; call IT",
            file=sys.stderr,
        )
        return 7
    print(data.decode("utf-8"))
    return 0 if 200 <= reply.status < 300 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--amount", required=True, help="e.g. 1500,00")
    parser.add_argument("--receipt")
    parser.add_argument("--wait", action="store_true", help="return the sale's outcome")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait")
    args = parser.parse_args()
    token = os.environ.get("LOYALTY_TILL_TOKEN", "")
    if not token:
        print("set LOYALTY_TILL_TOKEN to the till's hand-off token", file=sys.stderr)
        return 2
    payload = {
        "amount": args.amount,
        "receipt": args.receipt,
        "wait": args.wait,
        "timeout": args.timeout,
    }
    return call(args.port, token, "/sale", payload, args.timeout + 10)


if __name__ == "__main__":
    sys.exit(main())
