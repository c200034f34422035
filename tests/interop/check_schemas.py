#!/usr/bin/env python3
"""Checks docs/formats/: the schemas are valid draft 2020-12 schemas, every example payload
validates against its schema, each example .json is the payload of the .jwt next to it, the
binding hashes and thumbprints in the examples are right, and payloads that the formats refuse
are refused by the schemas too.

    pip install jsonschema        # (cryptography, if installed, also checks the signatures)
    python3 tests/interop/check_schemas.py
    python3 tests/interop/check_schemas.py

Prints 'N passed, N failed' and exits 1 on any failure.
"""

import base64
import copy
import hashlib
import json
import pathlib
import sys

from jsonschema import Draft202012Validator

FORMATS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "formats"
EXAMPLES = FORMATS / "examples"
KINDS = ["request", "grant", "receipt", "revocation", "letter"]
TYP = {k: f"tessera-{k}+jwt" for k in KINDS}

passed = 0
failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}")


def b64url_decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token_hash(token):
    return b64url(hashlib.sha256(token.strip().encode()).digest())


def thumbprint(jwk):
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":"))
    return b64url(hashlib.sha256(canonical.encode()).digest())


def load(name):
    return json.loads((EXAMPLES / name).read_text())


sys.dont_write_bytecode = True
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import make_schemas  # noqa: E402

