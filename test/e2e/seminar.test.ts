import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import { createLogger } from '../../tool/logger.js';
import { PROJECT_ROOT } from '../../tool/paths.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { freePort } from '../../tool/store/free-port.js';
import { ensureClientBuilt, launchChromium } from '../support/browser.js';
import { testConfig } from '../support/config.js';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');

/**
 * Runs in every frame before the app: small fake-camera frames (three Chromium contexts share two cores) and a
 * list of the page's RTCPeerConnections, so the test can read inbound-rtp stats without an app hook.
 */
function mediaHooks(): void {
  const w = window as unknown as { __peerConnections: RTCPeerConnection[] };
  w.__peerConnections = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      w.__peerConnections.push(this);
    }
  } as typeof RTCPeerConnection;
  const getUserMedia = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = function (constraints?: MediaStreamConstraints) {
    const small = constraints?.video
      ? {
          ...constraints,
          video: {
            ...(typeof constraints.video === 'object' ? constraints.video : {}),
            width: { ideal: 320 },
            height: { ideal: 180 },
            frameRate: { ideal: 10 },
          },
        }
      : constraints;
    return getUserMedia.call(this, small);
  };
}

interface Member {
  id: string;
  name: string;
  context: BrowserContext;
  page: Page;
  ui: FrameLocator;
  frame: Frame;
}

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
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function launch(id: string, name: string): Promise<Member> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Inside a cross-site iframe Chromium asks on behalf of the embedding LMS page (permission delegation).
    for (const origin of [server.url, new URL(lmsUrl).origin])
      await context.grantPermissions(['camera', 'microphone'], { origin });
    await context.addInitScript(mediaHooks);
    const page = await context.newPage();
    await page.goto(`${lmsUrl}/`);
    await page.getByTestId(`launch-${id}`).click();
    const ui = page.frameLocator('#course-frame');
    await ui.getByTestId('preview').waitFor({ timeout: 20_000 });
    await ui.getByTestId('join').click();
    await ui.locator('.room').waitFor();
    const frame = page.frames().find((f) => f.url().startsWith(`${server.url}/app/`))!;
    const member = { id, name, context, page, ui, frame };
    members.push(member);
    return member;
  }

  /** Distinct remote video tracks whose inbound-rtp stats show decoded frames. */
  function decodedVideoTracks(frame: Frame): Promise<number> {
    return frame.evaluate(async () => {
      const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
      let count = 0;
      for (const pc of pcs) {
        const stats = await pc.getStats();
        stats.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
          if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0) count += 1;
        });
      }
      return count;
    });
  }

  async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (await check()) return;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it('lets an instructor and two students see each other', async () => {
    const ada = await launch('ada.kim', 'Ada Kim');
    await ada.ui.getByRole('button', { name: 'Start session' }).click();
    await ada.ui.getByRole('button', { name: 'Start session' }).waitFor({ state: 'detached' });
    const chloe = await launch('chloe.lee', 'Chloe Lee');
    const daniel = await launch('daniel.choi', 'Daniel Choi');
    for (const m of [ada, chloe, daniel]) {
      await waitFor(async () => (await decodedVideoTracks(m.frame)) >= 2, `${m.name} decoding two videos`);
    }
  });
});
