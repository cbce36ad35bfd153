import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { PROJECT_ROOT } from '../../tool/paths.js';
import { joinFromDevLms, pollUntil, showsVideoOf, useToolWithDevLms, type Member } from '../support/room-browser.js';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');

/**
 * Issue 8's "done when": a newcomer opens the URL the start command prints, launches from the dev LMS as
 * instructor and as student in two windows, and runs a seminar (start, see each other, chat, a poll, end) unaided.
 */
describe('a newcomer runs a seminar from the dev LMS in two windows', function () {
  this.timeout(120_000);
  const tool = useToolWithDevLms();
  /** Uncaught exceptions of the pages and their frames. */
  const errors: string[] = [];

  async function launch(id: string, name: string): Promise<Member> {
    const member = await joinFromDevLms(tool.browser, { tool: tool.server.url, lms: tool.lmsUrl }, id, name);
    member.page.on('pageerror', (err) => errors.push(`${name}: ${err.message}`));
    return member;
  }

  it('starts, shows both cameras, carries chat and a poll, and ends with cameras off and nothing left to click', async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    const printed = await fetch(`${tool.server.url}/`, { redirect: 'manual' });
    expect(printed.headers.get('location'), 'the printed URL leads to the dev LMS').to.equal(`${tool.lmsUrl}/`);

    const ada = await launch('ada.kim', 'Ada Kim');
    await ada.ui.getByTestId('session-banner').getByText('Press “Start session” in the live dashboard').waitFor();
    // A student who arrives early waits; hands and pulse are offered once the seminar is live.
    const chloe = await launch('chloe.lee', 'Chloe Lee');
    await chloe.ui.getByTestId('session-banner').waitFor();
    expect(await chloe.ui.getByRole('button', { name: 'Raise hand' }).count(), 'no hand before the start').to.equal(0);
    await ada.ui.getByRole('button', { name: 'Start session' }).click();
    await chloe.ui.getByRole('button', { name: 'Raise hand' }).waitFor();
    await pollUntil(() => showsVideoOf(chloe, ada), "Chloe seeing Ada's video");
    await pollUntil(() => showsVideoOf(ada, chloe), "Ada seeing Chloe's video");

    // "Only to the instructors" sits on one line with its checkbox.
    const onOneLine = await chloe.frame.evaluate(() => {
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
    for (const member of [ada, chloe]) {
      await member.ui.getByText('The seminar has ended. Thank you for taking part!').waitFor();
      await member.ui.getByRole('toolbar').waitFor({ state: 'detached' });
      await member.frame.waitForFunction(
        () =>
          ![...document.querySelectorAll('video')].some((v) =>
            (v.srcObject as MediaStream | null)?.getTracks().some((t) => t.readyState === 'live'),
          ),
        undefined,
        { timeout: 15_000 },
      );
      // Tiles fall back to the avatar rather than a frozen black frame.
      await member.ui.locator('.tile__avatar').first().waitFor({ timeout: 15_000 });
    }
    // Week 1 is participation-graded: ending it sends the grades to the LMS gradebook.
    await ada.ui
      .getByRole('region', { name: 'Grade sync' })
      .getByText('Chloe Lee', { exact: false })
      .first()
      .waitFor({ timeout: 20_000 });
    await chloe.ui.getByRole('tab', { name: /Q&A/ }).click();
    await chloe.ui.getByText('You can ask questions while the seminar is live.').waitFor();
    for (const name of ['End session', 'Yes, end for everyone'])
      expect(await ada.ui.getByRole('button', { name }).count(), `no "${name}" after the end`).to.equal(0);
    await chloe.page.screenshot({ path: path.join(RESULTS_DIR, 'newcomer-student-ended.png'), fullPage: true });
    expect(errors).to.deep.equal([]);
  });
});
