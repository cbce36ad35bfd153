import { expect } from 'chai';
import { useToolProcessPair } from '../../support/tool-process.js';
import { ack, closeAll, join, next, person, seedSeminar } from './helpers.js';

describe('live room across two tool processes sharing one Redis', function () {
  this.timeout(60_000);
  const pair = useToolProcessPair();

  it('fans presence, chat and hands out to clients of the other process', async () => {
    const where = await seedSeminar();
    const teacher = await person(pair.a.url, pair.mint, where, { role: 'instructor' });
    const nearby = await person(pair.a.url, pair.mint, where);
    await join(teacher);
    await join(nearby);
    const remote = await person(pair.b.url, pair.mint, where, { name: 'Remote' });
    const arrived = next<{ user: { id: string } }>(teacher.socket, 'participant_joined');
    const joined = await join(remote);
    expect((await arrived).user.id).to.equal(remote.claims.sub);
    expect(joined.current_participants).to.equal(3);

    const atTeacher = next<{ message: string }>(teacher.socket, 'chat_message');
    const atNearby = next<{ message: string }>(nearby.socket, 'chat_message');
    await ack(remote.socket, 'chat_message', { message: 'hello from process B' });
    expect((await atTeacher).message).to.equal('hello from process B');
    expect((await atNearby).message).to.equal('hello from process B');

    const raised = next<{ user: { id: string }; queue_position: number }>(teacher.socket, 'hand_raised');
    await ack(nearby.socket, 'hand_raise');
    expect((await ack(remote.socket, 'hand_raise')).queue_position).to.equal(2);
    expect((await raised).user.id).to.equal(nearby.claims.sub);
    closeAll(teacher, nearby, remote);
  });

  it('runs one poll across both processes: create on A, vote on B, live counts and close on A', async () => {
    const where = await seedSeminar();
    const teacher = await person(pair.a.url, pair.mint, where, { role: 'instructor' });
    const voterA = await person(pair.a.url, pair.mint, where);
    const voterB = await person(pair.b.url, pair.mint, where);
    for (const p of [teacher, voterA, voterB]) await join(p);
    const announced = next<{ poll: { id: string } }>(voterB.socket, 'poll_created');
    const created = await ack(teacher.socket, 'poll_create', { question: 'Cross?', options: ['A', 'B'] });
    const id = (created.poll as { id: string }).id;
    expect((await announced).poll.id).to.equal(id);

    const update = next<{ total_responses: number; options: { votes: number }[] }>(
      teacher.socket,
      'poll_response_update',
      (u) => u.total_responses === 2,
    );
    await ack(voterB.socket, 'poll_vote', { poll_id: id, option_ids: ['opt_2'] });
    await ack(voterA.socket, 'poll_vote', { poll_id: id, option_ids: ['opt_2'] });
    expect((await update).options.map((o) => o.votes)).to.deep.equal([0, 2]);

    const closedAtB = next<{ results: Record<string, { votes: number }> }>(voterB.socket, 'poll_closed');
    await ack(teacher.socket, 'poll_close', { poll_id: id });
    expect((await closedAtB).results.opt_2!.votes).to.equal(2);
    expect((await ack(voterB.socket, 'poll_vote', { poll_id: id, option_ids: ['opt_1'] })).error?.code).to.equal(
      'CONFLICT',
    );
    closeAll(teacher, voterA, voterB);
  });

  it('shares one rate-limit budget for a user connected to both processes', async () => {
    const where = await seedSeminar();
    const onA = await person(pair.a.url, pair.mint, where);
    const onB = await person(pair.b.url, pair.mint, where, { sub: onA.claims.sub, name: onA.claims.name });
    await join(onA);
    await join(onB);
    const answers = [];
    for (let i = 0; i < 6; i++) {
      answers.push(await ack(onA.socket, 'chat_message', { message: `a${i}` }));
      answers.push(await ack(onB.socket, 'chat_message', { message: `b${i}` }));
    }
    expect(answers.filter((x) => x.ok)).to.have.length(8);
    closeAll(onA, onB);
  });

  it('reconciles one whiteboard across processes', async () => {
    const where = await seedSeminar();
    const onA = await person(pair.a.url, pair.mint, where);
    const onB = await person(pair.b.url, pair.mint, where);
    await join(onA);
    await join(onB);
    const element = (version: number, versionNonce: number, x: number) => ({ id: 'shared', version, versionNonce, x });
    const relayed = next<{ elements: { x: number }[] }>(onA.socket, 'whiteboard_update');
    expect((await ack(onB.socket, 'whiteboard_update', { elements: [element(3, 10, 1)] })).accepted).to.deep.equal([
      'shared',
    ]);
    expect((await relayed).elements[0]!.x).to.equal(1);
    expect((await ack(onA.socket, 'whiteboard_update', { elements: [element(2, 1, 2)] })).accepted).to.deep.equal([]);
    const scene = await ack(onA.socket, 'whiteboard_snapshot', {});
    expect((scene.elements as { x: number }[])[0]!.x).to.equal(1);
    closeAll(onA, onB);
  });
});
