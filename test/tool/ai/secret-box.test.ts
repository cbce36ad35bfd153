import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { openSecret, sealSecret, SecretBoxError } from '../../../tool/ai/index.js';

const key = randomBytes(32).toString('hex');

describe('secret box (AES-256-GCM)', () => {
  it('round-trips a key and never stores it in the clear', () => {
    const sealed = sealSecret('sk-live-abcdefghijklmnop', key);
    expect(JSON.stringify(sealed)).not.to.include('abcdefghijklmnop');
    expect(Buffer.from(sealed.iv, 'base64')).to.have.length(12);
    expect(openSecret(sealed, key)).to.equal('sk-live-abcdefghijklmnop');
  });

  it('uses a fresh IV per seal', () => {
    expect(sealSecret('same', key).iv).not.to.equal(sealSecret('same', key).iv);
  });

  it('refuses a wrong key and tampered data', () => {
    const sealed = sealSecret('sk-secret', key);
    expect(() => openSecret(sealed, randomBytes(32).toString('hex'))).to.throw(SecretBoxError);
    const data = Buffer.from(sealed.data, 'base64');
    data[0]! ^= 1;
    expect(() => openSecret({ ...sealed, data: data.toString('base64') }, key)).to.throw(SecretBoxError);
  });

  it('refuses a key that is not 32 bytes of hex', () => {
    expect(() => sealSecret('x', 'abcd')).to.throw(SecretBoxError, /32 bytes/);
  });
});
