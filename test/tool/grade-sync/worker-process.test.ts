import { expect } from 'chai';
import { SessionTokens } from '../../../launch/index.js';
import { startEmbeddedRedis } from '../../../tool/store/index.js';
import type { EmbeddedRedis } from '../../../tool/store/embedded-redis.js';
import { sharedServices } from '../../support/services.js';
import { launchAs, waitFor } from '../../support/lti.js';
import { restAs } from '../../support/rest.js';
import {
  startGradeWorkerProcess,
  startToolProcess,
  type ChildService,
  type ToolProcess,
} from '../../support/tool-process.js';

interface SyncRow {
  activity: string;
  platform_user_id: string;
  state: string;
  score_given: number;
}

/**
 * `npm run worker` beside a tool started with GRADE_SYNC_IN_PROCESS=0: the tool only records and queues
 * scores; the separate worker process posts them to the dev LMS.
 */
describe('AGS score workers in their own process', function () {
  this.timeout(120_000);
  let redis: EmbeddedRedis;
  let tool: ToolProcess;
  let worker: ChildService | undefined;
  let env: Record<string, string>;

  before(async () => {
    redis = await startEmbeddedRedis();
    const { mongoUrl } = await sharedServices();
    env = {
      MONGO_URL: mongoUrl,
      REDIS_URL: redis.url,
      LTI_ENCRYPTION_KEY: 'worker-process-test-encryption-key',
      SESSION_SECRET: 'worker-process-test-session-secret-0123456789',
      AGS_RETRY_BASE_MS: '20',
    };
    tool = await startToolProcess({ ...env, DEV_PLATFORM: '1', GRADE_SYNC_IN_PROCESS: '0' });
  });
  after(async () => {
    await worker?.stop();
    await tool?.stop();
    await redis?.stop();
  });

  it('queues in the tool and posts from the worker process', async () => {
    const instructor = await launchAs(tool, 'ada.kim', 'seminar-2');
    const learner = await launchAs(tool, 'grace.yoon', 'seminar-2');
    const { seminar } = new SessionTokens(env.SESSION_SECRET!, 3600).verify(instructor);
    const call = (token: string, method: string, path: string, body?: unknown) =>
      restAs(tool.url, token)(method, path, body);
    const quiz = await call(instructor, 'POST', `/sessions/${seminar}/quizzes`, {
      title: 'Worker quiz',
      questions: [{ type: 'true_false', question_text: 'Redis keeps the queue.', points: 3, correct_answer: true }],
    });
    await call(instructor, 'POST', `/quizzes/${quiz.id}/publish`);
    const questionId = ((await call(learner, 'GET', `/quizzes/${quiz.id}`)).questions as Array<{ id: string }>)[0]!.id;
    await call(learner, 'POST', `/quizzes/${quiz.id}/submissions`, {
      answers: [{ question_id: questionId, selected_answer: true }],
    });
    const rows = async () =>
      ((await call(instructor, 'GET', `/sessions/${seminar}/grade-sync`)).entries as SyncRow[]).filter(
        (r) => r.activity === `quiz:${quiz.id}`,
      );
    const gradebook = async () => (await fetch(`${tool.url}/dev-lms/gradebook`)).text();
    const posted = /data-testid="score-\d+-grace\.yoon">3 <small>FullyGraded/;

    await waitFor(async () => (await rows()).length === 1, 10_000, 'the score recorded');
    await new Promise((r) => setTimeout(r, 1000));
    expect((await rows()).map((r) => r.state)).to.deep.equal(['queued']);
    expect(await gradebook()).not.to.match(posted);

    worker = await startGradeWorkerProcess(env);
    await waitFor(async () => (await rows())[0]?.state === 'synced', 30_000, 'synced by the worker');
    expect((await rows())[0]).to.include({ platform_user_id: 'grace.yoon', score_given: 3, state: 'synced' });
    expect(await gradebook()).to.match(posted);
  });
});
