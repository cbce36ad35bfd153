import { SCOPE } from '../../launch/index.js';
import { expect } from 'chai';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { LtiRegistration } from '../../tool/store/index.js';
import { testConfig } from '../support/config.js';
import { loginThroughDevPlatform, postLaunch, tokenFromAppRedirect } from '../support/lti.js';

describe('LTI Dynamic Registration with the dev platform', function () {
  this.timeout(60_000);
  let server: ToolServer | undefined;

  afterEach(async () => {
    await LtiRegistration.deleteMany({});
    await server?.close();
    server = undefined;
  });

  const register = (s: ToolServer, token: string) =>
    fetch(
      `${s.url}/lti/register?${new URLSearchParams({
        openid_configuration: `${s.launch.devPlatform!.state.issuer}/.well-known/openid-configuration`,
        registration_token: token,
      })}`,
    );

  it('is refused unless LTI_DYNAMIC_REGISTRATION is on', async () => {
    server = await startToolServer(await testConfig({ DEV_PLATFORM: '1' }), createLogger('silent'));
    const res = await register(server, server.launch.devPlatform!.state.issueRegistrationToken());
    expect(res.status).to.equal(403);
    expect(await res.text()).to.include('<code>registration_disabled</code>');
  });

  it('registers with the platform, stores the record and accepts launches from the new client', async () => {
    server = await startToolServer(
      await testConfig({ DEV_PLATFORM: '1', LTI_DYNAMIC_REGISTRATION: '1' }),
      createLogger('silent'),
    );
    const platform = server.launch.devPlatform!.state;
    const token = platform.issueRegistrationToken();
    const res = await register(server, token);
    const html = await res.text();
    expect(res.status, html).to.equal(200);
    expect(html).to.match(
      /<script nonce="[^"]+">\(window\.opener \|\| window\.parent\)\.postMessage\(\{ subject: 'org\.imsglobal\.lti\.close' \}/,
    );
    const [client] = [...platform.clients.values()];
    expect(client?.redirectUris).to.deep.equal([`${server.url}/lti/launch`]);
    const stored = await LtiRegistration.findOne({ issuer: platform.issuer, clientId: client!.clientId }).lean();
    expect(stored?.deploymentIds).to.deep.equal([client!.deploymentId]);
    expect(stored?.jwksEndpoint).to.equal(`${platform.issuer}/jwks`);

    const login = await loginThroughDevPlatform(server, {
      user: 'hiro.tanaka',
      link: 'seminar-1',
      client: client!.clientId,
    });
    const answer = await postLaunch(server, { id_token: login.idToken, state: login.state });
    expect(answer.status, answer.body).to.equal(303);
    expect(server.tokens.verify(tokenFromAppRedirect(answer.location)).name).to.equal('Hiro Tanaka');

    // The new client also reaches the platform's services (AGS/NRPS) with its own signed assertion.
    expect(await server.launch.accessToken(platform.issuer, client!.clientId, [SCOPE.score])).to.match(/^[\w-]{20,}$/);

    const reused = await register(server, token);
    expect(reused.status).to.equal(502);
    expect(await reused.text()).to.include('<code>registration_failed</code>');
  });
});
