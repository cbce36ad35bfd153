import { expect } from 'chai';
import { useToolServer } from '../../support/tool-server.js';
import { ack, closeAll, join, next, type Person, classroom } from './helpers.js';

type Queue = { user: { id: string }; queue_position: number }[];

describe('live room: hands and reactions', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  let teacher: Person, alice: Person, bob: Person;

  beforeEach(async () => ({ teacher, alice, bob } = await classroom(tool)));
  afterEach(() => closeAll(teacher, alice, bob));

  it('queues raised hands in order and tells only staff (hand_raised with queue_position)', async () => {
    const raised = next<{ user: { id: string; full_name: string }; queue_position: number }>(
      teacher.socket,
      'hand_raised',
    );
    expect((await ack(alice.socket, 'hand_raise')).queue_position).to.equal(1);
    expect(await raised).to.deep.include({ user: { id: alice.claims.sub, full_name: 'Alice' }, queue_position: 1 });
    const queue = next<{ queue: Queue }>(teacher.socket, 'hand_queue', (q) => q.queue.length === 2);
    expect((await ack(bob.socket, 'hand_raise')).queue_position).to.equal(2);
    expect((await queue).queue.map((e) => e.user.id)).to.deep.equal([alice.claims.sub, bob.claims.sub]);
    expect((await ack(alice.socket, 'hand_raise')).queue_position).to.equal(1);
  });

  it('lets a learner lower their own hand and staff lower or call on anyone', async () => {
    await ack(alice.socket, 'hand_raise');
    await ack(bob.socket, 'hand_raise');
    expect((await ack(alice.socket, 'hand_lower')).lowered).to.equal(true);
    const calledOn = next<{ user: { id: string } }>(alice.socket, 'hand_called_on');
    const bobState = next<{ raised: boolean }>(bob.socket, 'hand_state');
    expect((await ack(teacher.socket, 'hand_call_on', { user_id: bob.claims.sub })).ok).to.equal(true);
    expect((await calledOn).user.id).to.equal(bob.claims.sub);
    expect((await bobState).raised).to.equal(false);
    const { snapshot } = await join(teacher);
    expect(snapshot.hand_queue).to.deep.equal([]);
  });

  it('aggregates reactions into bursts of per-emoji counts, not one event per tap', async () => {
    const bursts: Record<string, number>[] = [];
    bob.socket.on('reaction_burst', (b: { counts: Record<string, number>; window_ms: number }) => {
      expect(b.window_ms).to.equal(1000);
      bursts.push(b.counts);
    });
    for (const p of [alice, alice, bob]) expect((await ack(p.socket, 'reaction', { emoji: '👍' })).ok).to.equal(true);
    await ack(alice.socket, 'reaction', { emoji: '🎉' });
    const total = () => bursts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0);
    for (let i = 0; i < 40 && total() < 4; i++) await new Promise((r) => setTimeout(r, 100));
    const sum = (emoji: string) => bursts.reduce((n, c) => n + (c[emoji] ?? 0), 0);
    expect({ thumbs: sum('👍'), party: sum('🎉') }).to.deep.equal({ thumbs: 3, party: 1 });
    expect(bursts.length).to.be.at.most(2);
  });

  it('rate-limits reaction and hand floods', async () => {
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await ack(alice.socket, 'reaction', { emoji: '👏' }));
    expect(answers.filter((a) => a.ok)).to.have.length(15);
    expect(answers.filter((a) => a.error?.code === 'RATE_LIMITED')).to.have.length(5);
    const hands = [];
    for (let i = 0; i < 8; i++) hands.push(await ack(bob.socket, i % 2 ? 'hand_lower' : 'hand_raise'));
    expect(hands.filter((a) => a.error?.code === 'RATE_LIMITED')).to.have.length(2);
  });

  it('sends staff participation_update with per-user activity counts', async () => {
    await ack(alice.socket, 'hand_raise');
    await ack(alice.socket, 'chat_message', { message: 'hi' });
    await ack(alice.socket, 'chat_message', { message: 'again' });
    const update = await next<{ participants: Record<string, unknown>[] }>(
      teacher.socket,
      'participation_update',
      undefined,
      7_000,
    );
    expect(update.participants.find((p) => p.user_id === alice.claims.sub)).to.deep.include({
      full_name: 'Alice',
      chat_messages_count: 2,
      hand_raises_count: 1,
    });
  });
});
