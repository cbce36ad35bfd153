import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';

/**
 * A small RTP sender for tests and benchmarks: VP8 packets with a valid payload descriptor and a key-frame
 * header every `keyFrameEvery` frames (so mediasoup's VP8 parser sees real key frames), paced to a bitrate.
 */
export interface Vp8SendOptions {
  ip: string;
  port: number;
  ssrc: number;
  payloadType: number;
  packets: number;
  bitrateBps: number;
  payloadBytes?: number;
  packetsPerFrame?: number;
  keyFrameEvery?: number;
}

export const VP8_PAYLOAD_TYPE = 101;

/** Producer RTP parameters matching what `sendVp8` sends. */
export function vp8RtpParameters(ssrc: number) {
  return {
    codecs: [{ mimeType: 'video/VP8', payloadType: VP8_PAYLOAD_TYPE, clockRate: 90000, rtcpFeedback: [] }],
    encodings: [{ ssrc }],
  };
}

function vp8Packet(
  seq: number,
  frame: number,
  ssrc: number,
  pt: number,
  marker: boolean,
  first: boolean,
  key: boolean,
  size: number,
): Buffer {
  const buf = Buffer.alloc(12 + size);
  buf[0] = 0x80;
  buf[1] = (marker ? 0x80 : 0) | pt;
  buf.writeUInt16BE((seq + 1000) & 0xffff, 2);
  buf.writeUInt32BE((frame * 3000) >>> 0, 4);
  buf.writeUInt32BE(ssrc >>> 0, 8);
  // VP8 payload descriptor as Chrome sends it: X and I set, 15-bit picture id, S bit on a frame's first packet.
  buf[12] = 0x80 | (first ? 0x10 : 0x00);
  buf[13] = 0x80;
  buf.writeUInt16BE(0x8000 | (frame & 0x7fff), 14);
  if (first) {
    // VP8 frame tag: bit 0 clear = key frame; key frames carry the start code and a 320x240 size.
    buf[16] = key ? 0x10 : 0x11;
    buf[17] = 0x02;
    buf[18] = 0x00;
    if (key) {
      buf.set([0x9d, 0x01, 0x2a], 19);
      buf.writeUInt16LE(320, 22);
      buf.writeUInt16LE(240, 24);
    }
  }
  return buf;
}

/** Sends `packets` VP8 RTP packets to ip:port at about `bitrateBps`; resolves when the last one is out. */
export async function sendVp8(opts: Vp8SendOptions): Promise<void> {
  const socket = dgram.createSocket('udp4');
  const size = opts.payloadBytes ?? 1100;
  const perFrame = opts.packetsPerFrame ?? 4;
  const keyEvery = opts.keyFrameEvery ?? 30;
  const packetIntervalMs = ((12 + size) * 8 * 1000) / opts.bitrateBps;
  const start = Date.now();
  try {
    for (let i = 0; i < opts.packets; i++) {
      const frame = Math.floor(i / perFrame);
      const first = i % perFrame === 0;
      const marker = i % perFrame === perFrame - 1;
      const packet = vp8Packet(i, frame, opts.ssrc, opts.payloadType, marker, first, frame % keyEvery === 0, size);
      await new Promise<void>((resolve, reject) =>
        socket.send(packet, opts.port, opts.ip, (err) => (err ? reject(err) : resolve())),
      );
      const due = start + (i + 1) * packetIntervalMs;
      const wait = due - Date.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    }
  } finally {
    socket.close();
  }
}

/** A UDP receiver counting RTP packets per SSRC (a stand-in for a viewer's network endpoint). */
export async function udpCounter(): Promise<{ port: number; count: (ssrc: number) => number; close: () => void }> {
  const socket = dgram.createSocket('udp4');
  const counts = new Map<number, number>();
  socket.on('message', (msg) => {
    if (msg.length < 12) return;
    const ssrc = msg.readUInt32BE(8);
    counts.set(ssrc, (counts.get(ssrc) ?? 0) + 1);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, count: (ssrc) => counts.get(ssrc) ?? 0, close: () => socket.close() };
}

export async function waitFor<T>(
  read: () => T | Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 10_000,
  stepMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** ffmpeg generating real Opus or VP8 RTP into a room's plain-RTP ingest. */
export function ffmpegRtp(
  input: string[],
  codec: string[],
  payloadType: number,
  ssrc: number,
  ip: string,
  port: number,
): ChildProcess {
  return spawn(
    'ffmpeg',
    [
      '-nostdin',
      '-loglevel',
      'error',
      '-re',
      ...input,
      ...codec,
      '-payload_type',
      String(payloadType),
      '-ssrc',
      String(ssrc),
      '-f',
      'rtp',
      `rtp://${ip}:${port}?pkt_size=1200`,
    ],
    { stdio: 'ignore' },
  );
}
