import { execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import type { MediaRoom } from '../../media/media-room.js';
import { listRecordings, Recorder } from '../../media/recorder.js';
import { WorkerPool } from '../../media/worker-pool.js';
import { createLogger } from '../../tool/logger.js';
import { createLocalMediaRoom } from '../support/media-room.js';
import { ffmpegRtp, waitFor } from '../support/rtp.js';

const logger = createLogger(process.env.KEEP ? 'debug' : 'silent');

describe('Recorder with real Opus and VP8 from ffmpeg', function () {
  this.timeout(30_000);
  let pool: WorkerPool;
  let room: MediaRoom;
  let dir: string;
  const senders: ChildProcess[] = [];

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-rec-'));
    pool = new WorkerPool({ numWorkers: 1, rtcMinPort: 43000, rtcMaxPort: 43999, logLevel: 'none' }, logger);
    await pool.start();
    room = await createLocalMediaRoom(pool, 'sem-rec', logger);
  });
  after(async () => {
    senders.forEach((s) => s.kill('SIGKILL'));
    room.close();
    await pool.close();
    if (!process.env.KEEP) await rm(dir, { recursive: true, force: true });
  });

  it('writes one WebM per producer and a muxed file with audio and video of the recorded length', async () => {
    const mic = await room.ingest({
      userId: 'u1',
      source: 'mic',
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: 1111 }],
      },
    });
    const cam = await room.ingest({
      userId: 'u1',
      source: 'camera',
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
        encodings: [{ ssrc: 2222 }],
      },
    });
    senders.push(
      ffmpegRtp(
        ['-f', 'lavfi', '-i', 'sine=frequency=440'],
        ['-c:a', 'libopus', '-ac', '2'],
        100,
        1111,
        mic.ip,
        mic.port,
      ),
    );
    senders.push(
      ffmpegRtp(
        ['-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15'],
        ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '15'],
        101,
        2222,
        cam.ip,
        cam.port,
      ),
    );
    // Recording starts once both streams flow, as in a room where people already talk.
    await waitFor(
      async () => Promise.all([mic.producer.getStats(), cam.producer.getStats()]),
      (stats) => stats.every((s) => (s[0]?.packetCount ?? 0) > 10),
    );

    const recorder = await Recorder.start(room, { dir, startedBy: 'instructor-1', logger });
    await new Promise((r) => setTimeout(r, 3000));
    const manifest = await recorder.stop();

    expect(manifest.tracks.map((t) => t.source).sort()).to.deep.equal(['camera', 'mic']);
    expect(manifest.output).to.equal('recording.webm');
    const file = path.join(dir, 'sem-rec', manifest.recordingId, manifest.output!);
    const { stdout } = await promisify(execFile)('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name:format=duration',
      '-of',
      'json',
      file,
    ]);
    const probe = JSON.parse(stdout) as { streams: { codec_name: string }[]; format: { duration: string } };
    expect(probe.streams.map((s) => s.codec_name).sort()).to.deep.equal(['opus', 'vp8']);
    expect(Number(probe.format.duration)).to.be.within(2, 4.5);
    expect((await listRecordings(dir, 'sem-rec')).map((m) => m.recordingId)).to.deep.equal([manifest.recordingId]);
  });
});
