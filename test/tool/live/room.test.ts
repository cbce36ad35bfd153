import { expect } from 'chai';
import request from 'supertest';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer } from '../../../tool/server.js';
import { useToolServer } from '../../support/tool-server.js';
import { Attendance, ParticipationEventModel as ParticipationEvent } from '../../../tool/store/index.js';
import { testConfig } from '../../support/config.js';
import { ack, closeAll, join, next, person, seedSeminar, silence } from './helpers.js';

describe('live room: join, presence, attendance', function () {
  this.timeout(30_000);
  const tool = useToolServer();

  it('answers join_session with session_joined to the joiner and participant_joined to the room', async () => {
    const where = await seedSeminar('LIVE', 'Week 3: Supervised Learning');
    const teacher = await person(tool.url, tool.mint, where, { role: 'instructor', name: 'Prof. Lee' });
    const first = await join(teacher);
    expect(first.session).to.deep.equal({ id: where.seminarId, title: 'Week 3: Supervised Learning', status: 'live' });
    expect(first.current_participants).to.equal(1);
    expect(first.timestamp).to.be.a('string');

    const student = await person(tool.url, tool.mint, where, { name: 'Kim Younghee' });
    const announced = next<{ user: { id: string; full_name: string; role: string } }>(
      teacher.socket,
      'participant_joined',
    );
    const joined = await join(student);
    expect(joined.current_participants).to.equal(2);
    expect(joined.participant_id).to.be.a('string');
    const seen = await announced;
    expect(seen.user).to.deep.equal({ id: student.claims.sub, full_name: 'Kim Younghee', role: 'learner' });
    const metrics = await request(tool.url).get('/metrics');
    expect(Number(/^eduforum_rooms (\d+)$/m.exec(metrics.text)?.[1])).to.be.at.least(1);
    const joins = /^eduforum_live_event_duration_seconds_count\{event="join_session",outcome="ok"\} (\d+)$/m;
    expect(Number(joins.exec(metrics.text)?.[1])).to.be.at.least(2);
    await ack(student.socket, 'poll_vote', { poll_id: 'nope' });
    const refused = await request(tool.url).get('/metrics');
    expect(refused.text).to.match(
      /^eduforum_live_event_duration_seconds_count\{event="poll_vote",outcome="VALIDATION_ERROR"\} 1$/m,
    );
    closeAll(teacher, student);
  });

  it('merges reconnects into one attendance record and announces a leave only when the last socket goes', async () => {
    const where = await seedSeminar();
    const teacher = await person(tool.url, tool.mint, where, { role: 'instructor' });
    await join(teacher);
    const tab1 = await person(tool.url, tool.mint, where);
    await join(tab1);
    const sub = tab1.claims.sub;
    const tab2 = await person(tool.url, tool.mint, where, { sub, name: tab1.claims.name });
    const noSecondJoin = silence(teacher.socket, 'participant_joined', 400);
    await join(tab2);
    await noSecondJoin;

    const noLeaveYet = silence(teacher.socket, 'participant_left', 400);
    tab1.socket.disconnect();
    await noLeaveYet;
    const left = next<{ user_id: string }>(teacher.socket, 'participant_left');
    tab2.socket.disconnect();
    expect((await left).user_id).to.equal(sub);

    const again = await person(tool.url, tool.mint, where, { sub, name: tab1.claims.name });
    await join(again);
    const records = await Attendance.find({ seminar: where.seminarId, user: sub }).lean();
    expect(records).to.have.length(1);
    expect(records[0]!.connections).to.equal(2);
    expect(records[0]!.lastLeftAt).to.be.instanceOf(Date);
    closeAll(teacher, again);
  });

  it('signs everyone present out at the session end: attendance and a leave event each', async () => {
    const where = await seedSeminar();
    const teacher = await person(tool.url, tool.mint, where, { role: 'instructor' });
    const student = await person(tool.url, tool.mint, where);
    await join(teacher);
    await join(student);
    await (await tool.server.live.rooms.byId(where.seminarId)).end();
    await tool.server.participation.flush();
    const events = await ParticipationEvent.find({ seminar: where.seminarId }, { user: 1, type: 1 }).lean();
    for (const who of [teacher, student]) {
      const mine = events.filter((e) => String(e.user) === who.claims.sub).map((e) => e.type);
      expect(mine, who.claims.role).to.deep.equal(['join', 'leave']);
    }
    const attendance = await Attendance.find({ seminar: where.seminarId }).lean();
    expect(attendance.map((a) => a.lastLeftAt))
      .to.have.length(2)
      .and.satisfy((d: unknown[]) => d.every(Boolean));
    // Closing the page afterwards is no second departure.
    const noSecondLeave = silence(teacher.socket, 'participant_left', 400);
    student.socket.disconnect();
    await noSecondLeave;
    await tool.server.participation.flush();
    expect(await ParticipationEvent.countDocuments({ seminar: where.seminarId, type: 'leave' })).to.equal(2);
    closeAll(teacher);
  });

  it('gives a reconnecting client a full snapshot of the room', async () => {
    const where = await seedSeminar();
    const teacher = await person(tool.url, tool.mint, where, { role: 'instructor' });
    await join(teacher);
    const student = await person(tool.url, tool.mint, where);
    await join(student);
    expect((await ack(student.socket, 'hand_raise')).ok).to.equal(true);
    expect((await ack(student.socket, 'chat_message', { message: 'hello before the drop' })).ok).to.equal(true);
    const created = await ack(teacher.socket, 'poll_create', { question: 'Ready?', options: ['Yes', 'No'] });
    const pollId = (created.poll as { id: string }).id;
    expect((await ack(student.socket, 'poll_vote', { poll_id: pollId, option_ids: ['opt_1'] })).ok).to.equal(true);
    student.socket.disconnect();

    const back = await person(tool.url, tool.mint, where, { sub: student.claims.sub, name: student.claims.name });
    const { snapshot } = await join(back);
    expect(snapshot.my_hand).to.deep.equal({ raised: true, queue_position: 1 });
    const chat = snapshot.chat as { messages: { message: string }[] };
    expect(chat.messages.map((m) => m.message)).to.include('hello before the drop');
    const polls = snapshot.polls as { id: string; my_option_ids: string[] }[];
    expect(polls.find((p) => p.id === pollId)?.my_option_ids).to.deep.equal(['opt_1']);
    expect((snapshot.participants as { id: string }[]).map((p) => p.id)).to.include(teacher.claims.sub);

    const staffView = (await join(teacher)).snapshot;
    expect((staffView.hand_queue as { user: { id: string } }[])[0]!.user.id).to.equal(student.claims.sub);
    closeAll(teacher, back);
  });

  it('refuses events before join_session, and join_session of an ended session', async () => {
    const where = await seedSeminar();
    const student = await person(tool.url, tool.mint, where);
    const early = await ack(student.socket, 'chat_message', { message: 'hi' });
    expect(early.error?.code).to.equal('FORBIDDEN');
    const ended = await seedSeminar('ENDED');
    const late = await person(tool.url, tool.mint, ended);
    expect((await ack(late.socket, 'join_session', {})).error?.code).to.equal('CONFLICT');
    closeAll(student, late);
  });

  it('refuses a token whose course does not own the seminar', async () => {
    const where = await seedSeminar();
    const other = await seedSeminar();
    const intruder = await person(tool.url, tool.mint, { courseId: other.courseId, seminarId: where.seminarId });
    expect((await ack(intruder.socket, 'join_session', {})).error?.code).to.equal('FORBIDDEN');
    closeAll(intruder);
  });

  it('answers malformed payloads with VALIDATION_ERROR and field details', async () => {
    const where = await seedSeminar();
    const student = await person(tool.url, tool.mint, where);
    await join(student);
    const bad = await ack(student.socket, 'chat_message', { message: 42 });
    expect(bad.ok).to.equal(false);
    expect(bad.error?.code).to.equal('VALIDATION_ERROR');
    expect(bad.error?.details).to.have.property('message');
    expect((await ack(student.socket, 'chat_message', 'not an object')).error?.code).to.equal('VALIDATION_ERROR');
    expect((await ack(student.socket, 'reaction', { emoji: '<script>' })).error?.code).to.equal('VALIDATION_ERROR');
    const noAck = next<{ event: string; code: string }>(student.socket, 'live_error');
    student.socket.emit('hand_lower', { user_id: 'nope' });
    expect(await noAck).to.include({ event: 'hand_lower', code: 'VALIDATION_ERROR' });
    closeAll(student);
  });

  it('never lets a learner trigger instructor actions', async () => {
    const where = await seedSeminar();
    const student = await person(tool.url, tool.mint, where);
    await join(student);
    const other = await person(tool.url, tool.mint, where);
    await join(other);
    await ack(other.socket, 'hand_raise');
    const attempts: [string, unknown][] = [
      ['poll_create', { question: 'Q', options: ['a', 'b'] }],
      ['poll_close', { poll_id: '0'.repeat(24) }],
      ['hand_call_on', { user_id: other.claims.sub }],
      ['hand_clear', {}],
      ['hand_lower', { user_id: other.claims.sub }],
    ];
    for (const [event, payload] of attempts) {
      const answer = await ack(student.socket, event, payload);
      expect(answer.error?.code, event).to.equal('FORBIDDEN');
    }
    const staff = await person(tool.url, tool.mint, where, { role: 'instructor' });
    const { snapshot } = await join(staff);
    expect((snapshot.hand_queue as unknown[]).length).to.equal(1);
    closeAll(student, other, staff);
  });

  it('lets an observer watch but not chat or vote', async () => {
    const where = await seedSeminar();
    const observer = await person(tool.url, tool.mint, where, { role: 'observer' });
    await join(observer);
    expect((await ack(observer.socket, 'chat_message', { message: 'hi' })).error?.code).to.equal('FORBIDDEN');
    expect((await ack(observer.socket, 'hand_raise')).error?.code).to.equal('FORBIDDEN');
    closeAll(observer);
  });
});

