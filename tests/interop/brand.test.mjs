// Self-test of brand.mjs without Tessera: the person's side is played by person-sim.mjs, built
// from the same docs. Run with `npm test` (node --test).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';
import { TYP, tokenHash, loadKey } from './brand.mjs';
import { checkReceipt, makeGrant, makeLetter, makeRevocation, personKeyFor } from './person-sim.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const BRAND = join(here, 'brand.mjs');
const EXAMPLES = join(here, '..', '..', 'docs', 'formats', 'examples');
const AUD = 'https://shop.example';
const NOW = 1780000000;

const dir = mkdtempSync(join(tmpdir(), 'tessera-interop-'));
const path = (name) => join(dir, name);
const write = (name, text) => { writeFileSync(path(name), text); return path(name); };
const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function brand(args, now = NOW) {
  const r = spawnSync(process.execPath, [BRAND, ...args], {
    encoding: 'utf8',
    env: { ...process.env, BRAND_NOW: String(now) },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, json: r.status === 0 ? JSON.parse(r.stdout) : undefined };
}

function refusedWith(result, code) {
  assert.equal(result.code, 1, `exit code 1 expected, got ${result.code}: ${result.err}`);
  assert.equal(result.out, '', 'nothing on stdout when refused');
  assert.match(result.err, new RegExp(`refused \\[${code}\\]`), result.err);
}

const spec = JSON.parse(readFileSync(join(EXAMPLES, 'request.spec.json'), 'utf8'));
const person = personKeyFor('test person', AUD);
const chosen = [
  { field: 'email', form: 'email_alias', value: 'me+shop-example@example.com', provenance: 'self_asserted' },
  { field: 'birthdate', form: 'age_over_18', value: true, provenance: 'self_asserted' },
];

// Shared state, built by the first tests in order.
const s = {};

test('keygen writes a private Ed25519 JWK, readable only by its owner', async () => {
  const r = brand(['keygen', path('brand.jwk')]);
  assert.equal(r.code, 0, r.err);
  const jwk = JSON.parse(readFileSync(path('brand.jwk'), 'utf8'));
  assert.deepEqual(Object.keys(jwk).sort(), ['crv', 'd', 'kty', 'x']);
  assert.equal(jwk.kty, 'OKP');
  assert.equal(jwk.crv, 'Ed25519');
  assert.equal(statSync(path('brand.jwk')).mode & 0o777, 0o600);
  assert.deepEqual(r.json.jwk, { kty: 'OKP', crv: 'Ed25519', x: jwk.x });
  assert.equal(r.json.thumbprint, await jose.calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: jwk.x }));
  s.brandJwk = jwk;
});

test('sign-request signs the spec with iat, exp and the public key in the header', async () => {
  const r = brand(['sign-request', path('brand.jwk'), write('spec.json', JSON.stringify(spec)), path('request.jwt')]);
  assert.equal(r.code, 0, r.err);
  const token = readFileSync(path('request.jwt'), 'utf8');
  const { payload, protectedHeader } = await jose.compactVerify(token.trim(), jose.EmbeddedJWK, { algorithms: ['EdDSA'] });
  assert.deepEqual(protectedHeader, { alg: 'EdDSA', typ: TYP.request, jwk: { kty: 'OKP', crv: 'Ed25519', x: s.brandJwk.x } });
  const claims = JSON.parse(new TextDecoder().decode(payload));
  const { valid_seconds: valid, ...rest } = spec;
  assert.deepEqual(claims, { ...rest, iat: NOW, exp: NOW + valid });
  assert.equal(r.json.hash, tokenHash(token));
  s.request = token;
});

test('sign-request defaults valid_seconds to 30 days and makes a jti when the spec has none', async () => {
  const { valid_seconds: _, jti: __, ...bare } = spec;
  const r = brand(['sign-request', path('brand.jwk'), write('bare.json', JSON.stringify(bare)), path('bare.jwt')]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.json.payload.exp - r.json.payload.iat, 2592000);
  assert.match(r.json.payload.jti, /^req-[0-9a-f-]{36}$/);
});

test('sign-request reproduces the documented example token byte for byte', () => {
  const r = brand(['sign-request', join(EXAMPLES, 'brand-key.jwk'), join(EXAMPLES, 'request.spec.json'), path('example.jwt')]);
  assert.equal(r.code, 0, r.err);
  assert.equal(readFileSync(path('example.jwt'), 'utf8'), readFileSync(join(EXAMPLES, 'request.jwt'), 'utf8'));
});

