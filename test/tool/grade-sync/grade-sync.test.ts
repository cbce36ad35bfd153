import { expect } from 'chai';
import { createApi } from '../../../client/src/api/index.js';
import { SessionTokens } from '../../../launch/index.js';
import { createLogger } from '../../../tool/logger.js';
import { createGradeSync } from '../../../tool/grade-sync/index.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import type { EmbeddedRedis } from '../../../tool/store/embedded-redis.js';
import { GradeSync, startEmbeddedRedis, User } from '../../../tool/store/index.js';
import { testConfig } from '../../support/config.js';
import { sharedServices } from '../../support/services.js';
import { DEV_STUDENTS, launchAs, waitFor } from '../../support/lti.js';

describe('AGS grade passback against the dev LMS', function () {
  this.timeout(60_000);
  let server: ToolServer;
  let instructor: string;
  let seminarId: string;
  const learnerIds = new Map<string, string>();
  const platform = () => server.launch.devPlatform!.state;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}/api/v1${path}`, {
      ...init,
      headers: { authorization: `Bearer ${instructor}`, 'content-type': 'application/json', ...init.headers },
    });
  const grade = (student: string, scoreGiven: number, extra: Record<string, unknown> = {}) =>
    api(`/sessions/${seminarId}/grades`, {
      method: 'POST',
      body: JSON.stringify({
        user_id: learnerIds.get(student) ?? student,
        activity: 'participation',
        label: 'Week 1 participation (tool)',
        score_given: scoreGiven,
        score_maximum: 100,
        ...extra,
      }),
    });
  const receiptsFor = (userId: string) => platform().scoreReceipts.filter((r) => r.userId === userId);

  before(async () => {
    server = await startToolServer(
      await testConfig({ DEV_PLATFORM: '1', AGS_RETRY_BASE_MS: '20' }),
      createLogger('silent'),
    );
    instructor = await launchAs(server, 'ada.kim');
    const tokens = new SessionTokens('test-session-secret-that-is-long-enough-0123', 3600);
    seminarId = tokens.verify(instructor).seminar;
    for (const student of DEV_STUDENTS) {
      tokens.verify(await launchAs(server, student));
      const user = await User.findOne({ issuer: platform().issuer, sub: student }).lean();
      learnerIds.set(student, String(user!._id));
    }
  });
  after(async () => {
    await server?.close();
  });

  it('posts scores for 6 students that appear in the dev gradebook, in one created line item', async () => {
    for (const [i, student] of DEV_STUDENTS.entries()) expect((await grade(student, 70 + i)).status).to.equal(202);
    await waitFor(async () => (await GradeSync.countDocuments({ seminar: seminarId, state: 'synced' })) === 6);
    const items = [...platform().lineItems.values()].filter((li) => li.resourceId === 'participation');
    expect(items).to.have.length(1);
    const gradebook = await (await fetch(`${platform().issuer}/gradebook`)).text();
    for (const [i, student] of DEV_STUDENTS.entries()) {
      expect(gradebook).to.include(`data-testid="score-${items[0]!.id}-${student}">${70 + i} <small>FullyGraded`);
    }
    // Read as the dashboard's grade-sync panel reads it.
    const list = await createApi(instructor, seminarId, server.url).gradeSync();
    expect(list.entries.map((e) => e.state)).to.deep.equal(Array(6).fill('synced'));
    expect(list.entries.map((e) => e.user_name)).to.include('Chloe Lee');
    expect(list.entries[0]!.label).to.equal('Week 1 participation (tool)');
    const drift = (await (await api(`/sessions/${seminarId}/grade-sync/drift`)).json()) as {
      entries: Array<{ in_sync: boolean }>;
    };
    expect(drift.entries).to.have.length(6);
    expect(drift.entries.every((e) => e.in_sync)).to.equal(true);
  });

  it('republishing an unchanged score posts nothing again', async () => {
    const before = platform().scoreReceipts.length;
    expect((await grade('chloe.lee', 70)).status).to.equal(202);
    await new Promise((r) => setTimeout(r, 300));
    expect(platform().scoreReceipts.length).to.equal(before);
  });

  it('ends with every score present exactly once after the platform fails the first 3 posts with 503', async () => {
    const control = await fetch(`${platform().issuer}/test/score-faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 3, status: 503, retry_after: '0' }),
    });
    expect(control.status).to.equal(200);
    const start = platform().scoreReceipts.length;
    for (const student of DEV_STUDENTS) await grade(student, 50, { activity: 'quiz:faulty', label: 'Faulty quiz' });
    await waitFor(
      async () =>
        (await GradeSync.countDocuments({ seminar: seminarId, activity: 'quiz:faulty', state: 'synced' })) === 6,
    );
    const receipts = platform().scoreReceipts.slice(start);
    expect(receipts.map((r) => r.userId).sort()).to.deep.equal([...DEV_STUDENTS].sort());
    expect(platform().scoreFaults.remaining).to.equal(0);
    const retried = await GradeSync.find({ seminar: seminarId, activity: 'quiz:faulty', attempts: { $gt: 1 } }).lean();
    expect(retried.length).to.be.greaterThan(0);
  });

  it('refuses a score above its maximum and a score for an unknown user with the error envelope', async () => {
    const over = await grade('daniel.choi', 101);
    expect(over.status).to.equal(400);
    expect(((await over.json()) as { error: { code: string } }).error.code).to.equal('VALIDATION_ERROR');
    const unknown = await grade('0123456789abcdef01234567', 5);
    expect(unknown.status).to.equal(400);
    const body = (await unknown.json()) as { error: { code: string; message: string } };
    expect(body.error.message).to.match(/Unknown user/);
    expect(await GradeSync.countDocuments({ user: '0123456789abcdef01234567' })).to.equal(0);
  });

  it('dead-letters a score the platform refuses for good, and retries it on request', async () => {
    platform().scoreFaults = { remaining: 1, status: 400, retryAfter: undefined };
    await grade('eunji.jung', 33, { activity: 'quiz:refused', label: 'Refused quiz' });
    await waitFor(async () => (await GradeSync.countDocuments({ activity: 'quiz:refused', state: 'dead' })) === 1);
    const dead = await GradeSync.findOne({ activity: 'quiz:refused' }).lean();
    expect(dead!.lastError).to.match(/HTTP 400/);
    // Retried as the dashboard's grade-sync panel does it: by the dead score's key.
    expect(await createApi(instructor, seminarId, server.url).retryGradeSync([dead!.key])).to.deep.equal({
      retried: 1,
    });
    await waitFor(async () => (await GradeSync.countDocuments({ activity: 'quiz:refused', state: 'synced' })) === 1);
    expect(receiptsFor('eunji.jung').filter((r) => r.lineItemId === dead!.lineItem!.split('/').pop())).to.have.length(
      1,
    );
  });

  it('names the missing scope when the platform answers 403', async () => {
    platform().scoreFaults = { remaining: 1, status: 403, retryAfter: undefined };
    await grade('farid.haddad', 12, { activity: 'quiz:scope', label: 'Scope quiz' });
    await waitFor(async () => (await GradeSync.countDocuments({ activity: 'quiz:scope', state: 'dead' })) === 1);
    const dead = await GradeSync.findOne({ activity: 'quiz:scope' }).lean();
    expect(dead!.lastError)
      .to.include('"score" scope')
      .and.include('https://purl.imsglobal.org/spec/lti-ags/scope/score');
  });

  it('posts the score the record holds when two different scores for one student arrive at once', async () => {
    const activity = 'quiz:concurrent';
    const answers = await Promise.all([
      grade('hiro.tanaka', 4, { activity, label: 'Concurrent quiz' }),
      grade('hiro.tanaka', 7, { activity, label: 'Concurrent quiz' }),
    ]);
    expect(answers.map((a) => a.status)).to.deep.equal([202, 202]);
    await waitFor(async () => (await GradeSync.countDocuments({ activity, state: { $ne: 'synced' } })) === 0);
    const records = await GradeSync.find({ activity }).lean();
    expect(records).to.have.length(1);
    const lineItem = records[0]!.lineItem!.split('/').pop()!;
    await waitFor(
      () =>
        platform().scores.get(lineItem)?.get('hiro.tanaka')?.scoreGiven ===
        (records[0]!.score as { scoreGiven: number }).scoreGiven,
      3000,
      'the platform holding the recorded score',
    );
  });

  it('refuses grade sync to learners', async () => {
    const learner = await launchAs(server, 'grace.yoon');
    const res = await fetch(`${server.url}/api/v1/sessions/${seminarId}/grade-sync`, {
      headers: { authorization: `Bearer ${learner}` },
    });
    expect(res.status).to.equal(403);
  });
});

