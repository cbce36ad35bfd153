import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** An API key at rest: AES-256-GCM with a fresh 12-byte IV per seal; all parts base64. */
export interface SealedSecret {
  iv: string;
  tag: string;
  data: string;
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

function keyBytes(hexKey: string): Buffer {
  const key = Buffer.from(hexKey, 'hex');
  if (key.length !== 32 || !/^[0-9a-fA-F]{64}$/.test(hexKey)) {
    throw new SecretBoxError('the encryption key must be 32 bytes as 64 hex characters');
  }
  return key;
}

export function sealSecret(plain: string, hexKey: string): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(hexKey), iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Throws SecretBoxError when the key is wrong or the sealed value was tampered with (GCM tag check). */
export function openSecret(sealed: SealedSecret, hexKey: string): string {
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(hexKey), Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('cannot decrypt: wrong key or tampered data');
  }
}