validators = {}
for kind in KINDS + ["ledger-export"]:
    current = (FORMATS / f"{kind}.schema.json").read_text()
    check(current == make_schemas.render(make_schemas.SCHEMAS[kind]),
          f"{kind}.schema.json is out of date with the catalogue (tests/interop/catalogue.json): run tests/interop/make_schemas.py")
    schema = json.loads((FORMATS / f"{kind}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    validators[kind] = Draft202012Validator(schema)
    check(schema.get("additionalProperties") is False, f"{kind}: top level denies unknown members")


def errors(kind, payload):
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validators[kind].iter_errors(payload)]


def request_rules(payload):
    """The request rules a JSON Schema cannot say (RequestClaims::validate)."""
    problems = []
    if not payload["exp"] > payload["iat"]:
        problems.append("exp must be after iat")
    if payload["exp"] - payload["iat"] > 90 * 24 * 3600:
        problems.append("a request may be valid for at most 90 days")
    ids = [p["id"] for p in payload["purposes"]]
    if len(ids) != len(set(ids)):
        problems.append("purpose ids must be unique")
    names = [f["name"] for f in payload["fields"]]
    if len(names) != len(set(names)):
        problems.append("field names must be unique")
    for f in payload["fields"]:
        if not f["purposes"] or any(p not in ids for p in f["purposes"]):
            problems.append(f"{f['name']} must name declared purposes")
    return problems


# Every example payload validates, and is exactly the payload of its token.
tokens = {}
for kind in KINDS:
    payload = load(f"{kind}.json")
    check(errors(kind, payload) == [], f"{kind}.json validates: {errors(kind, payload)}")
    token = (EXAMPLES / f"{kind}.jwt").read_text().strip()
    tokens[kind] = token
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    check(json.loads(b64url_decode(payload_b64)) == payload, f"{kind}.json is the payload of {kind}.jwt")
    check(header.get("alg") == "EdDSA" and header.get("typ") == TYP[kind], f"{kind}.jwt header alg/typ")
    check(set(header) == {"alg", "typ", "jwk"} and set(header["jwk"]) == {"kty", "crv", "x"}, f"{kind}.jwt header members")
    try:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

        key = Ed25519PublicKey.from_public_bytes(b64url_decode(header["jwk"]["x"]))
        key.verify(b64url_decode(signature_b64), f"{header_b64}.{payload_b64}".encode())
        check(True, f"{kind}.jwt signature")
    except ImportError:
        pass
    except Exception as e:  # InvalidSignature
        check(False, f"{kind}.jwt signature: {e!r}")
check(request_rules(load("request.json")) == [], f"request.json rules: {request_rules(load('request.json'))}")

# The spec is a request without iat and exp, plus valid_seconds.
spec = load("request.spec.json")
valid = spec.pop("valid_seconds", 30 * 24 * 3600)
spec_payload = {**spec, "iat": 1780000000, "exp": 1780000000 + valid}
check(errors("request", spec_payload) == [], "request.spec.json + iat/exp validates")
check(spec_payload == load("request.json"), "request.json is request.spec.json signed at 1780000000")

# Bindings, keys and thumbprints agree across the exchange.
request, grant, receipt, revocation, letter = (load(f"{k}.json") for k in KINDS)
brand_key, grant_key = load("brand-key.jwk"), load("grant-key.jwk")
headers = {k: json.loads(b64url_decode(tokens[k].split(".")[0])) for k in KINDS}
check(thumbprint(brand_key) == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", "RFC 8037 A.3 thumbprint")
check(headers["request"]["jwk"]["x"] == brand_key["x"] == headers["receipt"]["jwk"]["x"], "brand key signs request and receipt")
check(headers["grant"]["jwk"]["x"] == grant_key["x"] == headers["revocation"]["jwk"]["x"], "grant key signs grant and revocation")
check(grant["iss"] == grant["sub"] == thumbprint(grant_key), "grant iss = sub = thumbprint")
check(revocation["iss"] == revocation["sub"] == grant["iss"], "revocation iss = sub = grant iss")
check(grant["aud"] == request["iss"] == receipt["iss"] == revocation["aud"], "brand identifier")
check(receipt["aud"] == grant["sub"], "receipt aud = grant sub")
check(grant["request"] == {"jti": request["jti"], "hash": token_hash(tokens["request"])}, "grant binds the request")
grant_binding = {"jti": grant["jti"], "hash": token_hash(tokens["grant"])}
check(receipt["grant"] == grant_binding and revocation["grant"] == grant_binding, "receipt and revocation bind the grant")
check(headers["letter"]["jwk"]["x"] == grant_key["x"], "grant key signs the letter")
check(letter["iss"] == letter["sub"] == grant["iss"] and letter["aud"] == grant["aud"], "letter iss = sub = grant iss, aud = the brand")
check(grant_binding in letter["grants"], "the letter names the grant")
check(letter["iat"] % 86400 == 0 and letter["reply_by"] >= letter["iat"], "the letter's day, and a reply date after it")
check(receipt["accepted_terms"] == grant["terms"], "receipt accepts the grant's terms")
check(grant["terms"]["forbidden_uses"] == request["never"], "forbidden uses are the request's never")
check([p["id"] for p in grant["purposes"]] == [p["id"] for p in request["purposes"]], "a decision per purpose")

# What the formats refuse, the schemas refuse.
def mutated(base, change):
    payload = copy.deepcopy(base)
    change(payload)
    return payload


def refused(kind, base, change, what):
    payload = mutated(base, change)
    check(errors(kind, payload) != [], f"{kind}: schema accepts {what}")


def accepted(kind, base, change, what):
    payload = mutated(base, change)
    check(errors(kind, payload) == [], f"{kind}: schema refuses {what}: {errors(kind, payload)}")


refused("request", request, lambda p: p.update(iss="https://Shop.Example/"), "an unnormalized iss")
refused("request", request, lambda p: p.update(iss="http://shop.example"), "an http iss")
refused("request", request, lambda p: p.update(jti="req 1"), "a jti with a space")
refused("request", request, lambda p: p.update(jti="x" * 129), "a 129-character jti")
refused("request", request, lambda p: p.update(iat=1780000000.5), "a fractional iat")
refused("request", request, lambda p: p.pop("exp"), "no exp")
refused("request", request, lambda p: p.update(nbf=1780000000), "an nbf")
refused("request", request, lambda p: p.update(aud="x"), "an aud")
refused("request", request, lambda p: p["brand"].update(website="https://shop.example"), "an unknown brand member")
refused("request", request, lambda p: p["brand"].update(privacy_policy="http://shop.example/privacy"), "an http privacy policy")
refused("request", request, lambda p: p["brand"].update(name="  "), "a blank brand name")
refused("request", request, lambda p: p["brand"].update(name="x" * 201), "a 201-character brand name")
refused("request", request, lambda p: p["brand"].update(contact="a\tb"), "a tab in the contact")
refused("request", request, lambda p: p["fields"][1].update(form="age_over_17"), "age_over_17")
refused("request", request, lambda p: p["fields"][0].update(form="country"), "country for email")
refused("request", request, lambda p: p["fields"][3].update(form="age_range"), "age_range for clothing_size")
refused("request", request, lambda p: p["fields"][0].update(name="custom.coffee"), "a custom field")
refused("request", request, lambda p: p["fields"][0].update(name="email_alias_pattern", form="raw"), "email_alias_pattern")
refused("request", request, lambda p: p["fields"][0].update(purposes=[]), "a field without purposes")
refused("request", request, lambda p: p["fields"][0].update(reason="x"), "an unknown field member")
refused("request", request, lambda p: p["fields"][0].pop("required"), "a field without required")
refused("request", request, lambda p: p.update(fields=[]), "no fields")
refused("request", request, lambda p: p.update(purposes=[]), "no purposes")
refused("request", request, lambda p: p["purposes"][0].update(retention_days=-1), "negative retention")
refused("request", request, lambda p: p["purposes"][0].update(id="a b"), "a purpose id with a space")
refused("request", request, lambda p: p["purposes"][0].update(description="x" * 1001), "a 1001-character description")
refused("request", request, lambda p: p.update(never=None), "never: null")
refused("request", request, lambda p: p.update(offer=""), "an empty offer")
refused("request", request, lambda p: p.update(reply={"method": "post"}), "reply by post")
accepted("request", request, lambda p: p.update(offer=None, never=[]), "offer null and never empty")
accepted("request", request, lambda p: [p.pop(k) for k in ("offer", "never")], "no offer and no never")
accepted("request", request, lambda p: p["brand"].update(authority=None), "authority null")
accepted("request", request, lambda p: p["purposes"][0].update(description="two\nlines"), "a line feed in a description")
accepted("request", request, lambda p: p.update(iss="https://shop.example:8443"), "a port")
accepted("request", request, lambda p: p.update(iss="https://xn--bcher-kva.example"), "a punycode host")
accepted("request", request, lambda p: p.update(reply={"method": "file"}), "reply by file without to")
for name, forms in make_schemas.catalogue():
    for form in forms:
        accepted("request", request, lambda p, n=name, f=form: p["fields"][0].update(name=n, form=f), f"{name} as {form}")
check(request_rules(mutated(request, lambda p: p.update(exp=p["iat"] + 90 * 86400 + 1))) != [], "rules refuse 90 days + 1 s")
check(request_rules(mutated(request, lambda p: p["fields"][0].update(purposes=["marketing"]))) != [], "rules refuse an undeclared purpose")
check(request_rules(mutated(request, lambda p: p["fields"].append(p["fields"][0]))) != [], "rules refuse a repeated field")

refused("grant", grant, lambda p: p.update(extra=1), "an unknown member")
refused("grant", grant, lambda p: p.pop("exp"), "no exp")
refused("grant", grant, lambda p: p.update(iss="not-a-thumbprint"), "an iss that is not a thumbprint")
refused("grant", grant, lambda p: p["request"].update(extra=1), "an unknown binding member")
refused("grant", grant, lambda p: p["disclosures"][0].pop("provenance"), "a disclosure without provenance")
refused("grant", grant, lambda p: p["disclosures"][0].update(provenance="imported from Jane Doe.vcf on 2026-05-21"), "free-text provenance (format 1)")
refused("grant", grant, lambda p: p["disclosures"][0].update(provenance="imported"), "a provenance code outside the vocabulary")
refused("grant", grant, lambda p: p.pop("v"), "no v (format 1)")
refused("grant", grant, lambda p: p.update(v=1), "v 1")
check(grant["iat"] % 86400 == 0 and revocation["iat"] % 86400 == 0, "grant and revocation times are whole UTC days")
refused("grant", grant, lambda p: p["terms"].pop("no_sale"), "terms without no_sale")
refused("grant", grant, lambda p: p["purposes"][0].update(accepted="yes"), "a non-boolean decision")
accepted("grant", grant, lambda p: p["disclosures"][0].update(value={"locality": "Paris", "country": "FR"}), "an address value")

refused("receipt", receipt, lambda p: p.update(exp=p["iat"] + 60), "an exp")
refused("receipt", receipt, lambda p: p.update(sub="x"), "a sub")
refused("receipt", receipt, lambda p: p["accepted_terms"].update(extra=True), "an unknown terms member")
refused("receipt", receipt, lambda p: p.pop("accepted_terms"), "no accepted_terms")

refused("revocation", revocation, lambda p: p.update(exp=p["iat"] + 60), "an exp")
refused("revocation", revocation, lambda p: p.pop("delete"), "no delete")
refused("revocation", revocation, lambda p: p["grant"].pop("hash"), "a binding without hash")

refused("letter", letter, lambda p: p.update(right="complaint"), "a right outside the list")
refused("letter", letter, lambda p: p.pop("grants"), "no grants")
refused("letter", letter, lambda p: p.update(grants=[]), "an empty grants list")
refused("letter", letter, lambda p: p.update(exp=p["iat"] + 60), "an exp")
refused("letter", letter, lambda p: p.update(v=2), "v 2")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