test('sign-request refuses a key whose x does not match d', () => {
  const other = personKeyFor('someone else', AUD);
  const bad = write('bad.jwk', JSON.stringify({ ...s.brandJwk, x: other.x }));
  refusedWith(brand(['sign-request', bad, path('spec.json'), path('x.jwt')]), 'bad_key');
});

test('verify-grant accepts a grant built as Tessera builds it, and prints its payload', async () => {
  const grant = await makeGrant(person, s.request, chosen, { at: NOW + 3600 });
  s.grant = grant.token;
  s.grantPayload = grant.payload;
  write('grant.jwt', `${grant.token}\n`);
  const r = brand(['verify-grant', path('grant.jwt'), AUD, path('request.jwt')], NOW + 3700);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.json, grant.payload);
  assert.deepEqual(r.json.purposes, [
    { id: 'account', accepted: true }, { id: 'offers', accepted: false }, { id: 'recommendations', accepted: false },
  ]);
  assert.equal(brand(['verify-grant', path('grant.jwt'), AUD], NOW + 3700).code, 0);
});

test('sign-receipt countersigns the grant as Tessera expects', async () => {
  const r = brand(['sign-receipt', path('brand.jwk'), path('grant.jwt'), path('receipt.jwt')], NOW + 4000);
  assert.equal(r.code, 0, r.err);
  const receipt = readFileSync(path('receipt.jwt'), 'utf8');
  const claims = await checkReceipt(receipt, { kty: 'OKP', crv: 'Ed25519', x: s.brandJwk.x }, s.grant, NOW + 4000);
  assert.equal(claims.iss, AUD);
  assert.equal(claims.aud, s.grantPayload.sub);
  assert.match(claims.jti, /^receipt-[0-9a-f-]{36}$/);
  assert.equal(claims.iat, NOW + 4000);
  assert.deepEqual(claims.grant, { jti: s.grantPayload.jti, hash: tokenHash(s.grant) });
  assert.deepEqual(claims.accepted_terms, s.grantPayload.terms);
  assert.equal(jose.decodeProtectedHeader(receipt.trim()).typ, TYP.receipt);
  // A receipt signed with another brand key is not accepted under the pinned one.
  const other = await loadKey(personKeyFor('impostor', AUD));
  await assert.rejects(checkReceipt(receipt, other.jwk, s.grant, NOW + 4000), { code: 'bad_signature' });
});

test('sign-receipt refuses a grant it cannot verify', () => {
  const [h, p, sig] = s.grant.split('.');
  const forged = write('forged-grant.jwt', `${h}.${b64({ ...s.grantPayload, aud: 'https://evil.example' })}.${sig}`);
  refusedWith(brand(['sign-receipt', path('brand.jwk'), forged, path('r.jwt')], NOW + 4000), 'bad_signature');
});

test('verify-revocation accepts a revocation of the grant, with or without the grant', async () => {
  const revocation = await makeRevocation(person, s.grant, { at: NOW + 86400 * 10 });
  write('revocation.jwt', revocation.token);
  const later = NOW + 86400 * 400; // revocations do not expire, even after the grant has
  const r = brand(['verify-revocation', path('revocation.jwt'), AUD], later);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(r.json, revocation.payload);
  assert.equal(r.json.delete, true);
  assert.equal(brand(['verify-revocation', path('revocation.jwt'), AUD, path('grant.jwt')], later).code, 0);
});

test('a revocation signed with another key than the grant is refused when the grant is given', async () => {
  const stranger = personKeyFor('stranger', AUD);
  const revocation = await makeRevocation(stranger, s.grant, { at: NOW + 86400 });
  const file = write('stranger-revocation.jwt', revocation.token);
  assert.equal(brand(['verify-revocation', file, AUD], NOW + 86400).code, 0, 'self-consistent on its own');
  refusedWith(brand(['verify-revocation', file, AUD, path('grant.jwt')], NOW + 86400), 'invalid_claims');
});

test('a tampered grant is refused: payload, signature or header changed', async () => {
  const [h, p, sig] = s.grant.split('.');
  const payloads = [
    { ...s.grantPayload, disclosures: [{ ...chosen[1], value: false }] },
    { ...s.grantPayload, exp: s.grantPayload.exp + 1 },
  ];
  for (const changed of payloads) {
    refusedWith(brand(['verify-grant', write('t.jwt', `${h}.${b64(changed)}.${sig}`), AUD], NOW + 3700), 'bad_signature');
  }
  const flipped = sig.slice(0, 10) + (sig[10] === 'A' ? 'B' : 'A') + sig.slice(11);
  refusedWith(brand(['verify-grant', write('t.jwt', `${h}.${p}.${flipped}`), AUD], NOW + 3700), 'bad_signature');
  // Another key in the header than the one that signed.
  const other = await loadKey(personKeyFor('other', AUD));
  const header = { alg: 'EdDSA', typ: TYP.grant, jwk: other.jwk };
  refusedWith(brand(['verify-grant', write('t.jwt', `${b64(header)}.${p}.${sig}`), AUD], NOW + 3700), 'bad_signature');
});

