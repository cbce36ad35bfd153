import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { opusSdp, startAudioChunker, wavFromPcm, type AudioChunk } from '../../../tool/ai/index.js';
import { freePort } from '../../../tool/store/free-port.js';

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}`))));
  });
}

const pcmMs = (chunk: AudioChunk) => ((chunk.wav.length - 44) / 2 / 16000) * 1000;

describe('audio chunker (ffmpeg → WAV chunks for speech-to-text)', function () {
  this.timeout(20_000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'chunker-test-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a valid mono 16-bit WAV header', () => {
    const wav = wavFromPcm(Buffer.alloc(3200), 16000);
    expect(wav.toString('ascii', 0, 4)).to.equal('RIFF');
    expect(wav.toString('ascii', 8, 12)).to.equal('WAVE');
    expect(wav.readUInt16LE(22)).to.equal(1);
    expect(wav.readUInt32LE(24)).to.equal(16000);
    expect(wav.readUInt32LE(40)).to.equal(3200);
    expect(wav).to.have.length(3244);
  });

  it('cuts a recording into fixed-length chunks with contiguous wall-clock times', async () => {
    const file = path.join(dir, 'tone.ogg');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2.5', '-c:a', 'libopus', file]);
    const chunks: AudioChunk[] = [];
    const chunker = await startAudioChunker({
      input: { kind: 'file', path: file },
      chunkMs: 1000,
      startedAtMs: 1_000_000,
      onChunk: (c) => chunks.push(c),
    });
    await chunker.done;
    expect(chunks.map(pcmMs)).to.deep.equal([1000, 1000, 500]);
    expect(chunks.map((c) => [c.startMs, c.endMs])).to.deep.equal([
      [1_000_000, 1_001_000],
      [1_001_000, 1_002_000],
      [1_002_000, 1_002_500],
    ]);
  });

  it('receives an Opus RTP stream (the media tap) and emits its audio', async () => {
    const port = await freePort();
    const tap = { kind: 'rtp' as const, ip: '127.0.0.1', port, payloadType: 100 };
    expect(opusSdp(tap)).to.include(`m=audio ${port} RTP/AVP 100`).and.include('a=rtpmap:100 opus/48000/2');
    const chunks: AudioChunk[] = [];
    const chunker = await startAudioChunker({ input: tap, chunkMs: 500, onChunk: (c) => chunks.push(c) });
    await new Promise((r) => setTimeout(r, 500));
    await ffmpeg([
      '-re',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=2',
      '-c:a',
      'libopus',
      '-ac',
      '2',
      '-ar',
      '48000',
      '-payload_type',
      '100',
      '-f',
      'rtp',
      `rtp://127.0.0.1:${port}`,
    ]);
    await new Promise((r) => setTimeout(r, 300));
    await chunker.stop();
    const totalMs = chunks.reduce((s, c) => s + pcmMs(c), 0);
    expect(totalMs).to.be.within(1500, 2600);
    expect(chunks[1]!.startMs).to.equal(chunks[0]!.endMs);
  });

  it('rejects when ffmpeg cannot read the input', async () => {
    const chunker = await startAudioChunker({
      input: { kind: 'file', path: path.join(dir, 'missing.ogg') },
      chunkMs: 1000,
      onChunk: () => undefined,
    });
    const err = await chunker.done.catch((e: unknown) => e);
    expect(String(err)).to.match(/ffmpeg exited with 1/);
  });
});
