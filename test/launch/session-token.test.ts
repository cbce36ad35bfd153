import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { SessionTokenError, SessionTokens } from '../../launch/index.js';
import { claims } from '../support/tokens.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters!';

describe('session tokens', () => {
  const tokens = new SessionTokens(SECRET, 7200);

  it('round-trips the DESIGN.md §4 claims with a 2 h expiry', () => {
    const c = claims({ role: 'instructor', name: '김교수' });
    const verified = tokens.verify(tokens.mint(c));
    expect(verified).to.include(c);
    expect(verified.exp - verified.iat).to.equal(7200);
  });

  it('refuses a token signed with another secret', () => {
    const forged = new SessionTokens('another-secret-of-at-least-32-characters', 7200).mint(claims());
    expect(() => tokens.verify(forged))
      .to.throw(SessionTokenError)
      .with.property('reason', 'invalid');
  });

  it('reports an expired token as expired', () => {
    const expired = jwt.sign({ ...claims(), sub: undefined, exp: Math.floor(Date.now() / 1000) - 10 }, SECRET, {
      algorithm: 'HS256',
      subject: 'u1',
      issuer: 'eduforum-live',
      audience: 'eduforum-app',
    });
    expect(() => tokens.verify(expired))
      .to.throw(SessionTokenError)
      .with.property('reason', 'expired');
  });

  it('refuses the none algorithm and tokens without the required claims', () => {
    const unsigned = jwt.sign(claims(), '', { algorithm: 'none' } as jwt.SignOptions);
    expect(() => tokens.verify(unsigned)).to.throw(SessionTokenError);
    const partial = jwt.sign({ role: 'instructor' }, SECRET, {
      algorithm: 'HS256',
      subject: 'u1',
      issuer: 'eduforum-live',
      audience: 'eduforum-app',
    });
    expect(() => tokens.verify(partial)).to.throw(SessionTokenError, /claims/);
  });

  it('refuses a role outside the four tool roles when minting', () => {
    expect(() => tokens.mint(claims({ role: 'admin' as never }))).to.throw();
  });
});