test('a grant for another brand is refused', () => {
  refusedWith(brand(['verify-grant', path('grant.jwt'), 'https://other.example'], NOW + 3700), 'wrong_audience');
  refusedWith(brand(['verify-grant', path('grant.jwt'), 'https://shop.example/'], NOW + 3700), 'wrong_audience');
});

test('a grant for another request is refused', async () => {
  const r = brand(['sign-request', path('brand.jwk'), path('spec.json'), path('request2.jwt')], NOW + 1);
  assert.equal(r.code, 0, r.err);
  refusedWith(brand(['verify-grant', path('grant.jwt'), AUD, path('request2.jwt')], NOW + 3700), 'invalid_claims');
});

test('alg none, HS256 and a missing alg are refused before any key is used', async () => {
  const payload = s.grantPayload;
  const jwk = jose.decodeProtectedHeader(s.grant).jwk;
  const none = `${b64({ alg: 'none', typ: TYP.grant, jwk })}.${b64(payload)}.`;
  refusedWith(brand(['verify-grant', write('none.jwt', none), AUD], NOW + 3700), 'bad_algorithm');
  const hs = await new jose.SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: TYP.grant, jwk })
    .sign(new TextEncoder().encode(jwk.x));
  refusedWith(brand(['verify-grant', write('hs.jwt', hs), AUD], NOW + 3700), 'bad_algorithm');
  const [, p, sig] = s.grant.split('.');
  refusedWith(brand(['verify-grant', write('noalg.jwt', `${b64({ typ: TYP.grant, jwk })}.${p}.${sig}`), AUD], NOW + 3700), 'bad_algorithm');
});

test('the wrong kind of token is refused', () => {
  refusedWith(brand(['verify-grant', path('request.jwt'), AUD], NOW + 10), 'wrong_type');
  refusedWith(brand(['verify-grant', path('revocation.jwt'), AUD], NOW + 86400 * 10), 'wrong_type');
  refusedWith(brand(['verify-revocation', path('grant.jwt'), AUD], NOW + 3700), 'wrong_type');
});

test('time: expired, issued in the future, within the 120 s skew', async () => {
  const g = s.grantPayload;
  refusedWith(brand(['verify-grant', path('grant.jwt'), AUD], g.exp + 121), 'token_expired');
  assert.equal(brand(['verify-grant', path('grant.jwt'), AUD], g.exp + 120).code, 0);
  refusedWith(brand(['verify-grant', path('grant.jwt'), AUD], g.iat - 121), 'token_not_yet_valid');
  assert.equal(brand(['verify-grant', path('grant.jwt'), AUD], g.iat - 120).code, 0);
  const noExp = await makeGrant(person, s.request, chosen, { at: NOW, exp: NOW });
  refusedWith(brand(['verify-grant', write('e.jwt', noExp.token), AUD], NOW), 'invalid_claims');
});

test('payload members: unknown, missing, mistyped, iss not the key', async () => {
  const cases = [
    { extra: { nbf: NOW } },
    { extra: { note: 'hi' } },
    { extra: { iat: NOW + 0.5 } },
    { extra: { aud: [AUD] } },
    { extra: { terms: { ...s.grantPayload.terms, no_resale: true } } },
    { extra: { iss: 'x'.repeat(43) } },
  ];
  for (const { extra } of cases) {
    const g = await makeGrant(person, s.request, chosen, { at: NOW, extra });
    refusedWith(brand(['verify-grant', write('m.jwt', g.token), AUD], NOW + 10), 'invalid_claims');
  }
  const r = await makeRevocation(person, s.grant, { at: NOW, extra: { exp: NOW + 3600 } });
  refusedWith(brand(['verify-revocation', write('m.jwt', r.token), AUD], NOW + 10), 'invalid_claims');
});

