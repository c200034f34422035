#!/usr/bin/env node
// A brand's side of the Tessera exchange, written from docs/formats/ alone with the `jose`
// library: it shares no code with Tessera, so Tessera's cross-library test can check that both
// sides read the documented formats the same way.
//
//   node brand.mjs keygen OUT
//   node brand.mjs sign-request KEY SPEC OUT
//   node brand.mjs verify-grant GRANT AUD [REQUEST]
//   node brand.mjs verify-revocation REVOCATION AUD [GRANT]
//   node brand.mjs verify-letter LETTER AUD [GRANT]
//   node brand.mjs sign-receipt KEY GRANT OUT
//   node brand.mjs verify-ledger-export EXPORT
//
// Results are JSON on stdout; refusals are one line on stderr, `brand.mjs CMD: refused [code]:
// reason`, with the error codes of docs/formats/README.md, and exit code 1. A usage error exits
// with 2. BRAND_NOW=<unix seconds> replaces the clock (for fixed examples and tests).

import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as jose from 'jose';

export const TYP = {
  request: 'tessera-request+jwt',
  grant: 'tessera-grant+jwt',
  receipt: 'tessera-receipt+jwt',
  revocation: 'tessera-revocation+jwt',
  ledger: 'tessera-ledger+jwt',
  letter: 'tessera-letter+jwt',
};
/** The `prev` of a ledger's first entry (docs/formats/ledger-export.md). */
export const LEDGER_GENESIS = 'tessera ledger v1';
export const ALGORITHMS = ['EdDSA', 'Ed25519'];
export const MAX_TOKEN_BYTES = 64 * 1024;
export const MAX_JSON_DEPTH = 16;
export const CLOCK_SKEW_SECONDS = 120;
export const DEFAULT_REQUEST_SECONDS = 30 * 24 * 3600;
/** The grant format this brand reads (the grant's `v`), and its provenance codes. */
export const GRANT_FORMAT = 3;
export const PROVENANCE_CODES = ['self_asserted'];
/** The letter format this brand reads, and each right with the article it rests on. */
export const LETTER_FORMAT = 1;
export const RIGHTS = {
  access: 'GDPR Art. 15',
  correction: 'GDPR Art. 16',
  erasure: 'GDPR Art. 17',
  objection: 'GDPR Art. 21',
  withdrawal: 'GDPR Art. 7(3)',
};

/** A refusal with one of the documented error codes. */
export class Refused extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

/** Unix seconds, or BRAND_NOW when set. */
export function now() {
  const fixed = process.env.BRAND_NOW;
  if (fixed !== undefined && fixed !== '') {
    if (!/^-?\d+$/.test(fixed)) throw new Refused('usage', `BRAND_NOW must be whole seconds, not ${JSON.stringify(fixed)}`);
    return Number(fixed);
  }
  return Math.floor(Date.now() / 1000);
}

/** What grants, receipts and revocations bind to: base64url(SHA-256(the exact token, trimmed)). */
export function tokenHash(token) {
  return createHash('sha256').update(token.trim(), 'utf8').digest('base64url');
}

function readText(path, what) {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new Refused('io', `cannot read the ${what} ${path}: ${e.message}`);
  }
}

function readJson(path, what) {
  const text = readText(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Refused('invalid_input', `the ${what} ${path} is not JSON: ${e.message}`);
  }
}

