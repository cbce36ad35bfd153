import type { Browser, BrowserContext, Frame, FrameLocator, Page } from 'playwright-core';
import type { RawEnv } from '../../config/index.js';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { freePort } from '../../tool/store/free-port.js';
import { ensureClientBuilt, launchChromium } from './browser.js';
import { testConfig } from './config.js';

/**
 * Runs in every frame before the app: small fake-camera frames (several Chromium contexts share two cores) and
 * a list of the page's RTCPeerConnections, so a test can read inbound-rtp stats without an app hook.
 */
export function mediaHooks(): void {
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

/** One person in the seminar: their browser context, the LMS page and the tool's iframe. */
export interface Member {
  id: string;
  userId: string;
  name: string;
  context: BrowserContext;
  page: Page;
  ui: FrameLocator;
  frame: Frame;
}

/** "Launch as" `id` on the dev LMS course page, join from the pre-join screen with the fake camera and mic. */
export async function joinFromDevLms(
  browser: Browser,
  urls: { tool: string; lms: string },
  id: string,
  name: string,
): Promise<Member> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Inside a cross-site iframe Chromium asks on behalf of the embedding LMS page (permission delegation).
  for (const origin of [urls.tool, new URL(urls.lms).origin])
    await context.grantPermissions(['camera', 'microphone'], { origin });
  await context.addInitScript(mediaHooks);
  const page = await context.newPage();
  await page.goto(`${urls.lms}/`);
  await page.getByTestId(`launch-${id}`).click();
  const ui = page.frameLocator('#course-frame');
  await ui.getByTestId('preview').waitFor({ timeout: 20_000 });
  await ui.getByTestId('join').click();
  await ui.locator('.room').waitFor();
  const frame = page.frames().find((f) => f.url().startsWith(`${urls.tool}/app/`))!;
  // The tool's own user id (not the LMS login) names the tiles; the local tile is the first one.
  const userId = (await ui.locator('.video__grid .tile').first().getAttribute('data-testid'))!.replace('tile-', '');
  return { id, userId, name, context, page, ui, frame };
}

/** Remote video tracks, on live peer connections, whose inbound-rtp stats show decoded frames. */
export function decodedVideoTracks(frame: Frame): Promise<number> {
  return frame.evaluate(async () => {
    const pcs = (window as unknown as { __peerConnections: RTCPeerConnection[] }).__peerConnections;
    let count = 0;
    for (const pc of pcs.filter((p) => p.signalingState !== 'closed')) {
      const stats = await pc.getStats();
      stats.forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0) count += 1;
      });
    }
    return count;
  });
}

/** Whether `viewer` shows `other`'s camera tile with decoded video. */
export function showsVideoOf(viewer: Member, other: Member): Promise<boolean> {
  return viewer.frame.evaluate(
    (id) =>
      ((document.querySelector(`[data-testid="tile-${id}"] video`) as HTMLVideoElement | null)?.videoWidth ?? 0) > 0,
    other.userId,
  );
}

/** Polls a condition in Node (for stats, which no locator can wait on); never a blind sleep. */
export async function pollUntil(check: () => Promise<boolean>, what: string, timeoutMs = 45_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A tool for browser tests with its dev LMS on another site (127.0.0.1 vs localhost), so the tool runs in a
 * third-party iframe as inside a real LMS; the client is built first if needed.
 */
export async function startToolWithDevLms(env: RawEnv = {}): Promise<{ server: ToolServer; lmsUrl: string }> {
  await ensureClientBuilt();
  const port = await freePort();
  const lmsUrl = `http://127.0.0.1:${port}/dev-lms`;
  const server = await startToolServer(
    await testConfig({ DEV_PLATFORM: '1', PORT: String(port), DEV_PLATFORM_URL: lmsUrl, ...env }),
    createLogger('silent'),
  );
  return { server, lmsUrl };
}

/**
 * Mocha hooks for a browser test of one tool with its dev LMS (`startToolWithDevLms`) and one Chromium: both
 * start before the suite and close after it; the returned handle is filled in by then.
 */
export function useToolWithDevLms(env: RawEnv = {}): { server: ToolServer; lmsUrl: string; browser: Browser } {
  const handle = {} as { server: ToolServer; lmsUrl: string; browser: Browser };
  before(async function () {
    this.timeout(180_000);
    Object.assign(handle, await startToolWithDevLms(env));
    handle.browser = await launchChromium();
  });
  after(async () => {
    await handle.browser?.close();
    await handle.server?.close();
  });
  return handle;
}
