import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../tool/paths.js';
import { smallCameraFrames } from '../support/browser.js';
import { useBrowserHarness } from '../support/browser-harness.js';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');

interface Window {
  page: Page;
  /** The tool inside the dev LMS course page's frame. */
  ui: FrameLocator;
  frame: () => Frame;
  /** Uncaught exceptions of the page and its frames. */
  errors: string[];
}

/**
 * Issue 8's "done when": a newcomer opens the URL the start command prints, launches from the dev LMS as
 * instructor and as student in two windows, and runs a seminar (start, see each other, chat, end) unaided.
 */
describe('a newcomer runs a seminar from the dev LMS in two windows', function () {
  this.timeout(120_000);
  const harness = useBrowserHarness({ DEV_PLATFORM: '1' });

  async function launchFromLms(user: string): Promise<Window> {
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['camera', 'microphone'], { origin: harness.server.url });
    await context.addInitScript(smallCameraFrames);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${harness.server.url}/`);
    await page.getByTestId(`launch-${user}`).click();
    const ui = page.frameLocator('#course-frame');
    await ui.getByTestId('join').click({ timeout: 30_000 });
    await ui.locator('.room').waitFor();
    const frame = () => page.frames().find((f) => f.url().startsWith(`${harness.server.url}/app/`))!;
    return { page, ui, frame, errors };
  }

  /** Waits until `name`'s tile plays video (decoded frames have a size). */
  function seesVideoOf(window: Window, name: string): Promise<unknown> {
    return window
      .frame()
      .waitForFunction(
        (who) =>
          [...document.querySelectorAll('.video__grid .tile')].some(
            (tile) =>
              tile.querySelector('.tile__name')?.textContent === who &&
              (tile.querySelector('video')?.videoWidth ?? 0) > 0,
          ),
        name,
        { timeout: 45_000 },
      );
  }

  it('starts, shows both cameras, carries chat and a poll, and ends with cameras off and nothing left to click', async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const ada = await launchFromLms('ada.kim');
    expect(new URL(ada.page.url()).pathname, 'the printed URL opens the dev LMS').to.equal('/dev-lms/');
    await ada.ui.getByTestId('session-banner').getByText('Press “Start session” in the live dashboard').waitFor();
    // A student who arrives early waits; hands and pulse are offered once the seminar is live.
    const chloe = await launchFromLms('chloe.lee');
    await chloe.ui.getByTestId('session-banner').waitFor();
    expect(await chloe.ui.getByRole('button', { name: 'Raise hand' }).count(), 'no hand before the start').to.equal(0);
    await ada.ui.getByRole('button', { name: 'Start session' }).click();
    await chloe.ui.getByRole('button', { name: 'Raise hand' }).waitFor();
    await ada.ui.getByRole('region', { name: 'Grade sync' }).getByText('No grades sent yet.').waitFor();
    await seesVideoOf(chloe, 'Ada Kim');
    await seesVideoOf(ada, 'Chloe Lee');

    // "Only to the instructors" sits on one line with its checkbox.
    const onOneLine = await chloe.frame().evaluate(() => {
      const label = [...document.querySelectorAll('.chat__form label')].find((l) =>
        l.querySelector('[type=checkbox]'),
      )!;
      const box = label.querySelector('input')!.getBoundingClientRect();
      const text = document.createRange();
      text.selectNodeContents(label);
      text.setStartAfter(label.querySelector('input')!);
      const words = text.getBoundingClientRect();
      return box.top < words.bottom && box.bottom > words.top && box.right <= words.left;
    });
    expect(onOneLine, 'private-message checkbox beside its label').to.equal(true);
    await chloe.ui.getByLabel('Write a message').fill('Hello from Chloe');
    await chloe.ui.getByLabel('Write a message').press('Enter');
    await ada.ui.getByRole('article', { name: 'Message from Chloe Lee' }).getByText('Hello from Chloe').waitFor();

    const launcher = ada.ui.getByRole('region', { name: 'New poll' });
    await launcher.getByLabel('Question', { exact: true }).fill('Ready?');
    await launcher.getByLabel('Option 1', { exact: true }).fill('Yes');
    await launcher.getByLabel('Option 2', { exact: true }).fill('No');
    await launcher.getByRole('button', { name: 'Launch poll' }).click();
    const ballot = chloe.ui.getByTestId('poll-card');
    await ballot.getByLabel('Yes').check();
    await ballot.getByRole('button', { name: 'Vote' }).click();
    await ballot.getByText('Thanks, your vote was counted.').waitFor();
    await ada.ui.getByTestId('poll-card').getByText('1 response (100%)').waitFor();
    // This poll shows no live results to students: the student sees no (zero) count of responses.
    expect(await ballot.getByText(/responses? \(/).count()).to.equal(0);

    await ada.ui.getByRole('button', { name: 'End session' }).click();
    await ada.ui.getByRole('button', { name: 'Yes, end for everyone' }).click();
    for (const window of [ada, chloe]) {
      await window.ui.getByText('The seminar has ended. Thank you for taking part!').waitFor();
      await window.ui.getByRole('toolbar').waitFor({ state: 'detached' });
      await window
        .frame()
        .waitForFunction(
          () =>
            ![...document.querySelectorAll('video')].some((v) =>
              (v.srcObject as MediaStream | null)?.getTracks().some((t) => t.readyState === 'live'),
            ),
          undefined,
          { timeout: 15_000 },
        );
    }
    // Week 1 is participation-graded: ending it sends the grades to the LMS gradebook.
    await ada.ui
      .getByRole('region', { name: 'Grade sync' })
      .getByText('Chloe Lee · Week 1 live seminar — participation')
      .waitFor();
    for (const name of ['End session', 'Yes, end for everyone'])
      expect(await ada.ui.getByRole('button', { name }).count(), `no "${name}" after the end`).to.equal(0);
    await chloe.page.screenshot({ path: path.join(RESULTS_DIR, 'newcomer-student-ended.png'), fullPage: true });
    expect([...ada.errors, ...chloe.errors]).to.deep.equal([]);
  });
});
