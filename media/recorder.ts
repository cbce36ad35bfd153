import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import type { MediaRoom, ProducerAppData } from './media-room.js';
import type { MediaSource } from './requests.js';

export interface RecordingTrack {
  producerId: string;
  userId: string;
  source: MediaSource;
  kind: types.MediaKind;
  file: string;
  /** Milliseconds after the recording started at which this track's first packet was expected. */
  offsetMs: number;
}

export interface RecordingManifest {
  recordingId: string;
  seminarId: string;
  roomKey: string;
  startedBy: string;
  startedAt: string;
  stoppedAt: string | null;
  tracks: RecordingTrack[];
  /** The muxed file, once stopped: screen share preferred over camera, every audio track mixed. */
  output: string | null;
}

interface ActiveTrack {
  track: RecordingTrack;
  ffmpeg: ChildProcess;
  exited: Promise<void>;
  consumer?: types.Consumer;
}

/** Two adjacent free UDP ports (RTP on an even one, RTCP on the next), as ffmpeg's RTP input expects. */
export async function reserveRtpPorts(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const rtp = dgram.createSocket('udp4');
    const rtcp = dgram.createSocket('udp4');
    try {
      await new Promise<void>((resolve, reject) => rtp.once('error', reject).bind(0, '127.0.0.1', resolve));
      const port = rtp.address().port;
      if (port % 2 !== 0 || port > 65534) continue;
      await new Promise<void>((resolve, reject) => rtcp.once('error', reject).bind(port + 1, '127.0.0.1', resolve));
      return port;
    } catch {
      continue;
    } finally {
      rtp.close();
      try {
        rtcp.close();
      } catch {
        // never bound
      }
    }
  }
  throw new Error('no free RTP port pair');
}

/** Waits until some process listens on UDP `port` on this host (Linux /proc/net/udp). */
export async function waitForUdpListener(port: number, timeoutMs = 5000): Promise<void> {
  const suffix = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const table = await readFile('/proc/net/udp', 'utf8');
    if (table.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(suffix))) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`nothing listens on UDP port ${port}`);
}

/** The SDP ffmpeg needs to receive one consumer's RTP on `port`. */
export function sdpFor(rtpParameters: types.RtpParameters, kind: types.MediaKind, port: number): string {
  const codec = rtpParameters.codecs[0]!;
  const [, name] = codec.mimeType.split('/');
  const channels = codec.channels && codec.channels > 1 ? `/${codec.channels}` : '';
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=eduforum-recording',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${kind} ${port} RTP/AVP ${codec.payloadType}`,
    `a=rtpmap:${codec.payloadType} ${name}/${codec.clockRate}${channels}`,
    'a=recvonly',
    '',
  ].join('\n');
}

