import { spawn, type ChildProcess } from 'node:child_process';
import { expect } from 'chai';
import { WorkerPool } from '../../../media/index.js';
import { startAudioChunker, type AudioChunk } from '../../../tool/ai/index.js';
import { createLogger } from '../../../tool/logger.js';
import { freePort } from '../../../tool/store/free-port.js';

/**
 * Pins the recipe docs/ai.md gives the media team: a mediasoup 3.8.4 PlainTransport consumer of an Opus producer,
 * connected to the chunker's port, yields decodable audio.
 */
describe('media tap: mediasoup PlainTransport → ffmpeg chunker', function () {
  this.timeout(30_000);
  let pool: WorkerPool;
  let sender: ChildProcess | undefined;
  before(async () => {
    pool = new WorkerPool(
      { numWorkers: 1, rtcMinPort: 47000, rtcMaxPort: 47999, logLevel: 'warn' },
      createLogger('silent'),
    );
    await pool.start();
  });
  after(async () => {
    sender?.kill('SIGKILL');
    await pool.close();
  });

  it("turns a consumer of the instructor's Opus producer into WAV chunks", async () => {
    const { router } = await pool.createRouter({ room: 'tap-test' });
    // The "instructor": ffmpeg sends Opus RTP into a comedia PlainTransport, standing in for a WebRTC producer.
    const ingress = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
    const producer = await ingress.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 101, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: 22222222 }],
      },
    });

    const port = await freePort();
    const tap = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: false, comedia: false });
    await tap.connect({ ip: '127.0.0.1', port, rtcpPort: port + 1 });
    const consumer = await tap.consume({
      producerId: producer.id,
      rtpCapabilities: router.rtpCapabilities,
      paused: true,
    });
    const chunks: AudioChunk[] = [];
    const chunker = await startAudioChunker({
      input: { kind: 'rtp', ip: '127.0.0.1', port, payloadType: consumer.rtpParameters.codecs[0]!.payloadType },
      chunkMs: 500,
      onChunk: (c) => chunks.push(c),
    });
    await consumer.resume();
    await new Promise((r) => setTimeout(r, 300));

    sender = spawn(
      'ffmpeg',
      ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2']
        .concat(['-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-payload_type', '101', '-ssrc', '22222222'])
        .concat(['-f', 'rtp', `rtp://127.0.0.1:${ingress.tuple.localPort}`]),
      { stdio: 'ignore' },
    );
    await new Promise((resolve) => sender!.once('close', resolve));
    await new Promise((r) => setTimeout(r, 300));
    await chunker.stop();
    router.close();

    const totalMs = chunks.reduce((s, c) => s + ((c.wav.length - 44) / 2 / 16000) * 1000, 0);
    expect(totalMs).to.be.within(1500, 2600);
    // Non-silent PCM: the tone came through the SFU and was decoded.
    const pcm = chunks[1]!.wav.subarray(44);
    const samples = Array.from({ length: pcm.length / 2 }, (_, k) => pcm.readInt16LE(k * 2));
    expect(Math.max(...samples)).to.be.greaterThan(1000);
  });
});
