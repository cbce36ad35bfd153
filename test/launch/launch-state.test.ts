import { expect } from 'chai';
import { STATE_TTL_SECONDS, stateMatchesToken } from '../../launch/launch-state.js';
import type { LaunchStateRecord } from '../../launch/index.js';

const record: LaunchStateRecord = {
  state: 's1',
  nonce: 'n1',
  issuer: 'https://lms.test',
  clientId: 'client-a',
  loginHint: 'u1',
  targetLinkUri: 'https://tool.test/lti/launch',
  expiresAt: new Date(Date.now() + STATE_TTL_SECONDS * 1000),
};

describe('server-side launch state', () => {
  it('accepts a token from the issuer and client the login was for, carrying the login nonce', () => {
    expect(stateMatchesToken(record, { iss: 'https://lms.test', clientId: 'client-a', nonce: 'n1' })).to.equal(null);
  });
  it('refuses a token from another issuer or client id of the same issuer', () => {
    expect(stateMatchesToken(record, { iss: 'https://other.test', clientId: 'client-a', nonce: 'n1' })).to.equal(
      'state_mismatch',
    );
    expect(stateMatchesToken(record, { iss: 'https://lms.test', clientId: 'client-b', nonce: 'n1' })).to.equal(
      'state_mismatch',
    );
  });
  it('refuses a token that targets another link than the login did', () => {
    const token = { iss: 'https://lms.test', clientId: 'client-a', nonce: 'n1' };
    expect(stateMatchesToken(record, { ...token, targetLinkUri: 'https://evil.test/lti/launch' })).to.equal(
      'state_mismatch',
    );
    expect(stateMatchesToken(record, { ...token, targetLinkUri: record.targetLinkUri })).to.equal(null);
  });
  it('refuses a token whose nonce is not the one the login sent', () => {
    expect(stateMatchesToken(record, { iss: 'https://lms.test', clientId: 'client-a', nonce: 'n2' })).to.equal(
      'nonce_mismatch',
    );
  });
});