function writeText(path, text, mode = 0o644) {
  try {
    writeFileSync(path, text, { mode });
  } catch (e) {
    throw new Refused('io', `cannot write ${path}: ${e.message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Keys

/** The public JWK that goes in a header: kty, crv and x only. */
export function publicJwk(jwk) {
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x };
}

export async function generateKey() {
  const { privateKey } = await jose.generateKeyPair('Ed25519', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d };
}

/** Imports a private Ed25519 JWK; refuses one whose x is not the public key of its d. */
export async function loadKey(jwk) {
  if (jwk === null || typeof jwk !== 'object' || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519'
    || typeof jwk.x !== 'string' || typeof jwk.d !== 'string') {
    throw new Refused('bad_key', 'the key must be a private Ed25519 JWK: {"kty":"OKP","crv":"Ed25519","x":...,"d":...}');
  }
  let key;
  try {
    key = await jose.importJWK({ kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }, 'EdDSA', { extractable: true });
  } catch (e) {
    throw new Refused('bad_key', `the key does not import: ${e.message}`);
  }
  // Check x against d: sign and verify under the stated public key.
  const probe = await new jose.CompactSign(new TextEncoder().encode('probe'))
    .setProtectedHeader({ alg: 'EdDSA' }).sign(key);
  try {
    await jose.compactVerify(probe, await jose.importJWK(publicJwk(jwk), 'EdDSA'));
  } catch {
    throw new Refused('bad_key', 'the key\'s x is not the public key of its d');
  }
  return { key, jwk: publicJwk(jwk), thumbprint: await jose.calculateJwkThumbprint(publicJwk(jwk), 'sha256') };
}

/** Signs `claims` as Tessera's formats say: header {alg: EdDSA, typ, jwk}. */
export async function signToken(signer, typ, claims) {
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', typ, jwk: signer.jwk })
    .sign(signer.key);
}

// ---------------------------------------------------------------------------------------------
// Verification

function depthOf(json) {
  let depth = 0; let max = 0; let inString = false; let escaped = false;
  for (const c of json) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') max = Math.max(max, ++depth);
    else if (c === '}' || c === ']') depth = Math.max(0, depth - 1);
  }
  return max;
}

function decodePart(part, what) {
  if (!/^[A-Za-z0-9_-]*$/.test(part)) throw new Refused('malformed_token', `the ${what} is not base64url`);
  const json = Buffer.from(part, 'base64url').toString('utf8');
  if (depthOf(json) > MAX_JSON_DEPTH) throw new Refused('token_too_deep', `the ${what} nests deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new Refused('malformed_token', `the ${what} is not JSON (${e.message})`);
  }
}

/** Turns a jose error into a documented code. */
function fromJose(e) {
  if (e instanceof Refused) return e;
  const E = jose.errors;
  if (e instanceof E.JOSEAlgNotAllowed) return new Refused('bad_algorithm', e.message);
  if (e instanceof E.JWSSignatureVerificationFailed) return new Refused('bad_signature', 'the signature does not verify: the token was altered or signed by another key');
  if (e instanceof E.JWTExpired) return new Refused('token_expired', e.message);
  if (e instanceof E.JWTClaimValidationFailed) {
    if (e.claim === 'typ') return new Refused('wrong_type', e.message);
    if (e.claim === 'aud') return new Refused('wrong_audience', `the token is for ${JSON.stringify(e.payload?.aud)}: ${e.message}`);
    if (e.claim === 'nbf' && e.reason === 'check_failed') return new Refused('token_not_yet_valid', e.message);
    return new Refused('invalid_claims', `${e.claim}: ${e.message}`);
  }
  if (e instanceof E.JOSENotSupported) return new Refused('bad_key', e.message);
  if (e instanceof E.JWTInvalid || e instanceof E.JWSInvalid) return new Refused('malformed_token', e.message);
  return new Refused('malformed_token', e?.message ?? String(e));
}

// Payload shapes, as the schemas in docs/formats/ give them: every member listed, no other.
const str = (v) => typeof v === 'string';
const bool = (v) => typeof v === 'boolean';
const int = (v) => Number.isSafeInteger(v);
const any = () => true;
const oneOf = (values) => (v) => values.includes(v);
const arrayOf = (check) => (v, path) => {
  if (!Array.isArray(v)) return false;
  v.forEach((item, i) => expect(item, check, `${path}[${i}]`));
  return true;
};
const object = (required, optional = {}) => (v, path) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  for (const name of Object.keys(v)) {
    if (!(name in required) && !(name in optional)) {
      throw new Refused('invalid_claims', `unknown member ${path}.${name}`);
    }
  }
  for (const [name, check] of Object.entries(required)) {
    if (!(name in v)) throw new Refused('invalid_claims', `missing member ${path}.${name}`);
    expect(v[name], check, `${path}.${name}`);
  }
  for (const [name, check] of Object.entries(optional)) {
    if (name in v) expect(v[name], check, `${path}.${name}`);
  }
  return true;
};
function expect(value, check, path) {
  if (!check(value, path)) throw new Refused('invalid_claims', `${path} has the wrong type`);
}
const binding = object({ jti: str, hash: str });
const days = (v) => Number.isSafeInteger(v) && v >= 0 && v <= 0xffffffff;
const orNull = (check) => (v, path) => v === null || check(v, path);
export const AGREEMENTS = ['tessera-strict', 'sd-base', 'pdc-ai', 'custom'];
export const EXCEPTION_KINDS = ['sharing', 'profiling', 'retention'];
const terms = object({
  agreement: oneOf(AGREEMENTS),
  no_sale: bool, no_sharing: bool, no_profiling: bool, no_inference: bool, no_training: bool,
  max_retention_days: orNull(days), erase_within_days: days,
  // The channels are checked as strings: docs/formats/grant.md lists the codes.
  contact: orNull(object({ channels: arrayOf(str), quiet_hours: orNull(str) })),
  additions: arrayOf(str), forbidden_uses: arrayOf(str),
  exceptions: arrayOf(object({ purpose: str, allows: arrayOf(oneOf(EXCEPTION_KINDS)) })),
});
export const SHAPES = {
  grant: object({
    v: oneOf([GRANT_FORMAT]), iss: str, sub: str, aud: str, jti: str, iat: int, exp: int,
    request: binding,
    disclosures: arrayOf(object({ field: str, form: str, value: any, provenance: oneOf(PROVENANCE_CODES) })),
    purposes: arrayOf(object({ id: str, accepted: bool })),
    terms,
  }),
  revocation: object({ iss: str, sub: str, aud: str, jti: str, iat: int, grant: binding, delete: bool }),
  receipt: object({ iss: str, aud: str, jti: str, iat: int, grant: binding, accepted_terms: terms }),
  letter: object({
    v: oneOf([LETTER_FORMAT]), iss: str, sub: str, aud: str, jti: str, iat: int,
    right: oneOf(Object.keys(RIGHTS)), basis: str, grants: arrayOf(binding),
    fields: arrayOf(str), purposes: arrayOf(str),
    corrections: arrayOf(object({ field: str, form: str, value: any, provenance: oneOf(PROVENANCE_CODES) })),
    reply_by: int,
  }),
};

