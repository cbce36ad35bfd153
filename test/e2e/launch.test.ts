import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { freePort } from '../../tool/store/free-port.js';
import { ensureClientBuilt, launchChromium } from '../support/browser.js';
import { testConfig } from '../support/config.js';

/**
 * The LMS page runs on 127.0.0.1 and the tool on localhost: two sites, so the tool lives in a third-party
 * iframe exactly as inside a real LMS, where Chromium blocks its cookies.
 */
describe('launch from the dev LMS in a third-party iframe (Chromium)', function () {
  this.timeout(90_000);
  let server: ToolServer;
  let browser: Browser;
  let lmsUrl: string;

  before(async () => {
    await ensureClientBuilt();
    const port = await freePort();
    lmsUrl = `http://127.0.0.1:${port}/dev-lms`;
    server = await startToolServer(
      await testConfig({ DEV_PLATFORM: '1', PORT: String(port), DEV_PLATFORM_URL: lmsUrl }),
      createLogger('silent'),
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function launchAs(userId: string, expected: { name: string; role: string }, coursePage = `${lmsUrl}/`) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const storageMessages: string[] = [];
    // Only LTI Platform Storage traffic counts here; the app's lti.frameResize messages are another matter.
    await page.exposeFunction('recordStorageMessage', (subject: string) => {
      if (/^lti\.(put_data|get_data|capabilities)/.test(subject)) storageMessages.push(subject);
    });
    await page.addInitScript(() => {
      window.addEventListener('message', (event) => {
        const subject = (event.data as { subject?: unknown } | null)?.subject;
        if (typeof subject === 'string')
          (window as unknown as { recordStorageMessage(s: string): void }).recordStorageMessage(subject);
      });
    });
    await page.goto(coursePage);
    await page.getByTestId(`launch-${userId}`).click();
    const frame = page.frameLocator('#course-frame');
    const identity = frame.getByTestId('identity');
    expect(await identity.textContent({ timeout: 45_000 })).to.include(expected.name);
    expect(await identity.getAttribute('data-role')).to.equal(expected.role);
    const appFrame = page.frames().find((f) => f.url().startsWith(`${server.url}/app/`));
    expect(appFrame, 'the app runs in the iframe on the tool origin').to.not.equal(undefined);
    const thirdPartyCookie = await appFrame!.evaluate(() => {
      document.cookie = 'probe=1; SameSite=None';
      return document.cookie;
    });
    const cookies = await context.cookies(server.url);
    await context.close();
    return { storageMessages, cookies, thirdPartyCookie };
  }

  it('lands a student in /app/ with their name and role, using platform storage and no cookies', async () => {
    const { storageMessages, cookies, thirdPartyCookie } = await launchAs('chloe.lee', {
      name: 'Chloe Lee',
      role: 'learner',
    });
    expect(thirdPartyCookie, 'the iframe cannot keep cookies').to.equal('');
    expect(storageMessages).to.include.members(['lti.put_data', 'lti.get_data']);
    expect(cookies).to.deep.equal([]);
  });

  it('lands an instructor in /app/ with their name and role', async () => {
    await launchAs('ada.kim', { name: 'Ada Kim', role: 'instructor' });
  });

  it('lands a student with server-side state alone when the LMS offers no platform storage (Moodle)', async () => {
    const { storageMessages, cookies } = await launchAs(
      'daniel.choi',
      { name: 'Daniel Choi', role: 'learner' },
      `${lmsUrl}/?storage=0`,
    );
    expect(storageMessages).to.deep.equal([]);
    expect(cookies).to.deep.equal([]);
  });
});
