import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useBrowserHarness } from '../support/browser-harness.js';
import { decodeQr } from '../support/qr-decode.js';
import { claims } from '../support/tokens.js';
import { seedSeminar } from '../tool/live/helpers.js';
import { Seminar } from '../../tool/store/index.js';

describe('join code and QR in Chromium', function () {
  this.timeout(90_000);
  const harness = useBrowserHarness();

  async function open(url: string): Promise<Page> {
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['camera', 'microphone'], { origin: harness.server.url });
    const page = await context.newPage();
    await page.goto(url);
    return page;
  }

  it('shows a scannable QR to the instructor; a student of the course joins that session with the code', async () => {
    const live = await seedSeminar('WAITING', 'Week 9 · live');
    const other = await Seminar.create({ course: live.courseId, resourceLinkId: 'week-8', title: 'Week 8' });
    const teacher = harness.server.tokens.mint(
      claims({ role: 'instructor', course: live.courseId, seminar: live.seminarId, locale: 'en' }),
    );
    const student = harness.server.tokens.mint(
      claims({ course: live.courseId, seminar: String(other._id), locale: 'en' }),
    );

    const staffPage = await open(`${harness.server.url}/app/#token=${teacher}`);
    const studentPage = await open(`${harness.server.url}/app/#token=${student}`);
    try {
      await staffPage.locator('[data-testid=join]').click();
      await staffPage.getByRole('button', { name: 'Start session' }).click();
      const qr = staffPage.locator('[data-testid=join-code] svg');
      await qr.waitFor();
      const code = (await staffPage.locator('[data-testid=join-code] .join-code').textContent())!.trim();
      expect(code).to.match(/^\d{6}$/);
      expect(await decodeQr(await qr.screenshot(), 'png')).to.deep.equal([
        `${harness.server.url}/app/?join_code=${code}`,
      ]);

      await studentPage.getByText('Joining a live session with a code?').click();
      await studentPage.locator('[data-testid=join-code-input]').fill('000000' === code ? '111111' : '000000');
      await studentPage.locator('[data-testid=join-code-submit]').click();
      await studentPage.getByRole('alert').getByText('No live session of your course has this code').waitFor();

      await studentPage.locator('[data-testid=join-code-input]').fill(code);
      await studentPage.locator('[data-testid=join-code-submit]').click();
      await studentPage.locator('[data-testid=join]').click();
      await studentPage.getByRole('heading', { name: 'Week 9 · live' }).waitFor();
      await staffPage
        .getByText(/Student \d+/)
        .first()
        .waitFor();
    } finally {
      await staffPage.context().close();
      await studentPage.context().close();
    }
  });

  it('a scanned QR without an LMS sign-in explains how to join instead of bypassing the LMS', async () => {
    const page = await open(`${harness.server.url}/app/?join_code=123456`);
    try {
      await page.getByText('To join with code 123456 on this device, open EduForum Live from your course').waitFor();
      expect(await page.locator('[data-testid=join]').count()).to.equal(0);
    } finally {
      await page.context().close();
    }
  });
});