test('grant format: format 1 (no v), format 2 (fixed terms), another v, and free-text provenance are refused', async () => {
  const formatOne = await makeGrant(person, s.request, chosen, { at: NOW, extra: { v: undefined } });
  const r = brand(['verify-grant', write('v1.jwt', formatOne.token), AUD], NOW + 10);
  refusedWith(r, 'invalid_claims');
  assert.match(r.err, /format 1/);
  const two = await makeGrant(person, s.request, chosen, {
    at: NOW, extra: { v: 2, terms: { no_sale: true, no_sharing: true, no_inference: true, forbidden_uses: [] } },
  });
  const r2 = brand(['verify-grant', write('v2.jwt', two.token), AUD], NOW + 10);
  refusedWith(r2, 'invalid_claims');
  assert.match(r2.err, /format 2/);
  const four = await makeGrant(person, s.request, chosen, { at: NOW, extra: { v: 4 } });
  refusedWith(brand(['verify-grant', write('v4.jwt', four.token), AUD], NOW + 10), 'invalid_claims');
  const text = await makeGrant(person, s.request, [{ ...chosen[0], provenance: 'imported from Jane Doe.vcf on 2026-05-21' }], { at: NOW });
  refusedWith(brand(['verify-grant', write('text.jwt', text.token), AUD], NOW + 10), 'invalid_claims');
});

test('size, depth and header key limits', async () => {
  refusedWith(brand(['verify-grant', write('big.jwt', 'a'.repeat(65537)), AUD]), 'token_too_large');
  let deep = 1;
  for (let i = 0; i < 16; i += 1) deep = [deep];
  const g = await makeGrant(person, s.request, [{ ...chosen[0], value: deep }], { at: NOW });
  refusedWith(brand(['verify-grant', write('deep.jwt', g.token), AUD], NOW + 10), 'token_too_deep');
  const [, p, sig] = s.grant.split('.');
  const withD = { alg: 'EdDSA', typ: TYP.grant, jwk: { ...jose.decodeProtectedHeader(s.grant).jwk, d: person.d } };
  refusedWith(brand(['verify-grant', write('d.jwt', `${b64(withD)}.${p}.${sig}`), AUD], NOW + 3700), 'bad_key');
  refusedWith(brand(['verify-grant', write('p.jwt', 'a.b'), AUD]), 'malformed_token');
});

test('the documented examples verify', () => {
  const e = (name) => join(EXAMPLES, name);
  const grant = brand(['verify-grant', e('grant.jwt'), AUD, e('request.jwt')], 1780090000);
  assert.equal(grant.code, 0, grant.err);
  assert.deepEqual(grant.json, JSON.parse(readFileSync(e('grant.json'), 'utf8')));
  const revocation = brand(['verify-revocation', e('revocation.jwt'), AUD, e('grant.jwt')], 1790250000);
  assert.equal(revocation.code, 0, revocation.err);
  assert.deepEqual(revocation.json, JSON.parse(readFileSync(e('revocation.json'), 'utf8')));
  const letter = brand(['verify-letter', e('letter.jwt'), AUD, e('grant.jwt')], 1784023200);
  assert.equal(letter.code, 0, letter.err);
  assert.deepEqual(letter.json, JSON.parse(readFileSync(e('letter.json'), 'utf8')));
});

test('letters: a basis that is not the right\'s, a reply date before the letter, another key\'s grant', async () => {
  const e = (name) => join(EXAMPLES, name);
  const grant = readFileSync(e('grant.jwt'), 'utf8');
  const key = JSON.parse(readFileSync(e('grant-key.jwk'), 'utf8'));
  const wrongBasis = await makeLetter(key, [grant], 'access', { at: NOW, extra: { basis: 'GDPR Art. 17' } });
  refusedWith(brand(['verify-letter', write('l1.jwt', wrongBasis.token), AUD], NOW + 10), 'invalid_claims');
  const early = await makeLetter(key, [grant], 'erasure', { at: NOW, replyBy: NOW - 1 });
  refusedWith(brand(['verify-letter', write('l2.jwt', early.token), AUD], NOW + 10), 'invalid_claims');
  const stranger = await makeLetter(person, [grant], 'access', { at: NOW });
  refusedWith(brand(['verify-letter', write('l3.jwt', stranger.token), AUD, e('grant.jwt')], NOW + 10), 'invalid_claims');
  const fine = await makeLetter(key, [grant], 'withdrawal', { at: NOW, purposes: ['offers'] });
  const ok = brand(['verify-letter', write('l4.jwt', fine.token), AUD, e('grant.jwt')], NOW + 10);
  assert.equal(ok.code, 0, ok.err);
});

test('the examples are up to date with make-examples.mjs', () => {
  const r = spawnSync(process.execPath, [join(here, 'make-examples.mjs'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});

test('usage errors exit with 2', () => {
  assert.equal(brand([]).code, 2);
  assert.equal(brand(['verify-grant', 'only-one-arg']).code, 2);
  assert.equal(brand(['frobnicate']).code, 2);
});
