// Regenerates docs/formats/examples/: one exchange between the brand https://shop.example and a
// person, with fixed keys and times, so that every example token verifies and every hash in the
// examples is the real hash of the token next to it. Ed25519 signatures are deterministic, so
// running this again gives the same files.
//
//   node make-examples.mjs            # writes docs/formats/examples/
//   node make-examples.mjs --check    # exits 1 if a file would change

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as jose from 'jose';
import { signRequest, signReceipt, tokenHash } from './brand.mjs';
import { dayOf, jwkFromSeed, makeGrant, makeLetter, makeRevocation } from './person-sim.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'docs', 'formats', 'examples');
const check = process.argv.includes('--check');

// RFC 8037 appendix A.1: a published test key, for the brand. Never use it for anything real.
const brandKey = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
  d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A',
};
// The person's grant key for this brand: a fixed test seed (32 bytes of 0x07).
const grantKey = jwkFromSeed(Buffer.alloc(32, 7));

// 2026-05-28T20:26:40Z: the brand signs its request, valid 30 days.
const REQUEST_AT = 1780000000;
// A day later the person approves; the grant says only the day (2026-05-29T00:00:00Z) and
// lasts the default year from it.
const APPROVED_AT = REQUEST_AT + 86400;
const GRANT_AT = dayOf(APPROVED_AT);
// Five minutes after the approval the brand countersigns.
const RECEIPT_AT = APPROVED_AT + 300;
// 2026-09-21T11:33:20Z: the person revokes; the revocation says 2026-09-21T00:00:00Z.
const REVOCATION_AT = dayOf(1790250000);

const spec = JSON.parse(readFileSync(join(out, 'request.spec.json'), 'utf8'));
const request = await signRequest(brandKey, spec, REQUEST_AT);

const grant = await makeGrant(grantKey, request.token, [
  { field: 'email', form: 'email_alias', value: 'me+shop-example@example.com', provenance: 'self_asserted' },
  { field: 'birthdate', form: 'age_over_18', value: true, provenance: 'self_asserted' },
  { field: 'address', form: 'country', value: 'FR', provenance: 'self_asserted' },
  { field: 'clothing_size', form: 'raw', value: 'EU 40', provenance: 'self_asserted' },
], { at: GRANT_AT, jti: 'grant-3b0f7a52-9c1e-4d8a-b6f2-5e7d90c4a1e3' });

const receipt = await signReceipt(brandKey, grant.token, RECEIPT_AT, 'receipt-a41c2e07-6d9b-4f35-8e10-2b7c5d9f0a68');

const revocation = await makeRevocation(grantKey, grant.token, {
  at: REVOCATION_AT, jti: 'revocation-7e2d4c19-0b6a-4a83-9f5e-c1d8b3a27f40',
});

// 2026-07-14: the person objects to the profiling of "offers"; the letter says the day, and a
// reply is due a calendar month after the moment it was written (2026-08-14T10:00:00Z).
const LETTER_WRITTEN_AT = 1784023200;
const letter = await makeLetter(grantKey, [grant.token], 'objection', {
  at: dayOf(LETTER_WRITTEN_AT), replyBy: 1786701600, purposes: ['offers'],
  jti: 'letter-5c8e1f3a-2b7d-4e96-a0c4-9d1b6f3e7a25',
});

const files = {
  'brand-key.jwk': `${JSON.stringify(brandKey, null, 2)}\n`,
  'grant-key.jwk': `${JSON.stringify(grantKey, null, 2)}\n`,
  'request.json': `${JSON.stringify(request.payload, null, 2)}\n`,
  'request.jwt': `${request.token}\n`,
  'grant.json': `${JSON.stringify(grant.payload, null, 2)}\n`,
  'grant.jwt': `${grant.token}\n`,
  'receipt.json': `${JSON.stringify(receipt.payload, null, 2)}\n`,
  'receipt.jwt': `${receipt.token}\n`,
  'revocation.json': `${JSON.stringify(revocation.payload, null, 2)}\n`,
  'revocation.jwt': `${revocation.token}\n`,
  'letter.json': `${JSON.stringify(letter.payload, null, 2)}\n`,
  'letter.jwt': `${letter.token}\n`,
};

let changed = 0;
for (const [name, text] of Object.entries(files)) {
  const path = join(out, name);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
  changed += 1;
  if (check) console.error(`would change: ${path}`);
  else writeFileSync(path, text);
}

const summary = {
  times: { request_iat: REQUEST_AT, approved_at: APPROVED_AT, grant_iat: GRANT_AT, receipt_iat: RECEIPT_AT, revocation_iat: REVOCATION_AT, letter_iat: dayOf(LETTER_WRITTEN_AT) },
  brand_thumbprint: await jose.calculateJwkThumbprint(brandKey),
  grant_thumbprint: await jose.calculateJwkThumbprint(grantKey),
  request_hash: tokenHash(request.token),
  grant_hash: tokenHash(grant.token),
  headers: Object.fromEntries(['request', 'grant', 'receipt', 'revocation', 'letter'].map((k) => [k, jose.decodeProtectedHeader(files[`${k}.jwt`].trim())])),
};
console.log(JSON.stringify(summary, null, 2));
if (check && changed) process.exitCode = 1;
