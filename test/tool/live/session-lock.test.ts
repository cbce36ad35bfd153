import { expect } from 'chai';
import { Seminar } from '../../../tool/store/index.js';
import { useToolServer } from '../../support/tool-server.js';
import { ack, classroom, closeAll, join, next, person, silence, type Classroom } from './helpers.js';

describe('live room: session lock', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  let room: Classroom;
  const newcomer = (overrides = {}) => person(tool.url, tool.mint, room.where, overrides);

  beforeEach(async () => (room = await classroom(tool)));
  afterEach(() => closeAll(room.teacher, room.alice, room.bob));

  it('refuses session_lock to learners and malformed payloads to staff', async () => {
    expect((await ack(room.alice.socket, 'session_lock', { locked: true })).error?.code).to.equal('FORBIDDEN');
    for (const bad of [{}, { locked: 'yes' }, { locked: null }])
      expect((await ack(room.teacher.socket, 'session_lock', bad)).error?.code, JSON.stringify(bad)).to.equal(
        'VALIDATION_ERROR',
      );
    expect((await Seminar.findById(room.where.seminarId).lean())!.locked).to.equal(false);
  });

  it('keeps newcomers out while locked, lets those already in and staff back, and opens again on unlock', async () => {
    const announced = next<{ locked: boolean; by: string }>(room.bob.socket, 'session_locked');
    expect(await ack(room.teacher.socket, 'session_lock', { locked: true })).to.deep.include({
      ok: true,
      locked: true,
    });
    expect(await announced).to.deep.include({ locked: true, by: 'Prof' });

    const carol = await newcomer({ name: 'Carol' });
    const refused = await ack(carol.socket, 'join_session', {});
    expect(refused.error).to.deep.include({ code: 'FORBIDDEN', details: { reason: 'locked' } });
    const stillOut = await ack(carol.socket, 'chat_message', { message: 'let me in' });
    expect(stillOut.error?.code, 'a refused joiner is not in the room').to.equal('FORBIDDEN');
    // Nor in the SFU: no seeing or hearing the seminar from outside.
    const caps = (await ack(carol.socket, 'media:getRouterRtpCapabilities', {})).rtpCapabilities;
    const media = await ack(carol.socket, 'media:join', { rtpCapabilities: caps });
    expect(media.error).to.deep.include({ code: 'FORBIDDEN', details: { reason: 'locked' } });

    // A dropped network: Alice was in before the lock, so her new socket rejoins.
    room.alice.socket.disconnect();
    room.alice = await newcomer({ sub: room.alice.claims.sub, name: 'Alice' });
    expect((await join(room.alice)).snapshot.locked).to.equal(true);
    const aliceCaps = (await ack(room.alice.socket, 'media:getRouterRtpCapabilities', {})).rtpCapabilities;
    expect((await ack(room.alice.socket, 'media:join', { rtpCapabilities: aliceCaps })).ok).to.equal(true);
    const ta = await newcomer({ role: 'ta', name: 'Tess' });
    await join(ta);

    const opened = next<{ locked: boolean }>(room.alice.socket, 'session_locked');
    await ack(room.teacher.socket, 'session_lock', { locked: false });
    expect((await opened).locked).to.equal(false);
    expect((await join(carol)).snapshot.locked).to.equal(false);
    closeAll(carol, ta);
  });

  it('tells staff once who is waiting outside, keeps it from learners, and clears the list on unlock', async () => {
    await ack(room.teacher.socket, 'session_lock', { locked: true });
    const dave = await newcomer({ name: 'Dave' });
    const knock = next<{ user: { id: string; full_name: string } }>(room.teacher.socket, 'session_knock');
    const learnersQuiet = silence(room.bob.socket, 'session_knock', 600);
    expect((await ack(dave.socket, 'join_session', {})).error?.code).to.equal('FORBIDDEN');
    expect((await knock).user).to.deep.equal({ id: dave.claims.sub, full_name: 'Dave' });
    await learnersQuiet;
    // The locked-out client asks again and again: staff hear of it once.
    const once = silence(room.teacher.socket, 'session_knock', 600);
    expect((await ack(dave.socket, 'join_session', {})).error?.code).to.equal('FORBIDDEN');
    await once;
    const ta = await newcomer({ role: 'ta', name: 'Tess' });
    expect((await join(ta)).snapshot.knocking).to.deep.equal([{ id: dave.claims.sub, full_name: 'Dave' }]);
    room.bob.socket.disconnect();
    room.bob = await newcomer({ sub: room.bob.claims.sub, name: 'Bob' });
    expect((await join(room.bob)).snapshot).to.not.have.property('knocking');

    await ack(room.teacher.socket, 'session_lock', { locked: false });
    await join(dave);
    expect((await join(ta)).snapshot.knocking).to.deep.equal([]);
    closeAll(dave, ta);
  });

  it('stores the lock on the seminar (any process, a restart) and refuses changes once the session has ended', async () => {
    await ack(room.teacher.socket, 'session_lock', { locked: true });
    expect((await Seminar.findById(room.where.seminarId).lean())!.locked).to.equal(true);
    await (await tool.server.live.rooms.byId(room.where.seminarId)).end();
    expect((await ack(room.teacher.socket, 'session_lock', { locked: false })).error?.code).to.equal('CONFLICT');
  });
});
