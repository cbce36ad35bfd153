import { expect } from 'chai';
import { useToolServer } from '../support/tool-server.js';
import jwt from 'jsonwebtoken';
import { io as connect } from 'socket.io-client';
import request from 'supertest';
import { claims } from '../support/tokens.js';
import { seedSeminar } from '../tool/live/helpers.js';

const SECRET = 'security-session-secret-that-is-long-enough-42';

/** A token built by hand, as an attacker would, around otherwise valid claims of a real seminar. */
function craft(
  payload: Record<string, unknown>,
  how: { secret?: string; algorithm?: jwt.Algorithm; expiresIn?: number; issuer?: string; audience?: string },
): string {
  const { sub, ...rest } = payload;
  return jwt.sign(rest, how.secret ?? SECRET, {
    algorithm: how.algorithm ?? 'HS256',
    subject: String(sub),
    expiresIn: how.expiresIn ?? 3600,
    issuer: how.issuer ?? 'eduforum-live',
    audience: how.audience ?? 'eduforum-app',
  });
}

function unsigned(payload: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...payload, iss: 'eduforum-live', aud: 'eduforum-app', iat: now, exp: now + 3600 })}.`;
}

function socketRefusal(url: string, token: string): Promise<{ code?: string; reason?: string } | 'connected'> {
  return new Promise((resolve) => {
    const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (err: Error & { data?: { code?: string; reason?: string } }) => {
      socket.disconnect();
      resolve(err.data ?? {});
    });
  });
}

describe('security: session tokens on REST and socket.io', function () {
  this.timeout(30_000);
  const tool = useToolServer({ SESSION_SECRET: SECRET });

  it('refuses forged, expired, wrong-algorithm, unsigned and foreign-audience tokens with 401 and connect_error', async () => {
    const where = await seedSeminar();
    const c = claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId });
    const valid = tool.server.tokens.mint(c);
    const bad: Record<string, string> = {
      forged: craft(c, { secret: 'another-secret-that-is-also-long-enough-000' }),
      expired: craft(c, { expiresIn: -10 }),
      'wrong alg HS512': craft(c, { algorithm: 'HS512' }),
      'none alg': unsigned({ ...c }),
      'other issuer': craft(c, { issuer: 'someone-else' }),
      'other audience': craft(c, { audience: 'another-app' }),
      'tampered role': `${valid.split('.')[0]}.${Buffer.from(JSON.stringify({ ...(jwt.decode(valid) as object), role: 'instructor', sub: 'x' })).toString('base64url')}.${valid.split('.')[2]}`,
      garbage: 'not-a-jwt',
    };
    const path = `/api/v1/sessions/${where.seminarId}/start`;
    expect(
      (
        await request(tool.server.url)
          .get(`/api/v1/sessions/${where.seminarId}`)
          .set('Authorization', `Bearer ${valid}`)
      ).status,
    ).to.equal(200);
    expect(await socketRefusal(tool.server.url, valid)).to.equal('connected');
    for (const [kind, token] of Object.entries(bad)) {
      const res = await request(tool.server.url).post(path).set('Authorization', `Bearer ${token}`);
      expect(res.status, kind).to.equal(401);
      expect(res.body.error.code, kind).to.equal('UNAUTHORIZED');
      expect(res.body.error.details.reason, kind).to.equal(kind === 'expired' ? 'expired' : 'invalid');
      const refusal = await socketRefusal(tool.server.url, token);
      expect(refusal, kind).to.deep.equal({ code: 'UNAUTHORIZED', reason: kind === 'expired' ? 'expired' : 'invalid' });
    }
    const status = await request(tool.server.url)
      .get(`/api/v1/sessions/${where.seminarId}`)
      .set('Authorization', `Bearer ${valid}`);
    expect(status.body.status).to.equal('live');
  });

  it('never takes the session token from a cookie or the query string', async () => {
    const where = await seedSeminar();
    const valid = tool.server.tokens.mint(claims({ course: where.courseId, seminar: where.seminarId }));
    const url = `/api/v1/sessions/${where.seminarId}`;
    expect((await request(tool.server.url).get(`${url}?token=${valid}`)).status).to.equal(401);
    expect((await request(tool.server.url).get(url).set('Cookie', `token=${valid}; session=${valid}`)).status).to.equal(
      401,
    );
  });
});
