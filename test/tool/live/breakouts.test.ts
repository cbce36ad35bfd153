import { expect } from 'chai';
import type { BreakoutMediaPort } from '../../../tool/live/index.js';
import { useToolServer } from '../../support/tool-server.js';
import { Breakout, BreakoutMember } from '../../../tool/store/index.js';
import { ack, closeAll, join, next, person, seedSeminar, silence, type Person } from './helpers.js';

interface StartBody {
  run_id: string;
  room_assignments: { room_id: string; room_number: number; name: string; participants: { id: string }[] }[];
  ends_at: string;
}

/** Records movePeer calls: the media team's MediaService is wired in tool/tool.server.ts separately. */
class RecordingMediaPort implements BreakoutMediaPort {
  readonly moves: [string, string, string][] = [];
  movePeer(userId: string, seminarId: string, roomKey: string): void {
    this.moves.push([userId, seminarId, roomKey]);
  }
}

describe('live room: breakout rooms', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  let where: { courseId: string; seminarId: string };
  let teacher: Person;
  let learners: Person[];
  let media: RecordingMediaPort;

  beforeEach(async () => {
    media = new RecordingMediaPort();
    tool.server.live.useMedia(media);
    where = await seedSeminar();
    teacher = await person(tool.url, tool.mint, where, { role: 'instructor' });
    await join(teacher);
    learners = [];
    for (let i = 0; i < 4; i++) {
      const p = await person(tool.url, tool.mint, where, { name: `L${i}` });
      await join(p);
      learners.push(p);
    }
  });
  afterEach(() => closeAll(teacher, ...learners));

  const roomOf = (body: StartBody, p: Person) =>
    body.room_assignments.find((r) => r.participants.some((x) => x.id === p.claims.sub))!.room_id;

  it('previews a plan of present learners without opening rooms', async () => {
    const preview = await ack(teacher.socket, 'breakout_preview', { mode: 'round_robin', room_count: 2 });
    const rooms = preview.rooms as { participants: { id: string }[] }[];
    expect(rooms.map((r) => r.participants.length)).to.deep.equal([2, 2]);
    expect(rooms.flatMap((r) => r.participants.map((p) => p.id))).to.have.members(learners.map((l) => l.claims.sub));
    expect((await join(teacher)).snapshot.breakout).to.equal(null);
  });

  it('opens rooms with their own chat, moves media, and brings everyone back at the end', async () => {
    const started = next<StartBody>(learners[0]!.socket, 'breakout_start');
    const answer = await ack(teacher.socket, 'breakout_start', { mode: 'random', room_count: 2, duration_minutes: 10 });
    expect(answer.ok, JSON.stringify(answer.error)).to.equal(true);
    const body = await started;
    expect(body.room_assignments).to.have.length(2);
    const [a, b, c, d] = learners as [Person, Person, Person, Person];
    const mate = [b, c, d].find((p) => roomOf(body, p) === roomOf(body, a))!;
    const stranger = [b, c, d].find((p) => roomOf(body, p) !== roomOf(body, a))!;
    expect(media.moves).to.deep.include([
      a.claims.sub,
      where.seminarId,
      `${where.seminarId}:breakout:${roomOf(body, a)}`,
    ]);

    const mateHears = next<{ message: string; room_id: string }>(mate.socket, 'chat_message');
    const teacherHears = next<{ message: string }>(teacher.socket, 'chat_message');
    const strangerQuiet = silence(stranger.socket, 'chat_message', 400);
    await ack(a.socket, 'chat_message', { message: 'in our room' });
    expect((await mateHears).room_id).to.equal(roomOf(body, a));
    expect((await teacherHears).message).to.equal('in our room');
    await strangerQuiet;

    const broadcast = next<{ message: string }>(stranger.socket, 'breakout_broadcast');
    await ack(teacher.socket, 'breakout_broadcast', { message: '2 minutes left' });
    expect((await broadcast).message).to.equal('2 minutes left');

    const ended = next<{ message: string }>(a.socket, 'breakout_end');
    expect((await ack(teacher.socket, 'breakout_end')).ended).to.equal(true);
    await ended;
    expect(media.moves).to.deep.include([a.claims.sub, where.seminarId, where.seminarId]);
    const everyoneHears = next<{ message: string }>(stranger.socket, 'chat_message');
    await ack(a.socket, 'chat_message', { message: 'back in main' });
    expect((await everyoneHears).message).to.equal('back in main');
    expect(await Breakout.countDocuments({ seminar: where.seminarId, endedAt: null })).to.equal(0);
    expect(await BreakoutMember.countDocuments({ seminar: where.seminarId, leftAt: null })).to.equal(0);
  });

  it('moves a participant by hand and lets staff visit a room', async () => {
    const started = await ack(teacher.socket, 'breakout_start', {
      rooms: [
        { name: 'Red', participant_ids: [learners[0]!.claims.sub, learners[1]!.claims.sub] },
        { name: 'Blue', participant_ids: [learners[2]!.claims.sub, learners[3]!.claims.sub] },
      ],
      duration_minutes: 10,
    });
    const body = started as unknown as StartBody;
    const [red, blue] = body.room_assignments.map((r) => r.room_id) as [string, string];
    const moved = next<{ user_id: string; to_room_id: string }>(teacher.socket, 'breakout_moved');
    await ack(teacher.socket, 'breakout_move', { user_id: learners[0]!.claims.sub, room_id: blue });
    expect(await moved).to.deep.include({ user_id: learners[0]!.claims.sub, to_room_id: blue });
    const heardInBlue = next<{ message: string }>(learners[0]!.socket, 'chat_message');
    await ack(learners[2]!.socket, 'chat_message', { message: 'blue team' });
    expect((await heardInBlue).message).to.equal('blue team');

    expect((await ack(teacher.socket, 'breakout_visit', { room_id: red })).room_id).to.equal(red);
    expect(media.moves).to.deep.include([teacher.claims.sub, where.seminarId, `${where.seminarId}:breakout:${red}`]);
    const learnerSnapshot = (await join(learners[0]!)).snapshot.breakout as { my_room_id: string };
    expect(learnerSnapshot.my_room_id).to.equal(blue);
    expect(
      (await ack(learners[1]!.socket, 'breakout_move', { user_id: learners[1]!.claims.sub, room_id: blue })).error
        ?.code,
    ).to.equal('FORBIDDEN');
    expect((await ack(learners[1]!.socket, 'breakout_end')).error?.code).to.equal('FORBIDDEN');
    expect((await ack(teacher.socket, 'breakout_start', { duration_minutes: 5 })).error?.code).to.equal('CONFLICT');
    await ack(teacher.socket, 'breakout_end');
  });

  it('warns before the end and closes the rooms when the timer runs out', async () => {
    const warned = next<{ seconds_left: number }>(learners[0]!.socket, 'breakout_warning', undefined, 5_000);
    const ended = next(learners[0]!.socket, 'breakout_end', undefined, 6_000);
    await ack(teacher.socket, 'breakout_start', {
      mode: 'round_robin',
      room_count: 2,
      duration_minutes: 0.05,
      warning_seconds: 2,
    });
    expect((await warned).seconds_left).to.be.within(1, 2);
    await ended;
    expect((await join(teacher)).snapshot.breakout).to.equal(null);
  });
});
