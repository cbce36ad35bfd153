// Consumers per worker: one ~1 Mbit/s VP8 producer fanned out to 50/200/500 SRTP consumers on one mediasoup
// worker, against a raw UDP relay (C, sendto per copy, no RTP/SRTP work) doing the same fan-out on the same
// machine in the same run. Also media-room creation time. Prints JSON lines; keep runs short (seconds).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_PEER_LIMITS } from '../media/limits.js';
import { MediaRoom } from '../media/media-room.js';
import { WorkerPool } from '../media/worker-pool.js';
import { createLogger } from '../tool/logger.js';
import { sendVp8, vp8RtpParameters, VP8_PAYLOAD_TYPE } from '../test/support/rtp.js';

const FANOUTS = (process.env.FANOUTS ?? '50,200,500').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const BITRATE = 1_000_000;
const PAYLOAD = 1100;
const TICKS_PER_SECOND = 100;

const HELPER_C = `
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
static int bind_udp(int port) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  int size = 4 * 1024 * 1024;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET; a.sin_port = htons(port); a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&a, sizeof a)) { perror("bind"); exit(1); }
  socklen_t len = sizeof a; getsockname(fd, (struct sockaddr *)&a, &len);
  printf("%d\\n", ntohs(a.sin_port)); fflush(stdout);
  return fd;
}
int main(int argc, char **argv) {
  char buf[2048];
  if (argc == 3 && !strcmp(argv[1], "count")) {
    /* Counts media RTP packets for a fixed time from the first one: not RTCP (types 200-204), not mediasoup's probation SSRC 1234. */
    int fd = bind_udp(0); long n = 0; double seconds = atof(argv[2]);
    struct timeval tv = { 0, 200000 }; setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct timeval start, now;
    for (;;) {
      ssize_t len = recv(fd, buf, sizeof buf, 0);
      unsigned char *b = (unsigned char *)buf;
      unsigned ssrc = (unsigned)b[8] << 24 | b[9] << 16 | b[10] << 8 | b[11];
      if (len >= 12 && (b[1] < 200 || b[1] > 204) && ssrc != 1234 && n++ == 0) gettimeofday(&start, NULL);
      if (n == 0) continue;
      gettimeofday(&now, NULL);
      if ((now.tv_sec - start.tv_sec) + (now.tv_usec - start.tv_usec) / 1e6 > seconds) break;
    }
    printf("%ld\\n", n); return 0;
  }
  if (argc == 4 && !strcmp(argv[1], "relay")) {
    int fd = bind_udp(0); int copies = atoi(argv[2]);
    struct sockaddr_in d = {0};
    d.sin_family = AF_INET; d.sin_port = htons(atoi(argv[3])); d.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (;;) {
      ssize_t len = recv(fd, buf, sizeof buf, 0);
      if (len <= 0) continue;
      for (int i = 0; i < copies; i++) sendto(fd, buf, len, 0, (struct sockaddr *)&d, sizeof d);
    }
  }
  return 2;
}
`;

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit, ...extra })}\n`);
}

/** CPU, CPU per consumer and loss of one fan-out run (the mediasoup worker or the raw relay baseline). */
function emitFanout(
  cpuName: string,
  lossName: string,
  run: { cpuPercent: number; received: number; expected: number },
  common: { consumers: number } & Record<string, unknown>,
  lossDetail: Record<string, unknown> = {},
): void {
  emit(`${cpuName}_cpu`, run.cpuPercent, '%', common);
  emit(`${cpuName}_cpu_per_consumer`, run.cpuPercent / common.consumers, '%', common);
  emit(lossName, (100 * (run.expected - run.received)) / run.expected, '%', {
    ...common,
    ...lossDetail,
    received: run.received,
    expected: run.expected,
  });
}

async function cpuTicks(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function startHelper(
  bin: string,
  args: string[],
): Promise<{ child: ChildProcess; port: number; output: Promise<string> }> {
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const output = new Promise<string>((resolve) => child.once('exit', () => resolve(out)));
  return new Promise((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      const first = out === '';
      out += d.toString();
      if (first) resolve({ child, port: Number(out.split('\n')[0]), output });
    });
  });
}

const packets = Math.round((BITRATE / ((12 + PAYLOAD) * 8)) * SECONDS);

async function measureMediasoup(pool: WorkerPool, room: MediaRoom, helper: string, fanout: number) {
  const counter = await startHelper(helper, ['count', String(SECONDS + 1.5)]);
  const ssrc = 0x5000 + fanout;
  const { producer, ip, port } = await room.ingest({
    userId: 'bench',
    source: 'camera',
    kind: 'video',
    rtpParameters: vp8RtpParameters(ssrc),
  });
  // SRTP on the consumer side, as a browser viewer would cost (the counter only counts, never decrypts).
  const transports = [];
  for (let i = 0; i < fanout; i++) {
    const t = await room.router.createPlainTransport({
      listenIp: '127.0.0.1',
      rtcpMux: true,
      comedia: false,
      enableSrtp: true,
    });
    await t.connect({
      ip: '127.0.0.1',
      port: counter.port,
      srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: randomBytes(30).toString('base64') },
    });
    const consumer = await t.consume({ producerId: producer.id, rtpCapabilities: room.router.rtpCapabilities });
    transports.push({ t, consumer });
  }
  const pid = pool.pids()[0]!;
  const before = await cpuTicks(pid);
  const started = Date.now();
  await sendVp8({ ip, port, ssrc, payloadType: VP8_PAYLOAD_TYPE, packets, bitrateBps: BITRATE, payloadBytes: PAYLOAD });
  // Let a worker that fell behind drain its queue, so CPU and counters cover every packet it will send.
  await new Promise((r) => setTimeout(r, 200));
  const wallMs = Date.now() - started;
  const cpu = ((await cpuTicks(pid)) - before) / TICKS_PER_SECOND;
  const forwarded = (await Promise.all(transports.map((x) => x.consumer.getStats()))).reduce(
    (sum, s) => sum + (s.find((x) => x.type === 'outbound-rtp')?.packetCount ?? 0),
    0,
  );
  const received = Number((await counter.output).trim().split('\n')[1]);
  producer.close();
  transports.forEach((x) => x.t.close());
  return { cpuPercent: (cpu * 100 * 1000) / wallMs, received, forwarded, expected: packets * fanout };
}

async function measureRelay(helper: string, fanout: number) {
  const counter = await startHelper(helper, ['count', String(SECONDS + 1.5)]);
  const relay = await startHelper(helper, ['relay', String(fanout), String(counter.port)]);
  const before = await cpuTicks(relay.child.pid!);
  const started = Date.now();
  await sendVp8({
    ip: '127.0.0.1',
    port: relay.port,
    ssrc: 1,
    payloadType: VP8_PAYLOAD_TYPE,
    packets,
    bitrateBps: BITRATE,
    payloadBytes: PAYLOAD,
  });
  await new Promise((r) => setTimeout(r, 200));
  const wallMs = Date.now() - started;
  const cpu = ((await cpuTicks(relay.child.pid!)) - before) / TICKS_PER_SECOND;
  relay.child.kill('SIGKILL');
  const received = Number((await counter.output).trim().split('\n')[1]);
  return { cpuPercent: (cpu * 100 * 1000) / wallMs, received, expected: packets * fanout };
}

async function main(): Promise<void> {
  const logger = createLogger('silent');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-bench-'));
  const helper = path.join(dir, 'fanout-helper');
  await writeFile(`${helper}.c`, HELPER_C);
  await promisify(execFile)('gcc', ['-O2', '-o', helper, `${helper}.c`]);
  const pool = new WorkerPool({ numWorkers: 1, rtcMinPort: 44000, rtcMaxPort: 44999, logLevel: 'none' }, logger);
  await pool.start();
  const options = {
    listenIp: '127.0.0.1',
    announcedIp: undefined,
    limits: DEFAULT_PEER_LIMITS,
    maxIncomingBitrate: 5e6,
  };
  const hooks = { speakStart() {}, speakEnd() {}, activeSpeaker() {}, producerAdded() {}, routerReplaced() {} };
  try {
    const createMs: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      const r = await MediaRoom.create(`bench-${i}`, 'bench', { pool, options, hooks, logger });
      createMs.push(performance.now() - t0);
      r.close();
    }
    createMs.sort((a, b) => a - b);
    emit('media_room_create_p50', createMs[24]!, 'ms', { rooms: 50 });
    emit('media_room_create_p95', createMs[47]!, 'ms', { rooms: 50 });

    const room = await MediaRoom.create('bench-fanout', 'bench', { pool, options, hooks, logger });
    for (const fanout of FANOUTS) {
      const ms = await measureMediasoup(pool, room, helper, fanout);
      const raw = await measureRelay(helper, fanout);
      const common = {
        consumers: fanout,
        seconds: SECONDS,
        bitrate_bps: BITRATE,
        cores: os.cpus().length,
        loadavg: os.loadavg()[0],
      };
      emitFanout('mediasoup_worker', 'mediasoup_loss', ms, common, { forwarded_by_worker: ms.forwarded });
      emitFanout('udp_relay', 'udp_relay_loss', raw, common);
    }
    room.close();
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
