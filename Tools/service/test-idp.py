#!/usr/bin/env python3
"""A test OpenID Connect identity provider for Carelog's web pages (tests, demos, the README; never production).

  Tools/service/test-idp.py --port 9400

Serves the two endpoints of the authorization-code flow with PKCE (RFC 7636) that `carelog serve`
uses when its configuration has a `web` member (Tools/service/test-web-config.json):

  GET  /authorize  a page with a labelled "Sign in as" form listing the test users
  POST /authorize  issues a one-time code and redirects to the client's redirect_uri with code and state
  POST /token      exchanges the code (with the PKCE code_verifier, client_id and redirect_uri) for an
                   ES256 ID token signed with Tools/service/test-idp-es256.pem, carrying the `nonce` of
                   the authorization request the code answers (OpenID Connect Core 3.1.2.1)

The key is committed on purpose, so only test configurations may trust Tools/service/test-jwks.json.
Needs Python 3 and the `cryptography` package.
"""
import argparse
import base64
import hashlib
import html
import json
import pathlib
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

HERE = pathlib.Path(__file__).resolve().parent
ISSUER = "https://idp.test/realms/partnership"
KID = "test-es-1"
USERS = [
    ("staff/M001", "Morag Campbell — service manager (all teams)"),
    ("staff/M002", "Iain Fraser — coordinator (one team)"),
    ("staff/A001", "Aileen Murray — auditor"),
    ("staff/I001", "Callum Reid — Care Inspectorate inspector"),
    ("staff/X001", "Euan Grant — signed in but given no access"),
]
CODES = {}
LOCK = threading.Lock()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def id_token(subject: str, audience: str, issuer: str, nonce=None) -> str:
    key = serialization.load_pem_private_key((HERE / "test-idp-es256.pem").read_bytes(), password=None)
    now = int(time.time())
    header = {"alg": "ES256", "typ": "JWT", "kid": KID}
    claims = {"sub": subject, "iss": issuer, "aud": audience, "iat": now, "exp": now + 600}
    if nonce is not None:
        claims["nonce"] = nonce
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    return signing_input + "." + b64url(r.to_bytes(32, "big") + s.to_bytes(32, "big"))


class Handler(BaseHTTPRequestHandler):
    issuer = ISSUER

    def log_message(self, format, *args):  # no codes or tokens in logs
        pass

    def send(self, status, body, content_type="text/html; charset=utf-8", headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def form(self):
        length = int(self.headers.get("Content-Length", "0"))
        return dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/authorize":
            return self.send(404, "<p>not found</p>")
        query = dict(urllib.parse.parse_qsl(url.query))
        needed = ["response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method"]
        if any(name not in query for name in needed) or query["code_challenge_method"] != "S256":
            return self.send(400, "<p>the authorization request lacks a parameter or PKCE S256</p>")
        carried = needed + (["nonce"] if "nonce" in query else [])
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(n)}" value="{html.escape(query[n])}">' for n in carried)
        options = "".join(
            f'<div><input type="radio" id="u{i}" name="subject" value="{html.escape(s)}"{" checked" if i == 0 else ""}>'
            f'<label for="u{i}">{html.escape(label)} ({html.escape(s)})</label></div>'
            for i, (s, label) in enumerate(USERS))
        page = f"""<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Test identity provider</title></head>
<body><main><h1>Test identity provider</h1><p>For tests only: choose who to sign in as.</p>
<form method="post" action="/authorize"><fieldset><legend>Sign in as</legend>{options}</fieldset>{hidden}
<button type="submit" id="sign-in">Sign in</button></form></main></body></html>"""
        self.send(200, page)

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        form = self.form()
        if url.path == "/authorize":
            code = secrets.token_urlsafe(24)
            with LOCK:
                CODES[code] = dict(form, expires=time.time() + 120)
            target = form["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": form["state"]})
            return self.send(303, "", headers=[("Location", target)])
        if url.path == "/token":
            with LOCK:
                grant = CODES.pop(form.get("code", ""), None)
            if grant is None or grant["expires"] < time.time():
                return self.send(400, json.dumps({"error": "invalid_grant"}), "application/json")
            challenge = b64url(hashlib.sha256(form.get("code_verifier", "").encode()).digest())
            if (challenge != grant["code_challenge"] or form.get("redirect_uri") != grant["redirect_uri"]
                    or form.get("client_id") != grant["client_id"]):
                return self.send(400, json.dumps({"error": "invalid_grant"}), "application/json")
            token = id_token(grant["subject"], grant["client_id"], self.issuer, grant.get("nonce"))
            body = {"id_token": token, "token_type": "Bearer", "expires_in": 600}
            return self.send(200, json.dumps(body), "application/json")
        self.send(404, "<p>not found</p>")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9400)
    parser.add_argument("--issuer", default=ISSUER)
    args = parser.parse_args()
    Handler.issuer = args.issuer
    ThreadingHTTPServer((args.host, args.port), Handler).serve_forever()


if __name__ == "__main__":
    main()