describe('live room: presence across a graceful restart', function () {
  this.timeout(30_000);

  it('signs sockets out when the tool stops, so a returning user is announced again', async () => {
    const config = await testConfig();
    const first = await startToolServer(config, createLogger('silent'));
    const where = await seedSeminar();
    const student = await person(first.url, (c) => first.tokens.mint(c), where);
    await join(student);
    await first.close();
    closeAll(student);
    const second = await startToolServer(config, createLogger('silent'));
    try {
      const record = await Attendance.findOne({ seminar: where.seminarId, user: student.claims.sub }).lean();
      expect(record!.lastLeftAt).to.be.instanceOf(Date);
      const teacher = await person(second.url, (c) => second.tokens.mint(c), where, { role: 'instructor' });
      const { snapshot } = await join(teacher);
      expect((snapshot.participants as { id: string }[]).map((p) => p.id)).to.not.include(student.claims.sub);
      const back = await person(second.url, (c) => second.tokens.mint(c), where, {
        sub: student.claims.sub,
        name: student.claims.name,
      });
      const announced = next<{ user: { id: string } }>(teacher.socket, 'participant_joined');
      await join(back);
      expect((await announced).user.id).to.equal(student.claims.sub);
      closeAll(teacher, back);
    } finally {
      await second.close();
    }
  });
});
