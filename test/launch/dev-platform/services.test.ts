import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { MEDIA_TYPE, SCOPE } from '../../../launch/index.js';
import { DEV_CLIENT_ID, generateSigningKey } from '../../../launch/dev-platform/index.js';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import { testConfig } from '../../support/config.js';

describe('dev platform services (OAuth 2, NRPS 2.0, AGS 2.0)', function () {
  this.timeout(60_000);
  let server: ToolServer;
  const platform = () => server.launch.devPlatform!.state;
  const token = (scopes: string[]) => server.launch.accessToken(platform().issuer, DEV_CLIENT_ID, scopes);
  const api = (path: string) => platform().contextUrl(path);

  before(async () => {
    server = await startToolServer(await testConfig({ DEV_PLATFORM: '1' }), createLogger('silent'));
  });
  after(async () => {
    await server?.close();
  });

  describe('token endpoint', () => {
    const post = (form: Record<string, string>) =>
      fetch(`${platform().issuer}/token`, { method: 'POST', body: new URLSearchParams(form) });
    const assertion = (key = generateSigningKey(), claims: Record<string, unknown> = {}) =>
      jwt.sign(
        { iss: DEV_CLIENT_ID, sub: DEV_CLIENT_ID, aud: `${platform().issuer}/token`, jti: 'j1', ...claims },
        key.privateKey,
        {
          algorithm: 'RS256',
          keyid: key.kid,
          expiresIn: 60,
        },
      );

    it('grants a bearer token to the tool signing with the key of its JWKS', async () => {
      expect(await token([SCOPE.nrps])).to.match(/^[\w-]{20,}$/);
    });

    it('refuses an assertion signed by a key the tool does not publish', async () => {
      const res = await post({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion(),
        scope: SCOPE.score,
      });
      expect(res.status).to.equal(401);
      expect(await res.json()).to.include({ error: 'invalid_client' });
    });

    it('refuses unknown scopes and other grant types', async () => {
      const base = {
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion(),
      };
      const scope = await post({ ...base, grant_type: 'client_credentials', scope: 'https://evil.test/scope/all' });
      expect(scope.status).to.equal(400);
      expect(await scope.json()).to.include({ error: 'invalid_scope' });
      const grant = await post({ ...base, grant_type: 'password', scope: SCOPE.score });
      expect(await grant.json()).to.include({ error: 'unsupported_grant_type' });
    });
  });

  it('pages NRPS memberships with Link headers and the NRPS media type', async () => {
    const bearer = { authorization: `Bearer ${await token([SCOPE.nrps])}`, accept: MEDIA_TYPE.membershipContainer };
    let next: string | undefined = `${api('/memberships')}?limit=3`;
    const members: Array<{ user_id: string; roles: string[]; status: string }> = [];
    let pages = 0;
    while (next) {
      const res: Response = await fetch(next, { headers: bearer });
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.include(MEDIA_TYPE.membershipContainer);
      const body = (await res.json()) as { context: { id: string }; members: typeof members };
      expect(body.context.id).to.equal('demo-course-101');
      members.push(...body.members);
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
      pages++;
    }
    expect(pages).to.equal(3);
    expect(members).to.have.length(8);
    expect(members.filter((m) => m.roles.some((r) => r.endsWith('#Learner')))).to.have.length(6);
    const learners = await fetch(`${api('/memberships')}?role=Learner`, { headers: bearer });
    expect(((await learners.json()) as { members: unknown[] }).members).to.have.length(6);
  });

  it('refuses NRPS with a token lacking its scope, and without a token', async () => {
    const scoreOnly = await token([SCOPE.score]);
    expect((await fetch(api('/memberships'), { headers: { authorization: `Bearer ${scoreOnly}` } })).status).to.equal(
      403,
    );
    expect((await fetch(api('/memberships'))).status).to.equal(401);
  });

  it('creates line items, takes scores for learners and shows them in results and the gradebook', async () => {
    const access = await token([SCOPE.lineItem, SCOPE.score, SCOPE.resultReadonly]);
    const auth = { authorization: `Bearer ${access}` };
    const created = await fetch(api('/line_items'), {
      method: 'POST',
      headers: { ...auth, 'content-type': MEDIA_TYPE.lineItem },
      body: JSON.stringify({ label: 'Quiz 1', scoreMaximum: 20, resourceLinkId: 'seminar-1', tag: 'quiz' }),
    });
    expect(created.status).to.equal(201);
    expect(created.headers.get('content-type')).to.include(MEDIA_TYPE.lineItem);
    const lineItem = (await created.json()) as { id: string; label: string };
    expect(lineItem.id).to.match(/\/line_items\/\d+$/);

    const listed = await fetch(`${api('/line_items')}?tag=quiz`, { headers: auth });
    expect(listed.headers.get('content-type')).to.include(MEDIA_TYPE.lineItemContainer);
    expect(((await listed.json()) as Array<{ id: string }>).map((li) => li.id)).to.deep.equal([lineItem.id]);

    const score = (body: Record<string, unknown>) =>
      fetch(`${lineItem.id}/scores`, {
        method: 'POST',
        headers: { ...auth, 'content-type': MEDIA_TYPE.score },
        body: JSON.stringify({
          timestamp: new Date().toISOString(),
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          ...body,
        }),
      });
    expect((await score({ userId: 'chloe.lee', scoreGiven: 17, scoreMaximum: 20 })).status).to.equal(204);
    expect((await score({ userId: 'ada.kim', scoreGiven: 1, scoreMaximum: 20 })).status).to.equal(404);
    expect((await score({ userId: 'chloe.lee', scoreGiven: 21, scoreMaximum: 20 })).status).to.equal(400);
    expect((await score({ userId: 'chloe.lee', scoreGiven: 5, timestamp: undefined })).status).to.equal(400);

    const results = await fetch(`${lineItem.id}/results`, { headers: auth });
    expect(results.headers.get('content-type')).to.include(MEDIA_TYPE.resultContainer);
    expect(await results.json()).to.deep.equal([
      {
        id: `${lineItem.id}/results/chloe.lee`,
        scoreOf: lineItem.id,
        userId: 'chloe.lee',
        resultScore: 17,
        resultMaximum: 20,
      },
    ]);
    const gradebook = await (await fetch(`${platform().issuer}/gradebook`)).text();
    expect(gradebook)
      .to.match(/Quiz 1/)
      .and.match(/data-testid="score-\d+-chloe\.lee">17 <small>FullyGraded/);
  });
});
