import { expect } from 'chai';
import { useToolServer } from '../support/tool-server.js';
import { Enrollment } from '../../tool/store/index.js';
import { loginThroughDevPlatform, postLaunch, tokenFromAppRedirect } from '../support/lti.js';

describe('session token refresh', function () {
  this.timeout(60_000);
  const tool = useToolServer({ DEV_PLATFORM: '1' });

  async function launchToken(user: string): Promise<string> {
    const login = await loginThroughDevPlatform(tool.server, { user, link: 'seminar-1' });
    return tokenFromAppRedirect(
      (await postLaunch(tool.server, { id_token: login.idToken, state: login.state })).location,
    );
  }

  const refresh = (token?: string) =>
    fetch(`${tool.server.url}/api/v1/session/refresh`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  it('gives a fresh token with the same claims and a later expiry', async () => {
    const token = await launchToken('farid.haddad');
    const before = tool.server.tokens.verify(token);
    await new Promise((r) => setTimeout(r, 1100));
    const res = await refresh(token);
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { token: string; expires_at: string };
    const after = tool.server.tokens.verify(body.token);
    expect(after).to.include({ sub: before.sub, course: before.course, seminar: before.seminar, role: 'learner' });
    expect(after.exp).to.be.greaterThan(before.exp);
    expect(Date.parse(body.expires_at)).to.equal(after.exp * 1000);
  });

  it('logs out a user whose enrolment was dropped or whose role changed', async () => {
    const token = await launchToken('grace.yoon');
    const { sub, course } = tool.server.tokens.verify(token);
    await Enrollment.updateOne({ user: sub, course }, { $set: { role: 'observer' } });
    const changed = await refresh(token);
    expect(changed.status).to.equal(401);
    expect(((await changed.json()) as { error: { details: { reason: string } } }).error.details.reason).to.equal(
      'role_lost',
    );
    await Enrollment.updateOne({ user: sub, course }, { $set: { role: 'learner', status: 'dropped' } });
    expect((await refresh(token)).status).to.equal(401);
  });

  it('refuses a request without a valid token', async () => {
    expect((await refresh()).status).to.equal(401);
    expect((await refresh('not-a-token')).status).to.equal(401);
  });
});