/**
 * Verifies a token from a person (a grant or a revocation): size, header, signature under the
 * embedded key, type, times, payload shape, and iss == sub == the key's RFC 7638 thumbprint.
 * `audience` is checked when given. Returns { payload, header, thumbprint }.
 */
export async function verifyPersonToken(token, kind, { audience, at = now() } = {}) {
  token = token.trim();
  const bytes = Buffer.byteLength(token, 'utf8');
  if (bytes > MAX_TOKEN_BYTES) throw new Refused('token_too_large', `the token is ${bytes} bytes; the limit is 65536 (64 KiB)`);
  const parts = token.split('.');
  if (parts.length !== 3) throw new Refused('malformed_token', `expected 3 parts separated by '.', found ${parts.length}`);
  const header = decodePart(parts[0], 'header');
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new Refused('malformed_token', 'the header is not a JSON object');
  // Our own allow-list first, so that the header's alg never chooses anything.
  if (!ALGORITHMS.includes(header.alg)) throw new Refused('bad_algorithm', `algorithm ${JSON.stringify(header.alg ?? '(missing)')} is refused: only EdDSA / Ed25519`);
  if ('crit' in header) throw new Refused('malformed_token', 'critical header extensions are not supported');
  if (header.typ !== TYP[kind]) throw new Refused('wrong_type', `token type ${JSON.stringify(header.typ ?? '(missing)')} where ${JSON.stringify(TYP[kind])} was expected`);
  const jwk = header.jwk;
  if (jwk === null || typeof jwk !== 'object' || jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519'
    || typeof jwk.x !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(jwk.x)) {
    throw new Refused('bad_key', 'the header\'s key is not an Ed25519 public key (kty OKP, crv Ed25519, x of 32 bytes)');
  }
  if ('d' in jwk) throw new Refused('bad_key', 'the header\'s key contains a private key (d)');
  const payloadJson = Buffer.from(parts[1], 'base64url').toString('utf8');
  if (depthOf(payloadJson) > MAX_JSON_DEPTH) throw new Refused('token_too_deep', `the payload nests deeper than ${MAX_JSON_DEPTH} levels`);

  let payload;
  try {
    ({ payload } = await jose.jwtVerify(token, jose.EmbeddedJWK, {
      algorithms: ALGORITHMS,
      typ: TYP[kind],
      audience,
      // jose refuses once now >= exp + tolerance (RFC 7519: "before" exp); the formats refuse
      // only once now > exp + 120, so jose gets one more second and the exact check is below.
      clockTolerance: CLOCK_SKEW_SECONDS + 1,
      currentDate: new Date(at * 1000),
      requiredClaims: kind === 'grant' ? ['iss', 'sub', 'aud', 'jti', 'iat', 'exp'] : ['iss', 'sub', 'aud', 'jti', 'iat'],
    }));
  } catch (e) {
    throw fromJose(e);
  }
  // What jose leaves to us: iat in the future, whole seconds, exp after iat.
  for (const name of ['iat', 'exp', 'nbf']) {
    if (name in payload && !Number.isSafeInteger(payload[name])) throw new Refused('invalid_claims', `${name} must be whole seconds since 1970`);
  }
  if (payload.iat > at + CLOCK_SKEW_SECONDS) throw new Refused('token_not_yet_valid', `the token was issued at ${payload.iat}, in the future (now ${at}); check the clocks`);
  if ('exp' in payload && at > payload.exp + CLOCK_SKEW_SECONDS) throw new Refused('token_expired', `the token expired at ${payload.exp} (now ${at})`);
  if ('nbf' in payload && payload.nbf > at + CLOCK_SKEW_SECONDS) throw new Refused('token_not_yet_valid', `the token is not valid before ${payload.nbf} (now ${at})`);
  if ('exp' in payload && payload.exp <= payload.iat) throw new Refused('invalid_claims', 'exp: expires before it was issued');
  // The grant format first, so that an older grant is refused by name rather than by whichever
  // member changed (format 1 had no `v` and free-text provenance).
  if (kind === 'grant' && payload.v !== GRANT_FORMAT) {
    throw new Refused('invalid_claims', 'v' in payload
      ? `v: grant format ${JSON.stringify(payload.v)} is not supported; this brand reads format ${GRANT_FORMAT}`
      : `v: this grant is format 1 (no "v" member), written by an older Tessera; this brand reads format ${GRANT_FORMAT}: ask the person for a new grant`);
  }
  expect(payload, SHAPES[kind], 'payload');
  const thumbprint = await jose.calculateJwkThumbprint(publicJwk(jwk), 'sha256');
  if (payload.iss !== thumbprint || payload.sub !== thumbprint) {
    throw new Refused('invalid_claims', `iss and sub must be the thumbprint of the signing key (${thumbprint})`);
  }
  if (audience !== undefined && payload.aud !== audience) {
    throw new Refused('wrong_audience', `the token is for ${JSON.stringify(payload.aud)}, not ${JSON.stringify(audience)}`);
  }
  return { payload, header, thumbprint };
}

