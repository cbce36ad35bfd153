import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createLogger } from '../../tool/logger.js';
import { generatedQuizSchema } from '../../tool/ai/index.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { Enrollment, Quiz, QuizQuestion } from '../../tool/store/index.js';
import { ensureClientBuilt, launchChromium } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { waitFor } from '../support/lti.js';
import { FAKE_QUIZ, FAKE_SUMMARY, FakeOpenAi } from '../support/fake-openai.js';
import { claims } from '../support/tokens.js';
import { seedSeminar } from '../tool/live/helpers.js';

/**
 * The AI assist UI in Chromium against a real tool server. Captions and the checkpoint suggestion are emitted
 * to the rooms the assistant uses (their server side is covered by test/tool/ai/seminar-assistant.test.ts, which
 * needs real audio); the summary note is drafted by the real end-of-session path against the fake provider.
 */
describe('AI assist in the browser', function () {
  this.timeout(90_000);
  let server: ToolServer;
  let browser: Browser;
  let fake: FakeOpenAi;

  before(async function () {
    this.timeout(180_000);
    await ensureClientBuilt();
    fake = await FakeOpenAi.start();
    server = await startToolServer(
      await testConfig({ OPENAI_API_KEY: 'sk-test-valid', OPENAI_BASE_URL: fake.url }),
      createLogger('silent'),
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  async function enter(where: { courseId: string; seminarId: string }, role: 'instructor' | 'learner') {
    const who = claims({ course: where.courseId, seminar: where.seminarId, role, locale: 'en' });
    await Enrollment.create({ course: where.courseId, user: who.sub, role, source: 'launch' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['camera', 'microphone'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(`${server.url}/app/#token=${server.tokens.mint(who)}`);
    await joinRoom(page, role);
    return { page, who };
  }

  async function joinRoom(page: Page, role: 'instructor' | 'learner') {
    await page.locator('[data-testid=join]').click();
    await page.locator(`[data-testid=${role === 'instructor' ? 'instructor' : 'student'}-view]`).waitFor();
  }

  /** The view can render before join_session has put the socket in the seminar's rooms. */
  async function inRoom(room: string, sockets: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await server.io.in(room).fetchSockets()).length < sockets) {
      if (Date.now() > deadline) throw new Error(`fewer than ${sockets} sockets in ${room}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const close = (...pages: Page[]) => Promise.all(pages.map((p) => p.context().close()));

  it('shows live captions politely, and turns a checkpoint suggestion, kept over a reload, into a published quiz', async () => {
    const where = await seedSeminar();
    const teacher = await enter(where, 'instructor');
    const student = await enter(where, 'learner');
    try {
      await inRoom(`seminar:${where.seminarId}`, 2);
      await inRoom(`seminar:${where.seminarId}:staff`, 1);
      await student.page.getByRole('button', { name: /Show captions/ }).click();
      server.io.to(`seminar:${where.seminarId}`).emit('caption', {
        text: 'Gradient descent follows the negative gradient.',
        start_ms: Date.now() - 1000,
        end_ms: Date.now(),
        speaker: teacher.who.sub,
        timestamp: new Date().toISOString(),
      });
      const log = student.page.getByRole('log', { name: 'Captions' });
      await log.getByText('Gradient descent follows the negative gradient.').waitFor();
      expect(await log.getAttribute('aria-live')).to.equal('polite');

      // As the assistant does it: stored for replay, then sent live.
      const offer = {
        id: randomUUID(),
        phrase: 'does that make sense',
        at: new Date().toISOString(),
        excerpt: 'The learning rate is the step size. Does that make sense?',
        quiz: generatedQuizSchema.parse(FAKE_QUIZ),
        error: null,
      };
      await server.checkpointOffers.add(where.seminarId, offer);
      server.io
        .to(`seminar:${where.seminarId}:staff`)
        .emit('checkpoint_suggestion', { ...offer, timestamp: new Date().toISOString() });
      const card = teacher.page.getByRole('article', { name: /does that make sense/ });
      await card.waitFor();
      await teacher.page.reload();
      await joinRoom(teacher.page, 'instructor');
      await card.waitFor();
      const first = card.getByRole('group', { name: 'Question 1' });
      await first.getByLabel('Question', { exact: true }).fill('What does the learning rate set?');
      await card.getByRole('button', { name: 'Create quiz' }).click();
      await card.waitFor({ state: 'detached' });
      const launcher = teacher.page.getByRole('region', { name: 'Quizzes' });
      await launcher.getByText(FAKE_QUIZ.title).waitFor();

      const quiz = await Quiz.findOne({ seminar: where.seminarId }).lean();
      expect(quiz).to.include({ title: FAKE_QUIZ.title, status: 'published' });
      const texts = (await QuizQuestion.find({ quiz: quiz!._id }).sort({ order: 1 }).lean()).map(
        (q) => (q.definition as { question_text: string }).question_text,
      );
      expect(texts[0]).to.equal('What does the learning rate set?');
      // Creating the quiz closed the offer on the server too (a request the card does not wait for).
      await waitFor(
        async () => (await server.checkpointOffers.open(where.seminarId)).length === 0,
        5_000,
        'the offer to be dismissed',
      );
    } finally {
      await close(teacher.page, student.page);
    }
  });

  it('lets the instructor approve the drafted summary note, which the student then reads', async () => {
    const where = await seedSeminar();
    const teacher = await enter(where, 'instructor');
    try {
      await teacher.page.getByRole('textbox', { name: 'Write a message' }).fill('Is the exam open book?');
      await teacher.page.getByRole('button', { name: 'Send', exact: true }).click();
      await teacher.page.getByRole('button', { name: 'End session' }).click();
      await teacher.page.getByRole('button', { name: 'Yes, end for everyone' }).click();
      const note = teacher.page.getByRole('region', { name: 'Session summary' });
      await note.getByText('Draft — only staff can see it until you approve it').waitFor({ timeout: 15_000 });
      await note.getByLabel('Title').fill('Week 3 — reviewed');
      await note.getByRole('button', { name: 'Approve for students' }).click();
      await note.getByText('Approved — students can read it').waitFor();
    } finally {
      await close(teacher.page);
    }
    const student = await enter(where, 'learner');
    try {
      const note = student.page.getByRole('region', { name: 'Session summary' });
      await note.getByRole('heading', { name: 'Week 3 — reviewed' }).waitFor();
      await note.getByText(FAKE_SUMMARY.key_points[0]!).waitFor();
    } finally {
      await close(student.page);
    }
  });
});
