import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'chai';
import request from 'supertest';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { TranscriptSegment } from '../../tool/store/index.js';
import { testConfig } from '../support/config.js';
import { FakeOpenAi } from '../support/fake-openai.js';
import { loginThroughDevPlatform, postLaunch, tokenFromAppRedirect } from '../support/lti.js';

const SECRETS = {
  SESSION_SECRET: `session-${randomBytes(24).toString('hex')}`,
  LTI_ENCRYPTION_KEY: `lti-${randomBytes(24).toString('hex')}`,
  AI_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  OPENAI_API_KEY: `sk-deploy-${randomBytes(16).toString('hex')}`,
};
// The only key the fake provider accepts; the deployment key above is refused, so the course key is the one in use.
const COURSE_KEY = 'sk-test-valid';

const registration = (host: string, clientId: string) => ({
  name: host,
  issuer: `https://${host}`,
  clientId,
  deploymentIds: ['1'],
  authenticationEndpoint: `https://${host}/auth`,
  accessTokenEndpoint: `https://${host}/token`,
  jwksEndpoint: `https://${host}/jwks`,
});

function frameAncestors(csp: string | undefined): string[] {
  const directive = (csp ?? '').split(';').find((d) => d.trim().startsWith('frame-ancestors'));
  return directive ? directive.trim().split(/\s+/).slice(1).sort() : [];
}

describe('security: logs keep no secrets; CSP frames only registered LMS origins', function () {
  this.timeout(60_000);
  let server: ToolServer;
  let fake: FakeOpenAi;
  let dir: string;
  let logs = '';

  before(async () => {
    fake = await FakeOpenAi.start();
    dir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-regs-'));
    await writeFile(path.join(dir, 'moodle.json'), JSON.stringify(registration('moodle.example.edu', 'm1')));
    await writeFile(path.join(dir, 'canvas.json'), JSON.stringify(registration('canvas.example.com', 'c1')));
    await writeFile(path.join(dir, 'ignored.example.json'), JSON.stringify(registration('evil.example.net', 'x')));
    const sink = new PassThrough();
    sink.on('data', (d: Buffer) => (logs += d.toString()));
    const config = await testConfig({
      ...SECRETS,
      OPENAI_BASE_URL: fake.url,
      OPENAI_RETRY_BASE_MS: '10',
      DEV_PLATFORM: '1',
      LTI_REGISTRATIONS_DIR: dir,
    });
    server = await startToolServer(config, createLogger('trace', sink));
  });
  after(async () => {
    await server?.close();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('logs a launch, rejected tokens, a key change and an AI call at trace level without any secret or token', async () => {
    const login = await loginThroughDevPlatform(server, { user: 'ada.kim', link: 'seminar-1' });
    const launched = await postLaunch(server, { id_token: login.idToken, state: login.state });
    expect(launched.status, launched.body).to.equal(303);
    const token = tokenFromAppRedirect(launched.location);
    const session = server.tokens.verify(token);
    const auth = { Authorization: `Bearer ${token}` };

    const now = Date.now();
    await TranscriptSegment.create({
      seminar: session.seminar,
      course: session.course,
      startAt: new Date(now - 20_000),
      endAt: new Date(now - 10_000),
      text: 'Gradient descent moves against the gradient. Does that make sense?',
    });
    const keyed = await request(server.url).put('/api/v1/ai/credentials').set(auth).send({ api_key: COURSE_KEY });
    expect(keyed.status, JSON.stringify(keyed.body)).to.equal(200);
    const quiz = await request(server.url)
      .post(`/api/v1/sessions/${session.seminar}/ai/checkpoint-quiz`)
      .set(auth)
      .send({});
    expect(quiz.status, JSON.stringify(quiz.body)).to.be.below(300);
    expect(fake.requests.length).to.be.greaterThan(0);
    await request(server.url).get(`/api/v1/sessions/${session.seminar}`).set('Authorization', `Bearer ${token}x`);
    await request(server.url).get(`/api/v1/sessions/${session.seminar}?token=${token}`);

    await new Promise((r) => setTimeout(r, 200));
    expect(logs).to.include('request completed');
    const leaks = Object.entries({ ...SECRETS, COURSE_KEY, token, id_token: login.idToken, state: login.state })
      .filter(([, value]) => logs.includes(value))
      .map(([name]) => name);
    expect(leaks).to.deep.equal([]);
  });

  it('sets frame-ancestors and form-action to exactly the registered LMS origins on every kind of response', async () => {
    const expected = [
      "'self'",
      'https://canvas.example.com',
      'https://moodle.example.edu',
      new URL(server.url).origin,
    ].sort();
    expect(server.launch.lmsOrigins().sort()).to.deep.equal(expected.filter((o) => o !== "'self'").sort());
    for (const url of ['/app/', '/health', '/api/v1/sessions/x', '/lti/launch', '/no-such-page']) {
      const res = await request(server.url).get(url);
      const csp = String(res.headers['content-security-policy']);
      expect(frameAncestors(csp), url).to.deep.equal(expected);
      const formAction = csp.split(';').find((d: string) => d.trim().startsWith('form-action'))!;
      expect(formAction.trim().split(/\s+/).slice(1).sort(), url).to.deep.equal(expected);
      expect(csp, url).to.not.include('evil.example.net');
      expect(res.headers['x-frame-options'], url).to.equal(undefined);
      expect(csp, url).to.match(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
      expect(csp, url).to.include("object-src 'none'");
    }
  });
});
