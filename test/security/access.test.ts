import { expect } from 'chai';
import request from 'supertest';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { Poll, Seminar } from '../../tool/store/index.js';
import { apiRoutes, fillPath, routeKey, socketEventNames, STAFF_ROUTES } from '../support/attack-surface.js';
import { testConfig } from '../support/config.js';
import { claims } from '../support/tokens.js';
import { ack, closeAll, join, person, seedSeminar } from '../tool/live/helpers.js';

/**
 * The tool's whole attack surface as express and socket.io know it, split into what a learner may use and
 * what only staff may. A new route or event that is in neither list fails the inventory tests until someone
 * decides which side it is on; everything on the staff side must answer FORBIDDEN to a learner.
 */
const STAFF_EVENTS = [
  'breakout_broadcast',
  'breakout_end',
  'breakout_move',
  'breakout_preview',
  'breakout_start',
  'breakout_visit',
  'hand_call_on',
  'hand_clear',
  'poll_close',
  'poll_create',
  'pulse_config',
  'pulse_stats',
  'question_answer',
  'question_hide',
  'quiz_close',
  'quiz_start',
  'session_lock',
  'whiteboard_lock',
  'media:listRecordings',
  'media:muteParticipant',
  'media:spotlight',
  'media:startRecording',
  'media:stopParticipantMedia',
  'media:stopRecording',
];
const LEARNER_EVENTS = [
  'chat_delete',
  'chat_edit',
  'chat_history',
  'chat_message',
  'chat_react',
  'chat_read',
  'chat_typing',
  'hand_lower',
  'hand_raise',
  'join_session',
  'poll_results',
  'poll_vote',
  'pulse',
  'question_ask',
  'question_list',
  'question_upvote',
  'quiz_answer',
  'reaction',
  'whiteboard_pointer',
  'whiteboard_snapshot',
  'whiteboard_update',
  'media:closeProducer',
  'media:connectTransport',
  'media:consume',
  'media:createTransport',
  'media:getRouterRtpCapabilities',
  'media:join',
  'media:leave',
  'media:pauseConsumer',
  'media:pauseProducer',
  'media:produce',
  'media:requestKeyFrame',
  'media:restartIce',
  'media:resumeConsumer',
  'media:resumeProducer',
  'media:setAudioOnly',
  'media:setPreferredLayers',
];
const LEARNER_ROUTES = [
  'GET /courses/:course_id/sessions',
  'POST /sessions/join-code',
  'GET /sessions/:session_id',
  'POST /sessions/:session_id/join',
  'GET /sessions/:session_id/chat',
  'GET /sessions/:session_id/questions',
  'GET /sessions/:session_id/polls',
  'POST /polls/:poll_id/responses',
  'GET /polls/:poll_id/results',
  'GET /sessions/:sessionId/quizzes',
  'GET /quizzes/:quizId',
  'POST /quizzes/:quizId/submissions',
  'GET /quizzes/:quizId/submissions/:submissionId',
  'GET /sessions/:session_id/materials',
  'GET /courses/:course_id/ai/status',
  'GET /sessions/:session_id/summary-note',
];

const UNKNOWN_ID = '5f00000000000000000000aa';
const QUIZ = {
  title: 'Check',
  questions: [{ type: 'true_false', question_text: 'Is the sky blue?', points: 1, correct_answer: true }],
};

