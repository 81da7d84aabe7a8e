#!/usr/bin/env python3
"""A test identity provider for `carelog serve` on a developer machine or in CI (never production).

  Tools/service/dev-token.py jwks                 # the public key set (what test-jwks.json holds)
  Tools/service/dev-token.py token staff/S001     # a bearer token for that subject, valid 60 minutes
  Tools/service/dev-token.py token staff/S001 --minutes 5 --issuer ... --audience ...

Signs ES256 tokens with Tools/service/test-idp-es256.pem, a key committed to the repository on
purpose: anyone can mint tokens with it, so only test configurations may trust test-jwks.json.
Needs Python 3 with the `cryptography` package.
"""
import argparse
import base64
import json
import pathlib
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = pathlib.Path(__file__).resolve().parent
ISSUER = "https://idp.test/realms/partnership"
AUDIENCE = "carelog"
KID = "test-es-1"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def load_key():
    return serialization.load_pem_private_key((HERE / "test-idp-es256.pem").read_bytes(), password=None)


def jwks() -> dict:
    numbers = load_key().public_key().public_numbers()
    return {"keys": [{"kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": KID,
                      "x": b64url(numbers.x.to_bytes(32, "big")), "y": b64url(numbers.y.to_bytes(32, "big"))}]}


def token(subject: str, minutes: float, issuer: str, audience: str) -> str:
    header = {"alg": "ES256", "typ": "JWT", "kid": KID}
    now = int(time.time())
    claims = {"sub": subject, "iss": issuer, "aud": audience, "iat": now, "exp": now + int(minutes * 60)}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    der = load_key().sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    return signing_input + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("jwks", help="print the public JSON Web Key Set")
    mint = commands.add_parser("token", help="print a signed bearer token")
    mint.add_argument("subject")
    mint.add_argument("--minutes", type=float, default=60)
    mint.add_argument("--issuer", default=ISSUER)
    mint.add_argument("--audience", default=AUDIENCE)
    args = parser.parse_args()
    if args.command == "jwks":
        print(json.dumps(jwks(), indent=2))
    else:
        print(token(args.subject, args.minutes, args.issuer, args.audience))


if __name__ == "__main__":
    main()
