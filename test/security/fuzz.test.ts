import { expect } from 'chai';
import request from 'supertest';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { ChatMessage, Material, Poll, Question, Quiz, Seminar } from '../../tool/store/index.js';
import { apiRoutes, fillPath, routeKey, socketEventNames } from '../support/attack-surface.js';
import { testConfig } from '../support/config.js';
import { claims } from '../support/tokens.js';
import { closeAll, join, person, seedSeminar, type Ack } from '../tool/live/helpers.js';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value, b: [i] };
  return value;
}
function deepArray(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

const FIELDS = [
  'title',
  'description',
  'question',
  'options',
  'type',
  'message',
  'text',
  'code',
  'option_ids',
  'poll_id',
  'question_id',
  'message_id',
  'user_id',
  'room_id',
  'elements',
  'state',
  'locked',
  'mode',
  'rooms',
  'answers',
  'questions',
  'duration_seconds',
  'duration_minutes',
  'emoji',
  'scheduled_at',
  'limit',
  'enabled',
  'userId',
];
const wrongTypes = (value: unknown) => Object.fromEntries(FIELDS.map((f) => [f, value]));

/** Junk every route and event must refuse cleanly: wrong types, huge strings, deep nesting, prototype keys. */
const JUNK: Array<[string, unknown]> = [
  ['array', [1, 2, 3]],
  ['numbers for every field', wrongTypes(12345)],
  ['objects for every field', wrongTypes({ $gt: '' })],
  ['nulls for every field', wrongTypes(null)],
  ['huge strings', wrongTypes('x'.repeat(5_000))],
  ['deep nesting', { ...wrongTypes(nested(200)), deep: deepArray(2_000) }],
  ['prototype keys', JSON.parse('{"__proto__":{"role":"instructor"},"constructor":{"prototype":{"x":1}}}')],
];

describe('security: malformed and oversized payloads on every route and event', function () {
  this.timeout(60_000);
  let server: ToolServer;
  const mint = (c: Parameters<ToolServer['tokens']['mint']>[0]) => server.tokens.mint(c);
  const counts = async (seminarId: string) => ({
    polls: await Poll.countDocuments({ seminar: seminarId }),
    quizzes: await Quiz.countDocuments({ seminar: seminarId }),
    chat: await ChatMessage.countDocuments({ seminar: seminarId }),
    questions: await Question.countDocuments({ seminar: seminarId }),
    materials: await Material.countDocuments({ seminar: seminarId }),
    seminar: (await Seminar.findById(seminarId).lean())!.title,
  });

  before(async () => {
    server = await startToolServer(await testConfig(), createLogger('silent'));
  });
  after(() => server?.close());

  it('answers every REST route with a 4xx envelope (never 500) for junk bodies, queries and raw bytes', async () => {
    const where = await seedSeminar();
    const token = mint(claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId }));
    const ids = {
      course_id: where.courseId,
      courseId: where.courseId,
      session_id: where.seminarId,
      sessionId: where.seminarId,
    };
    const before = await counts(where.seminarId);
    const routes = apiRoutes(server.app).filter((r) => !/\/(start|end|join)$/.test(r.path));
    const failures: string[] = [];
    for (const route of routes) {
      const path = fillPath(route.path, ids, 'not-an-id');
      const send = (body: unknown, type = 'application/json') =>
        (request(server.url) as unknown as Record<string, (p: string) => request.Test>)[route.method]!(path)
          .set('Authorization', `Bearer ${token}`)
          .set('Content-Type', type)
          .send(typeof body === 'string' ? body : JSON.stringify(body));
      const attempts: Array<[string, () => request.Test]> = [
        ...JUNK.map(([label, body]) => [label, () => send(body)] as [string, () => request.Test]),
        ['broken JSON', () => send('{"title": ')],
        ['oversized body', () => send({ title: 'x'.repeat(400_000) })],
        ['form body', () => send('title=a&title=b', 'application/x-www-form-urlencoded')],
        ['binary', () => send('\u0000\u00ff\u0001', 'application/octet-stream')],
        [
          'junk query',
          () =>
            (request(server.url) as unknown as Record<string, (p: string) => request.Test>)[route.method]!(
              `${path}?status[]=live&limit=abc&before[$gt]=1&start_date=yesterday`,
            ).set('Authorization', `Bearer ${token}`),
        ],
      ];
      for (const [label, attempt] of attempts) {
        const res = await attempt();
        const envelope = res.status < 300 || (res.body?.error?.code && res.body.error.request_id);
        if (res.status === 500 || res.body?.error?.code === 'INTERNAL' || !envelope)
          failures.push(`${routeKey(route)} ${label}: ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    expect(failures).to.deep.equal([]);
    expect(await counts(where.seminarId)).to.deep.equal(before);
    expect((await request(server.url).get('/health')).status).to.equal(200);
  });

  it('answers every socket event (never INTERNAL, never silence) for junk payloads and keeps serving', async () => {
    const where = await seedSeminar();
    const probe = await person(server.url, mint, where);
    const events = socketEventNames(server, probe.socket).filter((e) => e !== 'join_session');
    closeAll(probe);
    const before = await counts(where.seminarId);
    const failures: string[] = [];
    for (const event of events) {
      // A fresh instructor per event, so rate limits do not hide the payload checks behind RATE_LIMITED.
      const staff = await person(server.url, mint, where, { role: 'instructor' });
      await join(staff);
      for (const [label, payload] of [...JUNK, ['string', 'junk'], ['number', 42], ['null', null]] as Array<
        [string, unknown]
      >) {
        const answer = await new Promise<Ack | 'timeout'>((resolve) => {
          const timer = setTimeout(() => resolve('timeout'), 5_000);
          staff.socket.emit(event, payload, (a: Ack) => {
            clearTimeout(timer);
            resolve(a);
          });
        });
        if (answer === 'timeout' || answer.error?.code === 'INTERNAL')
          failures.push(`${event} ${label}: ${JSON.stringify(answer).slice(0, 200)}`);
      }
      closeAll(staff);
    }
    expect(failures).to.deep.equal([]);
    expect(await counts(where.seminarId)).to.deep.equal(before);
    expect((await request(server.url).get('/health')).status).to.equal(200);
  });

  it('drops a socket that sends more than the 256 KiB frame limit without harming other clients', async () => {
    const where = await seedSeminar();
    const flooder = await person(server.url, mint, where);
    const bystander = await person(server.url, mint, where);
    await join(bystander);
    const dropped = new Promise<string>((resolve) => flooder.socket.once('disconnect', resolve));
    flooder.socket.emit('chat_message', { message: 'x'.repeat(300 * 1024) });
    expect(await dropped).to.be.a('string');
    const answer = await new Promise<Ack>((resolve) =>
      bystander.socket.emit('chat_message', { message: 'still here' }, resolve),
    );
    expect(answer.ok).to.equal(true);
    closeAll(bystander);
  });
});
