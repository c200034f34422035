#!/usr/bin/env python3
"""Writes the payload schemas docs/formats/{request,grant,receipt,revocation,letter,ledger-export}.schema.json.

The request schema's field names and the forms each field offers come from the catalogue
(tests/interop/catalogue.json, generated from crates/tessera-profile/src/catalogue.rs by the
test `generated_docs`), so that the schema follows the catalogue. Everything else is written here, from
docs/formats/*.md (and, behind them, crates/tessera-exchange/src/formats.rs).

    python3 tests/interop/make_schemas.py           # writes the schemas
    python3 tests/interop/make_schemas.py --check   # exits 1 if a schema would change
"""

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "formats"
S = "https://json-schema.org/draft/2020-12/schema"


def catalogue_fields():
    """The catalogue's fields, in order, from tests/interop/catalogue.json (generated from
    crates/tessera-profile/src/catalogue.rs; a Rust test keeps it current)."""
    fields = json.loads((ROOT / "tests" / "interop" / "catalogue.json").read_text())
    if len(fields) < 20:
        sys.exit("tests/interop/catalogue.json: the field catalogue is missing")
    return fields


def catalogue():
    """(name, forms) for each catalogue field, in order."""
    return [(f["name"], f["forms"]) for f in catalogue_fields()]


# The contact channels a person's terms may name: the choices of the contact_channel field.
CHANNELS = next(f["choices"] for f in catalogue_fields() if f["name"] == "contact_channel")


def text(n, one_line=False):
    ctrl = "\\u0000-\\u001F\\u007F-\\u009F" if one_line else "\\u0000-\\u0009\\u000B-\\u001F\\u007F-\\u009F"
    return {
        "type": "string", "minLength": 1, "maxLength": n,
        "pattern": "^(?=[\\s\\S]*\\S)[^" + ctrl + "]*$",
        "description": f"Text: not blank, at most {n} characters, no control character" + (" (one line)" if one_line else " except line feed"),
    }

numeric_date = {"type": "integer", "description": "Whole seconds since 1970-01-01T00:00:00Z, written as a JSON integer (Tessera refuses 1.0 or 1e9 forms, which JSON Schema's integer allows)."}
token_id = {"type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$", "description": "1 to 128 characters of A-Z a-z 0-9 . _ : -"}
brand_id = {"type": "string", "pattern": "^https://(localhost|[a-z0-9_-]+(\\.[a-z0-9_-]+)+\\.?)(:[0-9]{1,5})?$",
    "description": "A normalized brand identifier: https origin, lowercase, punycode, no path or trailing slash, no :443 (docs/fields.md, Brand identifiers). The pattern is an approximation; the rule is that the value normalizes to itself."}
thumbprint = {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$", "description": "RFC 7638 SHA-256 thumbprint of the header's jwk, base64url without padding."}
binding = {"type": "object", "additionalProperties": False, "required": ["jti", "hash"],
    "properties": {
        "jti": {"type": "string", "description": "The jti of the token bound to."},
        "hash": {"type": "string", "description": "BASE64URL(SHA-256(the exact compact token bound to, trimmed)): 43 characters. Compared as a string."},
    }}
days = {"type": "integer", "minimum": 0, "maximum": 4294967295}
terms = {"type": "object", "additionalProperties": False,
    "required": ["agreement", "no_sale", "no_sharing", "no_profiling", "no_inference", "no_training",
                 "max_retention_days", "erase_within_days", "contact", "additions", "forbidden_uses", "exceptions"],
    "properties": {
        "agreement": {"enum": ["tessera-strict", "sd-base", "pdc-ai", "custom"], "description": "The named agreement the person's terms started from (docs/terms.md): tessera-strict (Tessera's default), sd-base and pdc-ai (IEEE 7012 names), custom."},
        "no_sale": {"type": "boolean", "description": "true: the data may not be sold."},
        "no_sharing": {"type": "boolean", "description": "true: the data may not be shared with third parties, except for a purpose named in exceptions with sharing."},
        "no_profiling": {"type": "boolean", "description": "true: no profiling, except for a purpose named in exceptions with profiling."},
        "no_inference": {"type": "boolean", "description": "true: nothing new may be inferred about the person from the data."},
        "no_training": {"type": "boolean", "description": "true: no model may be trained on the data."},
        "max_retention_days": {"anyOf": [days, {"type": "null"}], "description": "The longest the person accepts the data being kept, in days, except for a purpose named in exceptions with retention (which keeps it as long as it declared); null: any."},
        "erase_within_days": {**days, "description": "Days the brand has to delete the data after a revocation or the grant's end (1 to 365 as Tessera writes it)."},
        "contact": {"anyOf": [{"type": "null"}, {"type": "object", "additionalProperties": False, "required": ["channels", "quiet_hours"],
            "properties": {
                "channels": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"enum": CHANNELS},
                    "description": "The only channels the brand may contact the person through; [\"none\"]: not at all."},
                "quiet_hours": {"anyOf": [{"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$"}, {"type": "null"}],
                    "description": "HH:MM-HH:MM in the person's time zone (it may cross midnight) when the brand may never contact them; null: any time."},
            }}],
            "description": "How the brand may contact the person; null: the terms say nothing of it."},
        "additions": {"type": "array", "items": {"type": "string"}, "description": "The person's own terms, in their words."},
        "forbidden_uses": {"type": "array", "items": {"type": "string"}, "description": "The request's never list, verbatim."},
        "exceptions": {"type": "array", "description": "Each accepted purpose that goes against the terms above: the person approved fields for it after the review said so.",
            "items": {"type": "object", "additionalProperties": False, "required": ["purpose", "allows"],
                "properties": {
                    "purpose": {"type": "string", "description": "The purpose's id in the request."},
                    "allows": {"type": "array", "items": {"enum": ["sharing", "profiling", "retention"]}, "description": "What of the terms the purpose may go against: sharing with third parties, profiling, a retention beyond max_retention_days."},
                }}},
    }}

