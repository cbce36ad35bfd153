import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { INITIAL_BUDGET_BYTES, measureClientBundle } from '../../bench/client-bundle.js';
import { CLIENT_DIST_DIR, PROJECT_ROOT } from '../../tool/paths.js';
import { useBrowserHarness } from '../support/browser-harness.js';
import { enrol } from '../support/roster.js';
import { claims } from '../support/tokens.js';
import { seedSeminar } from '../tool/live/helpers.js';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');

/** Buttons, inputs and selects without an accessible name (text, aria-label, or a label). */
async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('button, input, select, textarea')]
      .filter((el) => {
        const html = el as HTMLInputElement;
        const labelled = html.labels && html.labels.length > 0;
        return !(el.textContent ?? '').trim() && !el.getAttribute('aria-label') && !labelled;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

async function hasHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

describe('client shell in Chromium', function () {
  this.timeout(60_000);
  const harness = useBrowserHarness();
  /** Requests to other hosts that actually went out (CSP-blocked attempts never leave the browser). */
  const external: string[] = [];

  before(() => {
    mkdirSync(RESULTS_DIR, { recursive: true });
  });

  async function open(width: number, overrides: Parameters<typeof claims>[0]): Promise<Page> {
    const context = await harness.browser.newContext({ viewport: { width, height: 800 } });
    await context.grantPermissions(['camera', 'microphone'], { origin: harness.server.url });
    const page = await context.newPage();
    page.on('requestfinished', (req) => {
      if (!/^(data|blob):/.test(req.url()) && !req.url().startsWith(harness.server.url)) external.push(req.url());
    });
    const token = harness.server.tokens.mint(claims(overrides));
    await page.goto(`${harness.server.url}/app/#token=${token}`);
    return page;
  }

  async function expectCameraPreview(page: Page): Promise<void> {
    await page.waitForFunction(
      () => (document.querySelector('[data-testid=preview]') as HTMLVideoElement | null)?.videoWidth ?? 0 > 0,
      undefined,
      { timeout: 15_000 },
    );
  }

  for (const width of [360, 1280]) {
    it(`shows the Korean pre-join with a camera preview and the student view without overflow at ${width} px`, async () => {
      // A running seminar: hands and pulse are offered only while it is live.
      const { courseId, seminarId } = await seedSeminar('LIVE');
      const page = await open(width, { locale: 'ko-KR', name: '김영희', course: courseId, seminar: seminarId });
      try {
        expect(await page.locator('h1').textContent()).to.equal('참여 준비');
        expect(await page.evaluate(() => document.documentElement.lang)).to.equal('ko');
        await expectCameraPreview(page);
        expect(await page.locator('[data-testid=preview]').evaluate((v: HTMLVideoElement) => v.videoWidth)).to.be.above(
          0,
        );
        await page.locator('[data-testid=network]').filter({ hasText: '연결 상태' }).waitFor();
        expect(await hasHorizontalOverflow(page)).to.equal(false);
        await page.screenshot({ path: path.join(RESULTS_DIR, `client-prejoin-ko-${width}.png`), fullPage: true });

        // Keyboard only: Tab to the join button, see a visible focus ring, press Enter.
        for (let i = 0; i < 10; i++) {
          await page.keyboard.press('Tab');
          if (await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'join')) break;
        }
        const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
        expect(outline).to.equal('solid');
        await page.keyboard.press('Enter');
        await page.locator('[data-testid=student-view]').waitFor();
        expect(await page.locator('[data-testid=student-view] h1').count()).to.equal(1);
        await page.getByRole('button', { name: '손 들기' }).waitFor();
        expect(await page.getByRole('button', { name: '손 들기' }).count()).to.equal(1);
        expect(await page.getByRole('button', { name: /이해했어요/ }).count()).to.equal(1);
        expect(await hasHorizontalOverflow(page)).to.equal(false);
        expect(await unnamedControls(page)).to.deep.equal([]);
        await page.screenshot({ path: path.join(RESULTS_DIR, `client-student-ko-${width}.png`), fullPage: true });
      } finally {
        await page.context().close();
      }
    });
  }

  it('loads the instructor dashboard as a separate chunk and switches to English', async () => {
    const page = await open(1280, { role: 'instructor', locale: 'en-US', name: 'Prof. Lee' });
    try {
      expect(await page.locator('h1').textContent()).to.equal('Get ready to join');
      await expectCameraPreview(page);
      const chunks: string[] = [];
      page.on('request', (req) => chunks.push(req.url()));
      await page.locator('[data-testid=join]').click();
      await page.locator('[data-testid=instructor-view]').waitFor();
      await page.getByRole('heading', { name: 'Live dashboard' }).waitFor();
      expect(await unnamedControls(page)).to.deep.equal([]);
      expect(chunks.some((url) => /\/app\/assets\/InstructorView-[\w-]+\.js$/.test(url))).to.equal(true);
      expect(await hasHorizontalOverflow(page)).to.equal(false);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'client-instructor-en-1280.png'), fullPage: true });

      await page.getByLabel('Language').first().selectOption('ko');
      await page.getByRole('heading', { name: '실시간 대시보드' }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('joins with the camera when Join is pressed before the camera answered', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['camera', 'microphone'], { origin: harness.server.url });
    // A slow permission prompt or device: the camera answers 2 s after it is asked.
    await context.addInitScript(() => {
      const devices = navigator.mediaDevices;
      const ask = devices.getUserMedia.bind(devices);
      devices.getUserMedia = (constraints) =>
        new Promise((resolve) => setTimeout(resolve, 2_000)).then(() => ask(constraints));
    });
    const page = await context.newPage();
    try {
      await page.goto(`${harness.server.url}/app/#token=${harness.server.tokens.mint(claims({ locale: 'en' }))}`);
      const join = page.locator('[data-testid=join]');
      await join.click();
      await page.getByRole('button', { name: 'Waiting for your camera and microphone…' }).waitFor();
      expect(await join.isDisabled(), 'pressed once').to.equal(true);
      await page.locator('.room').waitFor();
      await page.waitForFunction(
        () => (document.querySelector('.video__grid .tile video') as HTMLVideoElement | null)?.videoWidth ?? 0 > 0,
        undefined,
        { timeout: 15_000 },
      );
    } finally {
      await context.close();
    }
  });

  it('gives a teaching assistant the dashboard without the start and end only an instructor may use', async () => {
    const page = await open(1280, { role: 'ta', locale: 'en' });
    try {
      await page.locator('[data-testid=join]').click();
      await page.getByRole('button', { name: 'Mute everyone' }).waitFor();
      for (const name of ['Start session', 'End session'])
        expect(await page.getByRole('button', { name }).count(), name).to.equal(0);
    } finally {
      await page.context().close();
    }
  });

  it('opens the instructor Analytics tab from its own chunk with a labelled student table', async () => {
    const where = await seedSeminar();
    const student = claims({ course: where.courseId, seminar: where.seminarId, name: 'Absent Student' });
    await enrol(where.courseId, { claims: student });
    const page = await open(1280, {
      role: 'instructor',
      locale: 'en',
      course: where.courseId,
      seminar: where.seminarId,
    });
    try {
      await expectCameraPreview(page);
      const chunks: string[] = [];
      page.on('request', (req) => chunks.push(req.url()));
      await page.locator('[data-testid=join]').click();
      await page.locator('[data-testid=instructor-view]').waitFor();
      await page.getByRole('tab', { name: 'Analytics' }).click();
      const table = page.getByRole('table', { name: /Participation per student/ });
      await table.waitFor();
      expect(chunks.some((url) => /\/app\/assets\/AnalyticsPage-[\w-]+\.js$/.test(url))).to.equal(true);
      expect(await table.getByRole('rowheader', { name: 'Absent Student' }).count()).to.equal(1);
      expect(await table.getByRole('row').count(), 'the unenrolled instructor is not a student row').to.equal(2);
      expect(await table.getByRole('columnheader').count()).to.equal(8);
      await page.getByRole('button', { name: 'Download session CSV' }).waitFor();
      expect(await unnamedControls(page)).to.deep.equal([]);
      expect(await hasHorizontalOverflow(page)).to.equal(false);
      await page.screenshot({ path: path.join(RESULTS_DIR, 'client-analytics-en-1280.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('opens the whiteboard from its own chunk with self-hosted assets only', async () => {
    const page = await open(1280, { locale: 'en' });
    try {
      await page.locator('[data-testid=join]').click();
      await page.getByRole('tab', { name: 'Whiteboard' }).click();
      await page.locator('[data-testid=whiteboard-canvas] .excalidraw').waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => (window as { EXCALIDRAW_ASSET_PATH?: string }).EXCALIDRAW_ASSET_PATH)).to.equal(
        `${harness.server.url}/app/`,
      );
      const fontStatus = await page.evaluate(async () => {
        const face = new FontFace(
          'Probe',
          'url(/app/fonts/Excalifont/Excalifont-Regular-a88b72a24fb54c9f94e3b5fdaa7481c9.woff2)',
        );
        return (await face.load()).status;
      });
      expect(fontStatus).to.equal('loaded');
      expect(external).to.deep.equal([]);
    } finally {
      await page.context().close();
    }
  });

  it('asks the LMS frame to resize with lti.frameResize', async () => {
    const context = await harness.browser.newContext({ viewport: { width: 1024, height: 700 } });
    const page = await context.newPage();
    const token = harness.server.tokens.mint(claims({ locale: 'en' }));
    // A stand-in LMS course page on the tool's own origin (frame-ancestors allows only registered LMSs).
    await page.route(`${harness.server.url}/lms-course-page`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><script>window.frameMessages=[];addEventListener('message',e=>frameMessages.push(e.data))</script>
<iframe src="/app/#token=${token}" width="800" height="400" allow="camera;microphone"></iframe>`,
      }),
    );
    try {
      await page.goto(`${harness.server.url}/lms-course-page`);
      const message = await page.waitForFunction(
        () =>
          (window as unknown as { frameMessages: Array<{ subject?: string; height?: number }> }).frameMessages.find(
            (m) => m.subject === 'lti.frameResize',
          ),
        undefined,
        { timeout: 15_000 },
      );
      const data = (await message.jsonValue()) as { height: number };
      expect(data.height).to.be.at.least(480);
    } finally {
      await context.close();
    }
  });

  it('keeps the initial student chunk within the 150 KB gzip budget', () => {
    const report = measureClientBundle(CLIENT_DIST_DIR);
    expect(report.groups.initial.gzip).to.be.above(0).and.at.most(INITIAL_BUDGET_BYTES);
    expect(report.groups.whiteboard.gzip).to.be.above(100 * 1024);
    expect(report.groups.instructor.files.length).to.be.at.least(1);
  });
});
