## The exchange's errors (crates/tessera-exchange): why a brand's token (a request, a receipt)
## or a grant, a revocation or a ledger was refused, and why an approval cannot be made. The app's
## error banner, the `tessera` command and the brand kit print them. Claim names (iss, exp,
## brand.name), header members (alg, typ, kty, crv) and codes are the formats' own and stay as
## written; a "reason" message is inserted where another message says so.

# A token refused (jws.rs). $bytes is a number of bytes.
error-token-too-large = the token is { $bytes } bytes; the limit is 65536 (64 KiB)
# $reason is one of the error-token-malformed-* reasons below, or a library's own words.
error-token-malformed = not a JWS compact token: { $reason }
# $levels is a number.
error-token-too-deep = the JSON nests deeper than { $levels } levels
# $algorithm is the header's alg, in quotes.
error-token-bad-algorithm = algorithm { $algorithm } is refused: Tessera accepts only Ed25519 signatures (EdDSA)
# $found and $expected are token types, in quotes (application/vnd.tessera.request+jwt).
error-token-wrong-type = token type { $found } where { $expected } was expected
error-token-bad-key = the header's key is not an Ed25519 public key (kty OKP, crv Ed25519)
error-token-bad-signature = the signature does not verify: the token was altered or signed by another key
# $expired and $now are times in seconds since 1970.
error-token-expired = the token expired at { $expired } (now { $now })
error-token-not-yet-valid = the token is not valid before { $start } (now { $now }); check the clocks
# $found and $expected name who a token is for, in quotes.
error-token-wrong-audience = the token is for { $found }, not { $expected }
# $claim is a claim's name, in quotes.
error-token-missing-claim = the token is missing the claim { $claim }
# $reason is one of the error-token-claim-* reasons below, or a library's own words.
error-token-invalid-claim = claim { $claim } is invalid: { $reason }
# What stands for a header member a token lacks (alg, typ), in error-token-bad-algorithm or
# error-token-wrong-type.
error-token-member-missing = (missing)
# The expected types joined, in error-token-wrong-type: "$first or $second".
error-token-type-either = { $first } or { $second }

# Reasons inserted into error-token-malformed.
error-token-malformed-header-base64 = the header is not base64url
error-token-malformed-payload-base64 = the payload is not base64url
error-token-malformed-signature-base64 = the signature is not base64url
# $parts is a number.
error-token-malformed-parts = expected 3 parts separated by '.', found { $parts }
error-token-malformed-header-not-object = the header is not a JSON object
# $reason is the JSON reader's own words.
error-token-malformed-header-not-jose = the header is not a JOSE header ({ $reason })
error-token-malformed-critical = critical header extensions are not supported
error-token-malformed-payload-not-object = the payload is not a JSON object
error-token-malformed-payload-not-json = the payload is not JSON ({ $reason })
error-token-malformed-no-type = its header names no type
error-token-malformed-not-a-receipt = not a Tessera receipt
# $scheme is the link's scheme (tessera).
error-token-malformed-link-scheme = a link to Tessera starts with { $scheme }:
error-token-malformed-link-empty = the { $scheme }: link carries nothing after { $scheme }:
# $character is the character, in quotes; $position a number.
error-token-malformed-link-character = the { $scheme }: link holds { $character } at character { $position }, which no token holds: it was cut or changed on its way; ask the brand for the file instead
# The brand kit's own (brandkit.rs). $reason is the JSON reader's own words.
error-token-malformed-random = the system random number generator failed
error-token-malformed-not-private-jwk = not a private JWK ({ $reason })
error-token-malformed-spec-not-json = the spec is not JSON ({ $reason })
error-token-malformed-spec-not-object = the spec must be a JSON object
error-token-malformed-no-randomness = no randomness