CATALOGUE = [(name, forms) for name, forms in catalogue() if forms]
REQUESTABLE = [name for name, _ in CATALOGUE]
RAW_ONLY = [name for name, forms in CATALOGUE if forms == ["raw"]]
FORMS = {name: forms for name, forms in CATALOGUE if forms != ["raw"]}

def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}], "description": schema.get("description", "") + " Optional; null is the same as absent."}

requested_field = {
    "type": "object", "additionalProperties": False, "required": ["name", "required", "purposes"],
    "properties": {
        "name": {"enum": REQUESTABLE, "description": "A catalogue field (docs/fields.md). Not custom.* and not email_alias_pattern. Each name at most once per request (not expressible here)."},
        "form": {"type": "string", "default": "raw", "description": "The disclosure form asked for; must be offered by the field."},
        "required": {"type": "boolean", "description": "Whether the brand says it needs the field; shown to the person, not enforced."},
        "purposes": {"type": "array", "minItems": 1, "items": {"type": "string"},
            "description": "Ids of purposes declared in the request's purposes (cross-reference not expressible here)."},
    },
    "allOf": [
        {"if": {"properties": {"name": {"enum": RAW_ONLY}}}, "then": {"properties": {"form": {"const": "raw"}}}},
    ] + [
        {"if": {"properties": {"name": {"const": name}}}, "then": {"properties": {"form": {"enum": forms}}}}
        for name, forms in FORMS.items()
    ],
}
purpose = {
    "type": "object", "additionalProperties": False,
    "required": ["id", "description", "retention_days", "third_parties", "profiling"],
    "properties": {
        "id": {**token_id, "description": "Identifier the fields refer to; unique in the request (not expressible here). 1 to 128 characters of A-Z a-z 0-9 . _ : -"},
        "description": {**text(1000), "description": "Plain-language description shown to the person: not blank, at most 1000 characters, no control character except line feed."},
        "dpv": nullable({"type": "string", "description": "A W3C DPV purpose code, e.g. dpv:ServiceProvision (not checked)."}),
        "retention_days": {"type": "integer", "minimum": 0, "maximum": 4294967295, "description": "Days the data is kept for this purpose."},
        "third_parties": {"type": "boolean", "description": "Whether the data goes to third parties for this purpose."},
        "profiling": {"type": "boolean", "description": "Whether the data is used for profiling."},
    },
}
request = {
    "$schema": S,
    "$id": "urn:tessera:formats:request",
    "title": "Tessera request payload (typ tessera-request+jwt)",
    "description": "The claims of a brand's request, signed by the brand. See docs/formats/request.md. Also: exp > iat and exp - iat <= 7776000 (90 days); iat <= now + 120 s and now <= exp + 120 s; fields[].name and purposes[].id unique; fields[].purposes must name declared purposes.",
    "type": "object", "additionalProperties": False,
    "required": ["iss", "jti", "iat", "exp", "brand", "fields", "purposes", "reply"],
    "properties": {
        "iss": {**brand_id, "description": "The brand identifier. " + brand_id["description"]},
        "jti": {**token_id, "description": "The request's identifier, unique per brand (a reused one is refused as replayed). 1 to 128 characters of A-Z a-z 0-9 . _ : -"},
        "iat": {**numeric_date, "description": "When it was signed. " + numeric_date["description"]},
        "exp": {**numeric_date, "description": "When it stops being valid: after iat, at most 90 days after it. " + numeric_date["description"]},
        "brand": {
            "type": "object", "additionalProperties": False, "required": ["name", "privacy_policy", "contact"],
            "properties": {
                "name": {**text(200, one_line=True), "description": "Display name: not blank, at most 200 characters, one line (the request check allows a line feed, but the brand's first request would then be refused when the brand is added)."},
                "privacy_policy": {"type": "string", "pattern": "^https://", "description": "URL of the privacy policy; starts with https://."},
                "contact": {**text(300), "description": "An email address or https URL for privacy questions: not blank, at most 300 characters, no control character except line feed."},
                "authority": nullable({**text(300), "description": "The data-protection authority the brand answers to: not blank, at most 300 characters, no control character except line feed."}),
            },
        },
        "fields": {"type": "array", "minItems": 1, "maxItems": 200, "items": {"$ref": "#/$defs/requestedField"}},
        "purposes": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"$ref": "#/$defs/purpose"}},
        "offer": nullable({**text(1000), "description": "What the person gets in exchange: not blank, at most 1000 characters, no control character except line feed."}),
        "never": {"type": "array", "default": [], "items": {**text(300), "description": "A use the brand promises never to make: not blank, at most 300 characters, no control character except line feed."},
            "description": "Uses the brand promises never to make; they become the grant's terms.forbidden_uses. Optional (default []); null is refused."},
        "reply": {
            "type": "object", "additionalProperties": False, "required": ["method"],
            "properties": {
                "method": {"enum": ["file", "email", "url"], "description": "How the person sends the grant back."},
                "to": nullable({"type": "string", "description": "Where: an email address for email, a URL for url (not checked)."}),
            },
        },
    },
    "$defs": {"requestedField": requested_field, "purpose": purpose},
}

