import { expect } from 'chai';
import { io as connect } from 'socket.io-client';
import type { SessionClaims } from '../../launch/index.js';
import { useToolProcessPair } from '../support/tool-process.js';
import { ack, closeAll, join, next, seedSeminar, type Person } from '../tool/live/helpers.js';
import { claims } from '../support/tokens.js';

interface Snapshot {
  chat: { messages: { message: string }[] };
  polls: { id: string; my_option_ids: string[] }[];
  my_hand: { raised: boolean; queue_position: number | null };
  participants: { id: string }[];
}

describe('fault: a tool process killed (SIGKILL) while students are connected', function () {
  this.timeout(60_000);
  const pair = useToolProcessPair();

  /** The client as a load balancer would see it: the same token tried on each origin until one answers. */
  async function connectAny(urls: string[], c: SessionClaims): Promise<Person> {
    const token = pair.mint(c);
    for (const url of urls) {
      const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      const ok = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
      if (ok) return { claims: c, token, socket };
      socket.disconnect();
    }
    throw new Error('no tool process answered');
  }

  it('lets the students reconnect to the surviving process with their chat, vote and raised hand intact', async () => {
    const where = await seedSeminar();
    const teacherClaims = claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId });
    const learnerClaims = claims({ course: where.courseId, seminar: where.seminarId, name: 'Mina' });
    const teacher = await connectAny([pair.b.url], teacherClaims);
    const learner = await connectAny([pair.a.url], learnerClaims);
    await join(teacher);
    await join(learner);
    const created = await ack(teacher.socket, 'poll_create', { question: 'Ready?', options: ['yes', 'no'] });
    const pollId = (created.poll as { id: string }).id;
    expect((await ack(learner.socket, 'poll_vote', { poll_id: pollId, option_ids: ['opt_2'] })).ok).to.equal(true);
    expect((await ack(learner.socket, 'chat_message', { message: 'written before the crash' })).ok).to.equal(true);
    expect((await ack(learner.socket, 'hand_raise')).ok).to.equal(true);

    const dropped = new Promise<void>((resolve) => learner.socket.once('disconnect', () => resolve()));
    await pair.a.kill();
    await dropped;

    const back = await connectAny([pair.a.url, pair.b.url], learnerClaims);
    const snapshot = (await join(back)).snapshot as unknown as Snapshot;
    expect(snapshot.chat.messages.map((m) => m.message)).to.include('written before the crash');
    expect(snapshot.polls.find((p) => p.id === pollId)?.my_option_ids).to.deep.equal(['opt_2']);
    expect(snapshot.my_hand).to.deep.equal({ raised: true, queue_position: 1 });
    expect(snapshot.participants.map((p) => p.id)).to.include(learnerClaims.sub);

    const heard = next<{ message: string }>(teacher.socket, 'chat_message');
    expect((await ack(back.socket, 'chat_message', { message: 'back on process B' })).ok).to.equal(true);
    expect((await heard).message).to.equal('back on process B');
    const counted = next<{ total_responses: number; options: { votes: number }[] }>(
      teacher.socket,
      'poll_response_update',
    );
    expect((await ack(back.socket, 'poll_vote', { poll_id: pollId, option_ids: ['opt_1'] })).ok).to.equal(true);
    expect((await counted).options.map((o) => o.votes)).to.deep.equal([1, 0]);

    const left = next<{ user_id: string }>(teacher.socket, 'participant_left', (e) => e.user_id === learnerClaims.sub);
    closeAll(back);
    expect((await left).user_id).to.equal(learnerClaims.sub);
    closeAll(teacher);
  });
});