# Reasons inserted into error-token-invalid-claim.
error-token-claim-whole-seconds = expected whole seconds since 1970
# $seconds is the number the token holds.
error-token-claim-time-range = { $seconds } is not a time from 1970 to 9999 in seconds since 1970
error-token-claim-expires-before-issued = expires before it was issued
# $max is a number of characters.
error-token-claim-text = must be 1 to { $max } characters of text
error-token-claim-url = must be an https URL without spaces, at most 500 characters
error-token-claim-jti = must be 1 to 128 letters, digits, '.', '_', ':' or '-'
# $origin is the brand's id as Tessera writes it (https://shop.example).
error-token-claim-normalized-origin = must be the normalized origin { $origin }
error-token-claim-after-1970 = must be a time after 1970
error-token-claim-request-lifetime = a request may be valid for at most 90 days
error-token-claim-one-line = must be one line
error-token-claim-purposes-count = give 1 to 50 purposes
error-token-claim-purpose-id = must be a short identifier
# $id is a purpose's id, in quotes.
error-token-claim-purpose-twice = { $id } appears twice
error-token-claim-fields-count = ask for 1 to 200 fields
# $field is a field's name, in quotes.
error-token-claim-unknown-field = { $field } is not a catalogue field (see docs/fields.md)
error-token-claim-field-twice = { $field } is asked twice
# $form is a form's code, in quotes.
error-token-claim-unknown-form = unknown form { $form }
# $form and $field are codes (age_over, birthdate), without quotes.
error-token-claim-form-not-offered = { $form } is not offered for { $field }
error-token-claim-field-purposes = { $field } must name declared purposes
error-token-claim-reply-method = must be file, email or url
error-token-claim-reply-to = must be an address without spaces
error-token-claim-dpv = must be a DPV code such as dpv:ServiceProvision
error-token-claim-export-issuer = iss must be the thumbprint of the key that signed the export
error-token-claim-grant-issuer = iss and sub must be the thumbprint of the signing key
# $format is the format (a number) this verifier reads.
error-token-claim-grant-format-1 = this grant is format 1 (no "v" member), written by an older Tessera; this verifier reads format { $format }: ask the person for a new grant
# $version is the format the grant says it is.
error-token-claim-grant-format = grant format { $version } is not supported; this verifier reads format { $format }
error-token-claim-unsupported = unsupported
error-token-claim-not-this-request = the grant does not answer this request
error-token-claim-revocation-deletes = a Tessera revocation always asks for deletion
error-token-claim-revocation-key = this revocation was not signed for this grant by the key that signed it
error-token-claim-letter-format = letter format { $version } is not supported; this verifier reads format { $format }
# $basis: the article the letter's right rests on (GDPR Art. 15).
error-token-claim-letter-basis = the basis does not match the right: { $basis }
error-token-claim-letter-reply-by = the reply date is before the letter's date
error-token-claim-letter-grant = this letter was not signed by the key of this grant, or does not name it
error-token-claim-key-mismatch = does not match the private key d
# $max is a number of seconds.
error-token-claim-valid-seconds = must be a whole number of seconds from 1 to { $max } (90 days)