/** ffmpeg arguments that mux the tracks into one file; undefined when nothing was recorded. */
export function muxArguments(tracks: RecordingTrack[], dir: string, output: string): string[] | undefined {
  const video = tracks.find((t) => t.source === 'screen') ?? tracks.find((t) => t.source === 'camera');
  const audio = tracks.filter((t) => t.kind === 'audio');
  const inputs = [...(video ? [video] : []), ...audio];
  if (inputs.length === 0) return undefined;
  const args = ['-y', '-nostdin', '-loglevel', 'error'];
  for (const t of inputs) args.push('-itsoffset', (t.offsetMs / 1000).toFixed(3), '-i', path.join(dir, t.file));
  const audioStart = video ? 1 : 0;
  if (video) args.push('-map', '0:v:0', '-c:v', 'copy');
  if (audio.length === 1) args.push('-map', `${audioStart}:a:0`, '-c:a', 'copy');
  if (audio.length > 1) {
    const labels = audio.map((_, i) => `[${audioStart + i}:a]`).join('');
    args.push(
      '-filter_complex',
      `${labels}amix=inputs=${audio.length}:normalize=0[a]`,
      '-map',
      '[a]',
      '-c:a',
      'libopus',
    );
  }
  args.push(path.join(dir, output));
  return args;
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

/**
 * Records one room: every producer reaches its own ffmpeg through an RTP tap and is written as WebM (VP8,
 * Opus) or Matroska (H264) with its start offset in `manifest.json`; stopping muxes them into one file.
 */
export class Recorder {
  private readonly active = new Map<string, ActiveTrack>();
  private readonly manifest: RecordingManifest;
  private stopping: Promise<RecordingManifest> | undefined;

  private constructor(
    private readonly room: MediaRoom,
    readonly dir: string,
    readonly id: string,
    readonly startedAt: Date,
    startedBy: string,
    private readonly logger: Logger,
  ) {
    this.manifest = {
      recordingId: id,
      seminarId: room.seminarId,
      roomKey: room.key,
      startedBy,
      startedAt: startedAt.toISOString(),
      stoppedAt: null,
      tracks: [],
      output: null,
    };
  }

  static async start(room: MediaRoom, opts: { dir: string; startedBy: string; logger: Logger }): Promise<Recorder> {
    const startedAt = new Date();
    const id = `rec-${startedAt.toISOString().replace(/[-:.]/g, '')}`;
    const dir = path.join(opts.dir, room.seminarId, id);
    await mkdir(dir, { recursive: true });
    const recorder = new Recorder(room, dir, id, startedAt, opts.startedBy, opts.logger.child({ recording: id }));
    try {
      await Promise.all(room.producersForRecording().map((p) => recorder.addProducer(p)));
      await recorder.writeManifest();
    } catch (err) {
      await recorder.stop();
      throw err;
    }
    return recorder;
  }

  async addProducer(producer: types.Producer): Promise<void> {
    if (this.stopping || this.active.has(producer.id)) return;
    const app = producer.appData as ProducerAppData;
    const codec = producer.rtpParameters.codecs[0]!;
    const container = codec.mimeType.toLowerCase() === 'video/h264' ? 'mkv' : 'webm';
    const file = `${app.source}-${app.userId}-${producer.id.slice(0, 8)}.${container}`;
    const track: RecordingTrack = {
      producerId: producer.id,
      userId: app.userId,
      source: app.source,
      kind: producer.kind,
      file,
      offsetMs: Date.now() - this.startedAt.getTime(),
    };
    const port = await reserveRtpPorts();
    const consumerParameters = this.room.tapRtpParameters(producer.id);
    const sdpPath = path.join(this.dir, `${producer.id}.sdp`);
    await writeFile(sdpPath, sdpFor(consumerParameters, producer.kind, port));
    const ffmpeg = spawn(
      'ffmpeg',
      [
        '-nostdin',
        '-loglevel',
        'error',
        '-protocol_whitelist',
        'file,udp,rtp',
        '-fflags',
        '+genpts',
        '-i',
        sdpPath,
        '-map',
        '0',
        '-c',
        'copy',
        '-f',
        container === 'mkv' ? 'matroska' : 'webm',
        path.join(this.dir, file),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    ffmpeg.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const exited = new Promise<void>((resolve) =>
      ffmpeg.once('exit', (code, signal) => {
        if (code !== 0 && code !== 255) this.logger.warn({ file, code, signal, stderr }, 'recording ffmpeg failed');
        resolve();
      }),
    );
    this.active.set(producer.id, { track, ffmpeg, exited });
    this.manifest.tracks.push(track);
    // The tap is created only once ffmpeg holds its port, so the tap's own ports cannot take it first and
    // no packet (above all the first key frame) is sent into the void.
    await waitForUdpListener(port);
    const tap = await this.room.tap(producer.id, { ip: '127.0.0.1', port, rtcpPort: port + 1 });
    const active = this.active.get(producer.id);
    if (!active) {
      tap.consumer.close();
      return;
    }
    active.consumer = tap.consumer;
    tap.consumer.observer.once('close', () => void this.finishTrack(producer.id));
    await tap.consumer.resume();
    if (producer.kind === 'video') await tap.consumer.requestKeyFrame();
  }

  /** The room's router was replaced (worker death): the old taps are gone; new producers will be added. */
  detachAll(): void {
    for (const id of [...this.active.keys()]) void this.finishTrack(id);
  }

  stop(): Promise<RecordingManifest> {
    this.stopping ??= (async () => {
      await Promise.all([...this.active.keys()].map((id) => this.finishTrack(id)));
      this.manifest.stoppedAt = new Date().toISOString();
      const recorded = [];
      for (const t of this.manifest.tracks) if (await nonEmpty(path.join(this.dir, t.file))) recorded.push(t);
      const args = muxArguments(recorded, this.dir, 'recording.webm');
      if (args) {
        try {
          await run(args);
          this.manifest.output = 'recording.webm';
        } catch (err) {
          this.logger.error({ err }, 'recording mux failed');
        }
      }
      await this.writeManifest();
      return { ...this.manifest };
    })();
    return this.stopping;
  }

  private async finishTrack(producerId: string): Promise<void> {
    const active = this.active.get(producerId);
    if (!active) return;
    this.active.delete(producerId);
    // ffmpeg acts on its first SIGINT between packets, so the tap keeps sending until ffmpeg has written the
    // WebM cues and exited; a second SIGINT interrupts a read that no packet ends, SIGKILL a hung ffmpeg.
    active.ffmpeg.kill('SIGINT');
    const again = setTimeout(() => active.ffmpeg.kill('SIGINT'), 1500);
    const kill = setTimeout(() => active.ffmpeg.kill('SIGKILL'), 6000);
    await active.exited;
    clearTimeout(again);
    clearTimeout(kill);
    if (active.consumer && !active.consumer.closed) active.consumer.close();
    await rm(path.join(this.dir, `${producerId}.sdp`), { force: true });
  }

  private writeManifest(): Promise<void> {
    return writeFile(path.join(this.dir, 'manifest.json'), JSON.stringify(this.manifest, null, 2));
  }
}

async function nonEmpty(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}

/** Recordings of a seminar, newest first, read from their manifests. */
export async function listRecordings(dir: string, seminarId: string): Promise<RecordingManifest[]> {
  const seminarDir = path.join(dir, seminarId);
  let entries: string[];
  try {
    entries = await readdir(seminarDir);
  } catch {
    return [];
  }
  const manifests = await Promise.all(
    entries.map(async (e) => {
      try {
        return JSON.parse(await readFile(path.join(seminarDir, e, 'manifest.json'), 'utf8')) as RecordingManifest;
      } catch {
        return undefined;
      }
    }),
  );
  return manifests.filter((m): m is RecordingManifest => !!m).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

/** Whether a finished recording is past the retention period. */
export function isExpired(manifest: RecordingManifest, retentionDays: number, now = Date.now()): boolean {
  return manifest.stoppedAt !== null && now - Date.parse(manifest.stoppedAt) > retentionDays * 86_400_000;
}

/** Deletes a seminar's recordings past the retention period; returns their ids. */
export async function pruneRecordings(
  dir: string,
  seminarId: string,
  retentionDays: number,
  now = Date.now(),
): Promise<string[]> {
  const expired = (await listRecordings(dir, seminarId)).filter((m) => isExpired(m, retentionDays, now));
  for (const m of expired) await rm(path.join(dir, seminarId, m.recordingId), { recursive: true, force: true });
  return expired.map((m) => m.recordingId);
}

/** Applies the retention period to every seminar's recordings under `dir`; returns how many were deleted. */
export async function pruneAllRecordings(dir: string, retentionDays: number, now = Date.now()): Promise<number> {
  let seminars: string[];
  try {
    seminars = await readdir(dir);
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const seminarId of seminars) deleted += (await pruneRecordings(dir, seminarId, retentionDays, now)).length;
  return deleted;
}

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The muxed file of a finished recording, for a download route; undefined for unknown ids, unfinished
 * recordings or ids that are not plain path segments (no traversal out of `dir`).
 */
export async function recordingFile(dir: string, seminarId: string, recordingId: string): Promise<string | undefined> {
  if (!SAFE_SEGMENT.test(seminarId) || !SAFE_SEGMENT.test(recordingId)) return undefined;
  const manifest = (await listRecordings(dir, seminarId)).find((m) => m.recordingId === recordingId);
  if (!manifest?.output) return undefined;
  const file = path.join(dir, seminarId, recordingId, manifest.output);
  return (await nonEmpty(file)) ? file : undefined;
}
