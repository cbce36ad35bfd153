// Test-only page (never part of the production client): drives client/src/media from Playwright.
import { io } from 'socket.io-client';
import { MediaClient, type MediaSource } from '../../../client/src/media/index.js';

interface Harness {
  start(url: string, token: string): Promise<void>;
  publishDevices(): Promise<void>;
  shareCanvasScreen(): Promise<void>;
  remote(): { consumerId: string; userId: string; source: MediaSource; kind: string }[];
  stats(): Promise<
    {
      userId: string;
      source: MediaSource;
      kind: string;
      framesDecoded: number;
      packetsReceived: number;
      audioEnergy: number;
    }[]
  >;
  events(): { event: string; data: unknown }[];
  request(event: string, data?: unknown): Promise<unknown>;
  setTileHeight(source: MediaSource, heightPx: number): Promise<void>;
  setMicPaused(paused: boolean): Promise<void>;
}

let client: MediaClient;
let socket: ReturnType<typeof io>;
const seen: { event: string; data: unknown }[] = [];

const harness: Harness = {
  async start(url, token) {
    socket = io(url, { auth: { token }, transports: ['websocket'] });
    socket.onAny((event: string, data: unknown) => seen.push({ event, data }));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    client = new MediaClient(socket);
    client.on('reset', (data) => seen.push({ event: 'client:reset', data }));
    // Views re-read remoteTracks() on trackEnded: an ended track still listed there would linger as a tile.
    client.on('trackEnded', ({ consumerId }) =>
      seen.push({
        event: 'client:trackEnded',
        data: { consumerId, stillListed: client.remoteTracks().some((t) => t.consumerId === consumerId) },
      }),
    );
    await client.join();
  },
  async publishDevices() {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: { width: 640, height: 360, frameRate: 15 },
    });
    await client.publish(stream.getAudioTracks()[0]!, 'mic');
    await client.publish(stream.getVideoTracks()[0]!, 'camera');
  },
  async shareCanvasScreen() {
    const canvas = document.createElement('canvas');
    canvas.width = 1280;
    canvas.height = 720;
    document.body.append(canvas);
    const ctx = canvas.getContext('2d')!;
    let frame = 0;
    setInterval(() => {
      ctx.fillStyle = `hsl(${(frame += 7) % 360} 60% 50%)`;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.fillStyle = '#fff';
      ctx.font = '64px sans-serif';
      ctx.fillText(`slide ${frame}`, 100, 200);
    }, 66);
    await client.publish(canvas.captureStream(15).getVideoTracks()[0]!, 'screen');
  },
  remote() {
    return client
      .remoteTracks()
      .map((t) => ({ consumerId: t.consumerId, userId: t.userId, source: t.source, kind: t.track.kind }));
  },
  async stats() {
    return Promise.all(
      client.remoteTracks().map(async (t) => {
        const report = await client.trackStats(t.consumerId);
        let framesDecoded = 0;
        let packetsReceived = 0;
        let audioEnergy = 0;
        report?.forEach(
          (s: { type: string; framesDecoded?: number; packetsReceived?: number; totalAudioEnergy?: number }) => {
            if (s.type !== 'inbound-rtp') return;
            framesDecoded += s.framesDecoded ?? 0;
            packetsReceived += s.packetsReceived ?? 0;
            audioEnergy += s.totalAudioEnergy ?? 0;
          },
        );
        return { userId: t.userId, source: t.source, kind: t.track.kind, framesDecoded, packetsReceived, audioEnergy };
      }),
    );
  },
  events: () => seen,
  request: (event, data = {}) => socket.emitWithAck(event, data),
  async setTileHeight(source, heightPx) {
    await Promise.all(
      client
        .remoteTracks()
        .filter((t) => t.source === source)
        .map((t) => client.setTileHeight(t.consumerId, heightPx)),
    );
  },
  async setMicPaused(paused) {
    await client.setMicPaused(paused);
  },
};

(window as unknown as { media: Harness }).media = harness;
