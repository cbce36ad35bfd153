import { createPublicKey, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };
}

/** A fresh RS256 key pair; the dev platform makes one per start (its launches are short-lived anyway). */
export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export function signRs256(payload: object, key: SigningKey): string {
  return jwt.sign(payload, key.privateKey, { algorithm: 'RS256', keyid: key.kid });
}

/** Verifies an RS256 JWT against a JWKS fetched from `jwksUrl` (the tool's /lti/keys). */
export async function verifyWithJwks(
  token: string,
  jwksUrl: string,
  options: jwt.VerifyOptions,
): Promise<jwt.JwtPayload> {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw new Error('not a JWT');
  const res = await fetch(jwksUrl);
  if (!res.ok) throw new Error(`JWKS ${jwksUrl} answered ${res.status}`);
  const { keys } = (await res.json()) as { keys: Array<JsonWebKey & { kid?: string }> };
  const jwk = keys.find((k) => k.kid === decoded.header.kid);
  if (!jwk) throw new Error(`no key ${decoded.header.kid} in ${jwksUrl}`);
  const payload = jwt.verify(token, createPublicKey({ key: jwk, format: 'jwk' }), {
    ...options,
    algorithms: ['RS256'],
  });
  if (typeof payload === 'string') throw new Error('JWT payload is not an object');
  return payload;
}
