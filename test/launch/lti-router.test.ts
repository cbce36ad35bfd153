import { expect } from 'chai';
import { useToolServer } from '../support/tool-server.js';
import jwt from 'jsonwebtoken';
import { CLAIM, type SessionClaims } from '../../launch/index.js';
import { generateSigningKey } from '../../launch/dev-platform/index.js';
import { Course, Enrollment, Seminar, User } from '../../tool/store/index.js';
import {
  launchAs as launchThroughDevPlatform,
  waitFor,
  formFields,
  loginThroughDevPlatform,
  postLaunch,
  tokenFromAppRedirect,
  type AuthAnswer,
} from '../support/lti.js';

describe('LTI 1.3 launch against the dev platform', function () {
  this.timeout(60_000);
  const tool = useToolServer({ DEV_PLATFORM: '1' });

  const platform = () => tool.server.launch.devPlatform!.state;

  /** A launch of `user` whose id_token claims are changed by `tamper` and signed by the platform key. */
  async function tamperedLaunch(
    tamper: (claims: Record<string, unknown>, login: AuthAnswer) => void,
    accept?: string,
    key = platform().key,
  ) {
    const login = await loginThroughDevPlatform(tool.server, { user: 'chloe.lee', link: 'seminar-1' });
    const claims = platform().launchClaims(platform().user('chloe.lee')!, login.nonce, {
      link: platform().link('seminar-1'),
    });
    tamper(claims, login);
    return postLaunch(tool.server, { id_token: platform().sign(claims, key), state: login.state }, accept);
  }

  async function launchAs(user: string, link = 'seminar-1'): Promise<SessionClaims> {
    const login = await loginThroughDevPlatform(tool.server, { user, link });
    const answer = await postLaunch(tool.server, { id_token: login.idToken, state: login.state });
    expect(answer.status, answer.body).to.equal(303);
    return tool.server.tokens.verify(tokenFromAppRedirect(answer.location));
  }

  it('lands each role in /app/ with a session token naming the person and their tool role', async () => {
    const instructor = await launchAs('ada.kim');
    const ta = await launchAs('ben.park');
    const student = await launchAs('chloe.lee');
    expect([instructor.role, ta.role, student.role]).to.deep.equal(['instructor', 'ta', 'learner']);
    expect(student.name).to.equal('Chloe Lee');
    expect(student.platform).to.equal(platform().issuer);
    expect(new Set([instructor.seminar, ta.seminar, student.seminar]).size).to.equal(1);
    expect(new Set([instructor.course, ta.course, student.course]).size).to.equal(1);
  });

  it('upserts the course, user, enrolment and the seminar of the resource link once', async () => {
    const first = await launchAs('daniel.choi');
    const again = await launchAs('daniel.choi');
    expect(again).to.include({ sub: first.sub, course: first.course, seminar: first.seminar });
    const course = await Course.findById(first.course).lean();
    expect(course).to.include({
      issuer: platform().issuer,
      contextId: 'demo-course-101',
      clientId: 'eduforum-dev-tool',
    });
    expect(course?.membershipsUrl).to.match(/\/memberships$/);
    expect(await User.countDocuments({ issuer: platform().issuer, sub: 'daniel.choi' })).to.equal(1);
    const user = await User.findById(first.sub).lean();
    expect(user).to.include({ name: 'Daniel Choi', email: 'daniel.choi@dev-lms.test' });
    const enrollments = await Enrollment.find({ course: first.course, user: first.sub }).lean();
    expect(enrollments.map((e) => [e.role, e.status, e.source])).to.deep.equal([['learner', 'active', 'launch']]);
    const seminar = await Seminar.findById(first.seminar).lean();
    expect(seminar).to.include({ resourceLinkId: 'seminar-1', title: 'Week 1 live seminar', status: 'WAITING' });
    expect(seminar?.platformLineItem).to.match(/\/line_items\/1$/);
    const other = await launchAs('daniel.choi', 'seminar-2');
    expect(other.seminar).to.not.equal(first.seminar);
  });

  it('publishes the tool JWKS and lets the registered LMS origin frame the tool', async () => {
    const keys = (await (await fetch(`${tool.server.url}/lti/keys`)).json()) as {
      keys: Array<{ kid: string; kty: string }>;
    };
    expect(keys.keys.length).to.be.greaterThan(0);
    expect(keys.keys[0]!.kty).to.equal('RSA');
    const res = await fetch(`${tool.server.url}/health`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.match(new RegExp(`frame-ancestors 'self' [^;]*${new URL(platform().issuer).origin}`));
  });

  describe('refusals, as a page for people and the envelope for API callers', () => {
    function expectPage(answer: { status: number; contentType: string; body: string }, status: number, reason: string) {
      expect(answer.status, answer.body).to.equal(status);
      expect(answer.contentType).to.match(/text\/html/);
      expect(answer.body).to.include(`<code>${reason}</code>`);
      expect(answer.body).to.not.match(/\bat [\w.<>]+ \(|node_modules/);
    }

    it('refuses a bad signature', async () => {
      const impostor = { ...generateSigningKey(), kid: platform().key.kid };
      expectPage(await tamperedLaunch(() => undefined, undefined, impostor), 401, 'bad_signature');
    });

    it('refuses a token for another audience', async () => {
      const answer = await tamperedLaunch((c) => {
        c.aud = 'someone-else';
        c.azp = 'someone-else';
      });
      expectPage(answer, 403, 'wrong_audience');
    });

    it('refuses an unknown deployment and tells the administrator which one to register', async () => {
      const answer = await tamperedLaunch((c) => {
        c[CLAIM.deploymentId] = 'deployment-nobody-registered';
      });
      expectPage(answer, 403, 'unknown_deployment');
      expect(answer.body).to.include('deployment-nobody-registered').and.include(platform().issuer);
    });

    it('refuses an expired token', async () => {
      const now = Math.floor(Date.now() / 1000);
      expectPage(
        await tamperedLaunch((c) => {
          c.iat = now - 600;
          c.exp = now - 300;
        }),
        401,
        'expired',
      );
    });

    it('refuses a replayed id_token (nonce already used) even with a fresh state', async () => {
      const first = await loginThroughDevPlatform(tool.server, { user: 'eunji.jung', link: 'seminar-1' });
      expect((await postLaunch(tool.server, { id_token: first.idToken, state: first.state })).status).to.equal(303);
      const second = await loginThroughDevPlatform(tool.server, { user: 'eunji.jung', link: 'seminar-1' });
      expectPage(await postLaunch(tool.server, { id_token: first.idToken, state: second.state }), 401, 'replayed');
    });

    it('refuses a replayed launch form (state used once)', async () => {
      const login = await loginThroughDevPlatform(tool.server, { user: 'eunji.jung', link: 'seminar-1' });
      const form = { id_token: login.idToken, state: login.state };
      expect((await postLaunch(tool.server, form)).status).to.equal(303);
      const replay = await postLaunch(tool.server, form, 'application/json');
      expect(replay.status).to.equal(401);
      const body = JSON.parse(replay.body);
      expect(body.error).to.include({ code: 'UNAUTHORIZED' });
      expect(body.error.details.reason).to.equal('unknown_state');
      expect(body.error.request_id).to.match(/^req_/);
    });

    it('refuses a launch whose state was never issued', async () => {
      const login = await loginThroughDevPlatform(tool.server, { user: 'eunji.jung', link: 'seminar-1' });
      expectPage(
        await postLaunch(tool.server, { id_token: login.idToken, state: 'forged-state' }),
        401,
        'unknown_state',
      );
    });

    it('refuses a token whose nonce is not the one our login sent', async () => {
      expectPage(
        await tamperedLaunch((c) => {
          c.nonce = 'a-nonce-from-another-login';
        }),
        401,
        'nonce_mismatch',
      );
    });

    it('refuses missing required claims and names them for API callers', async () => {
      expectPage(
        await tamperedLaunch((c) => {
          delete c[CLAIM.roles];
        }),
        400,
        'missing_claims',
      );
      const answer = await tamperedLaunch((c) => {
        delete c[CLAIM.resourceLink];
      }, 'application/json');
      expect(answer.status).to.equal(400);
      expect(JSON.parse(answer.body).error).to.deep.include({ code: 'VALIDATION_ERROR' });
      expect(JSON.parse(answer.body).error.details.reason).to.equal('missing_claims');
    });

    it('refuses a message type it does not handle', async () => {
      expectPage(
        await tamperedLaunch((c) => {
          c[CLAIM.messageType] = 'LtiSubmissionReviewRequest';
        }),
        400,
        'wrong_message_type',
      );
    });

    it('refuses a login from an unregistered platform with what to register', async () => {
      const res = await fetch(
        `${tool.server.url}/lti/login?${new URLSearchParams({
          iss: 'https://unknown-lms.test',
          client_id: 'abc',
          login_hint: 'u1',
          target_link_uri: `${tool.server.url}/lti/launch`,
        })}`,
        { redirect: 'manual' },
      );
      const body = await res.text();
      expect(res.status).to.equal(403);
      expect(body).to.include('https://unknown-lms.test').and.include('<code>unknown_platform</code>');
    });

    it('refuses a login without the OIDC parameters', async () => {
      const res = await fetch(`${tool.server.url}/lti/login`, { headers: { accept: 'application/json' } });
      expect(res.status).to.equal(400);
      const body = (await res.json()) as { error: { details: Record<string, unknown> } };
      expect(body.error.details).to.include.keys('reason', 'iss', 'login_hint', 'target_link_uri');
    });
  });

  describe('LTI Platform Storage', () => {
    it('puts the state into the platform storage at login and checks it from the browser at launch', async () => {
      const start = await fetch(`${platform().issuer}/launch?user=chloe.lee&link=seminar-1&storage=1`, {
        redirect: 'manual',
      });
      const login = await fetch(start.headers.get('location')!, { redirect: 'manual' });
      expect(login.status).to.equal(200);
      const csp = login.headers.get('content-security-policy') ?? '';
      const html = await login.text();
      const nonce = /<script nonce="([^"]+)">/.exec(html)?.[1];
      expect(csp).to.include(`'nonce-${nonce}'`);
      const step = JSON.parse(/<script type="application\/json" id="lti-storage">(.*?)<\/script>/.exec(html)![1]!);
      expect(step).to.include({ op: 'put', target: '_parent', origin: new URL(platform().issuer).origin });
      expect(step.key).to.equal(`state_${step.value}`);
      expect(login.headers.get('set-cookie')).to.equal(null);

      const auth = await fetch(step.next, { redirect: 'manual' });
      const { fields } = formFields(await auth.text());
      const launch = await postLaunch(tool.server, { id_token: fields.id_token!, state: fields.state! });
      expect(launch.status).to.equal(200);
      const check = JSON.parse(
        /<script type="application\/json" id="lti-storage">(.*?)<\/script>/.exec(launch.body)![1]!,
      );
      expect(check).to.include({ op: 'get', key: `state_${fields.state}`, value: fields.state });
      expect(tool.server.tokens.verify(tokenFromAppRedirect(check.next)).role).to.equal('learner');
    });
  });

  describe('Deep Linking', () => {
    it('round-trips the picker: several items, gradable ones create line items in the platform', async () => {
      const login = await loginThroughDevPlatform(tool.server, { user: 'ada.kim', deep: '1' });
      const picker = await postLaunch(tool.server, { id_token: login.idToken, state: login.state });
      expect(picker.status, picker.body).to.equal(200);
      expect(picker.body).to.include('Add EduForum Live').and.include('type="checkbox"');
      const ticket = formFields(picker.body).fields.ticket!;
      const chosen = await fetch(`${tool.server.url}/lti/deep-linking`, {
        method: 'POST',
        body: new URLSearchParams({
          ticket,
          seminar: 'on',
          seminar_title: 'Week 3 seminar',
          seminar_start: '2026-12-01T10:00',
          quiz: 'on',
          quiz_title: 'Week 3 quiz',
          quiz_points: '20',
          participation: 'on',
          participation_title: 'Week 3 participation',
          participation_points: '10',
        }),
      });
      expect(chosen.status).to.equal(200);
      const { action, fields } = formFields(await chosen.text());
      expect(action).to.equal(`${platform().issuer}/deep-link-return`);
      const payload = jwt.decode(fields.JWT!) as Record<string, unknown>;
      expect(payload[CLAIM.messageType]).to.equal('LtiDeepLinkingResponse');
      const items = payload[CLAIM.deepLinkingContentItems] as Array<{ title: string; lineItem?: unknown }>;
      expect(items.map((i) => [i.title, Boolean(i.lineItem)])).to.deep.equal([
        ['Week 3 seminar', false],
        ['Week 3 quiz', true],
        ['Week 3 participation', true],
      ]);
      const links = platform().course.links.length;
      const returned = await fetch(action, { method: 'POST', body: new URLSearchParams({ JWT: fields.JWT! }) });
      expect(returned.status).to.equal(200);
      expect(await returned.text()).to.include('Added 3 activities');
      expect(platform().course.links.length).to.equal(links + 3);
      const columns = [...platform().lineItems.values()].filter((li) => li.label.startsWith('Week 3'));
      expect(columns.map((c) => [c.label, c.scoreMaximum, c.resourceId, c.tag])).to.deep.equal([
        ['Week 3 quiz', 20, 'quiz-set', 'quiz'],
        ['Week 3 participation', 10, 'participation', 'participation'],
      ]);
      const participationLink = platform().course.links.find((l) => l.title === 'Week 3 participation')!;
      expect(columns[1]!.resourceLinkId).to.equal(participationLink.id);

      // Students launch the participation-graded seminar; its grades land in the column Deep Linking made.
      const instructor = await launchThroughDevPlatform(tool.server, 'ada.kim', participationLink.id);
      const { seminar } = tool.server.tokens.verify(instructor);
      const stored = await Seminar.findById(seminar).lean();
      expect(stored!.settings!.participationGraded).to.equal(true);
      expect(stored!.platformLineItem).to.equal(platform().lineItemUrl(columns[1]!.id));
      await launchThroughDevPlatform(tool.server, 'chloe.lee', participationLink.id);
      const published = await fetch(`${tool.server.url}/api/v1/sessions/${seminar}/grades/publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${instructor}`, 'content-type': 'application/json' },
        body: JSON.stringify({ activity: 'participation' }),
      });
      expect(published.status).to.equal(202);
      await waitFor(() => platform().scores.get(columns[1]!.id)?.has('chloe.lee') ?? false);
      const gradebook = await (await fetch(`${platform().issuer}/gradebook`)).text();
      expect(gradebook).to.match(
        new RegExp(`data-testid="score-${columns[1]!.id}-chloe\\.lee">[\\d.]+ <small>FullyGraded`),
      );
    });

    it('refuses a picker post whose ticket is not signed by the tool', async () => {
      const res = await fetch(`${tool.server.url}/lti/deep-linking`, {
        method: 'POST',
        body: new URLSearchParams({ ticket: 'forged', seminar: 'on' }),
      });
      expect(res.status).to.equal(401);
    });

    it('refuses a deep-linking launch from a learner', async () => {
      const login = await loginThroughDevPlatform(tool.server, { user: 'ada.kim', deep: '1' });
      const claims = platform().launchClaims(platform().user('grace.yoon')!, login.nonce, { deepLinking: true });
      const answer = await postLaunch(tool.server, { id_token: platform().sign(claims), state: login.state });
      expect(answer.status).to.equal(400);
      expect(answer.body).to.include('<code>wrong_message_type</code>');
    });
  });
});