grant = {
    "$schema": S,
    "$id": "urn:tessera:formats:grant",
    "title": "Tessera grant payload (typ tessera-grant+jwt)",
    "description": "The claims of a person's grant, signed with the person's key for the brand. See docs/formats/grant.md. Also: iss == sub == thumbprint of the header's jwk; aud == the verifying brand; exp > iat; request.hash == hash of the request token.",
    "type": "object", "additionalProperties": False,
    "required": ["v", "iss", "sub", "aud", "jti", "iat", "exp", "request", "disclosures", "purposes", "terms"],
    "properties": {
        "v": {"const": 3, "description": "The grant format: 3. Format 1 had no v and free-text provenance, format 2 fixed terms; both are refused."},
        "iss": {**thumbprint, "description": "The person's key for this brand: " + thumbprint["description"]},
        "sub": {**thumbprint, "description": "Same as iss: the person's per-brand pseudonym."},
        "aud": {"type": "string", "description": "The brand identifier (the request's iss); must equal the verifying brand's identifier exactly."},
        "jti": {"type": "string", "description": "The grant's identifier; Tessera writes grant-<random UUID v4>."},
        "iat": {**numeric_date, "description": "The UTC day the person approved: the approval time rounded down to 00:00:00 UTC (a multiple of 86400), so that it cannot link grants to different brands. " + numeric_date["description"]},
        "exp": {**numeric_date, "description": "When the grant ends (default iat + 365 days; on a last day the person chose, 23:59:59 UTC that day; at most iat + 2 x 366 days). " + numeric_date["description"]},
        "request": {**binding, "description": "The request answered: its jti and the hash of its exact token."},
        "disclosures": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["field", "form", "value", "provenance"],
            "properties": {
                "field": {"type": "string", "description": "A requested catalogue field."},
                "form": {"type": "string", "description": "The form disclosed: the one asked for or another the field offers."},
                "value": {"description": "The value in that form: string, number, boolean, array of strings or address object (grant.md)."},
                "provenance": {"enum": ["self_asserted"], "description": "Where the value came from, as a code: self_asserted (the person's own statement, typed or imported from a file they chose; nobody verified it). Never a file name or a date."},
            }},
            "description": "One per approved field, in the request's order (Tessera never sends an empty list)."},
        "purposes": {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": ["id", "accepted"],
            "properties": {
                "id": {"type": "string", "description": "A purpose id of the request."},
                "accepted": {"type": "boolean", "description": "True when a disclosed field serves this purpose."},
            }},
            "description": "One decision per purpose of the request, in the request's order."},
        "terms": {**terms, "description": "The terms the data is given under."},
    },
}