# The exchange's errors (person.rs). $brand is a brand's id (https://shop.example); $id, $jti
# are a request's or a grant's id.
error-exchange-replayed = request { $jti } from { $brand } was already imported: a replayed request is refused
# $new and $old are key fingerprints.
error-exchange-key-changed = WARNING: { $brand } signed this request with a different key ({ $new }) than the one pinned when its first request arrived ({ $old }). It may come from an impostor. Check the new fingerprint with the brand through another channel before trusting the new key
error-exchange-unknown-request = no request { $id }
error-exchange-unknown-grant = no grant { $id }
error-exchange-unknown-letter = no letter { $id }
# $candidates is a list of error-exchange-ambiguous-candidate, joined with ", ".
error-exchange-ambiguous-request = several brands sent a request with id { $id }: use the request's hash instead ({ $candidates })
# $hash is a request's hash.
error-exchange-ambiguous-candidate = { $hash } from { $brand }
error-exchange-request-expired = request { $id } expired: ask the brand for a new one
error-exchange-not-pending = request { $id } was already answered
# $field is a field's name (email, birthdate).
error-exchange-missing-value = { $field } has no value in your profile: add it first, or leave it out
# $label is the category in words (health data); $category its code (health).
error-exchange-confirmation-required = { $field } is { $label }, a special category of personal data: sharing it needs your explicit confirmation of that category (confirm category { $category })
error-exchange-confirmation-required-standing = { $field } is { $label }, a special category of personal data: sharing it and allowing it in the brand's standing rules needs your explicit confirmation of that category (confirm category { $category })
error-exchange-not-requested = { $field } was not requested; only requested fields can be granted
error-exchange-nothing-selected = no field selected: choose fields to approve, or deny the request
error-exchange-already-revoked = grant { $id } is already revoked
error-exchange-renew-revoked = grant { $id } is revoked: a revoked grant cannot be renewed; answer the brand's next request instead
# $by is the grant that renewed it.
error-exchange-already-renewed = grant { $id } was already renewed by grant { $by }: renew that one instead
error-exchange-receipt-mismatch = this receipt is for grant { $id }, which is not in this vault or does not match
error-exchange-receipt-other-terms = this receipt accepts other terms than grant { $id } was given on: ask the brand for a receipt accepting the grant's terms as they are
error-exchange-no-pinned-key = brand { $brand } has no pinned key, so its receipt cannot be checked

# An approval refused (approval.rs), inserted into error-profile-invalid-input.
error-exchange-chosen-twice = { $field } is chosen more than once; choose each field once
# $form is the form asked for (a code).
error-exchange-form-only = { $field } was asked as { $form }; it can be given in that form only (a request for the exact value can be answered with a coarser form)
# $date is a date (2027-01-31).
error-exchange-end-in-past = the end date { $date } is in the past
error-exchange-ends-before-start = the grant would end before it starts; choose a later end date

# What the app says once a request is imported (KeyStatus::notice). $fingerprint is the key's.
exchange-notice-key-pinned = First request from { $brand }: its key is now pinned (fingerprint { $fingerprint }).
exchange-notice-key-retrusted = { $brand } now signs with a new key, which you chose to trust.
exchange-notice-imported = Request from { $brand } imported.

# The ledger (ledger.rs). $reason is the vault's own error.
error-ledger-sealed = a ledger entry was altered or moved: { $reason }
# $found, $expected_before and $expected are entry numbers.
error-ledger-gap = entry { $found } follows entry { $expected_before }: an entry was removed or reordered
error-ledger-hash = entry { $entry }'s hash does not match its content or its predecessor
error-ledger-truncated = the ledger ends at entry { $found } but its head says { $expected } (or another last entry): entries were removed
# Which record failed, inserted into error-vault-corrupt-record or error-vault-corrupt.
error-ledger-record-head = the ledger head
error-ledger-record-entry = ledger entry #{ $id }
error-ledger-several-heads = the ledger has more than one head
# $seq is an entry number, $id a row of vault.db.
error-ledger-entry-out-of-place = row { $id } stands where ledger entry { $seq } belongs: entries were removed or put back
error-ledger-entry-missing = ledger entry { $seq } is missing or unreadable

## Letters (crates/tessera-exchange/src/letters.rs). $brand is a brand's identifier.
error-letter-no-grant = { $brand } holds no grant from you: a letter is signed with the key of your grants to the brand, so there is nothing to sign it against
# $field: a field's name; $received: the fields the brand received, joined with ", ".
error-letter-field-not-received = { $field } was never given to this brand: name fields among { $received }
# $purpose: a purpose's id; $purposes: the ids of the brand's purposes, joined with ", ".
error-letter-unknown-purpose = the brand's requests have no purpose { $purpose }: name purposes among { $purposes }
error-letter-withdraw-what = name the purposes you withdraw your consent for (to withdraw it for all, revoke the grant instead)
error-letter-nothing-to-correct = what { $brand } holds is what your profile says today: there is nothing to correct
error-letter-already-replied = the reply to letter { $id } is already recorded
error-complaint-nothing = you never dealt with { $brand } through Tessera: there is no evidence to bundle
