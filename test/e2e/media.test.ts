import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { launchChromium, serveDirectory } from '../support/browser.js';
import { testConfig } from '../support/config.js';
import { claims } from '../support/tokens.js';

const PAGE_DIR = fileURLToPath(new URL('./media-page/', import.meta.url));
const SEMINAR = '0000000000000000000e2e01';

type Stat = {
  userId: string;
  source: string;
  kind: string;
  framesDecoded: number;
  packetsReceived: number;
  audioEnergy: number;
};

async function waitInPage<T>(
  page: Page,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

/** Speaking turns need seconds of sustained audio level; a loaded 2-core machine delays the fake device's RTP. */
const SPEAKING_WAIT_MS = 30_000;

describe('live media in Chromium (two participants)', function () {
  this.timeout(90_000);
  let server: ToolServer;
  let browser: Browser;
  let site: { url: string; close: () => Promise<void> };
  let outDir: string;
  let dataDir: string;
  const pages: Page[] = [];

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-media-data-'));
    server = await startToolServer(
      await testConfig({ DATA_DIR: dataDir }),
      createLogger(process.env.KEEP ? 'warn' : 'silent'),
    );
    outDir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-media-page-'));
    // Vite's build sets process.env.NODE_ENV=production for the whole process; later tests spawn children.
    const nodeEnv = process.env.NODE_ENV;
    await build({
      configFile: false,
      root: PAGE_DIR,
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } },
    });
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    site = await serveDirectory(outDir);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
    await rm(outDir, { recursive: true, force: true });
    if (!process.env.KEEP) await rm(dataDir, { recursive: true, force: true });
  });

  async function openParticipant(role: 'instructor' | 'learner') {
    const identity = claims({ role, seminar: SEMINAR });
    const context = await browser.newContext();
    const page = await context.newPage();
    pages.push(page);
    await page.goto(`${site.url}/index.html`);
    await page.waitForFunction(() => 'media' in window);
    await page.evaluate(([url, token]) => window.media.start(url!, token!), [server.url, server.tokens.mint(identity)]);
    await page.evaluate(() => window.media.publishDevices());
    const stats = () => page.evaluate(() => window.media.stats()) as Promise<Stat[]>;
    return { page, identity, stats };
  }

  let instructor: Awaited<ReturnType<typeof openParticipant>>;
  let learner: Awaited<ReturnType<typeof openParticipant>>;

  it('each participant decodes the other’s camera video and receives their audio', async () => {
    instructor = await openParticipant('instructor');
    learner = await openParticipant('learner');
    for (const [me, other] of [
      [instructor, learner],
      [learner, instructor],
    ] as const) {
      const stats = await waitInPage(
        me.page,
        me.stats,
        (s) =>
          s.some((t) => t.userId === other.identity.sub && t.source === 'camera' && t.framesDecoded > 10) &&
          s.some((t) => t.userId === other.identity.sub && t.source === 'mic' && t.packetsReceived > 20),
        'remote camera frames and mic packets',
      );
      expect(stats.find((t) => t.source === 'camera')!.kind).to.equal('video');
    }
  });

  it('announces the active speaker to the room and reports speaking turns for talk time', async () => {
    const event = await waitInPage(
      instructor.page,
      () => instructor.page.evaluate(() => window.media.events().find((e) => e.event === 'active_speaker')),
      Boolean,
      'active_speaker',
    );
    expect([instructor.identity.sub, learner.identity.sub]).to.include((event!.data as { user_id: string }).user_id);
    await waitInPage(
      instructor.page,
      () => instructor.page.evaluate(() => window.media.events().find((e) => e.event === 'speak_start')),
      Boolean,
      'speak_start',
      SPEAKING_WAIT_MS,
    );
    // The fake microphone beeps without pause; muting both ends every open turn, so speak_end does not wait on it.
    await Promise.all([instructor, learner].map((p) => p.page.evaluate(() => window.media.setMicPaused(true))));
    const turn = await waitInPage(
      instructor.page,
      () => instructor.page.evaluate(() => window.media.events().find((e) => e.event === 'speak_end')),
      Boolean,
      'speak_end',
      SPEAKING_WAIT_MS,
    );
    expect((turn!.data as { duration_ms: number }).duration_ms).to.be.a('number');
    await Promise.all([instructor, learner].map((p) => p.page.evaluate(() => window.media.setMicPaused(false))));
  });

  it('receives cameras as three-layer simulcast and picks the layer from the reported tile size', async () => {
    const room = await server.media.room(SEMINAR, SEMINAR);
    const peer = [...room.peers.values()].find((p) => p.sink.userId === learner.identity.sub)!;
    const camera = [...peer.consumers.values()].find((c) => c.kind === 'video' && c.type === 'simulcast')!;
    expect(camera, 'a simulcast camera consumer').to.not.equal(undefined);
    const producer = room.producersForRecording().find((p) => p.id === camera.producerId)!;
    expect(producer.rtpParameters.encodings).to.have.length(3);

    await learner.page.evaluate(() => window.media.setTileHeight('camera', 720));
    expect(camera.preferredLayers?.spatialLayer).to.equal(2);
    await learner.page.evaluate(() => window.media.setTileHeight('camera', 120));
    expect(camera.preferredLayers?.spatialLayer).to.equal(0);
  });

  it('delivers a screen share from one participant to the other', async () => {
    await instructor.page.evaluate(() => window.media.shareCanvasScreen());
    const stats = await waitInPage(
      learner.page,
      learner.stats,
      (s) => s.some((t) => t.source === 'screen' && t.framesDecoded > 10),
      'screen frames',
    );
    expect(stats.find((t) => t.source === 'screen')!.userId).to.equal(instructor.identity.sub);
  });

  it('records 10 s of the room into one file with audio and video of about 10 s', async function () {
    this.timeout(60_000);
    const started = (await instructor.page.evaluate(() => window.media.request('media:startRecording'))) as {
      ok: boolean;
    };
    expect(started.ok, JSON.stringify(started)).to.equal(true);
    await waitInPage(
      learner.page,
      () => learner.page.evaluate(() => window.media.events().find((e) => e.event === 'media:recording')),
      Boolean,
      'recording state shown to the learner',
    );
    await instructor.page.waitForTimeout(10_000);
    const stopped = (await instructor.page.evaluate(() => window.media.request('media:stopRecording'))) as {
      ok: boolean;
      recording: { seminarId: string; recordingId: string; output: string; tracks: { source: string }[] };
    };
    expect(stopped.ok, JSON.stringify(stopped)).to.equal(true);
    const { recording } = stopped;
    expect(recording.tracks.map((t) => t.source)).to.include.members(['mic', 'camera', 'screen']);
    const file = path.join(dataDir, 'recordings', recording.seminarId, recording.recordingId, recording.output);
    const { stdout } = await promisify(execFile)('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_type:format=duration',
      '-of',
      'json',
      file,
    ]);
    const probe = JSON.parse(stdout) as { streams: { codec_type: string }[]; format: { duration: string } };
    expect(probe.streams.map((s) => s.codec_type).sort()).to.deep.equal(['audio', 'video']);
    expect(Number(probe.format.duration)).to.be.within(8.5, 12);
  });

  it('reconnects both browsers after the media worker is killed and video flows again', async () => {
    const [pid] = server.pool.pids();
    process.kill(pid!, 'SIGKILL');
    await waitInPage(
      learner.page,
      () => learner.page.evaluate(() => window.media.events().find((e) => e.event === 'client:reset')),
      Boolean,
      'client reset',
    );
    await waitInPage(
      learner.page,
      learner.stats,
      (s) => s.some((t) => t.userId === instructor.identity.sub && t.source === 'camera' && t.framesDecoded > 10),
      'camera frames after the restart',
    );
    expect(server.pool.pids()).to.not.include(pid);
    const ended = await learner.page.evaluate(() =>
      window.media.events().filter((e) => e.event === 'client:trackEnded'),
    );
    expect(ended, 'the old consumers ended with the reset').to.have.length.above(0);
    expect(ended.filter((e) => (e.data as { stillListed: boolean }).stillListed)).to.deep.equal([]);
  });
});

declare global {
  interface Window {
    media: {
      start(url: string, token: string): Promise<void>;
      publishDevices(): Promise<void>;
      shareCanvasScreen(): Promise<void>;
      stats(): Promise<Stat[]>;
      events(): { event: string; data: unknown }[];
      request(event: string, data?: unknown): Promise<unknown>;
      setTileHeight(source: string, heightPx: number): Promise<void>;
      setMicPaused(paused: boolean): Promise<void>;
    };
  }
}