receipt = {
    "$schema": S,
    "$id": "urn:tessera:formats:receipt",
    "title": "Tessera receipt payload (typ tessera-receipt+jwt)",
    "description": "The claims of a brand's receipt for a grant, signed with the brand's pinned request key. See docs/formats/receipt.md. Also: iss == the grant's aud, aud == the grant's sub, grant.hash == hash of the grant token. No exp: a receipt does not expire.",
    "type": "object", "additionalProperties": False,
    "required": ["iss", "aud", "jti", "iat", "grant", "accepted_terms"],
    "properties": {
        "iss": {"type": "string", "description": "The brand identifier: the grant's aud."},
        "aud": {"type": "string", "description": "The person: the grant's sub (a key thumbprint)."},
        "jti": {"type": "string", "description": "The receipt's identifier (not checked; use 1 to 128 of A-Z a-z 0-9 . _ : -, e.g. receipt-<UUID>)."},
        "iat": {**numeric_date, "description": "When the brand signed it. " + numeric_date["description"]},
        "grant": {**binding, "description": "The grant acknowledged: its jti and the hash of its exact token."},
        "accepted_terms": {**terms, "description": "The grant's terms, copied exactly: Tessera refuses a receipt whose accepted_terms differ from the grant's."},
    },
}

revocation = {
    "$schema": S,
    "$id": "urn:tessera:formats:revocation",
    "title": "Tessera revocation payload (typ tessera-revocation+jwt)",
    "description": "The claims of a person's revocation of a grant, signed with the grant's key. See docs/formats/revocation.md. Also: iss == sub == thumbprint of the header's jwk == the revoked grant's iss; aud == the verifying brand. No exp: a revocation does not expire.",
    "type": "object", "additionalProperties": False,
    "required": ["iss", "sub", "aud", "jti", "iat", "grant", "delete"],
    "properties": {
        "iss": {**thumbprint, "description": "The person's key for this brand (the grant's key): " + thumbprint["description"]},
        "sub": {**thumbprint, "description": "Same as iss."},
        "aud": {"type": "string", "description": "The brand identifier; must equal the verifying brand's identifier exactly."},
        "jti": {"type": "string", "description": "The revocation's identifier; Tessera writes revocation-<random UUID v4>."},
        "iat": {**numeric_date, "description": "The UTC day the person revoked: the time rounded down to 00:00:00 UTC (a multiple of 86400). " + numeric_date["description"]},
        "grant": {**binding, "description": "The grant revoked: its jti and the hash of its exact token."},
        "delete": {"type": "boolean", "description": "Whether deletion is asked (GDPR Art. 17). Tessera always writes true."},
    },
}

RIGHTS = {"access": "GDPR Art. 15", "correction": "GDPR Art. 16", "erasure": "GDPR Art. 17",
          "objection": "GDPR Art. 21", "withdrawal": "GDPR Art. 7(3)"}
