import { expect } from 'chai';
import { LaunchError, failureFromLtijs } from '../../launch/errors.js';

describe('launch failures', () => {
  it('classifies what ltijs and jsonwebtoken report', () => {
    expect(failureFromLtijs('invalid signature')).to.equal('bad_signature');
    expect(failureFromLtijs('jwt expired')).to.equal('expired');
    expect(failureFromLtijs('TOKEN_TOO_OLD')).to.equal('expired');
    expect(failureFromLtijs('NONCE_ALREADY_RECEIVED')).to.equal('replayed');
    expect(failureFromLtijs('NO_MESSAGE_TYPE_CLAIM')).to.equal('wrong_message_type');
    expect(failureFromLtijs('NO_ROLES_CLAIM')).to.equal('missing_claims');
    expect(failureFromLtijs('UNREGISTERED_PLATFORM')).to.equal('unknown_platform');
    expect(failureFromLtijs('connect ECONNREFUSED 127.0.0.1:9')).to.equal('platform_unreachable');
    expect(failureFromLtijs('something new')).to.equal('invalid_token');
  });
  it('gives registration problems 403, token problems 401 and malformed launches 400', () => {
    expect(new LaunchError('unknown_deployment').status).to.equal(403);
    expect(new LaunchError('replayed').status).to.equal(401);
    expect(new LaunchError('missing_claims').status).to.equal(400);
    expect(new LaunchError('unknown_deployment').advice).to.match(/deployment id/);
  });
});
