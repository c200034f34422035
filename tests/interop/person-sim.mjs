// A stand-in for Tessera's person side, written from docs/formats/ with `jose`, so that the
// brand tool can be tested (and the examples in docs/formats/examples/ made) without Tessera.
// It builds grants and revocations the way docs/formats/grant.md and revocation.md say Tessera
// does, and checks receipts the way receipt.md says Tessera does. It is not Tessera: the
// cross-library test runs brand.mjs against the real thing.

import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import * as jose from 'jose';
import { GRANT_FORMAT, LETTER_FORMAT, RIGHTS, Refused, SHAPES, TYP, loadKey, signToken, tokenHash, now } from './brand.mjs';

export const DEFAULT_GRANT_SECONDS = 365 * 24 * 3600;

/** What Tessera writes for iat in grants and revocations: the time rounded down to its UTC day. */
export function dayOf(seconds) {
  return seconds - (((seconds % 86400) + 86400) % 86400);
}

/** A private Ed25519 JWK from a 32-byte seed (RFC 8032 private key). */
export function jwkFromSeed(seed) {
  if (seed.length !== 32) throw new Error('an Ed25519 seed is 32 bytes');
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const jwk = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d };
}

/** A stand-in for Tessera's per-brand grant key: any fixed key per (person, brand) does. */
export function personKeyFor(person, brand) {
  return jwkFromSeed(createHash('sha256').update(`${person}\n${brand}`).digest());
}

function decodeRequest(requestToken) {
  return jose.decodeJwt(requestToken.trim());
}

/**
 * The person approves `chosen` (an array of {field, form, value, provenance}) for a request:
 * a grant as grant.md describes. Options: at (iat, used as given: Tessera writes dayOf(time),
 * so give a whole day to build exactly what it builds), exp, jti.
 */
export async function makeGrant(personJwk, requestToken, chosen, options = {}) {
  const signer = await loadKey(personJwk);
  const request = decodeRequest(requestToken);
  const at = options.at ?? now();
  const granted = chosen.map((d) => d.field);
  const purposes = request.purposes.map((p) => ({
    id: p.id,
    accepted: request.fields.some((f) => granted.includes(f.name) && f.purposes.includes(p.id)),
  }));
  const accepted = purposes.filter((p) => p.accepted).map((p) => p.id);
  const claims = {
    v: GRANT_FORMAT,
    iss: signer.thumbprint,
    sub: signer.thumbprint,
    aud: request.iss,
    jti: options.jti ?? `grant-${randomUUID()}`,
    iat: at,
    exp: options.exp ?? at + DEFAULT_GRANT_SECONDS,
    request: { jti: request.jti, hash: tokenHash(requestToken) },
    disclosures: chosen.map(({ field, form, value, provenance }) => ({ field, form, value, provenance })),
    purposes,
    terms: options.terms ?? strictTerms(request, accepted),
    ...(options.extra ?? {}),
  };
  return { token: await signToken(signer, TYP.grant, claims), payload: claims };
}

/**
 * The terms Tessera writes under its default terms ("tessera-strict", as grant.md gives them):
 * each accepted purpose that shares or profiles is named as an exception.
 */
export function strictTerms(request, accepted = request.purposes.map((p) => p.id)) {
  const exceptions = request.purposes
    .filter((p) => accepted.includes(p.id) && (p.third_parties || p.profiling))
    .map((p) => ({ purpose: p.id, allows: [...(p.third_parties ? ['sharing'] : []), ...(p.profiling ? ['profiling'] : [])] }));
  return {
    agreement: 'tessera-strict',
    no_sale: true, no_sharing: true, no_profiling: true, no_inference: true, no_training: true,
    max_retention_days: null, erase_within_days: 30, contact: null,
    additions: [], forbidden_uses: request.never ?? [], exceptions,
  };
}

/** The person revokes a grant: a revocation as revocation.md describes. */
export async function makeRevocation(personJwk, grantToken, options = {}) {
  const signer = await loadKey(personJwk);
  const grant = jose.decodeJwt(grantToken.trim());
  const claims = {
    iss: signer.thumbprint,
    sub: signer.thumbprint,
    aud: grant.aud,
    jti: options.jti ?? `revocation-${randomUUID()}`,
    iat: options.at ?? now(),
    grant: { jti: grant.jti, hash: tokenHash(grantToken) },
    delete: true,
    ...(options.extra ?? {}),
  };
  return { token: await signToken(signer, TYP.revocation, claims), payload: claims };
}

/**
 * The person writes a letter to the brand of `grantTokens` (letter.md), signed with their key
 * for it: `right` one of RIGHTS; options: at (iat, used as given), replyBy, jti, fields,
 * purposes, corrections, extra.
 */
export async function makeLetter(personJwk, grantTokens, right, options = {}) {
  const signer = await loadKey(personJwk);
  const grants = grantTokens.map((t) => ({ jti: jose.decodeJwt(t.trim()).jti, hash: tokenHash(t) }));
  const at = options.at ?? now();
  const claims = {
    v: LETTER_FORMAT,
    iss: signer.thumbprint,
    sub: signer.thumbprint,
    aud: jose.decodeJwt(grantTokens[0].trim()).aud,
    jti: options.jti ?? `letter-${randomUUID()}`,
    iat: at,
    right,
    basis: RIGHTS[right],
    grants,
    fields: options.fields ?? [],
    purposes: options.purposes ?? [],
    corrections: options.corrections ?? [],
    reply_by: options.replyBy ?? at + 30 * 86400,
    ...(options.extra ?? {}),
  };
  return { token: await signToken(signer, TYP.letter, claims), payload: claims };
}

/**
 * What Tessera does with a receipt (receipt.md): verified under the brand key pinned from its
 * requests, never under the header's key alone, then bound to the grant.
 */
export async function checkReceipt(receiptToken, pinnedBrandJwk, grantToken, at = now()) {
  const token = receiptToken.trim();
  const header = jose.decodeProtectedHeader(token);
  if (header.alg !== 'EdDSA' && header.alg !== 'Ed25519') throw new Refused('bad_algorithm', `alg ${header.alg}`);
  if (header.typ !== TYP.receipt) throw new Refused('wrong_type', `typ ${header.typ}`);
  if (header.jwk?.x !== pinnedBrandJwk.x) throw new Refused('bad_signature', 'the receipt is not signed with the pinned brand key');
  let payload;
  try {
    ({ payload } = await jose.compactVerify(token, await jose.importJWK(pinnedBrandJwk, 'EdDSA'), { algorithms: ['EdDSA', 'Ed25519'] }));
  } catch {
    throw new Refused('bad_signature', 'the receipt does not verify under the pinned brand key');
  }
  const claims = JSON.parse(new TextDecoder().decode(payload));
  if (!Number.isSafeInteger(claims.iat)) throw new Refused('invalid_claims', 'iat');
  if (claims.iat > at + 120) throw new Refused('token_not_yet_valid', 'iat in the future');
  if (!SHAPES.receipt(claims, 'payload')) throw new Refused('invalid_claims', 'payload');
  const grant = jose.decodeJwt(grantToken.trim());
  if (claims.grant.hash !== tokenHash(grantToken) || claims.iss !== grant.aud || claims.aud !== grant.sub) {
    throw new Refused('receipt_mismatch', `this receipt is for grant ${claims.grant.jti}, which does not match`);
  }
  return claims;
}