letter = {
    "$schema": S,
    "$id": "urn:tessera:formats:letter",
    "title": "Tessera letter payload (typ tessera-letter+jwt)",
    "description": "The claims of a person's letter exercising a right with a brand, signed with the key of the person's grants to that brand. See docs/formats/letter.md. Also: iss == sub == thumbprint of the header's jwk == the iss of every grant named; aud == the verifying brand; basis is the right's article; reply_by >= iat. No exp: a letter does not expire.",
    "type": "object", "additionalProperties": False,
    "required": ["v", "iss", "sub", "aud", "jti", "iat", "right", "basis", "grants", "fields", "purposes", "corrections", "reply_by"],
    "properties": {
        "v": {"const": 1, "description": "The letter format: 1."},
        "iss": {**thumbprint, "description": "The person's key for this brand (the grants' key): " + thumbprint["description"]},
        "sub": {**thumbprint, "description": "Same as iss."},
        "aud": {"type": "string", "description": "The brand identifier; must equal the verifying brand's identifier exactly."},
        "jti": {**token_id, "description": "The letter's identifier; Tessera writes letter-<random UUID v4>. " + token_id["description"]},
        "iat": {**numeric_date, "description": "The UTC day the person wrote it (a multiple of 86400). " + numeric_date["description"]},
        "right": {"enum": list(RIGHTS), "description": "The right exercised: access (Art. 15), correction (16), erasure (17), objection to profiling and direct marketing (21), withdrawal of consent (7(3))."},
        "basis": {"enum": list(RIGHTS.values()), "description": "The article the right rests on; must be the right's: " + ", ".join(f"{k} {v}" for k, v in RIGHTS.items()) + "."},
        "grants": {"type": "array", "minItems": 1, "items": binding, "description": "The grants the brand received from the person, as bindings: the letter comes from the person who signed them."},
        "fields": {"type": "array", "items": {"type": "string"}, "description": "The fields the letter concerns; empty: everything the brand received."},
        "purposes": {"type": "array", "items": {"type": "string"}, "description": "The purposes it concerns, by the ids of the brand's requests (objection, withdrawal); empty: every purpose."},
        "corrections": {"type": "array", "description": "For a correction: the correct values, in the forms the brand received them; empty otherwise.", "items": {
            "type": "object", "additionalProperties": False, "required": ["field", "form", "value", "provenance"],
            "properties": {
                "field": {"type": "string"},
                "form": {"type": "string"},
                "value": {"description": "The correct value, as a grant would give it."},
                "provenance": {"enum": ["self_asserted"]},
            }}},
        "reply_by": {**numeric_date, "description": "By when the brand must answer: one calendar month after the letter was written (GDPR Art. 12(3)). " + numeric_date["description"]},
    },
}

ledger_export = {
    "$schema": S,
    "$id": "urn:tessera:formats:ledger-export",
    "title": "Tessera ledger export payload (typ tessera-ledger+jwt)",
    "description": "The claims of a person's activity-ledger export, signed with a key of the person's vault used for nothing else. See docs/formats/ledger-export.md. Also: iss == thumbprint of the header's jwk; every entry's hash recomputes from the one before (not expressible here).",
    "type": "object", "additionalProperties": False,
    "required": ["iss", "iat", "entries"],
    "properties": {
        "iss": {**thumbprint, "description": "The vault's ledger key: " + thumbprint["description"]},
        "iat": {**numeric_date, "description": "When the person exported it. " + numeric_date["description"]},
        "entries": {"type": "array", "description": "Every entry of the ledger, oldest first.", "items": {
            "type": "object", "additionalProperties": False,
            "required": ["v", "seq", "at", "event", "detail", "prev", "hash"],
            "properties": {
                "v": {"const": 1, "description": "The entry format."},
                "seq": {"type": "integer", "minimum": 1, "description": "1 for the first entry, then one more each."},
                "at": {**numeric_date, "description": "When it happened. " + numeric_date["description"]},
                "event": {"type": "string", "description": "What happened: request_imported, grant_issued, grant_revoked... (docs/formats/ledger-export.md)."},
                "brand": {"type": "string", "description": "The brand concerned, if any (left out when none)."},
                "fields": {"type": "array", "items": {"type": "string"}, "description": "Fields concerned as name:form, never values (left out when none)."},
                "detail": {"type": "string", "description": "Words for people."},
                "prev": {"type": "string", "description": "The previous entry's hash; \"tessera ledger v1\" for the first."},
                "hash": {"type": "string", "description": "base64url(SHA-256(prev, a newline, and the compact JSON of at, brand, detail, event, fields, seq))."},
            }}},
    },
}

SCHEMAS = {"request": request, "grant": grant, "receipt": receipt, "revocation": revocation,
           "letter": letter, "ledger-export": ledger_export}


def render(schema):
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    check = "--check" in sys.argv[1:]
    stale = []
    for kind, schema in SCHEMAS.items():
        path = OUT / f"{kind}.schema.json"
        text = render(schema)
        if path.exists() and path.read_text() == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text)
    for path in stale:
        print(f"{'out of date' if check else 'wrote'}: {path.relative_to(ROOT)}")
    sys.exit(1 if check and stale else 0)
