import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { SessionClaims } from '../../launch/index.js';
import { createLogger } from '../../tool/logger.js';
import { PROJECT_ROOT } from '../../tool/paths.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { ensureClientBuilt, launchChromium } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { claims } from '../support/tokens.js';
import { seedSeminar } from '../tool/live/helpers.js';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');

describe('live checkpoint quiz in Chromium (instructor and student)', function () {
  this.timeout(90_000);
  let server: ToolServer;
  let browser: Browser;

  before(async function () {
    this.timeout(180_000);
    await ensureClientBuilt();
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startToolServer(await testConfig(), createLogger('silent'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function joined(overrides: Partial<SessionClaims>): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['camera', 'microphone'], { origin: server.url });
    const page = await context.newPage();
    await page.goto(`${server.url}/app/#token=${server.tokens.mint(claims({ locale: 'en', ...overrides }))}`);
    await page.locator('[data-testid=join]').click();
    await page.locator('.room').waitFor();
    return page;
  }

  it('fires a quick quiz live; the student answers with instant feedback, staff see stats, close reveals', async () => {
    const { courseId, seminarId } = await seedSeminar();
    const where = { course: courseId, seminar: seminarId };
    const teacher = await joined({ ...where, role: 'instructor', name: 'Prof. Lee' });
    const student = await joined({ ...where, name: 'Chloe Lee' });
    try {
      const launcher = teacher.getByRole('region', { name: 'Quizzes' });
      await launcher.getByLabel('Quick check question').fill('Which codec is royalty-free?');
      await launcher.getByLabel('Option 1', { exact: true }).fill('VP8');
      await launcher.getByLabel('Option 2', { exact: true }).fill('H264');
      await launcher.getByLabel('Explanation shown after answering').fill('VP8 is royalty-free.');
      await launcher.getByRole('button', { name: 'Create and start live' }).click();

      const card = student.getByTestId('quiz-card');
      await card.getByTestId('quiz-countdown').getByText(/left$/).waitFor();
      await student.getByTestId('live-region').getByText('New quiz: Which codec is royalty-free?').waitFor();
      await card.getByLabel('VP8').check();
      await card.getByRole('button', { name: 'Submit answers' }).click();
      await card.getByText('Correct — VP8 is royalty-free.').waitFor();

      const stats = launcher.getByTestId('live-quiz-stats');
      await stats.getByText('Answered: 1 of 1 present').waitFor();
      await stats
        .locator('.chart__bars li')
        .filter({ hasText: 'VP8' })
        .locator('.chart__value')
        .getByText('1')
        .waitFor();
      await stats.getByRole('button', { name: 'Close quiz' }).click();

      await card.getByTestId('quiz-solution').getByText('Answer: VP8').waitFor();
      expect(await card.getByTestId('quiz-class-average').textContent()).to.equal('Class average: 100%');
      await stats.getByText('Closed').waitFor();
      await card.screenshot({ path: path.join(RESULTS_DIR, 'live-quiz-student.png') });
      await launcher.screenshot({ path: path.join(RESULTS_DIR, 'live-quiz-instructor.png') });
    } finally {
      await teacher.context().close();
      await student.context().close();
    }
  });
});
