import { expect } from 'chai';
import request from 'supertest';
import { DEFAULT_PARTICIPATION_SETTINGS } from '../../../grading/index.js';
import { Seminar } from '../../../tool/store/index.js';
import { claims } from '../../support/tokens.js';
import { useToolServer } from '../../support/tool-server.js';
import { seedSeminar } from '../live/helpers.js';

const CHAT_HEAVY = {
  weights: { talk: 1, chat: 3, polls: 0, quizzes: 0, hands: 0, pulse: 0, questions: 0 },
  targets: { talkSeconds: 60, chatMessages: 10, handRaises: 1, pulseResponses: 1, questionActions: 1 },
};

describe('participation settings REST API', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const path = (seminarId: string) => `/api/v1/sessions/${seminarId}/participation-settings`;
  const stored = async (seminarId: string) =>
    (await Seminar.findById(seminarId).lean())!.settings?.participation as unknown;

  it('reads the defaults, saves custom settings and resets them', async () => {
    const where = await seedSeminar('ENDED');
    const teacher = tool.mint(claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId }));
    const ta = tool.mint(claims({ role: 'ta', course: where.courseId, seminar: where.seminarId }));

    const initial = await request(tool.url).get(path(where.seminarId)).set(bearer(ta));
    expect(initial.status).to.equal(200);
    expect(initial.body).to.deep.equal({
      session_id: where.seminarId,
      ...DEFAULT_PARTICIPATION_SETTINGS,
      is_default: true,
      defaults: DEFAULT_PARTICIPATION_SETTINGS,
    });

    const saved = await request(tool.url).put(path(where.seminarId)).set(bearer(teacher)).send(CHAT_HEAVY);
    expect(saved.status).to.equal(200);
    expect(saved.body).to.deep.include({ ...CHAT_HEAVY, is_default: false });
    expect(await stored(where.seminarId)).to.deep.equal(CHAT_HEAVY);
    const reread = await request(tool.url).get(path(where.seminarId)).set(bearer(ta));
    expect(reread.body).to.deep.include({ ...CHAT_HEAVY, is_default: false });

    const reset = await request(tool.url).delete(path(where.seminarId)).set(bearer(teacher));
    expect(reset.status).to.equal(200);
    expect(reset.body).to.deep.include({ ...DEFAULT_PARTICIPATION_SETTINGS, is_default: true });
    expect(await stored(where.seminarId)).to.equal(undefined);
  });

  it('refuses invalid settings with VALIDATION_ERROR and leaves the stored ones untouched', async () => {
    const where = await seedSeminar();
    const teacher = tool.mint(claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId }));
    await request(tool.url).put(path(where.seminarId)).set(bearer(teacher)).send(CHAT_HEAVY).expect(200);
    const zero = { talk: 0, chat: 0, polls: 0, quizzes: 0, hands: 0, pulse: 0, questions: 0 };
    const bad = [
      { ...CHAT_HEAVY, weights: { ...CHAT_HEAVY.weights, chat: -1 } },
      { ...CHAT_HEAVY, weights: zero },
      { ...CHAT_HEAVY, weights: { ...CHAT_HEAVY.weights, speaking: 1 } },
      { ...CHAT_HEAVY, weights: { ...CHAT_HEAVY.weights, chat: '3' } },
      { ...CHAT_HEAVY, targets: { ...CHAT_HEAVY.targets, chatMessages: 0 } },
      { weights: CHAT_HEAVY.weights },
      { ...CHAT_HEAVY, extra: true },
    ];
    for (const body of bad) {
      const res = await request(tool.url).put(path(where.seminarId)).set(bearer(teacher)).send(body);
      expect(res.status, JSON.stringify(body)).to.equal(400);
      expect(res.body.error.code).to.equal('VALIDATION_ERROR');
      expect(res.body.error.request_id).to.be.a('string');
    }
    expect(await stored(where.seminarId)).to.deep.equal(CHAT_HEAVY);
    const direct = await Seminar.updateOne(
      { _id: where.seminarId },
      { $set: { 'settings.participation': { weights: CHAT_HEAVY.weights } } },
      { runValidators: true },
    ).catch((err: Error) => err);
    expect(direct, 'the model refuses what the schema refuses').to.be.instanceOf(Error);
    expect(await stored(where.seminarId)).to.deep.equal(CHAT_HEAVY);
  });

  it('answers 403 to learners and to staff of another course, and changes nothing', async () => {
    const where = await seedSeminar();
    const other = await seedSeminar();
    const learner = tool.mint(claims({ course: where.courseId, seminar: where.seminarId }));
    const ta = tool.mint(claims({ role: 'ta', course: where.courseId, seminar: where.seminarId }));
    const outsider = tool.mint(claims({ role: 'instructor', course: other.courseId, seminar: other.seminarId }));
    for (const [token, method] of [
      [learner, 'get'],
      [learner, 'put'],
      [learner, 'delete'],
      [ta, 'put'],
      [ta, 'delete'],
      [outsider, 'get'],
      [outsider, 'put'],
      [outsider, 'delete'],
    ] as const) {
      const res = await request(tool.url)[method](path(where.seminarId)).set(bearer(token)).send(CHAT_HEAVY);
      expect(res.status, `${method} ${token === learner ? 'learner' : token === ta ? 'ta' : 'outsider'}`).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
    }
    expect(await stored(where.seminarId)).to.equal(undefined);
  });
});
