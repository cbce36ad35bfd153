import { expect } from 'chai';
import { useToolServer } from '../../support/tool-server.js';
import { ChatMessage } from '../../../tool/store/index.js';
import { ack, closeAll, join, next, person, silence, type Person, classroom } from './helpers.js';

interface ChatPayload {
  message_id: string;
  message: string;
  user: { id: string };
  reply_to: string | null;
  thread_id: string | null;
  private: boolean;
  deleted: boolean;
  reactions: Record<string, number>;
}

describe('live room: chat', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  let where: { courseId: string; seminarId: string };
  let teacher: Person, alice: Person, bob: Person;

  beforeEach(async () => ({ where, teacher, alice, bob } = await classroom(tool)));
  afterEach(() => closeAll(teacher, alice, bob));

  async function say(p: Person, payload: Record<string, unknown>): Promise<ChatPayload> {
    const answer = await ack(p.socket, 'chat_message', payload);
    expect(answer.ok, JSON.stringify(answer.error)).to.equal(true);
    return answer.message as ChatPayload;
  }

  it('broadcasts a message in the seed shape to everyone in the room', async () => {
    const atBob = next<ChatPayload & { timestamp: string }>(bob.socket, 'chat_message');
    await say(alice, { message: 'Could you explain overfitting again?' });
    const got = await atBob;
    expect(got.message).to.equal('Could you explain overfitting again?');
    expect(got.user).to.deep.include({ id: alice.claims.sub, full_name: 'Alice' });
    expect(got.reply_to).to.equal(null);
    expect(got.timestamp).to.be.a('string');
  });

  it('stores markup as inert text and strips control and bidi characters', async () => {
    const sent = await say(alice, { message: '  <img src=x onerror=alert(1)>\u0007 hi\u202e!\r\n\r\n\r\n\r\nend ' });
    expect(sent.message).to.equal('<img src=x onerror=alert(1)> hi!\n\nend');
    const stored = await ChatMessage.findById(sent.message_id).lean();
    expect(stored!.text).to.equal(sent.message);
    expect((await ack(alice.socket, 'chat_message', { message: ' \u0000 ' })).error?.code).to.equal('VALIDATION_ERROR');
    expect((await ack(alice.socket, 'chat_message', { message: 'x'.repeat(2001) })).error?.code).to.equal(
      'VALIDATION_ERROR',
    );
  });

  it('threads replies and counts them on the thread root', async () => {
    const root = await say(alice, { message: 'root' });
    const reply = await say(bob, { message: 'reply', reply_to: root.message_id });
    const nested = await say(alice, { message: 'nested', reply_to: reply.message_id });
    expect(reply.thread_id).to.equal(root.message_id);
    expect(nested.thread_id).to.equal(root.message_id);
    const thread = await ack(bob.socket, 'chat_history', { thread_id: root.message_id });
    expect((thread.messages as ChatPayload[]).map((m) => m.message)).to.deep.equal(['reply', 'nested']);
    const main = await ack(bob.socket, 'chat_history', {});
    const rootNow = (main.messages as (ChatPayload & { reply_count: number })[]).find(
      (m) => m.message_id === root.message_id,
    );
    expect(rootNow?.reply_count).to.equal(2);
  });

  it('lets authors edit and delete their own messages, staff delete any, and nobody else', async () => {
    const mine = await say(alice, { message: 'typo' });
    const edited = next<ChatPayload>(bob.socket, 'chat_message_updated');
    expect((await ack(alice.socket, 'chat_edit', { message_id: mine.message_id, message: 'fixed' })).ok).to.equal(true);
    expect((await edited).message).to.equal('fixed');
    expect((await ack(bob.socket, 'chat_edit', { message_id: mine.message_id, message: 'x' })).error?.code).to.equal(
      'FORBIDDEN',
    );
    expect((await ack(bob.socket, 'chat_delete', { message_id: mine.message_id })).error?.code).to.equal('FORBIDDEN');
    const deleted = next<{ message_id: string; deleted_by: string }>(alice.socket, 'chat_message_deleted');
    expect((await ack(teacher.socket, 'chat_delete', { message_id: mine.message_id })).ok).to.equal(true);
    expect(await deleted).to.include({ message_id: mine.message_id, deleted_by: teacher.claims.sub });
    const page = await ack(bob.socket, 'chat_history', {});
    const gone = (page.messages as ChatPayload[]).find((m) => m.message_id === mine.message_id);
    expect(gone).to.include({ deleted: true, message: '' });
  });

  it('toggles one reaction per user and emoji and broadcasts the counts', async () => {
    const msg = await say(alice, { message: 'react to me' });
    const update = next<{ message_id: string; reactions: Record<string, number> }>(alice.socket, 'chat_reaction');
    await ack(bob.socket, 'chat_react', { message_id: msg.message_id, emoji: '👍' });
    expect((await update).reactions).to.deep.equal({ '👍': 1 });
    const twice = await ack(teacher.socket, 'chat_react', { message_id: msg.message_id, emoji: '👍' });
    expect(twice.reactions).to.deep.equal({ '👍': 2 });
    const undo = await ack(bob.socket, 'chat_react', { message_id: msg.message_id, emoji: '👍' });
    expect(undo).to.deep.include({ reacted: false, reactions: { '👍': 1 } });
  });

  it('delivers a private message to staff only, and the staff reply only to that learner', async () => {
    const bobHears = silence(bob.socket, 'chat_message', 500);
    const teacherHears = next<ChatPayload>(teacher.socket, 'chat_message');
    const question = await say(alice, { message: 'I am lost', private: true });
    expect((await teacherHears).private).to.equal(true);
    const aliceHears = next<ChatPayload>(alice.socket, 'chat_message', (m) => m.message === 'Let us talk');
    await say(teacher, { message: 'Let us talk', reply_to: question.message_id });
    expect((await aliceHears).private).to.equal(true);
    await bobHears;
    const bobHistory = await ack(bob.socket, 'chat_history', {});
    expect((bobHistory.messages as ChatPayload[]).some((m) => m.private)).to.equal(false);
    expect((await ack(bob.socket, 'chat_history', { thread_id: question.message_id })).messages).to.deep.equal([]);
    expect(
      (await ack(bob.socket, 'chat_message', { message: 'x', reply_to: question.message_id })).error?.code,
    ).to.equal('NOT_FOUND');
    expect(
      (await ack(bob.socket, 'chat_message', { message: 'x', to_user_id: alice.claims.sub })).error?.code,
    ).to.equal('FORBIDDEN');
  });

  it('pages history backwards with has_more and next_before', async () => {
    for (let i = 0; i < 5; i++)
      await ChatMessage.create({
        seminar: where.seminarId,
        author: alice.claims.sub,
        authorName: 'Alice',
        authorRole: 'learner',
        text: `m${i}`,
      });
    const first = await ack(bob.socket, 'chat_history', { limit: 2 });
    expect((first.messages as ChatPayload[]).map((m) => m.message)).to.deep.equal(['m3', 'm4']);
    expect(first.has_more).to.equal(true);
    const second = await ack(bob.socket, 'chat_history', { limit: 2, before: first.next_before });
    expect((second.messages as ChatPayload[]).map((m) => m.message)).to.deep.equal(['m1', 'm2']);
  });

  it('relays typing to others and records read state for unread counts', async () => {
    const typing = next<{ user: { id: string }; typing: boolean }>(bob.socket, 'chat_typing');
    await ack(alice.socket, 'chat_typing', { typing: true });
    expect(await typing).to.deep.include({ typing: true, user: { id: alice.claims.sub, full_name: 'Alice' } });
    const a = await say(alice, { message: 'one' });
    await say(alice, { message: 'two' });
    expect((await ack(bob.socket, 'chat_read', { message_id: a.message_id })).last_read).to.equal(a.message_id);
    const again = await person(tool.url, tool.mint, where, { sub: bob.claims.sub, name: 'Bob' });
    const chat = (await join(again)).snapshot.chat as { unread_count: number; last_read: string };
    expect(chat).to.include({ unread_count: 1, last_read: a.message_id });
    closeAll(again);
  });

  it('rate-limits a chat flood with RATE_LIMITED and a retry hint', async () => {
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await ack(bob.socket, 'chat_message', { message: `spam ${i}` }));
    const limited = answers.filter((a) => a.error?.code === 'RATE_LIMITED');
    expect(answers.filter((a) => a.ok)).to.have.length(8);
    expect(limited).to.have.length(4);
    expect(limited[0]!.error!.details!.retry_after_ms).to.be.a('number');
  });
});
