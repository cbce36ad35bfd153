import { expect } from 'chai';
import request from 'supertest';
import { useToolServer } from '../../support/tool-server.js';
import { Attendance, Seminar } from '../../../tool/store/index.js';
import { claims } from '../../support/tokens.js';
import { ack, closeAll, join, next, person, seedSeminar } from '../live/helpers.js';

describe('sessions REST API', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('walks a session WAITING → LIVE → ENDED with the seed shapes and tells the room', async () => {
    const where = await seedSeminar('WAITING', 'Week 3');
    const teacher = tool.mint(claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId }));
    const learner = await person(tool.url, tool.mint, where);
    expect((await join(learner)).session).to.deep.include({ status: 'scheduled' });
    expect((await ack(learner.socket, 'hand_raise')).error?.code).to.equal('CONFLICT');

    const list = await request(tool.url).get(`/api/v1/courses/${where.courseId}/sessions`).set(bearer(teacher));
    expect(list.status).to.equal(200);
    expect(list.body.results[0]).to.deep.include({
      id: where.seminarId,
      status: 'scheduled',
      course_id: where.courseId,
    });

    const refused = await request(tool.url)
      .post(`/api/v1/sessions/${where.seminarId}/start`)
      .set(bearer(learner.token));
    expect(refused.status).to.equal(403);

    const live = next<{ status: string }>(learner.socket, 'session_status');
    const started = await request(tool.url).post(`/api/v1/sessions/${where.seminarId}/start`).set(bearer(teacher));
    expect(started.status).to.equal(200);
    expect(started.body).to.deep.include({ id: where.seminarId, status: 'live' });
    expect(started.body.join_code).to.match(/^\d{6}$/);
    expect((await live).status).to.equal('live');
    expect((await ack(learner.socket, 'hand_raise')).ok).to.equal(true);

    const detail = await request(tool.url).get(`/api/v1/sessions/${where.seminarId}`).set(bearer(learner.token));
    expect(detail.body).to.deep.include({ status: 'live', join_code: null });
    expect(detail.body.participants.map((p: { id: string }) => p.id)).to.include(learner.claims.sub);
    expect(detail.body.my_participation.participant_id).to.be.a('string');

    const filtered = await request(tool.url)
      .get(`/api/v1/courses/${where.courseId}/sessions?status=live`)
      .set(bearer(teacher));
    expect(filtered.body.results.map((s: { id: string }) => s.id)).to.include(where.seminarId);

    const ended = next<{ status: string }>(learner.socket, 'session_status', (s) => s.status === 'completed');
    const end = await request(tool.url).post(`/api/v1/sessions/${where.seminarId}/end`).set(bearer(teacher));
    expect(end.body).to.deep.include({ id: where.seminarId, status: 'completed', participant_count: 1 });
    expect(end.body.ended_at).to.be.a('string');
    await ended;
    const stored = await Seminar.findById(where.seminarId).lean();
    expect(stored!.status).to.equal('ENDED');
    const signedOut = await Attendance.findOne({ seminar: where.seminarId, user: learner.claims.sub }).lean();
    expect(signedOut!.lastLeftAt).to.be.instanceOf(Date);
    learner.socket.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    const afterDisconnect = await Attendance.findOne({ seminar: where.seminarId, user: learner.claims.sub }).lean();
    expect(afterDisconnect!.lastLeftAt!.getTime()).to.equal(signedOut!.lastLeftAt!.getTime());
    expect(afterDisconnect!.presentSeconds).to.equal(signedOut!.presentSeconds);
    const join2 = await request(tool.url).post(`/api/v1/sessions/${where.seminarId}/join`).set(bearer(teacher));
    expect(join2.status).to.equal(409);
    closeAll(learner);
  });

  it('refuses another course with 403 and an unknown session with 404', async () => {
    const where = await seedSeminar();
    const other = await seedSeminar();
    const token = tool.mint(claims({ course: other.courseId, seminar: other.seminarId }));
    expect(
      (await request(tool.url).get(`/api/v1/courses/${where.courseId}/sessions`).set(bearer(token))).status,
    ).to.equal(403);
    expect((await request(tool.url).get(`/api/v1/sessions/${where.seminarId}`).set(bearer(token))).status).to.equal(
      403,
    );
    const missing = await request(tool.url)
      .get(`/api/v1/sessions/${'f'.repeat(24)}`)
      .set(bearer(token));
    expect(missing.status).to.equal(404);
    expect(missing.body.error.code).to.equal('NOT_FOUND');
  });

  it('lets an instructor create a session and validates the body', async () => {
    const where = await seedSeminar();
    const teacher = tool.mint(claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId }));
    const created = await request(tool.url)
      .post(`/api/v1/courses/${where.courseId}/sessions`)
      .set(bearer(teacher))
      .send({ title: 'Week 4', scheduled_at: '2030-02-05T14:00:00Z', duration_minutes: 90, auto_record: true });
    expect(created.status).to.equal(201);
    expect(created.body).to.deep.include({ title: 'Week 4', status: 'scheduled', duration_minutes: 90 });
    const bad = await request(tool.url)
      .post(`/api/v1/courses/${where.courseId}/sessions`)
      .set(bearer(teacher))
      .send({ title: '' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details).to.have.property('title');
  });

  it('trades a live join code for a token only with a session token of the same course', async () => {
    const where = await seedSeminar('WAITING');
    const teacher = tool.mint(claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId }));
    const { body } = await request(tool.url).post(`/api/v1/sessions/${where.seminarId}/start`).set(bearer(teacher));
    const code = body.join_code as string;

    const noToken = await request(tool.url).post('/api/v1/sessions/join-code').send({ code });
    expect(noToken.status).to.equal(401);
    const elsewhere = await seedSeminar();
    const stranger = tool.mint(claims({ course: elsewhere.courseId, seminar: elsewhere.seminarId }));
    const wrongCourse = await request(tool.url).post('/api/v1/sessions/join-code').set(bearer(stranger)).send({ code });
    expect(wrongCourse.status).to.equal(404);

    const sameCourseOtherSeminar = await Seminar.create({ course: where.courseId, resourceLinkId: 'other-link' });
    const phone = claims({ course: where.courseId, seminar: String(sameCourseOtherSeminar._id), name: 'Kim' });
    const traded = await request(tool.url)
      .post('/api/v1/sessions/join-code')
      .set(bearer(tool.mint(phone)))
      .send({ code });
    expect(traded.status).to.equal(200);
    expect(traded.body.session_id).to.equal(where.seminarId);
    const verified = tool.server.tokens.verify(traded.body.token);
    expect(verified).to.deep.include({ sub: phone.sub, role: phone.role, name: 'Kim', seminar: where.seminarId });

    const malformed = await request(tool.url)
      .post('/api/v1/sessions/join-code')
      .set(bearer(teacher))
      .send({ code: '12' });
    expect(malformed.status).to.equal(400);
    await request(tool.url).post(`/api/v1/sessions/${where.seminarId}/end`).set(bearer(teacher));
    const afterEnd = await request(tool.url)
      .post('/api/v1/sessions/join-code')
      .set(bearer(tool.mint(phone)))
      .send({ code });
    expect(afterEnd.status).to.equal(404);
  });

  it('serves chat history, questions and the pulse gauge over REST with the same visibility rules', async () => {
    const where = await seedSeminar();
    const teacher = await person(tool.url, tool.mint, where, { role: 'instructor' });
    const learner = await person(tool.url, tool.mint, where);
    await join(teacher);
    await join(learner);
    await ack(learner.socket, 'chat_message', { message: 'public line' });
    await ack(learner.socket, 'chat_message', { message: 'private line', private: true });
    await ack(learner.socket, 'question_ask', { text: 'Anonymous?' });
    await ack(learner.socket, 'pulse', { state: 'CONFUSED' });
    const other = await person(tool.url, tool.mint, where);

    const chat = await request(tool.url)
      .get(`/api/v1/sessions/${where.seminarId}/chat?limit=10`)
      .set(bearer(other.token));
    expect(chat.body.messages.map((m: { message: string }) => m.message)).to.deep.equal(['public line']);
    const staffChat = await request(tool.url)
      .get(`/api/v1/sessions/${where.seminarId}/chat`)
      .set(bearer(teacher.token));
    expect(staffChat.body.messages).to.have.length(2);
    const questions = await request(tool.url)
      .get(`/api/v1/sessions/${where.seminarId}/questions`)
      .set(bearer(other.token));
    expect(questions.body.questions[0].text).to.equal('Anonymous?');
    expect(JSON.stringify(questions.body)).to.not.include(learner.claims.sub);
    expect(
      (await request(tool.url).get(`/api/v1/sessions/${where.seminarId}/pulse`).set(bearer(other.token))).status,
    ).to.equal(403);
    const pulse = await request(tool.url).get(`/api/v1/sessions/${where.seminarId}/pulse`).set(bearer(teacher.token));
    expect(pulse.body).to.deep.include({ confused: 1, total: 1 });
    closeAll(teacher, learner, other);
  });
});
