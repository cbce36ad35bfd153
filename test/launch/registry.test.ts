import http from 'node:http';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { CLAIM } from '../../launch/index.js';
import { generateSigningKey, type SigningKey } from '../../launch/dev-platform/index.js';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { testConfig } from '../support/config.js';
import { postLaunch, tokenFromAppRedirect } from '../support/lti.js';

/** An external LMS reduced to what the tool talks to server-side: its JWKS, on a real local HTTP server. */
async function startJwksServer(key: SigningKey): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [key.jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Re-adding a platform makes a 4096-bit tool key, which takes seconds on a busy machine. */
async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('registrations from LTI_REGISTRATIONS_DIR', function () {
  this.timeout(60_000);
  const issuer = 'https://lms.external.test';
  const key = generateSigningKey();
  let dir: string;
  let jwks: { url: string; close(): Promise<void> };
  let server: ToolServer;

  const registration = () => ({
    name: 'External LMS',
    issuer,
    clientId: 'external-client',
    deploymentIds: ['dep-1', 'dep-2'],
    authenticationEndpoint: `${jwks.url}/auth`,
    accessTokenEndpoint: `${jwks.url}/token`,
    jwksEndpoint: `${jwks.url}/jwks`,
  });

  const login = () =>
    fetch(
      `${server.url}/lti/login?${new URLSearchParams({
        iss: issuer,
        client_id: 'external-client',
        login_hint: 'ext-user',
        target_link_uri: `${server.url}/lti/launch`,
      })}`,
      { redirect: 'manual' },
    );

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-regs-'));
    jwks = await startJwksServer(key);
    await writeFile(path.join(dir, 'external.json'), JSON.stringify(registration()));
    await writeFile(path.join(dir, 'broken.json'), JSON.stringify({ ...registration(), clientId: 7 }));
    server = await startToolServer(await testConfig({ LTI_REGISTRATIONS_DIR: dir }), createLogger('silent'));
  });
  after(async () => {
    await server?.close();
    await jwks?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('launches from a platform registered by dropping one JSON file, next to a bad file', async () => {
    const res = await login();
    expect(res.status).to.equal(302);
    const auth = new URL(res.headers.get('location')!);
    expect(auth.origin + auth.pathname).to.equal(`${jwks.url}/auth`);
    expect(auth.searchParams.get('client_id')).to.equal('external-client');
    expect(auth.searchParams.get('redirect_uri')).to.equal(`${server.url}/lti/launch`);
    const now = Math.floor(Date.now() / 1000);
    const idToken = jwt.sign(
      {
        iss: issuer,
        aud: 'external-client',
        sub: 'ext-user',
        nonce: auth.searchParams.get('nonce'),
        iat: now,
        exp: now + 60,
        name: 'Kim Minji',
        [CLAIM.messageType]: 'LtiResourceLinkRequest',
        [CLAIM.version]: '1.3.0',
        [CLAIM.deploymentId]: 'dep-2',
        [CLAIM.targetLinkUri]: `${server.url}/lti/launch`,
        [CLAIM.resourceLink]: { id: 'rl-9', title: 'Seminar 9' },
        [CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
        [CLAIM.context]: { id: 'ctx-9', title: 'Course 9' },
      },
      key.privateKey,
      { algorithm: 'RS256', keyid: key.kid },
    );
    const answer = await postLaunch(server, { id_token: idToken, state: auth.searchParams.get('state')! });
    expect(answer.status, answer.body).to.equal(303);
    const session = server.tokens.verify(tokenFromAppRedirect(answer.location));
    expect(session).to.include({ role: 'instructor', name: 'Kim Minji', platform: issuer });
  });

  it('accepts the login initiation as a form post too (Canvas posts it)', async () => {
    const res = await fetch(`${server.url}/lti/login`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({
        iss: issuer,
        client_id: 'external-client',
        login_hint: 'ext-user',
        target_link_uri: `${server.url}/lti/launch`,
        lti_deployment_id: 'dep-1',
      }),
    });
    expect(res.status).to.equal(302);
    expect(new URL(res.headers.get('location')!).searchParams.get('lti_deployment_id')).to.equal('dep-1');
  });

  it('refuses a login for a deployment the registration does not list', async () => {
    const res = await fetch(
      `${server.url}/lti/login?${new URLSearchParams({
        iss: issuer,
        client_id: 'external-client',
        login_hint: 'ext-user',
        target_link_uri: `${server.url}/lti/launch`,
        lti_deployment_id: 'dep-unknown',
      })}`,
      { redirect: 'manual', headers: { accept: 'application/json' } },
    );
    expect(res.status).to.equal(403);
    const body = (await res.json()) as { error: { details: Record<string, string> } };
    expect(body.error.details).to.include({ reason: 'unknown_deployment', deploymentId: 'dep-unknown', issuer });
  });

  it('lets the registered platform frame the tool', async () => {
    const csp = (await fetch(`${server.url}/health`)).headers.get('content-security-policy') ?? '';
    const frameAncestors = /frame-ancestors ([^;]*)/.exec(csp)?.[1]?.split(' ');
    expect(frameAncestors).to.include.members(["'self'", issuer, jwks.url]);
  });

  it('drops a platform whose file is removed when SIGHUP reloads the folder', async () => {
    await unlink(path.join(dir, 'external.json'));
    process.emit('SIGHUP', 'SIGHUP');
    await until(async () => (await login()).status === 403);
    await writeFile(path.join(dir, 'external.json'), JSON.stringify(registration()));
    process.emit('SIGHUP', 'SIGHUP');
    await until(async () => (await login()).status === 302);
  });
});
