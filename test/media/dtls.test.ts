import { expect } from 'chai';
import debug from 'debug';
import { build } from 'esbuild';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Device, types as clientTypes } from 'mediasoup-client';
import type { Browser, Page } from 'playwright-core';
import { inspectWorkerOpenSsl, ROUTER_MEDIA_CODECS } from '../../media/index.js';
import { launchChromium } from '../support/browser.js';

// DTLS needs a real peer (two mediasoup transports cannot connect to each other), so Chromium sends its
// fake camera through mediasoup-client to the worker under test (the binary mediasoup runs: the installed one,
// or MEDIASOUP_WORKER_BIN).

const PAGE_URL = 'http://localhost/dtls';

type SignalMethod = 'connect' | 'produce' | 'produceData';

declare global {
  interface Window {
    MediasoupDevice: typeof Device;
    signal(method: SignalMethod, data: unknown): Promise<string | undefined>;
    clientStates: string[];
  }
}

async function mediasoupClientBundle(): Promise<string> {
  const result = await build({
    stdin: {
      contents: "import { Device } from 'mediasoup-client'; window.MediasoupDevice = Device;",
      resolveDir: process.cwd(),
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Flips the last hex digit of every fingerprint: a certificate the browser does not have. */
function withWrongFingerprint(dtls: types.DtlsParameters): types.DtlsParameters {
  return {
    ...dtls,
    fingerprints: dtls.fingerprints.map((f) => ({
      ...f,
      value: f.value.slice(0, -1) + (f.value.endsWith('0') ? '1' : '0'),
    })),
  };
}

function waitForDtls(transport: types.WebRtcTransport, timeoutMs = 20_000): Promise<types.DtlsState> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`DTLS still ${transport.dtlsState}`)), timeoutMs);
    transport.on('dtlsstatechange', (state) => {
      if (state === 'connected' || state === 'failed' || state === 'closed') {
        clearTimeout(timer);
        resolve(state);
      }
    });
  });
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('DTLS between Chromium and the mediasoup worker', function () {
  this.timeout(60_000);
  let worker: types.Worker;
  let router: types.Router;
  let browser: Browser;
  let bundle: string;
  // The worker's warnings reach Node through mediasoup's `debug` loggers (mediasoup:WARN:*), which write to
  // stderr through a console.warn bound when mediasoup loaded; they are collected here instead of printed.
  const workerWarnings: string[] = [];
  const stderrWrite = process.stderr.write;
  let debugNamespaces = '';

  before(async () => {
    debugNamespaces = debug.disable();
    debug.enable([debugNamespaces, 'mediasoup:WARN:*'].filter(Boolean).join(','));
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (String(chunk).includes('mediasoup:WARN:')) return workerWarnings.push(String(chunk)) > 0;
      return stderrWrite.call(process.stderr, chunk, ...rest);
    }) as typeof process.stderr.write;
    worker = await mediasoup.createWorker({ logLevel: 'warn', logTags: ['dtls'] });
    router = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
    bundle = await mediasoupClientBundle();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    worker?.close();
    process.stderr.write = stderrWrite;
    debug.enable(debugNamespaces);
  });

  /**
   * One browser page sending its fake camera, and a data channel message every 200 ms once it is open, over a
   * fresh WebRtcTransport of the shared router.
   */
  async function sendFakeCamera(options: { wrongFingerprint: boolean }) {
    const transport = await router.createWebRtcTransport({
      listenIps: [{ ip: '127.0.0.1' }],
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      enableSctp: true,
    });
    const dtlsStates: types.DtlsState[] = [];
    transport.on('dtlsstatechange', (state) => dtlsStates.push(state));
    const dtls = waitForDtls(transport);
    const producers: types.Producer[] = [];
    const dataProducers: types.DataProducer[] = [];
    const page: Page = await browser.newPage();
    await page.route(PAGE_URL, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><script>${bundle}</script>` }),
    );
    await page.exposeFunction('signal', async (method: SignalMethod, data: unknown) => {
      if (method === 'connect') {
        const { dtlsParameters } = data as { dtlsParameters: types.DtlsParameters };
        await transport.connect({
          dtlsParameters: options.wrongFingerprint ? withWrongFingerprint(dtlsParameters) : dtlsParameters,
        });
        return undefined;
      }
      if (method === 'produceData') {
        const dataProducer = await transport.produceData(data as types.DataProducerOptions);
        dataProducers.push(dataProducer);
        return dataProducer.id;
      }
      const producer = await transport.produce(data as types.ProducerOptions);
      producers.push(producer);
      return producer.id;
    });
    await page.goto(PAGE_URL);
    // Plain JSON crosses into the page; server 3.8.4 names a candidate's address `ip`, the client `address`.
    const transportOptions = {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates.map((c) => ({ ...c, address: c.ip })),
      dtlsParameters: transport.dtlsParameters,
      sctpParameters: transport.sctpParameters,
    } as unknown as clientTypes.TransportOptions;
    const routerRtpCapabilities = router.rtpCapabilities as unknown as clientTypes.RtpCapabilities;
    await page.evaluate(
      async ({ routerRtpCapabilities, transportOptions }) => {
        const device = new window.MediasoupDevice();
        await device.load({ routerRtpCapabilities });
        const sendTransport = device.createSendTransport(transportOptions);
        window.clientStates = [];
        sendTransport.on('connectionstatechange', (state) => window.clientStates.push(state));
        sendTransport.on('connect', ({ dtlsParameters }, ok, fail) => {
          window.signal('connect', { dtlsParameters }).then(() => ok(), fail);
        });
        sendTransport.on('produce', ({ kind, rtpParameters }, ok, fail) => {
          window.signal('produce', { kind, rtpParameters }).then((id) => ok({ id: id! }), fail);
        });
        sendTransport.on('producedata', ({ sctpStreamParameters, label, protocol }, ok, fail) => {
          window.signal('produceData', { sctpStreamParameters, label, protocol }).then((id) => ok({ id: id! }), fail);
        });
        const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 } });
        await sendTransport.produce({ track: stream.getVideoTracks()[0]! });
        const channel = await sendTransport.produceData({ label: 'dtls-test' });
        // The channel may open before produceData() resolves (SCTP is up once the transport connects). Not
        // awaited: with a wrong fingerprint it never opens. (No named functions here: tsx would wrap them.)
        void new Promise<void>((resolve) => {
          if (channel.readyState === 'open') resolve();
          else channel.on('open', () => resolve());
        }).then(() => setInterval(() => channel.send('hello over SCTP'), 200));
      },
      { routerRtpCapabilities, transportOptions },
    );
    return { transport, page, producers, dataProducers, dtlsStates, dtlsState: await dtls };
  }

  it('runs against the system-OpenSSL worker', async () => {
    const info = await inspectWorkerOpenSsl(worker.pid);
    expect(info.flavour).to.equal('system');
    expect(info.version).to.match(/^OpenSSL 3\./);
  });

  it('completes the DTLS handshake and receives SRTP video from a real client', async () => {
    const { transport, page, producers, dtlsState } = await sendFakeCamera({ wrongFingerprint: false });
    try {
      expect(dtlsState).to.equal('connected');
      const [transportStats] = await transport.getStats();
      expect(transportStats?.dtlsState).to.equal('connected');
      // Packets counted by the producer were SRTP-decrypted and authenticated with the DTLS-derived keys.
      const stats = await until(
        () => producers[0]!.getStats(),
        (s) => (s[0]?.byteCount ?? 0) > 0,
      );
      expect(stats[0]!.byteCount).to.be.greaterThan(0);
      expect(
        await until(
          () => page.evaluate(() => window.clientStates),
          (s) => s.includes('connected'),
        ),
      ).to.include('connected');
    } finally {
      await page.close();
      transport.close();
    }
  });

  it('receives data channel messages over SCTP inside the DTLS session', async () => {
    const { transport, page, dataProducers, dtlsState } = await sendFakeCamera({ wrongFingerprint: false });
    try {
      expect(dtlsState).to.equal('connected');
      const stats = await until(
        () => dataProducers[0]!.getStats(),
        (s) => (s[0]?.messagesReceived ?? 0) > 0,
      );
      expect(stats[0]!.messagesReceived).to.be.greaterThan(0);
      const [transportStats] = await transport.getStats();
      expect(transportStats?.sctpState).to.equal('connected');
    } finally {
      await page.close();
      transport.close();
    }
  });

  it('carries the video on over SRTP with AES_CM_128_HMAC_SHA1_80 between two routers', async () => {
    // Chromium negotiates AEAD-GCM; a pipe with SRTP uses AES-CM + HMAC-SHA1, the other libsrtp path.
    const { transport, page, producers } = await sendFakeCamera({ wrongFingerprint: false });
    const secondRouter = await worker.createRouter({ mediaCodecs: ROUTER_MEDIA_CODECS });
    try {
      const { pipeProducer } = await router.pipeToRouter({
        producerId: producers[0]!.id,
        router: secondRouter,
        enableSrtp: true,
      });
      const stats = await until(
        () => pipeProducer!.getStats(),
        (s) => (s[0]?.byteCount ?? 0) > 0,
      );
      expect(stats[0]!.byteCount).to.be.greaterThan(0);
    } finally {
      secondRouter.close();
      await page.close();
      transport.close();
    }
  });

  it('fails DTLS cleanly on a wrong remote fingerprint and the router keeps serving new transports', async () => {
    const bad = await sendFakeCamera({ wrongFingerprint: true });
    try {
      expect(bad.dtlsState).to.equal('failed');
      expect(workerWarnings.join('\n')).to.match(
        /fingerprint in the remote certificate \([0-9A-F:]+\) does not match the announced one/,
      );
      // The browser's handshake may finish on its side; the worker refuses the peer's certificate and
      // never derives SRTP keys, so nothing the browser sends is accepted.
      await new Promise((r) => setTimeout(r, 1000));
      const stats = await bad.producers[0]?.getStats();
      expect(stats?.[0]?.byteCount ?? 0).to.equal(0);
      expect(bad.dtlsStates).to.include('failed').and.not.to.include('connected');
    } finally {
      await bad.page.close();
      bad.transport.close();
    }

    expect(worker.closed).to.equal(false);
    expect(router.closed).to.equal(false);
    const good = await sendFakeCamera({ wrongFingerprint: false });
    try {
      expect(good.dtlsState).to.equal('connected');
    } finally {
      await good.page.close();
      good.transport.close();
    }
  });
});
