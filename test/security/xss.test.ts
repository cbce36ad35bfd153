import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ChatMessage, Question } from '../../tool/store/index.js';
import { useBrowserHarness } from '../support/browser-harness.js';
import { claims } from '../support/tokens.js';
import { ack, closeAll, join, person, seedSeminar } from '../tool/live/helpers.js';

/** Each payload sets a global flag if the browser ever runs it as markup. */
const payload = (n: number) => `<img src=x onerror="window.__xss=${n}"><svg onload="window.__xss=${n}"></svg>`;

describe('security: XSS through chat, Q&A and names in the client', function () {
  this.timeout(60_000);
  const harness = useBrowserHarness();

  async function open(token: string): Promise<Page> {
    const page = await harness.browser.newPage({ locale: 'en-US' });
    await page.goto(`${harness.server.url}/app/#token=${token}`);
    await page.locator('[data-testid=join]').click();
    return page;
  }

  it('shows markup in chat, questions and display names as text and never runs it', async () => {
    const where = await seedSeminar();
    const attacker = await person(harness.server.url, (c) => harness.server.tokens.mint(c), where, {
      name: payload(1),
    });
    await join(attacker);
    expect((await ack(attacker.socket, 'chat_message', { message: payload(2) })).ok).to.equal(true);
    expect((await ack(attacker.socket, 'question_ask', { text: payload(3) })).ok).to.equal(true);

    const teacher = await open(
      harness.server.tokens.mint(claims({ role: 'instructor', course: where.courseId, seminar: where.seminarId })),
    );
    const learner = await open(
      harness.server.tokens.mint(claims({ course: where.courseId, seminar: where.seminarId })),
    );
    for (const page of [teacher, learner]) {
      await page.waitForFunction((text) => document.body.innerText.includes(text), 'onerror="window.__xss=2"', {
        timeout: 20_000,
      });
    }
    expect((await ack(attacker.socket, 'chat_message', { message: payload(4) })).ok).to.equal(true);
    await learner.waitForFunction(() => document.body.innerText.includes('window.__xss=4'), undefined, {
      timeout: 10_000,
    });
    const teacherText = await teacher.evaluate(() => document.body.innerText);
    expect(teacherText).to.include('onerror="window.__xss=1"');

    for (const page of [teacher, learner]) {
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).to.equal(undefined);
      expect(await page.locator('img[src="x"], svg[onload]').count()).to.equal(0);
      await page.close();
    }
    expect((await ChatMessage.findOne({ seminar: where.seminarId }).sort({ _id: 1 }).lean())!.text).to.equal(
      payload(2),
    );
    expect((await Question.findOne({ seminar: where.seminarId }).lean())!.text).to.equal(payload(3));
    closeAll(attacker);
  });
});
