import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { ToolServer } from '../../tool/server.js';
import { launchChromium } from '../support/browser.js';
import { joinFromDevLms, pollUntil, showsVideoOf, startToolWithDevLms, type Member } from '../support/room-browser.js';

/** Whether `viewer` shows `other`'s camera tile playing: decoded size and the picture moving on. */
async function playsVideoOf(viewer: Member, other: Member): Promise<boolean> {
  if (!(await showsVideoOf(viewer, other))) return false;
  const time = () =>
    viewer.frame.evaluate(
      (id) => (document.querySelector(`[data-testid="tile-${id}"] video`) as HTMLVideoElement).currentTime,
      other.userId,
    );
  const before = await time();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return (await time()) > before;
}

/**
 * Issue #8: a student's network drops in a live seminar (fake camera and mic) and comes back. The banner says
 * so, the socket rejoins by itself with the room as it was (chat history, a message sent meanwhile, the hand
 * queue) and the video tiles play again.
 */
describe('a student reconnects after a network drop (Chromium, dev LMS)', function () {
  this.timeout(150_000);
  let server: ToolServer;
  let browser: Browser;
  let ada: Member;
  let chloe: Member;

  before(async function () {
    this.timeout(180_000);
    const started = await startToolWithDevLms();
    server = started.server;
    const lms = started.lmsUrl;
    browser = await launchChromium();
    ada = await joinFromDevLms(browser, { tool: server.url, lms }, 'ada.kim', 'Ada Kim');
    await ada.ui.getByRole('button', { name: 'Start session' }).click();
    await ada.ui.getByRole('button', { name: 'Start session' }).waitFor({ state: 'detached' });
    chloe = await joinFromDevLms(browser, { tool: server.url, lms }, 'chloe.lee', 'Chloe Lee');
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the drop, rejoins with chat and hand queue intact, and plays video again', async () => {
    await pollUntil(() => playsVideoOf(chloe, ada), "Chloe playing Ada's video");
    const input = chloe.ui.getByLabel('Write a message');
    await input.fill('Before the drop');
    await input.press('Enter');
    await ada.ui.getByRole('article', { name: 'Message from Chloe Lee' }).getByText('Before the drop').waitFor();
    await chloe.ui.getByTestId('hand').click();
    await ada.ui.getByRole('button', { name: 'Call on Chloe Lee' }).waitFor();

    // The rejoin once threw "Maximum call stack size exceeded" in the page (media reconnect loop): none allowed.
    const pageErrors: string[] = [];
    chloe.page.on('pageerror', (err) => pageErrors.push(err.message));
    // At once, on localhost too (engine.io alone would wait for the ping timeout there, about 16 s).
    await chloe.context.setOffline(true);
    const banner = chloe.ui.getByTestId('connection-banner');
    await banner.getByText('Connection lost. Reconnecting…', { exact: false }).waitFor({ timeout: 3_000 });
    await chloe.ui.getByRole('status').filter({ hasText: 'Reconnecting' }).waitFor();
    const adaInput = ada.ui.getByLabel('Write a message');
    await adaInput.fill('While you were away');
    await adaInput.press('Enter');
    await ada.ui.locator('.chat__list').getByText('While you were away').waitFor();

    await chloe.context.setOffline(false);
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    const chat = chloe.ui.locator('.chat__list');
    await chat.getByText('Before the drop').waitFor();
    await chat.getByText('While you were away').waitFor();
    await chloe.ui.getByRole('button', { name: 'Lower hand' }).waitFor();
    await ada.ui.getByRole('heading', { name: 'Raised hands (1)' }).waitFor();
    await pollUntil(() => playsVideoOf(chloe, ada), "Chloe playing Ada's video again", 60_000);
    await pollUntil(() => playsVideoOf(ada, chloe), "Ada playing Chloe's video again", 60_000);
    await chloe.ui.getByTestId('media-banner').waitFor({ state: 'detached' });
    expect(pageErrors).to.deep.equal([]);
  });
});
