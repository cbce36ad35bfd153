import { expect } from 'chai';
import request from 'supertest';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer } from '../../../tool/server.js';
import { useToolServer } from '../../support/tool-server.js';
import { Poll, PollResponse } from '../../../tool/store/index.js';
import { testConfig } from '../../support/config.js';
import {
  ack,
  classroom,
  closeAll,
  join,
  next,
  person,
  restartLosingDueTime,
  seedSeminar,
  silence,
  type Person,
} from './helpers.js';

interface Update {
  poll_id: string;
  total_responses: number;
  response_rate: number;
  options: { id: string; votes: number }[];
}

describe('live room: polls over sockets', function () {
  this.timeout(30_000);
  const tool = useToolServer();
  let where: { courseId: string; seminarId: string };
  let teacher: Person, alice: Person, bob: Person;

  beforeEach(async () => ({ where, teacher, alice, bob } = await classroom(tool)));
  afterEach(() => closeAll(teacher, alice, bob));

  async function create(payload: Record<string, unknown>): Promise<string> {
    const answer = await ack(teacher.socket, 'poll_create', payload);
    expect(answer.ok, JSON.stringify(answer.error)).to.equal(true);
    return (answer.poll as { id: string }).id;
  }

  it('announces poll_created to the room and streams counts to staff only', async () => {
    const announced = next<{ poll: { id: string; options: { id: string; text: string }[] } }>(
      alice.socket,
      'poll_created',
    );
    const id = await create({ question: 'Next topic?', options: ['Trees', 'SVM', 'Nets'] });
    expect((await announced).poll.options).to.deep.equal([
      { id: 'opt_1', text: 'Trees' },
      { id: 'opt_2', text: 'SVM' },
      { id: 'opt_3', text: 'Nets' },
    ]);
    const staffUpdate = next<Update>(teacher.socket, 'poll_response_update');
    const learnersQuiet = silence(bob.socket, 'poll_response_update', 400);
    await ack(alice.socket, 'poll_vote', { poll_id: id, option_ids: ['opt_3'] });
    const update = await staffUpdate;
    expect(update).to.deep.include({ poll_id: id, total_responses: 1, response_rate: 0.5 });
    expect(update.options.find((o) => o.id === 'opt_3')?.votes).to.equal(1);
    await learnersQuiet;
  });

  it('keeps one vote per user that can be changed until close, then refuses votes', async () => {
    const id = await create({ question: 'Pick', options: ['A', 'B'] });
    await ack(alice.socket, 'poll_vote', { poll_id: id, option_ids: ['opt_1'] });
    const changed = next<Update>(teacher.socket, 'poll_response_update');
    await ack(alice.socket, 'poll_vote', { poll_id: id, option_ids: ['opt_2'] });
    expect((await changed).options).to.deep.equal([
      { id: 'opt_1', votes: 0 },
      { id: 'opt_2', votes: 1 },
    ]);
    expect(await PollResponse.countDocuments({ poll: id })).to.equal(1);
    const closed = next<{ poll_id: string; results: Record<string, { votes: number; percentage: number }> }>(
      bob.socket,
      'poll_closed',
    );
    expect((await ack(teacher.socket, 'poll_close', { poll_id: id })).ok).to.equal(true);
    expect((await closed).results.opt_2).to.deep.include({ votes: 1, percentage: 100 });
    expect((await ack(bob.socket, 'poll_vote', { poll_id: id, option_ids: ['opt_1'] })).error?.code).to.equal(
      'CONFLICT',
    );
    const stored = await Poll.findById(id).lean();
    expect(stored!.status).to.equal('closed');
    expect(stored!.results?.votes).to.deep.equal([0, 1]);
  });

  it('checks votes against the poll type', async () => {
    const single = await create({ question: 'One', options: ['A', 'B', 'C'] });
    const two = await ack(alice.socket, 'poll_vote', { poll_id: single, option_ids: ['opt_1', 'opt_2'] });
    expect(two.error?.code).to.equal('VALIDATION_ERROR');
    const unknown = await ack(alice.socket, 'poll_vote', { poll_id: single, option_ids: ['opt_9'] });
    expect(unknown.error?.code).to.equal('VALIDATION_ERROR');
    const multi = await create({ question: 'Many', type: 'multiple_choice', options: ['A', 'B', 'C'] });
    const many = await ack(alice.socket, 'poll_vote', { poll_id: multi, option_ids: ['opt_1', 'opt_3'] });
    expect(many.option_ids).to.deep.equal(['opt_1', 'opt_3']);
    const tf = await ack(teacher.socket, 'poll_create', { question: 'True?', type: 'true_false' });
    expect((tf.poll as { options: { text: string }[] }).options.map((o) => o.text)).to.deep.equal(['True', 'False']);
    expect((await ack(teacher.socket, 'poll_create', { question: 'No options' })).error?.code).to.equal(
      'VALIDATION_ERROR',
    );
  });

  it('sends live counts to learners when the poll enables it, and hides results after close when asked', async () => {
    const open = await create({ question: 'Live', options: ['A', 'B'], show_live_results: true });
    const learnerUpdate = next<Update>(bob.socket, 'poll_response_update');
    await ack(alice.socket, 'poll_vote', { poll_id: open, option_ids: ['opt_1'] });
    expect((await learnerUpdate).total_responses).to.equal(1);
    const secret = await create({ question: 'Secret', options: ['A', 'B'], show_results_after: false });
    await ack(alice.socket, 'poll_vote', { poll_id: secret, option_ids: ['opt_1'] });
    const learnerClosed = next<Record<string, unknown>>(bob.socket, 'poll_closed');
    const staffClosed = next<Record<string, unknown>>(teacher.socket, 'poll_closed');
    await ack(teacher.socket, 'poll_close', { poll_id: secret });
    expect(await learnerClosed).to.not.have.property('results');
    expect(await staffClosed).to.have.property('results');
    expect((await ack(bob.socket, 'poll_results', { poll_id: secret })).error?.code).to.equal('FORBIDDEN');
  });

  it('closes a poll by itself when its duration is over', async () => {
    const id = await create({ question: 'Quick', options: ['A', 'B'], duration_seconds: 1 });
    await ack(alice.socket, 'poll_vote', { poll_id: id, option_ids: ['opt_1'] });
    const closed = await next<{ poll_id: string; total_responses: number }>(bob.socket, 'poll_closed', undefined, 4000);
    expect(closed).to.deep.include({ poll_id: id, total_responses: 1 });
  });

  it('serves the polls REST API in the seed shapes', async () => {
    const auth = (p: Person) => ({ Authorization: `Bearer ${p.token}` });
    const created = await request(tool.url)
      .post(`/api/v1/sessions/${where.seminarId}/polls`)
      .set(auth(teacher))
      .send({ question: 'REST?', type: 'single_choice', options: ['Yes', 'No'], anonymous: false });
    expect(created.status).to.equal(201);
    expect(created.body).to.deep.include({ question: 'REST?', status: 'active', session_id: where.seminarId });
    expect(created.body.options[0]).to.deep.equal({ id: 'opt_1', text: 'Yes', votes: 0 });
    const id = created.body.id as string;

    const forbidden = await request(tool.url)
      .post(`/api/v1/sessions/${where.seminarId}/polls`)
      .set(auth(alice))
      .send({ question: 'x', options: ['a', 'b'] });
    expect(forbidden.status).to.equal(403);

    const voted = await request(tool.url)
      .post(`/api/v1/polls/${id}/responses`)
      .set(auth(alice))
      .send({ option_ids: ['opt_1'] });
    expect(voted.status).to.equal(201);
    expect(voted.body).to.deep.include({ poll_id: id, option_ids: ['opt_1'] });
    const bad = await request(tool.url).post(`/api/v1/polls/${id}/responses`).set(auth(bob)).send({});
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('VALIDATION_ERROR');

    const results = await request(tool.url).get(`/api/v1/polls/${id}/results`).set(auth(teacher));
    expect(results.body).to.deep.include({ id, total_responses: 1, response_rate: 0.5, status: 'active' });
    expect(results.body.options[0]).to.deep.include({ id: 'opt_1', votes: 1, percentage: 100 });
    expect(results.body.responses[0].user).to.deep.equal({ id: alice.claims.sub, full_name: 'Alice' });

    const listed = await request(tool.url).get(`/api/v1/sessions/${where.seminarId}/polls`).set(auth(bob));
    expect(listed.body.results.map((p: { id: string }) => p.id)).to.include(id);
    expect((await request(tool.url).post(`/api/v1/polls/${id}/close`).set(auth(alice))).status).to.equal(403);
    const closed = await request(tool.url).post(`/api/v1/polls/${id}/close`).set(auth(teacher));
    expect(closed.body).to.deep.include({ id, status: 'closed', total_responses: 1 });
    const late = await request(tool.url)
      .post(`/api/v1/polls/${id}/responses`)
      .set(auth(bob))
      .send({ option_ids: ['opt_2'] });
    expect(late.status).to.equal(409);

    const other = await seedSeminar();
    const stranger = await person(tool.url, tool.mint, other);
    const cross = await request(tool.url).get(`/api/v1/polls/${id}/results`).set(auth(stranger));
    expect(cross.status).to.equal(403);
    closeAll(stranger);
  });

  it('never lists who voted in an anonymous poll', async () => {
    const id = await create({ question: 'Anon', options: ['A', 'B'], anonymous: true });
    await ack(alice.socket, 'poll_vote', { poll_id: id, option_ids: ['opt_2'] });
    const results = await ack(teacher.socket, 'poll_results', { poll_id: id });
    expect(results.results).to.not.have.property('responses');
    expect(JSON.stringify(results)).to.not.include(alice.claims.sub);
  });
});

describe('live room: poll auto-close across a restart', function () {
  this.timeout(30_000);

  it('closes a due poll after the creating process stopped, even when Redis lost the due time', async () => {
    const config = await testConfig();
    const first = await startToolServer(config, createLogger('silent'));
    const where = await seedSeminar();
    const teacher = await person(first.url, (c) => first.tokens.mint(c), where, { role: 'instructor' });
    await join(teacher);
    const created = await ack(teacher.socket, 'poll_create', {
      question: 'Q',
      options: ['A', 'B'],
      duration_seconds: 2,
    });
    const id = (created.poll as { id: string }).id;
    closeAll(teacher);
    const closed = await restartLosingDueTime(first, config, `poll_close:${id}`, async () => {
      return (await Poll.findById(id).lean())!.status === 'closed';
    });
    expect(closed).to.equal(true);
  });
});
