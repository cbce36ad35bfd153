import { expect } from 'chai';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import { ParticipationSummary } from '../../../tool/store/index.js';
import { testConfig } from '../../support/config.js';
import { deepLinkThroughPicker, launchAs, waitFor } from '../../support/lti.js';
import { restAs } from '../../support/rest.js';

const QUIZ = {
  title: 'Overfitting check',
  questions: [
    {
      type: 'multiple_choice',
      question_text: 'What is the main goal of supervised learning?',
      points: 4,
      options: ['Find clusters', 'Learn a mapping from inputs to outputs'],
      correct_option_index: 1,
    },
    {
      type: 'short_answer',
      question_text: 'Explain overfitting in 1-2 sentences.',
      points: 6,
      model_answer:
        'Overfitting occurs when a model learns training data too well, including noise, resulting in poor generalization to new data.',
      keywords: ['training data', 'noise', 'generaliz'],
    },
  ],
};

/**
 * Grade passback end to end with nothing stubbed: signed launches from the dev LMS, quiz submissions and
 * reviews through the REST API, the in-process bullmq worker on real Redis, and the dev LMS gradebook.
 */
describe('grade passback from quiz, review and session end to the dev LMS gradebook', function () {
  this.timeout(90_000);
  let server: ToolServer;
  const platform = () => server.launch.devPlatform!.state;
  const call = (token: string, method: string, path: string, body?: unknown) =>
    restAs(server.url, token)(method, path, body);
  const lineItemOf = (resourceLinkId: string, resourceId: string) =>
    [...platform().lineItems.values()].find(
      (li) => li.resourceLinkId === resourceLinkId && li.resourceId === resourceId,
    );
  const platformScore = (lineItemId: string, student: string) => platform().scores.get(lineItemId)?.get(student);

  /** A published quiz in the seminar `instructor` launched into: its id and question ids. */
  async function publishedQuiz(instructor: string) {
    const { seminar } = server.tokens.verify(instructor);
    const quiz = await call(instructor, 'POST', `/sessions/${seminar}/quizzes`, QUIZ);
    await call(instructor, 'POST', `/quizzes/${quiz.id}/publish`);
    const full = await call(instructor, 'GET', `/quizzes/${quiz.id}`);
    return { id: String(quiz.id), questions: (full.questions as Array<{ id: string }>).map((q) => q.id) };
  }

  before(async () => {
    server = await startToolServer(
      await testConfig({ DEV_PLATFORM: '1', AGS_RETRY_BASE_MS: '20' }),
      createLogger('silent'),
    );
  });
  after(async () => {
    await server?.close();
  });

  it('posts a learner’s quiz score to the gradebook as soon as the quiz is graded (Completed, FullyGraded)', async () => {
    const instructor = await launchAs(server, 'ada.kim', 'seminar-2');
    const quiz = await publishedQuiz(instructor);
    const learner = await launchAs(server, 'chloe.lee', 'seminar-2');
    const submitted = await call(learner, 'POST', `/quizzes/${quiz.id}/submissions`, {
      answers: [{ question_id: quiz.questions[0], selected_option_index: 1 }],
    });
    expect(submitted.auto_graded_score).to.equal(4);
    const column = await waitForValue(() => lineItemOf('seminar-2', `quiz:${quiz.id}`));
    expect(column).to.include({ label: QUIZ.title, scoreMaximum: 10, tag: 'quiz' });
    const score = await waitForValue(() => platformScore(column.id, 'chloe.lee'));
    expect(score).to.include({
      scoreGiven: 4,
      scoreMaximum: 10,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });
    const gradebook = await (await fetch(`${platform().issuer}/gradebook`)).text();
    expect(gradebook).to.include(`data-testid="score-${column.id}-chloe.lee">4 <small>FullyGraded`);
  });

  it('posts a short answer awaiting review as PendingManual, then the reviewed score as FullyGraded', async () => {
    const instructor = await launchAs(server, 'ada.kim', 'seminar-2');
    const quiz = await publishedQuiz(instructor);
    const learner = await launchAs(server, 'daniel.choi', 'seminar-2');
    const submitted = await call(learner, 'POST', `/quizzes/${quiz.id}/submissions`, {
      answers: [
        { question_id: quiz.questions[0], selected_option_index: 1 },
        { question_id: quiz.questions[1], answer_text: 'noise, training data' },
      ],
    });
    expect(submitted.status).to.equal('pending_review');
    const column = await waitForValue(() => lineItemOf('seminar-2', `quiz:${quiz.id}`));
    const pending = await waitForValue(() => platformScore(column.id, 'daniel.choi'));
    expect(pending).to.include({ activityProgress: 'Completed', gradingProgress: 'PendingManual' });

    await call(instructor, 'POST', `/quizzes/${quiz.id}/submissions/${submitted.submission_id}/reviews`, {
      question_id: quiz.questions[1],
      action: 'override',
      points: 5,
      comment: 'Right ideas, a little terse.',
    });
    await waitFor(() => platformScore(column.id, 'daniel.choi')?.gradingProgress === 'FullyGraded');
    expect(platformScore(column.id, 'daniel.choi')).to.include({ scoreGiven: 9, scoreMaximum: 10 });
    const progress = platform()
      .scoreReceipts.filter((r) => r.lineItemId === column.id && r.userId === 'daniel.choi')
      .map((r) => r.gradingProgress);
    expect(progress).to.deep.equal(['PendingManual', 'FullyGraded']);

    // Accepting the overridden answer changes no points: nothing new is posted.
    await call(instructor, 'POST', `/quizzes/${quiz.id}/submissions/${submitted.submission_id}/reviews`, {
      question_id: quiz.questions[1],
      action: 'accept',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(platform().scoreReceipts.filter((r) => r.userId === 'daniel.choi')).to.have.length(2);

    // Accepting a pending answer as scored keeps its points and turns PendingManual into FullyGraded.
    const other = await launchAs(server, 'grace.yoon', 'seminar-2');
    const pendingToo = await call(other, 'POST', `/quizzes/${quiz.id}/submissions`, {
      answers: [{ question_id: quiz.questions[1], answer_text: 'noise, training data' }],
    });
    await waitFor(() => platformScore(column.id, 'grace.yoon')?.gradingProgress === 'PendingManual');
    const autoPoints = platformScore(column.id, 'grace.yoon')!.scoreGiven;
    await call(instructor, 'POST', `/quizzes/${quiz.id}/submissions/${pendingToo.submission_id}/reviews`, {
      question_id: quiz.questions[1],
      action: 'accept',
    });
    await waitFor(() => platformScore(column.id, 'grace.yoon')?.gradingProgress === 'FullyGraded');
    expect(platformScore(column.id, 'grace.yoon')).to.include({ scoreGiven: autoPoints, scoreMaximum: 10 });
  });

  it('posts participation grades into the Deep Linking column when the instructor ends the session', async () => {
    const links = await deepLinkThroughPicker(server, {
      participation: 'on',
      participation_title: 'Week 4 participation',
      participation_points: '10',
    });
    const link = links.get('Week 4 participation')!;
    const column = lineItemOf(link, 'participation')!;
    const instructor = await launchAs(server, 'ada.kim', link);
    const students = ['eunji.jung', 'farid.haddad'];
    for (const student of students) await launchAs(server, student, link);
    const { seminar } = server.tokens.verify(instructor);
    await call(instructor, 'POST', `/sessions/${seminar}/start`);
    expect(platform().scores.get(column.id)).to.equal(undefined);
    await call(instructor, 'POST', `/sessions/${seminar}/end`);
    await waitFor(() => students.every((s) => platformScore(column.id, s)?.gradingProgress === 'FullyGraded'));
    for (const student of students) {
      expect(platformScore(column.id, student)).to.include({ scoreMaximum: 100, activityProgress: 'Completed' });
    }
    const participationColumns = [...platform().lineItems.values()].filter((li) => li.resourceLinkId === link);
    expect(participationColumns).to.have.length(1);
  });

  it("posts participation with the seminar's weights and re-posts changed weights only when published again", async () => {
    const links = await deepLinkThroughPicker(server, {
      participation: 'on',
      participation_title: 'Week 5 participation',
    });
    const link = links.get('Week 5 participation')!;
    const column = lineItemOf(link, 'participation')!;
    const instructor = await launchAs(server, 'ada.kim', link);
    const learner = server.tokens.verify(await launchAs(server, 'daniel.choi', link));
    const { seminar } = server.tokens.verify(instructor);
    const settingsPath = `/sessions/${seminar}/participation-settings`;
    const targets = { talkSeconds: 120, chatMessages: 5, handRaises: 2, pulseResponses: 3, questionActions: 2 };
    const weighted = (talk: number, chat: number) => ({
      weights: { talk, chat, polls: 0, quizzes: 0, hands: 0, pulse: 0, questions: 0 },
      targets,
    });
    const posted = () => platformScore(column.id, 'daniel.choi')?.scoreGiven;
    await call(instructor, 'POST', `/sessions/${seminar}/start`);
    // Talk 60/120 = 0.5 and chat 5/5 = 1; no poll or quiz ran.
    await ParticipationSummary.create({
      seminar,
      course: learner.course,
      user: learner.sub,
      speakingSeconds: 60,
      chatMessages: 5,
    });
    await call(instructor, 'PUT', settingsPath, weighted(1, 3));
    await call(instructor, 'POST', `/sessions/${seminar}/end`);
    // (1·0.5 + 3·1) / 4 = 87.5 (the defaults would give 50).
    await waitFor(() => posted() === 87.5, 10_000, 'the weighted participation score');

    await call(instructor, 'PUT', settingsPath, weighted(1, 0));
    const report = await call(instructor, 'GET', `/sessions/${seminar}/analytics/participation`);
    const row = (report.participants as Array<{ user: { id: string }; participation_score: number }>).find(
      (p) => p.user.id === learner.sub,
    );
    expect(row?.participation_score, 'the report follows the new weights at once').to.equal(50);
    await new Promise((r) => setTimeout(r, 300));
    expect(posted(), 'the gradebook keeps the posted grade until the next publish').to.equal(87.5);
    await call(instructor, 'POST', `/sessions/${seminar}/grades/publish`, { activity: 'participation' });
    await waitFor(() => posted() === 50, 10_000, 'the re-published participation score');
  });

  it('posts the quizzes of a Deep Linking quiz set into its one column: the learner’s total over its quizzes', async () => {
    const links = await deepLinkThroughPicker(server, { quiz: 'on', quiz_title: 'Week 4 quiz set', quiz_points: '20' });
    const link = links.get('Week 4 quiz set')!;
    const column = lineItemOf(link, 'quiz-set')!;
    expect(column).to.include({ scoreMaximum: 20, tag: 'quiz' });
    const instructor = await launchAs(server, 'ada.kim', link);
    const first = await publishedQuiz(instructor);
    const learner = await launchAs(server, 'hiro.tanaka', link);
    await call(learner, 'POST', `/quizzes/${first.id}/submissions`, {
      answers: [{ question_id: first.questions[0], selected_option_index: 1 }],
    });
    await waitFor(() => platformScore(column.id, 'hiro.tanaka') !== undefined);
    expect(platformScore(column.id, 'hiro.tanaka')).to.include({
      scoreGiven: 4,
      scoreMaximum: 10,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
    });

    // A second quiz of the set adds its points to the same column; no column per quiz appears.
    const second = await publishedQuiz(instructor);
    await call(learner, 'POST', `/quizzes/${second.id}/submissions`, {
      answers: [{ question_id: second.questions[0], selected_option_index: 1 }],
    });
    await waitFor(() => platformScore(column.id, 'hiro.tanaka')?.scoreMaximum === 20);
    expect(platformScore(column.id, 'hiro.tanaka')).to.include({ scoreGiven: 8, activityProgress: 'Completed' });
    expect([...platform().lineItems.values()].filter((li) => li.resourceLinkId === link)).to.deep.equal([column]);
  });
});

/** Waits until `read` returns a value and returns it. */
async function waitForValue<T>(read: () => T | undefined, ms = 10_000): Promise<T> {
  let value: T | undefined;
  await waitFor(() => (value = read()) !== undefined, ms, 'a value');
  return value!;
}
