import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { createLogger } from '../../tool/logger.js';
import { PROJECT_ROOT } from '../../tool/paths.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { freePort } from '../../tool/store/free-port.js';
import { downloadFrom, ensureClientBuilt, launchChromium } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import {
  decodedVideoTracks,
  joinFromDevLms,
  pollUntil as waitFor,
  showsVideoOf,
  type Member,
} from '../support/room-browser.js';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');

describe('a whole seminar through the dev LMS (three Chromium contexts)', function () {
  this.timeout(120_000);
  let server: ToolServer;
  let browser: Browser;
  let lmsUrl: string;
  const members: Member[] = [];

  before(async function () {
    this.timeout(180_000);
    await ensureClientBuilt();
    mkdirSync(RESULTS_DIR, { recursive: true });
    const port = await freePort();
    lmsUrl = `http://127.0.0.1:${port}/dev-lms`;
    server = await startToolServer(
      await testConfig({ DEV_PLATFORM: '1', PORT: String(port), DEV_PLATFORM_URL: lmsUrl }),
      createLogger('silent'),
    );
    // Screen sharing picks the LMS course tab without a picker (there is no screen to choose in headless).
    browser = await launchChromium(['--auto-select-tab-capture-source-by-title=Demo Course 101']);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function launch(id: string, name: string): Promise<Member> {
    const member = await joinFromDevLms(browser, { tool: server.url, lms: lmsUrl }, id, name);
    members.push(member);
    return member;
  }

  async function everyoneSeesEveryone(group: Member[]): Promise<void> {
    for (const m of group) {
      await waitFor(async () => (await decodedVideoTracks(m.frame)) >= group.length - 1, `${m.name} decoding video`);
      for (const other of group.filter((o) => o !== m)) {
        await waitFor(() => showsVideoOf(m, other), `${m.name} showing ${other.name}'s video`);
      }
    }
  }

  const byId = (id: string) => members.find((m) => m.id === id)!;
  const ada = () => byId('ada.kim');
  const chloe = () => byId('chloe.lee');
  const daniel = () => byId('daniel.choi');
  const students = () => [chloe(), daniel()];

  it('lets an instructor and two students launch from the LMS and see each other', async () => {
    const instructor = await launch('ada.kim', 'Ada Kim');
    await instructor.ui.getByRole('button', { name: 'Start session' }).click();
    await instructor.ui.getByRole('button', { name: 'Start session' }).waitFor({ state: 'detached' });
    await launch('chloe.lee', 'Chloe Lee');
    await launch('daniel.choi', 'Daniel Choi');
    await everyoneSeesEveryone(members);
  });

  it("lets the instructor mute a student and stop a student's camera, and the student turn it on again", async () => {
    const panel = ada().ui.getByRole('region', { name: /Participants/ });
    await panel.getByRole('button', { name: 'Mute Chloe Lee' }).click();
    await chloe()
      .ui.getByTestId('media-banner')
      .getByText('The instructor muted your microphone', { exact: false })
      .waitFor();
    await chloe().ui.getByRole('button', { name: 'Unmute' }).waitFor();
    await panel.getByRole('button', { name: 'Camera off for Daniel Choi' }).click();
    await daniel().ui.getByRole('button', { name: 'Start camera' }).waitFor();
    await ada().ui.getByTestId(`tile-${daniel().userId}`).locator('video').waitFor({ state: 'detached' });
    await daniel().ui.getByRole('button', { name: 'Start camera' }).click();
    await daniel().ui.getByTestId('media-banner').waitFor({ state: 'detached' });
    await everyoneSeesEveryone(members);
  });

  it("pins a student's screen share above everyone's grid until they stop", async () => {
    await chloe().ui.getByRole('button', { name: 'Share screen' }).click();
    for (const m of [ada(), daniel()])
      await waitFor(
        () =>
          m.frame.evaluate(
            () => ((document.querySelector('.video__screen video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0,
          ),
        `${m.name} showing Chloe's screen`,
      );
    await ada().ui.getByRole('img', { name: 'Screen shared by Chloe Lee' }).waitFor();
    await chloe().ui.getByRole('button', { name: 'Stop sharing' }).click();
    for (const m of [ada(), daniel()]) await m.ui.locator('.video__screen').waitFor({ state: 'detached' });
  });

  it('delivers chat to everyone', async () => {
    const input = chloe().ui.getByLabel('Write a message');
    await input.fill('Hello from Chloe');
    await input.press('Enter');
    for (const m of [ada(), daniel()])
      await m.ui.getByRole('article', { name: 'Message from Chloe Lee' }).getByText('Hello from Chloe').waitFor();
  });

  it('keeps a private message between a student and the instructors', async () => {
    await daniel().ui.getByLabel('Only to the instructors').check();
    await daniel().ui.getByLabel('Write a message').fill('Private from Daniel');
    await daniel().ui.getByLabel('Write a message').press('Enter');
    const seen = ada()
      .ui.getByRole('article', { name: 'Message from Daniel Choi' })
      .filter({ hasText: 'Private from Daniel' });
    await seen.getByText('Private with Daniel Choi').waitFor();
    await ada().ui.getByLabel('Write a message').fill('Public from Ada');
    await ada().ui.getByLabel('Write a message').press('Enter');
    await chloe().ui.getByText('Public from Ada').first().waitFor();
    expect(await chloe().ui.locator('.chat__list').textContent()).to.not.include('Private from Daniel');
  });

  it("puts a raised hand in the instructor's queue", async () => {
    await daniel().ui.getByTestId('hand').click();
    await ada().ui.getByRole('button', { name: 'Call on Daniel Choi' }).waitFor();
    await ada().ui.getByRole('heading', { name: 'Raised hands (1)' }).waitFor();
  });

  it("shows poll answers live on the instructor's dashboard", async () => {
    const launcher = ada().ui.getByRole('region', { name: 'New poll' });
    await launcher.getByLabel('Question', { exact: true }).fill('Which codec?');
    await launcher.getByLabel('Option 1', { exact: true }).fill('VP8');
    await launcher.getByLabel('Option 2', { exact: true }).fill('H264');
    await launcher.getByRole('button', { name: 'Launch poll' }).click();
    await chloe().ui.getByTestId('poll-card').getByLabel('VP8').check();
    await chloe().ui.getByTestId('poll-card').getByRole('button', { name: 'Vote' }).click();
    await daniel().ui.getByTestId('poll-card').getByLabel('H264').check();
    await daniel().ui.getByTestId('poll-card').getByRole('button', { name: 'Vote' }).click();
    const card = ada().ui.getByTestId('poll-card');
    await card.getByText('2 responses', { exact: false }).waitFor();
    const bars = card.locator('.chart__bars li');
    await bars.filter({ hasText: 'VP8' }).getByText('50%').waitFor();
    await bars.filter({ hasText: 'H264' }).getByText('50%').waitFor();
  });

  it("feeds the instructor's pulse gauge", async () => {
    await chloe().ui.getByRole('button', { name: 'I understand' }).click();
    await daniel().ui.getByRole('button', { name: "I'm confused" }).click();
    await ada().ui.getByText('50% understand (1 understand, 1 confused)').waitFor();
  });

  it('carries an anonymous question, its upvote and its answer to everyone', async () => {
    for (const m of members) await m.ui.getByRole('tab', { name: /Q&A/ }).click();
    await chloe().ui.getByLabel('Ask a question').fill('Why simulcast?');
    await chloe().ui.getByRole('button', { name: 'Ask anonymously' }).click();
    await daniel().ui.locator('.questions').getByText('Why simulcast?', { exact: true }).waitFor();
    await daniel().ui.getByRole('button', { name: 'Upvote (0)' }).click();
    await ada().ui.getByRole('button', { name: 'Upvote (1)' }).waitFor();
    await ada().ui.getByRole('button', { name: 'Mark answered' }).click();
    for (const m of students()) await m.ui.locator('.questions').getByText('Answered', { exact: true }).waitFor();
    expect(await ada().ui.locator('.questions').textContent()).to.not.include('Chloe');
  });

  it('sends the students to two breakout rooms and brings them back with their media', async () => {
    const manager = ada().ui.getByRole('region', { name: 'Breakout rooms' });
    await manager.getByLabel('Rooms', { exact: true }).fill('2');
    await manager.getByRole('button', { name: 'Preview assignment' }).click();
    await manager.getByRole('button', { name: 'Open rooms' }).click();
    const rooms: Array<string | null> = [];
    for (const m of students()) {
      const banner = m.ui.getByTestId('breakout-banner');
      await banner.getByText(/You are in Room \d/).waitFor();
      rooms.push(await banner.locator('strong').textContent());
    }
    expect(new Set(rooms).size, 'one student per room').to.equal(2);
    // Alone in their room's media router, each student sees only their own camera, and nobody from another
    // room shows as a tile (an avatar would read as "here, camera off").
    for (const m of students())
      await waitFor(
        () =>
          m.frame.evaluate(
            () =>
              document.querySelectorAll('.video__grid .tile').length === 1 &&
              document.querySelectorAll('.video__grid .tile video').length === 1,
          ),
        `${m.name} leaving the main room's media`,
      );
    // The instructor visits Room 1: their media follows, so they see that room's one student only.
    await ada().ui.getByRole('button', { name: 'Visit Room 1' }).click();
    await waitFor(
      () => ada().frame.evaluate(() => document.querySelectorAll('.video__grid .tile video').length === 2),
      'Ada seeing only Room 1',
    );
    expect(await ada().ui.locator('.video__grid .tile').count(), 'Ada visiting Room 1').to.equal(2);
    const visited = students().find((_, i) => rooms[i]?.includes('Room 1'))!;
    await waitFor(
      () => visited.frame.evaluate(() => document.querySelectorAll('.video__grid .tile video').length === 2),
      `${visited.name} seeing the visiting instructor`,
    );
    await ada().ui.getByRole('button', { name: 'Back to the main room' }).click();
    await ada().ui.getByRole('button', { name: 'Close rooms and return' }).click();
    for (const m of students()) await m.ui.getByTestId('breakout-banner').waitFor({ state: 'detached' });
    await everyoneSeesEveryone(members);
  });

  it('syncs a rectangle drawn on the whiteboard to another browser', async () => {
    for (const m of [ada(), chloe()]) {
      await m.ui.getByRole('tab', { name: 'Whiteboard' }).click();
      await m.ui.locator('.excalidraw canvas.interactive').waitFor({ timeout: 30_000 });
    }
    await chloe().ui.locator('[data-testid="toolbar-rectangle"]').click({ force: true });
    const box = (await chloe().ui.locator('.excalidraw canvas.interactive').boundingBox())!;
    const { mouse } = chloe().page;
    await mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.3);
    await mouse.down();
    await mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 5 });
    await mouse.up();
    await ada().ui.locator('[data-testid="whiteboard-canvas"][data-shapes~="rectangle"]').waitFor();

    const png = await downloadFrom(ada().page, () => ada().ui.getByRole('button', { name: 'Download PNG' }).click());
    expect(png.name).to.match(/^whiteboard-\d{4}-\d{2}-\d{2}-\d{4}\.png$/);
    expect(png.body.subarray(0, 8)).to.deep.equal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = await downloadFrom(ada().page, () => ada().ui.getByRole('button', { name: 'Download SVG' }).click());
    expect(svg.body.toString('utf8')).to.match(/^<svg[\s\S]*<rect|^<svg[\s\S]*<path/);
    for (const m of [ada(), chloe()]) await m.ui.getByRole('tab', { name: 'Video' }).click();
  });

  it('renders in Korean when a student switches the language', async () => {
    await daniel().ui.getByRole('combobox', { name: 'Language' }).selectOption('ko');
    await daniel().ui.getByRole('tab', { name: /채팅/ }).waitFor();
    expect(await daniel().frame.evaluate(() => document.documentElement.lang)).to.equal('ko');
    await daniel().ui.getByRole('combobox', { name: '언어' }).selectOption('en');
  });

  it('keeps a newcomer out of a locked session, media included, until the instructor unlocks it', async () => {
    await ada().ui.getByRole('button', { name: 'Lock session' }).click();
    await ada().ui.getByTestId('session-locked').waitFor();
    const eunji = await joinFromDevLms(browser, { tool: server.url, lms: lmsUrl }, 'eunji.jung', 'Eun-ji Jung');
    try {
      await eunji.ui
        .getByTestId('connection-banner')
        .getByText('The instructor has locked this seminar', { exact: false })
        .waitFor();
      expect(await decodedVideoTracks(eunji.frame), 'no media from inside').to.equal(0);
      await ada()
        .ui.getByTestId('session-knocking')
        .getByText('Waiting to join: Eun-ji Jung', { exact: false })
        .waitFor();
      await ada().ui.getByRole('button', { name: 'Unlock session' }).click();
      // The locked-out client asks again every 10 s.
      await eunji.ui.getByTestId('connection-banner').waitFor({ state: 'detached', timeout: 30_000 });
      await waitFor(() => showsVideoOf(eunji, ada()), 'Eun-ji seeing Ada once let in');
    } finally {
      await eunji.context.close();
    }
  });

  for (const width of [360, 1280]) {
    it(`lays out the student and instructor views without horizontal overflow at ${width} px`, async () => {
      for (const [m, view] of [
        [chloe(), 'student'],
        [ada(), 'instructor'],
      ] as const) {
        await m.page.setViewportSize({ width: width + 120, height: 900 });
        await m.page.locator('#course-frame').evaluate((frame: HTMLIFrameElement, w) => {
          frame.style.width = `${w}px`;
          frame.style.maxWidth = 'none';
        }, width);
        await m.frame.waitForFunction((w) => document.documentElement.clientWidth === w, width);
        const { overflow, culprits } = await m.frame.evaluate(() => {
          const edge = document.documentElement.clientWidth;
          // The outermost elements sticking out, named like a selector, so a failure says what to fix.
          const outside = [...document.querySelectorAll('body *')].filter(
            (el) => el.getBoundingClientRect().right > edge + 0.5,
          );
          const outermost = outside.filter((el) => !outside.includes(el.parentElement!));
          return {
            overflow: document.documentElement.scrollWidth - edge,
            culprits: outermost
              .slice(0, 5)
              .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`)
              .join(', '),
          };
        });
        expect(overflow, `${view} view overflows at ${width} px: ${culprits}`).to.equal(0);
        await m.page
          .locator('#course-frame')
          .screenshot({ path: path.join(RESULTS_DIR, `seminar-${view}-${width}.png`) });
      }
    });
  }
});