// ---------------------------------------------------------------------------------------------
// Commands

export async function signRequest(privateJwk, spec, at = now()) {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new Refused('invalid_input', 'the spec must be a JSON object');
  const signer = await loadKey(privateJwk);
  const claims = { ...spec };
  let valid = DEFAULT_REQUEST_SECONDS;
  if ('valid_seconds' in claims) {
    valid = claims.valid_seconds;
    delete claims.valid_seconds;
    if (!Number.isSafeInteger(valid) || valid <= 0) throw new Refused('invalid_input', 'valid_seconds must be a positive whole number');
  }
  if (!('jti' in claims)) claims.jti = `req-${randomUUID()}`;
  claims.iat = at;
  claims.exp = at + valid;
  // Members in the documented order (any others after them, so that tests can send them).
  const order = ['iss', 'jti', 'iat', 'exp', 'brand', 'fields', 'purposes', 'offer', 'never', 'reply'];
  const ordered = {};
  for (const name of [...order, ...Object.keys(claims)]) if (name in claims) ordered[name] = claims[name];
  return signClaims(signer, ordered);
}

async function signClaims(signer, claims) {
  const token = await signToken(signer, TYP.request, claims);
  return { token, payload: claims, thumbprint: signer.thumbprint };
}

export async function verifyGrant(grantToken, audience, requestToken, at = now()) {
  const { payload } = await verifyPersonToken(grantToken, 'grant', { audience, at });
  if (requestToken !== undefined) {
    const hash = tokenHash(requestToken);
    if (payload.request.hash !== hash) {
      throw new Refused('invalid_claims', `request.hash: the grant does not answer this request (it binds ${payload.request.hash}, the request hashes to ${hash})`);
    }
    const requestClaims = jose.decodeJwt(requestToken.trim());
    if (payload.request.jti !== requestClaims.jti) {
      throw new Refused('invalid_claims', `request.jti: the grant names request ${JSON.stringify(payload.request.jti)}, not ${JSON.stringify(requestClaims.jti)}`);
    }
  }
  return payload;
}