describe('AGS grade passback through restarts', function () {
  this.timeout(60_000);
  let server: ToolServer;
  let redis: EmbeddedRedis;
  let instructor: string;
  let seminarId: string;
  const learnerIds = new Map<string, string>();
  const platform = () => server.launch.devPlatform!.state;
  const synced = (activity: string) => GradeSync.countDocuments({ seminar: seminarId, activity, state: 'synced' });
  const publish = async (activity: string) => {
    for (const student of DEV_STUDENTS) {
      const res = await fetch(`${server.url}/api/v1/sessions/${seminarId}/grades`, {
        method: 'POST',
        headers: { authorization: `Bearer ${instructor}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user_id: learnerIds.get(student), activity, score_given: 9, score_maximum: 10 }),
      });
      expect(res.status).to.equal(202);
    }
  };
  const receiptsOf = (activity: string) => {
    const lineItem = [...platform().lineItems.values()].find((li) => li.resourceId === activity);
    return platform().scoreReceipts.filter((r) => r.lineItemId === lineItem?.id);
  };

  before(async () => {
    redis = await startEmbeddedRedis();
    const { mongoUrl } = await sharedServices();
    server = await startToolServer(
      await testConfig({ DEV_PLATFORM: '1', AGS_RETRY_BASE_MS: '20', REDIS_URL: redis.url, MONGO_URL: mongoUrl }),
      createLogger('silent'),
    );
    instructor = await launchAs(server, 'ada.kim');
    seminarId = server.tokens.verify(instructor).seminar;
    for (const student of DEV_STUDENTS) {
      await launchAs(server, student);
      const user = await User.findOne({ issuer: platform().issuer, sub: student }).lean();
      learnerIds.set(student, String(user!._id));
    }
  });
  after(async () => {
    await server?.grades.close();
    await server?.close();
    await redis?.stop();
  });

  it('loses no score when Redis restarts empty while scores wait in the queue', async () => {
    platform().scoreFaults = { remaining: 1000, status: 503, retryAfter: '1' };
    await publish('quiz:redis-restart');
    await waitFor(async () => platform().scoreFaults.remaining < 1000);
    await redis.stop();
    redis = await startEmbeddedRedis({ port: redis.port });
    platform().scoreFaults = { remaining: 0, status: 503, retryAfter: undefined };
    await waitFor(async () => (await synced('quiz:redis-restart')) === 6, 20_000, 'all 6 synced');
    expect(
      receiptsOf('quiz:redis-restart')
        .map((r) => r.userId)
        .sort(),
    ).to.deep.equal([...DEV_STUDENTS].sort());
  });

  it('resumes queued scores when the grade sync restarts (tool restart) without a worker before', async () => {
    await server.grades.close();
    const enqueueOnly = createGradeSync(
      await testConfig(),
      server.stores,
      server.launch,
      server.live,
      createLogger('silent'),
      false,
    );
    server.grades = enqueueOnly;
    await publish('quiz:tool-restart');
    await new Promise((r) => setTimeout(r, 300));
    expect(await synced('quiz:tool-restart')).to.equal(0);
    expect(receiptsOf('quiz:tool-restart')).to.have.length(0);
    expect(await enqueueOnly.publisher.depth()).to.equal(6);
    await enqueueOnly.close();
    await server.stores.redis.flushall();
    const restarted = createGradeSync(
      await testConfig(),
      server.stores,
      server.launch,
      server.live,
      createLogger('silent'),
      true,
    );
    server.grades = restarted;
    await restarted.start();
    await waitFor(async () => (await synced('quiz:tool-restart')) === 6, 20_000, 'all 6 synced');
    expect(receiptsOf('quiz:tool-restart')).to.have.length(6);
  });
});
