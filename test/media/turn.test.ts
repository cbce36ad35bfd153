import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { iceServersFor, turnCredentials } from '../../media/turn.js';

describe('TURN credentials', () => {
  it('follow the coturn REST scheme: <expiry>:<user> signed with HMAC-SHA1 of the shared secret', () => {
    const now = Date.UTC(2026, 0, 1);
    const { username, credential } = turnCredentials('s3cret-s3cret-s3cret', 'user-1', 600, now);
    expect(username).to.equal(`${now / 1000 + 600}:user-1`);
    expect(credential).to.equal(createHmac('sha1', 's3cret-s3cret-s3cret').update(username).digest('base64'));
  });

  it('gives no ICE servers when TURN is not configured', () => {
    expect(iceServersFor({ urls: [], secret: undefined, ttlSeconds: 60 }, 'u')).to.deep.equal([]);
    expect(iceServersFor({ urls: ['turn:t:3478'], secret: 'x'.repeat(16), ttlSeconds: 60 }, 'u')).to.have.length(1);
  });
});