export async function verifyRevocation(token, audience, grantToken, at = now()) {
  const { payload } = await verifyPersonToken(token, 'revocation', { audience, at });
  if (grantToken !== undefined) {
    const grant = jose.decodeJwt(grantToken.trim());
    if (payload.grant.hash !== tokenHash(grantToken) || payload.grant.jti !== grant.jti) {
      throw new Refused('invalid_claims', 'grant: the revocation is not about this grant');
    }
    if (payload.iss !== grant.iss) {
      throw new Refused('invalid_claims', 'iss: the revocation is signed by another key than the grant');
    }
  }
  return payload;
}

/**
 * A person's letter (letter.md): a person token whose basis is its right's article and whose
 * reply date is not before it; with a grant the brand holds, signed by that grant's key and
 * naming it among its grants.
 */
export async function verifyLetter(token, audience, grantToken, at = now()) {
  const { payload } = await verifyPersonToken(token, 'letter', { audience, at });
  if (payload.basis !== RIGHTS[payload.right]) {
    throw new Refused('invalid_claims', `basis: a ${payload.right} letter rests on ${RIGHTS[payload.right]}, not ${JSON.stringify(payload.basis)}`);
  }
  if (payload.reply_by < payload.iat) throw new Refused('invalid_claims', 'reply_by: before the letter was written');
  if (grantToken !== undefined) {
    const grant = jose.decodeJwt(grantToken.trim());
    const [header] = grantToken.trim().split('.');
    const grantKey = decodePart(header, 'header')?.jwk;
    // The grant's own signature, under the key that signed the letter.
    try {
      await jose.compactVerify(grantToken.trim(), await jose.importJWK(publicJwk(grantKey), 'EdDSA'));
    } catch (e) {
      throw new Refused('bad_signature', `the grant does not verify: ${e.message}`);
    }
    const hash = tokenHash(grantToken);
    const grantThumbprint = await jose.calculateJwkThumbprint(publicJwk(grantKey), 'sha256');
    if (grantThumbprint !== payload.iss || grant.iss !== payload.iss) {
      throw new Refused('invalid_claims', 'iss: the letter is signed by another key than the grant');
    }
    if (!payload.grants.some((g) => g.jti === grant.jti && g.hash === hash)) {
      throw new Refused('invalid_claims', 'grants: the letter does not name this grant');
    }
  }
  return payload;
}

/**
 * Anyone's check of a person's ledger export, from docs/formats/ledger-export.md alone: the
 * signature under the header's key, iss that key's thumbprint, and every entry's hash
 * recomputed from the one before.
 */
export async function verifyLedgerExport(token) {
  token = token.trim();
  const header = decodePart(token.split('.')[0] ?? '', 'header');
  if (header === null || typeof header !== 'object') throw new Refused('malformed_token', 'the header is not a JSON object');
  if (!ALGORITHMS.includes(header.alg)) throw new Refused('bad_algorithm', `algorithm ${JSON.stringify(header.alg ?? '(missing)')} is refused`);
  if (header.typ !== TYP.ledger) throw new Refused('wrong_type', `token type ${JSON.stringify(header.typ ?? '(missing)')} where ${JSON.stringify(TYP.ledger)} was expected`);
  let payload;
  try {
    ({ payload } = await jose.compactVerify(token, jose.EmbeddedJWK, { algorithms: ALGORITHMS }));
  } catch (e) {
    throw new Refused('bad_signature', `the signature does not verify (${e.code ?? e.message})`);
  }
  const claims = JSON.parse(Buffer.from(payload).toString('utf8'));
  const thumbprint = await jose.calculateJwkThumbprint(header.jwk, 'sha256');
  if (claims.iss !== thumbprint) throw new Refused('invalid_claims', 'iss: not the thumbprint of the signing key');
  let prev = LEDGER_GENESIS;
  claims.entries.forEach((e, i) => {
    if (e.seq !== i + 1) throw new Refused('invalid_claims', `entries: entry ${i + 1} is numbered ${e.seq}`);
    // The hashed body: these members in this (sorted) order, brand null and fields [] when absent.
    const body = JSON.stringify({ at: e.at, brand: e.brand ?? null, detail: e.detail, event: e.event, fields: e.fields ?? [], seq: e.seq });
    const hash = createHash('sha256').update(`${prev}\n${body}`, 'utf8').digest('base64url');
    if (e.prev !== prev || e.hash !== hash) throw new Refused('invalid_claims', `entries: entry ${e.seq} does not chain`);
    prev = e.hash;
  });
  return { signer: thumbprint, entries: claims.entries.length, last_hash: claims.entries.length ? prev : '' };
}