describe('security: role and course boundaries', function () {
  this.timeout(30_000);
  let server: ToolServer;
  const mint = (c: Parameters<ToolServer['tokens']['mint']>[0]) => server.tokens.mint(c);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const call = (method: string, path: string, token: string, body: object = {}) =>
    (request(server.url) as unknown as Record<string, (p: string) => request.Test>)[method]!(path)
      .set(bearer(token))
      .send(body);

  before(async () => {
    server = await startToolServer(await testConfig(), createLogger('silent'));
  });
  after(() => server?.close());

  it('knows every socket event the tool listens to as either staff-only or open to learners', async () => {
    const where = await seedSeminar();
    const learner = await person(server.url, mint, where);
    expect(socketEventNames(server, learner.socket)).to.deep.equal([...STAFF_EVENTS, ...LEARNER_EVENTS].sort());
    closeAll(learner);
  });

  it('answers FORBIDDEN to a joined learner for every staff socket event and changes nothing', async () => {
    const where = await seedSeminar();
    const learner = await person(server.url, mint, where);
    await join(learner);
    const payloads: Record<string, object> = {
      poll_create: { question: 'Q?', options: ['a', 'b'] },
      breakout_start: { mode: 'random', room_count: 2, duration_minutes: 5 },
      whiteboard_lock: { locked: true },
      session_lock: { locked: true },
    };
    for (const event of STAFF_EVENTS) {
      const answer = await ack(learner.socket, event, payloads[event] ?? {});
      expect(answer.error?.code, `${event}: ${JSON.stringify(answer)}`).to.equal('FORBIDDEN');
    }
    expect(await Poll.countDocuments({ seminar: where.seminarId })).to.equal(0);
    expect((await ack(learner.socket, 'whiteboard_snapshot', {})).locked).to.equal(false);
    expect((await Seminar.findById(where.seminarId).lean())!.locked).to.equal(false);
    closeAll(learner);
  });

  it('knows every REST route as either staff-only or open to learners', () => {
    const keys = apiRoutes(server.app).map(routeKey);
    for (const open of LEARNER_ROUTES) expect(keys, open).to.include(open);
    for (const closed of STAFF_ROUTES) {
      expect(keys, closed).to.include(closed);
      expect(LEARNER_ROUTES, closed).not.to.include(closed);
    }
    expect(keys.length).to.be.greaterThan(LEARNER_ROUTES.length);
  });

  it('answers 403 FORBIDDEN to a learner on every staff REST route', async () => {
    const where = await seedSeminar();
    const learner = mint(claims({ course: where.courseId, seminar: where.seminarId }));
    const ids = {
      course_id: where.courseId,
      courseId: where.courseId,
      session_id: where.seminarId,
      sessionId: where.seminarId,
    };
    const staffRoutes = apiRoutes(server.app).filter((r) => !LEARNER_ROUTES.includes(routeKey(r)));
    expect(staffRoutes.length).to.be.greaterThan(20);
    for (const route of staffRoutes) {
      const res = await call(route.method, fillPath(route.path, ids, UNKNOWN_ID), learner);
      expect(res.status, `${routeKey(route)}: ${JSON.stringify(res.body)}`).to.equal(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
    }
    expect((await Seminar.findById(where.seminarId).lean())!.status).to.equal('LIVE');
  });

  it("refuses an instructor of course A every route that names course B's sessions, polls, quizzes and materials", async () => {
    const a = await seedSeminar();
    const b = await seedSeminar();
    const teacherA = mint(claims({ role: 'instructor', course: a.courseId, seminar: a.seminarId }));
    const teacherB = mint(claims({ role: 'instructor', course: b.courseId, seminar: b.seminarId }));
    const poll = await call('post', `/api/v1/sessions/${b.seminarId}/polls`, teacherB, {
      question: 'B?',
      options: ['x', 'y'],
    });
    const quiz = await call('post', `/api/v1/sessions/${b.seminarId}/quizzes`, teacherB, QUIZ);
    expect([poll.status, quiz.status]).to.deep.equal([201, 201]);
    const ids = {
      course_id: b.courseId,
      courseId: b.courseId,
      session_id: b.seminarId,
      sessionId: b.seminarId,
      poll_id: poll.body.poll?.id ?? poll.body.id,
      quizId: quiz.body.id,
    };
    const scoped = apiRoutes(server.app).filter((r) => r.path.includes(':'));
    for (const route of scoped) {
      const res = await call(route.method, fillPath(route.path, ids, UNKNOWN_ID), teacherA, {});
      expect([403, 404], `${routeKey(route)}: ${res.status} ${JSON.stringify(res.body)}`).to.include(res.status);
      expect(res.body.error.code).to.be.oneOf(['FORBIDDEN', 'NOT_FOUND']);
    }
    expect((await Seminar.findById(b.seminarId).lean())!.status).to.equal('LIVE');
    expect((await Poll.findById(ids.poll_id).lean())!.status).to.equal('active');
  });
});
