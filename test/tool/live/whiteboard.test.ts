import { expect } from 'chai';
import { Redis } from 'ioredis';
import { incomingWins } from '../../../tool/live/whiteboard.js';
import { useToolServer } from '../../support/tool-server.js';
import { WhiteboardElement } from '../../../tool/store/index.js';
import { ack, closeAll, join, next, person, type Person, classroom } from './helpers.js';

const rect = (id: string, version: number, versionNonce: number, x = 0) => ({
  id,
  type: 'rectangle',
  x,
  y: 0,
  width: 10,
  height: 10,
  version,
  versionNonce,
  isDeleted: false,
});

describe('whiteboard reconciliation rule (pure)', () => {
  it('prefers the higher version, then the lower versionNonce', () => {
    expect(incomingWins(null, { version: 1, versionNonce: 5 })).to.equal(true);
    expect(incomingWins({ version: 2, versionNonce: 5 }, { version: 3, versionNonce: 9 })).to.equal(true);
    expect(incomingWins({ version: 3, versionNonce: 5 }, { version: 2, versionNonce: 1 })).to.equal(false);
    expect(incomingWins({ version: 3, versionNonce: 5 }, { version: 3, versionNonce: 4 })).to.equal(true);
    expect(incomingWins({ version: 3, versionNonce: 5 }, { version: 3, versionNonce: 5 })).to.equal(false);
  });
});

describe('live room: whiteboard relay', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  let where: { courseId: string; seminarId: string };
  let teacher: Person, alice: Person, bob: Person;

  beforeEach(async () => ({ where, teacher, alice, bob } = await classroom(tool)));
  afterEach(() => closeAll(teacher, alice, bob));

  it('relays accepted elements to the others and rejects stale versions', async () => {
    const atBob = next<{ elements: { id: string; x: number }[] }>(bob.socket, 'whiteboard_update');
    const first = await ack(alice.socket, 'whiteboard_update', { elements: [rect('r1', 2, 100, 5)] });
    expect(first.accepted).to.deep.equal(['r1']);
    expect((await atBob).elements[0]).to.deep.include({ id: 'r1', x: 5 });

    const stale = await ack(bob.socket, 'whiteboard_update', { elements: [rect('r1', 1, 1, 99)] });
    expect(stale).to.deep.include({ accepted: [], rejected: ['r1'] });
    const tie = await ack(bob.socket, 'whiteboard_update', { elements: [rect('r1', 2, 50, 7)] });
    expect(tie.accepted).to.deep.equal(['r1']);
    const batch = await ack(bob.socket, 'whiteboard_update', {
      elements: [rect('r1', 4, 9, 40), rect('r1', 3, 1, 30)],
    });
    expect(batch.accepted).to.deep.equal(['r1']);
    const scene = await ack(teacher.socket, 'whiteboard_snapshot', {});
    expect((scene.elements as { id: string; x: number }[]).map((e) => [e.id, e.x])).to.deep.equal([['r1', 40]]);
  });

  it('gives late joiners the persisted scene, also after Redis lost it', async () => {
    await ack(alice.socket, 'whiteboard_update', { elements: [rect('a', 1, 1), rect('b', 1, 2)] });
    for (let i = 0; i < 40 && (await WhiteboardElement.countDocuments({ seminar: where.seminarId })) < 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await WhiteboardElement.countDocuments({ seminar: where.seminarId })).to.equal(2);
    const redis = new Redis(tool.server.stores.redisUrl);
    await redis.del(`live:${where.seminarId}:wb:main`, `live:${where.seminarId}:wb:main:v`);
    redis.disconnect();
    const late = await person(tool.url, tool.mint, where);
    await join(late);
    const scene = await ack(late.socket, 'whiteboard_snapshot', {});
    expect((scene.elements as { id: string }[]).map((e) => e.id).sort()).to.deep.equal(['a', 'b']);
    closeAll(late);
  });

  it('lets staff lock the board against learner edits', async () => {
    expect((await ack(alice.socket, 'whiteboard_lock', { locked: true })).error?.code).to.equal('FORBIDDEN');
    const lockSeen = next<{ locked: boolean }>(alice.socket, 'whiteboard_lock');
    await ack(teacher.socket, 'whiteboard_lock', { locked: true });
    expect((await lockSeen).locked).to.equal(true);
    expect((await ack(alice.socket, 'whiteboard_update', { elements: [rect('z', 1, 1)] })).error?.code).to.equal(
      'FORBIDDEN',
    );
    expect((await ack(teacher.socket, 'whiteboard_update', { elements: [rect('z', 1, 1)] })).ok).to.equal(true);
    expect(((await join(bob)).snapshot.whiteboard as { locked: boolean }).locked).to.equal(true);
  });

  it('relays pointers and refuses malformed elements and floods', async () => {
    const pointer = next<{ user: { id: string }; x: number }>(bob.socket, 'whiteboard_pointer');
    await ack(alice.socket, 'whiteboard_pointer', { x: 12.5, y: 3 });
    expect(await pointer).to.deep.include({ x: 12.5, user: { id: alice.claims.sub, full_name: alice.claims.name } });
    const bad = await ack(alice.socket, 'whiteboard_update', { elements: [{ id: 'x', version: 'one' }] });
    expect(bad.error?.code).to.equal('VALIDATION_ERROR');
    const huge = await ack(alice.socket, 'whiteboard_update', {
      elements: [{ ...rect('h', 1, 1), text: 'x'.repeat(40_000) }],
    });
    expect(huge.error?.code).to.equal('VALIDATION_ERROR');
    const answers = await Promise.all(
      Array.from({ length: 70 }, (_, i) => ack(bob.socket, 'whiteboard_update', { elements: [rect(`f${i}`, 1, 1)] })),
    );
    expect(answers.filter((a) => a.error?.code === 'RATE_LIMITED').length).to.be.greaterThan(0);
  });
});
