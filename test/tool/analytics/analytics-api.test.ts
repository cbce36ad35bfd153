import { expect } from 'chai';
import { Types } from 'mongoose';
import request from 'supertest';
import { Alert, Attendance, ParticipationSummary, QuizSubmission, Seminar } from '../../../tool/store/index.js';
import { waitFor } from '../../support/lti.js';
import { enrol } from '../../support/roster.js';
import { claims } from '../../support/tokens.js';
import { useToolServer } from '../../support/tool-server.js';
import { ack, closeAll, join, next, person, seedSeminar, silence, type Person } from '../live/helpers.js';
import { STAFF_PUSHES } from '../../support/attack-surface.js';

interface AlertPayload {
  alert: { id: string; rule: string; user: { id: string }; evidence: Record<string, unknown>; detected_at: string };
}

describe('participation analytics and early warning (tool)', function () {
  this.timeout(60_000);
  const tool = useToolServer({
    ANALYTICS_FLUSH_MS: '50',
    ALERT_INACTIVE_MINUTES: '0.02',
    ALERT_INACTIVITY_CHECK_SECONDS: '0.2',
  });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const api = (path: string, token: string) => request(tool.url).get(`/api/v1${path}`).set(bearer(token));
  const post = (path: string, token: string, body: object = {}) =>
    request(tool.url).post(`/api/v1${path}`).set(bearer(token)).send(body);

  /** A seminar with an instructor, two present learners, one absent and one dropped on the roster. */
  async function rosteredClass() {
    const where = await seedSeminar();
    const teacher = await person(tool.url, tool.mint, where, { role: 'instructor', name: 'Prof Kim' });
    const alice = await person(tool.url, tool.mint, where, { name: 'Alice' });
    const bob = await person(tool.url, tool.mint, where, { name: 'Bob' });
    const carol = claims({ course: where.courseId, seminar: where.seminarId, name: 'Carol' });
    const dave = claims({ course: where.courseId, seminar: where.seminarId, name: 'Dave' });
    await enrol(
      where.courseId,
      { claims: teacher.claims },
      { claims: alice.claims },
      { claims: bob.claims },
      { claims: carol },
      { claims: dave, status: 'dropped' },
    );
    return { where, teacher, alice, bob, carol, dave };
  }

  it('turns a known sequence of socket acts into exact summaries, REST rows and a live dashboard update', async () => {
    const { where, teacher, alice, bob, carol, dave } = await rosteredClass();
    for (const p of [teacher, alice, bob]) await join(p);
    const speak = (p: Person, durationMs: number) =>
      tool.server.media.emit('speakEnd', {
        seminarId: where.seminarId,
        userId: p.claims.sub,
        at: new Date(),
        durationMs,
      });

    expect((await ack(alice.socket, 'chat_message', { message: 'hello' })).ok).to.equal(true);
    expect((await ack(alice.socket, 'chat_message', { message: 'a second thought' })).ok).to.equal(true);
    expect((await ack(alice.socket, 'hand_raise', {})).ok).to.equal(true);
    expect((await ack(alice.socket, 'reaction', { emoji: '👍' })).ok).to.equal(true);
    expect((await ack(alice.socket, 'pulse', { state: 'UNDERSTAND' })).ok).to.equal(true);
    const asked = await ack(alice.socket, 'question_ask', { text: 'Why does the gradient vanish?' });
    const question = asked.question as { id: string };
    expect((await ack(bob.socket, 'pulse', { state: 'CONFUSED' })).ok).to.equal(true);
    expect((await ack(bob.socket, 'question_upvote', { question_id: question.id })).counted).to.equal(true);
    for (let v = 1; v <= 3; v++) {
      const drawn = await ack(bob.socket, 'whiteboard_update', {
        elements: [{ id: 'e1', version: v, versionNonce: v }],
      });
      expect(drawn.accepted).to.deep.equal(['e1']);
    }
    const poll = await post(`/sessions/${where.seminarId}/polls`, teacher.token, {
      question: 'Q?',
      options: ['a', 'b'],
    });
    const pollId = (poll.body.poll?.id ?? poll.body.id) as string;
    expect((await ack(alice.socket, 'poll_vote', { poll_id: pollId, option_ids: ['opt_1'] })).ok).to.equal(true);
    expect((await ack(teacher.socket, 'pulse_config', { min_samples: 1, threshold: 0.4 })).ok).to.equal(true);
    speak(alice, 42_500);
    speak(teacher, 60_000);

    const dashboard = next<{ participants: Array<Record<string, unknown>> }>(
      teacher.socket,
      'participation_update',
      (d) => d.participants.some((p) => p.user_id === alice.claims.sub && p.speaking_time_seconds === 42.5),
    );
    await waitFor(async () => {
      await tool.server.participation.flush();
      const s = await ParticipationSummary.findOne({ seminar: where.seminarId, user: alice.claims.sub }).lean();
      return s?.speakingSeconds === 42.5;
    });

    const summary = (user: string) => ParticipationSummary.findOne({ seminar: where.seminarId, user }).lean();
    expect(await summary(alice.claims.sub)).to.include({
      joins: 1,
      speakingSeconds: 42.5,
      speakTurns: 1,
      chatMessages: 2,
      pollVotes: 1,
      handRaises: 1,
      reactions: 1,
      pulses: 1,
      pulseConfused: 0,
      questionsPosted: 1,
      questionUpvotes: 0,
      whiteboardEdits: 0,
    });
    expect(await summary(bob.claims.sub)).to.include({
      joins: 1,
      speakingSeconds: 0,
      chatMessages: 0,
      pulses: 1,
      pulseConfused: 1,
      questionUpvotes: 1,
      whiteboardEdits: 1,
    });
    expect(await summary(teacher.claims.sub)).to.include({ joins: 1, speakingSeconds: 60 });

    const res = await api(`/sessions/${where.seminarId}/analytics/participation`, teacher.token);
    expect(res.status).to.equal(200);
    const body = res.body;
    expect(body).to.include({ session_id: where.seminarId, total_participants: 2 });
    expect(body.participation_summary).to.deep.equal({
      avg_speaking_time_seconds: 21.3,
      avg_chat_messages: 1,
      poll_response_rate: 0.5,
      quiz_response_rate: 0,
    });
    const row = (id: string) => body.participants.find((p: { user: { id: string } }) => p.user.id === id);
    expect(row(alice.claims.sub)).to.deep.include({
      user: { id: alice.claims.sub, full_name: 'Alice' },
      speaking_time_seconds: 42.5,
      chat_messages_count: 2,
      polls_responded: 1,
      quizzes_responded: 0,
      hand_raises: 1,
      participation_score: 50.8,
      attended: true,
      left_at: null,
      reactions_count: 1,
      pulse_count: 1,
      questions_count: 1,
    });
    expect(row(bob.claims.sub)).to.deep.include({
      participation_score: 3.9,
      question_upvotes_count: 1,
      whiteboard_edits_count: 1,
      pulse_confused_count: 1,
    });
    expect(row(carol.sub)).to.deep.include({ attended: false, joined_at: null, participation_score: 0 });
    expect(row(dave.sub), 'dropped members are not on the table').to.equal(undefined);
    expect(row(teacher.claims.sub), 'staff are not on the student table').to.equal(undefined);
    expect(body.absent).to.deep.equal([{ id: carol.sub, full_name: 'Carol' }]);
    expect(body.talk_time).to.deep.equal({
      instructor_seconds: 60,
      student_seconds: 42.5,
      student_share: 0.415,
      student_gini: 0.5,
    });
    const total = (type: string) =>
      body.timeline.reduce((sum: number, b: { events: Record<string, number> }) => sum + (b.events[type] ?? 0), 0);
    expect([total('chat'), total('pulse'), total('whiteboard_edit'), total('speak'), total('join')]).to.deep.equal([
      2, 2, 1, 2, 3,
    ]);
    expect(body.confusion_moments).to.have.length(1);
    expect(body.engagement_trend.direction).to.be.oneOf(['rising', 'falling', 'steady']);

    const live = await dashboard;
    const aliceLive = live.participants.find((p) => p.user_id === alice.claims.sub)!;
    expect(aliceLive).to.include({ chat_messages_count: 2, speaking_time_seconds: 42.5, participation_score: 50.8 });
    closeAll(teacher, alice, bob);
  });

  it('pushes an inactivity alert to the instructor within a second of detection, lists it and acknowledges it', async () => {
    const { where, teacher, alice } = await rosteredClass();
    await join(teacher);
    const raised = next<AlertPayload>(
      teacher.socket,
      'alert_raised',
      (d) => d.alert.rule === 'inactive_in_session' && d.alert.user.id === alice.claims.sub,
      10_000,
    );
    const leaks = STAFF_PUSHES.map((event) => silence(alice.socket, event, 2_000));
    await join(alice);
    const { alert } = await raised;
    expect(Date.now() - new Date(alert.detected_at).getTime()).to.be.below(1_000);
    expect(alert.evidence).to.have.property('idleMinutes');

    const open = await api(`/courses/${where.courseId}/alerts`, teacher.token);
    expect(open.body.alerts.map((a: { id: string }) => a.id)).to.include(alert.id);
    const bad = await api(`/courses/${where.courseId}/alerts?status=closed`, teacher.token);
    expect([bad.status, bad.body.error.code]).to.deep.equal([400, 'VALIDATION_ERROR']);

    const acknowledged = next<AlertPayload>(teacher.socket, 'alert_acknowledged', (d) => d.alert.id === alert.id);
    const acked = await post(`/alerts/${alert.id}/ack`, teacher.token);
    expect(acked.status).to.equal(200);
    expect(acked.body.alert).to.include({ status: 'acknowledged', acknowledged_by: teacher.claims.sub });
    await acknowledged;
    const stillOpen = await api(`/courses/${where.courseId}/alerts?status=open`, teacher.token);
    expect(stillOpen.body.alerts.map((a: { id: string }) => a.id)).to.not.include(alert.id);
    const learnerAck = await post(`/alerts/${alert.id}/ack`, alice.token);
    expect(learnerAck.status).to.equal(403);
    expect(await Alert.countDocuments({ seminar: where.seminarId, user: alice.claims.sub })).to.equal(1);
    await Promise.all(leaks);
    closeAll(teacher, alice);
  });

  it('raises the attendance and participation rules when a session ends, once, and shows them in the overview', async () => {
    const { where, teacher, alice, bob, carol, dave } = await rosteredClass();
    const earlier = [];
    for (const daysAgo of [14, 7]) {
      const held = new Date(Date.now() - daysAgo * 86_400_000);
      const s = await Seminar.create({
        course: where.courseId,
        resourceLinkId: new Types.ObjectId().toHexString(),
        title: `Week -${daysAgo / 7}`,
        status: 'ENDED',
        startedAt: held,
        endedAt: held,
      });
      await Attendance.create({
        seminar: s._id,
        course: where.courseId,
        user: alice.claims.sub,
        firstJoinedAt: held,
        lastJoinedAt: held,
      });
      earlier.push(String(s._id));
    }
    await join(teacher);
    await join(alice);
    expect((await ack(alice.socket, 'chat_message', { message: 'present' })).ok).to.equal(true);
    await tool.server.participation.flush();

    const forCarol = (rule: string) =>
      next<AlertPayload>(teacher.socket, 'alert_raised', (d) => d.alert.rule === rule && d.alert.user.id === carol.sub);
    const absences = forCarol('consecutive_absences');
    const participation = forCarol('low_participation');
    expect((await post(`/sessions/${where.seminarId}/end`, teacher.token)).status).to.equal(200);
    expect((await absences).alert.evidence).to.deep.equal({
      streak: 3,
      missed: [...earlier, where.seminarId],
    });
    await participation;
    const stored = await Alert.countDocuments({ course: where.courseId, rule: { $ne: 'inactive_in_session' } });
    await tool.server.alerts.sessionEnded(await tool.server.live.rooms.byId(where.seminarId));
    expect(await Alert.countDocuments({ course: where.courseId, rule: { $ne: 'inactive_in_session' } })).to.equal(
      stored,
    );

    const overview = await api(`/courses/${where.courseId}/analytics/overview`, teacher.token);
    expect(overview.status).to.equal(200);
    expect(overview.body).to.include({
      course_id: where.courseId,
      student_count: 3,
      session_count: 3,
      completed_sessions: 3,
      avg_attendance_rate: 0.33,
    });
    const student = (id: string) => overview.body.students.find((s: { user: { id: string } }) => s.user.id === id);
    expect(student(carol.sub).attendance).to.deep.equal([false, false, false]);
    expect(student(bob.claims.sub).attendance).to.deep.equal([false, false, false]);
    expect(student(alice.claims.sub).attendance).to.deep.equal([true, true, true]);
    expect(student(dave.sub)).to.equal(undefined);
    expect(overview.body.sessions.map((s: { id: string }) => s.id)).to.deep.equal([...earlier, where.seminarId]);
    const risky = overview.body.at_risk_students.find((s: { user: { id: string } }) => s.user.id === carol.sub);
    expect(risky.risk_factors).to.deep.equal(['low_attendance', 'low_participation']);
    expect(risky.attendance_rate).to.equal(0);
    expect(overview.body.top_performers[0].user.id).to.equal(alice.claims.sub);
    closeAll(teacher, alice);
  });

  it('raises a quiz score drop when a graded quiz falls 20 points below the running average', async () => {
    const { where, alice } = await rosteredClass();
    const submit = (score: number, minutesAgo: number) =>
      QuizSubmission.create({
        quiz: new Types.ObjectId(),
        course: where.courseId,
        seminar: where.seminarId,
        user: alice.claims.sub,
        submittedAt: new Date(Date.now() - minutesAgo * 60_000),
        score,
        maxScore: 10,
        status: 'graded',
      });
    await submit(9, 30);
    await submit(8, 20);
    const latest = await submit(5, 1);
    await tool.server.alerts.quizGraded(String(latest._id));
    const alert = await Alert.findOne({ rule: 'quiz_score_drop', user: alice.claims.sub }).lean();
    expect(alert?.evidence).to.deep.equal({ latest: 50, runningAverage: 85, drop: 35 });
    expect(String(alert?.seminar)).to.equal(where.seminarId);
    closeAll(alice);
  });

  it("scores the session report and course overview with the seminar's weights as soon as they change", async () => {
    const where = await seedSeminar('ENDED');
    const teacher = claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId });
    const erin = claims({ course: where.courseId, seminar: where.seminarId, name: 'Erin' });
    await enrol(where.courseId, { claims: teacher }, { claims: erin });
    await ParticipationSummary.create({
      seminar: where.seminarId,
      course: where.courseId,
      user: erin.sub,
      speakingSeconds: 60,
      chatMessages: 5,
    });
    const token = tool.mint(teacher);
    const scores = async () => {
      const report = await api(`/sessions/${where.seminarId}/analytics/participation`, token);
      const overview = await api(`/courses/${where.courseId}/analytics/overview`, token);
      type Row = { user: { id: string }; participation_score: number };
      const mine = (rows: Row[]) => rows.find((r) => r.user.id === erin.sub)!;
      return {
        report: mine(report.body.participants).participation_score,
        overview: overview.body.avg_participation_score as number,
      };
    };
    // Defaults: talk 60/120 = 0.5 (0.3), chat 5/5 = 1 (0.2), hands, pulse, Q&A 0 → 0.35 / 0.7 = 50.
    expect(await scores()).to.deep.equal({ report: 50, overview: 50 });
    const settings = await request(tool.url)
      .put(`/api/v1/sessions/${where.seminarId}/participation-settings`)
      .set(bearer(token))
      .send({
        weights: { talk: 1, chat: 3, polls: 0, quizzes: 0, hands: 0, pulse: 0, questions: 0 },
        targets: { talkSeconds: 120, chatMessages: 5, handRaises: 2, pulseResponses: 3, questionActions: 2 },
      });
    expect(settings.status).to.equal(200);
    // (1·0.5 + 3·1) / 4 = 87.5.
    expect(await scores()).to.deep.equal({ report: 87.5, overview: 87.5 });
  });

  it('exports per-student CSV for a session and a course with formula-looking cells neutralised', async () => {
    const { where, teacher, alice } = await rosteredClass();
    const mallory = await person(tool.url, tool.mint, where, { name: '=HYPERLINK("http://evil","x")' });
    await enrol(where.courseId, { claims: mallory.claims });
    await join(alice);
    await join(mallory);
    await tool.server.participation.flush();
    const session = await api(`/sessions/${where.seminarId}/analytics/export.csv`, teacher.token);
    expect(session.status).to.equal(200);
    expect(session.headers['content-type']).to.match(/^text\/csv/);
    expect(session.headers['content-disposition']).to.match(
      /attachment; filename="session-[0-9a-f]{24}-participation\.csv"/,
    );
    const lines = session.text.trimEnd().split('\r\n');
    expect(lines[0]).to.match(/^user_id,full_name,attended,joined_at,left_at,present_seconds,speaking_time_seconds,/);
    expect(lines).to.have.length(5);
    const evil = lines.find((l) => l.startsWith(mallory.claims.sub))!;
    expect(evil).to.include(`,"'=HYPERLINK(""http://evil"",""x"")",true,`);

    const course = await api(`/courses/${where.courseId}/analytics/export.csv`, teacher.token);
    expect(course.status).to.equal(200);
    const courseLines = course.text.trimEnd().split('\r\n');
    expect(courseLines[0]).to.match(
      /^user_id,full_name,attendance_rate,avg_participation_score,avg_quiz_score,risk_factors,attended:Week 3 \(\d{4}-\d{2}-\d{2}\)$/,
    );
    expect(courseLines.find((l) => l.startsWith(mallory.claims.sub))).to.include(`"'=HYPERLINK(`);
    closeAll(teacher, alice, mallory);
  });
});