export async function signReceipt(privateJwk, grantToken, at = now(), jti = `receipt-${randomUUID()}`) {
  const signer = await loadKey(privateJwk);
  // The audience is the grant's own aud: the key file does not say which brand it is.
  const { payload: grant } = await verifyPersonToken(grantToken, 'grant', { at });
  const receipt = {
    iss: grant.aud,
    aud: grant.sub,
    jti,
    iat: at,
    grant: { jti: grant.jti, hash: tokenHash(grantToken) },
    accepted_terms: grant.terms,
  };
  const token = await signToken(signer, TYP.receipt, receipt);
  return { token, payload: receipt };
}

const USAGE = `usage:
  brand.mjs keygen OUT
  brand.mjs sign-request KEY SPEC OUT
  brand.mjs verify-grant GRANT AUD [REQUEST]
  brand.mjs verify-revocation REVOCATION AUD [GRANT]
  brand.mjs verify-letter LETTER AUD [GRANT]
  brand.mjs sign-receipt KEY GRANT OUT
  brand.mjs verify-ledger-export EXPORT`;

const COMMANDS = {
  keygen: [1, 1, async (out) => {
    const jwk = await generateKey();
    writeText(out, `${JSON.stringify(jwk, null, 2)}\n`, 0o600);
    return { out, jwk: publicJwk(jwk), thumbprint: await jose.calculateJwkThumbprint(publicJwk(jwk), 'sha256') };
  }],
  'sign-request': [3, 3, async (key, spec, out) => {
    const { token, payload, thumbprint } = await signRequest(readJson(key, 'key'), readJson(spec, 'spec'));
    writeText(out, `${token}\n`);
    return { out, hash: tokenHash(token), thumbprint, payload };
  }],
  'verify-grant': [2, 3, async (grant, aud, request) => verifyGrant(
    readText(grant, 'grant'), aud, request === undefined ? undefined : readText(request, 'request'),
  )],
  'verify-revocation': [2, 3, async (file, aud, grant) => verifyRevocation(
    readText(file, 'revocation'), aud, grant === undefined ? undefined : readText(grant, 'grant'),
  )],
  'verify-letter': [2, 3, async (file, aud, grant) => verifyLetter(
    readText(file, 'letter'), aud, grant === undefined ? undefined : readText(grant, 'grant'),
  )],
  'verify-ledger-export': [1, 1, async (file) => verifyLedgerExport(readText(file, 'ledger export'))],
  'sign-receipt': [3, 3, async (key, grant, out) => {
    const { token, payload } = await signReceipt(readJson(key, 'key'), readText(grant, 'grant'));
    writeText(out, `${token}\n`);
    return { out, hash: tokenHash(token), payload };
  }],
};

export async function main(argv) {
  const [command, ...args] = argv;
  const entry = COMMANDS[command];
  if (!entry || args.length < entry[0] || args.length > entry[1]) {
    process.stderr.write(`${command && !entry ? `brand.mjs: unknown command ${command}\n` : ''}${USAGE}\n`);
    return 2;
  }
  try {
    const result = await entry[2](...args);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (e) {
    const r = e instanceof Refused ? e : fromJose(e);
    if (r.code === 'usage') {
      process.stderr.write(`brand.mjs: ${r.message}\n`);
      return 2;
    }
    process.stderr.write(`brand.mjs ${command}: refused [${r.code}]: ${r.message}\n`);
    return 1;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
