import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * Where instructor audio comes from. `rtp` is the media tap: a mediasoup PlainTransport (comedia off) sending
 * the instructor's Opus producer to ip:port with the router's payload type. `file` serves batch transcription
 * of a recording and tests.
 */
export type AudioTapInput =
  | { kind: 'rtp'; ip: string; port: number; payloadType: number; clockRate?: number; channels?: number }
  | { kind: 'file'; path: string };

export interface AudioChunk {
  /** A complete mono 16-bit PCM WAV file. */
  wav: Buffer;
  startMs: number;
  endMs: number;
}

export interface AudioChunkerOptions {
  input: AudioTapInput;
  /** Length of each chunk sent to speech-to-text. */
  chunkMs: number;
  onChunk(chunk: AudioChunk): void;
  sampleRate?: number;
  ffmpegPath?: string;
  /** Wall-clock time of the first sample; defaults to when the first audio arrives. */
  startedAtMs?: number;
}

export interface AudioChunker {
  /** Stops ffmpeg (gracefully, so buffered audio is flushed) and emits the last partial chunk. */
  stop(): Promise<void>;
  /** Settles when ffmpeg has exited and every chunk was emitted; rejects if ffmpeg failed. */
  readonly done: Promise<void>;
}

const BYTES_PER_SAMPLE = 2;
const MIN_TAIL_MS = 300;
/** ffmpeg blocked on a silent UDP socket takes ~10 s to honour SIGINT; after this grace it is killed. */
const STOP_GRACE_MS = 1000;

/** A RIFF/WAVE header in front of mono s16le PCM. */
export function wavFromPcm(pcm: Buffer, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * BYTES_PER_SAMPLE, 28);
  header.writeUInt16LE(BYTES_PER_SAMPLE, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

/** An SDP that lets ffmpeg receive one Opus RTP stream (the media tap). */
export function opusSdp(input: Extract<AudioTapInput, { kind: 'rtp' }>): string {
  const family = input.ip.includes(':') ? 'IP6' : 'IP4';
  return [
    'v=0',
    `o=- 0 0 IN ${family} ${input.ip}`,
    's=EduForum audio tap',
    `c=IN ${family} ${input.ip}`,
    't=0 0',
    `m=audio ${input.port} RTP/AVP ${input.payloadType}`,
    `a=rtpmap:${input.payloadType} opus/${input.clockRate ?? 48000}/${input.channels ?? 2}`,
    'a=recvonly',
    '',
  ].join('\n');
}

/**
 * ffmpeg decodes the tap to 16 kHz mono PCM on stdout; this cuts it into WAV chunks of `chunkMs` with
 * wall-clock times derived from the sample count (not from arrival time, which jitters).
 */
export async function startAudioChunker(options: AudioChunkerOptions): Promise<AudioChunker> {
  const sampleRate = options.sampleRate ?? 16000;
  const chunkBytes = Math.round((options.chunkMs / 1000) * sampleRate) * BYTES_PER_SAMPLE;
  let tmpDir: string | undefined;
  let inputArgs: string[];
  if (options.input.kind === 'rtp') {
    tmpDir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-tap-'));
    const sdpPath = path.join(tmpDir, 'tap.sdp');
    await writeFile(sdpPath, opusSdp(options.input));
    inputArgs = ['-protocol_whitelist', 'file,udp,rtp', '-f', 'sdp', '-i', sdpPath];
  } else {
    inputArgs = ['-i', options.input.path];
  }
  const ffmpeg = spawn(
    options.ffmpegPath ?? 'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      ...inputArgs,
      '-vn',
      '-ac',
      '1',
      '-ar',
      String(sampleRate),
    ].concat(['-f', 's16le', 'pipe:1']),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );

  let startedAtMs = options.startedAtMs;
  let emittedBytes = 0;
  let pending = Buffer.alloc(0);
  let stderr = '';
  const emit = (pcm: Buffer) => {
    startedAtMs ??= Date.now();
    const startMs = startedAtMs + (emittedBytes / BYTES_PER_SAMPLE / sampleRate) * 1000;
    emittedBytes += pcm.length;
    const endMs = startedAtMs + (emittedBytes / BYTES_PER_SAMPLE / sampleRate) * 1000;
    options.onChunk({ wav: wavFromPcm(pcm, sampleRate), startMs: Math.round(startMs), endMs: Math.round(endMs) });
  };
  ffmpeg.stdout.on('data', (data: Buffer) => {
    startedAtMs ??= Date.now();
    pending = Buffer.concat([pending, data]);
    while (pending.length >= chunkBytes) {
      emit(pending.subarray(0, chunkBytes));
      pending = pending.subarray(chunkBytes);
    }
  });
  ffmpeg.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));

  let stopping = false;
  const done = new Promise<void>((resolve, reject) => {
    ffmpeg.once('error', reject);
    ffmpeg.once('close', (code) => {
      const tailMs = (pending.length / BYTES_PER_SAMPLE / sampleRate) * 1000;
      if (tailMs >= MIN_TAIL_MS) emit(pending);
      pending = Buffer.alloc(0);
      const cleanup = tmpDir ? rm(tmpDir, { recursive: true, force: true }) : Promise.resolve();
      void cleanup.then(() =>
        code === 0 || stopping ? resolve() : reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`)),
      );
    });
  });
  return {
    done,
    async stop() {
      stopping = true;
      if (ffmpeg.exitCode === null) {
        ffmpeg.kill('SIGINT');
        const kill = setTimeout(() => ffmpeg.kill('SIGKILL'), STOP_GRACE_MS);
        ffmpeg.once('close', () => clearTimeout(kill));
      }
      await done;
    },
  };
}
