/**
 * Sustained live-room load: ROOMS seminars × PER_ROOM socket.io clients (1 instructor + learners) against one
 * real tool process (embedded Mongo-wire store in its own process, a private redis-server) for DURATION
 * seconds. Every room runs chat, a poll every POLL_EVERY seconds that every learner votes in, and pulse taps.
 * Reports P50/P95/P99 delivery latency per event kind (vote → instructor's live result included),
 * acknowledgement latency, the tool's own handling time per event (from its /metrics histogram, free of the
 * simulated clients' event-loop lag), the tool process's CPU and memory, and lost events (a broadcast a room
 * member never received), as JSON lines.
 *
 *   npx tsx bench/load-seminars.ts                          # default: sized for ~1–2 min on 2 cores
 *   npx tsx bench/load-seminars.ts --rooms 100 --per-room 50 --duration 300   # the issue's target scale
 *   npx tsx bench/load-seminars.ts --soak                   # 30 min at the default scale, memory drift line
 */
import { report, reportLatencies } from './support/report.js';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Types } from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import type { SessionTokens } from '../launch/index.js';
import { Course, Seminar } from '../tool/store/index.js';
import { emitAck, runToExit, startLiveStack, type Ack } from './support/live-stack.js';
import { bucketDelta, histogramQuantile, readBuckets } from './support/prom-histogram.js';

const SERVER_HISTOGRAM = 'eduforum_live_event_duration_seconds';

const { values: args } = parseArgs({
  options: {
    rooms: { type: 'string' },
    'per-room': { type: 'string' },
    duration: { type: 'string' },
    soak: { type: 'boolean', default: false },
  },
});
const ROOMS = Number(args.rooms ?? process.env.BENCH_ROOMS ?? 20);
const PER_ROOM = Number(args['per-room'] ?? process.env.BENCH_PER_ROOM ?? 20);
const DURATION_S = Number(args.duration ?? process.env.BENCH_DURATION ?? (args.soak ? 1800 : 45));
const CHAT_EVERY_MS = 2_000;
const PULSE_EVERY_MS = 15_000;
const POLL_EVERY_MS = 15_000;
const DRAIN_MS = 5_000;
// Linux USER_HZ: /proc reports CPU time in ticks of 1/100 s on every mainstream kernel build.
const CLOCK_TICK = 100;

interface Client {
  socket: Socket;
  role: 'instructor' | 'learner';
}
interface Room {
  seminarId: string;
  clients: Client[];
}

const latency: Record<string, number[]> = {
  chat: [],
  poll_created: [],
  vote_update: [],
  chat_ack: [],
  vote_ack: [],
  pulse_ack: [],
};
/** Per poll, when each vote was sent: the k-th `poll_response_update` (total k) answers the k-th vote. */
const voteSentAt = new Map<string, number[]>();
/** Events timed on the tool's side (/metrics histogram): what a host whose clients are elsewhere would see. */
const SERVER_TIMED_EVENTS = ['poll_vote', 'chat_message', 'pulse'];
let expected = 0;
let received = 0;
let failedAcks = 0;

async function timedAck(kind: string, socket: Socket, event: string, payload: unknown): Promise<Ack> {
  const started = performance.now();
  const answer = await emitAck(socket, event, payload);
  latency[kind]!.push(performance.now() - started);
  if (!answer.ok) failedAcks++;
  return answer;
}

/** CPU seconds (user + system) and RSS of a process, from /proc. */
function processUsage(pid: number): { cpuSeconds: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rssPages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
  return { cpuSeconds: ticks / CLOCK_TICK, rssMb: (rssPages * 4096) / 1024 / 1024 };
}

/** Marks `text` as sent now and expects it at every member of the room. */
const sentAt = new Map<string, number>();
function expectBroadcast(key: string, members: number): void {
  sentAt.set(key, performance.now());
  expected += members;
}
function receivedBroadcast(kind: string, key: string): void {
  const sent = sentAt.get(key);
  if (sent === undefined) return;
  received++;
  latency[kind]!.push(performance.now() - sent);
}

async function openRoom(r: number, url: string, tokens: SessionTokens): Promise<Room> {
  const course = await Course.create({ issuer: 'bench', clientId: 'c', deploymentId: '1', contextId: `load-${r}` });
  const seminar = await Seminar.create({ course: course._id, resourceLinkId: `load-${r}`, status: 'LIVE' });
  const clients = await Promise.all(
    Array.from({ length: PER_ROOM }, async (_, i): Promise<Client> => {
      const role = i === 0 ? 'instructor' : 'learner';
      const token = tokens.mint({
        sub: new Types.ObjectId().toHexString(),
        course: String(course._id),
        seminar: String(seminar._id),
        role,
        name: `${role} ${r}.${i}`,
        platform: 'bench',
      });
      const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const joined = await emitAck(socket, 'join_session', {});
      if (!joined.ok) throw new Error(JSON.stringify(joined));
      socket.on('chat_message', (m: { message: string }) => receivedBroadcast('chat', m.message));
      socket.on('poll_created', (p: { poll: { question: string } }) =>
        receivedBroadcast('poll_created', p.poll.question),
      );
      if (role === 'instructor')
        socket.on('poll_response_update', (u: { poll_id: string; total_responses: number }) => {
          const sent = voteSentAt.get(u.poll_id)?.[u.total_responses - 1];
          if (sent !== undefined) latency.vote_update!.push(performance.now() - sent);
        });
      return { socket, role };
    }),
  );
  return { seminarId: String(seminar._id), clients };
}

/** One room's activity until `until`: chat from a rotating learner, pulse taps, and polls everyone votes in. */
async function drive(room: Room, r: number, until: number): Promise<void> {
  const [teacher, ...learners] = room.clients;
  let tick = 0;
  let nextPoll = performance.now() + (r % 5) * 1000;
  let nextPulse = performance.now() + (r % 7) * 1000;
  while (performance.now() < until) {
    const sender = learners[tick % learners.length]!;
    const text = `load ${r} ${tick}`;
    expectBroadcast(text, room.clients.length);
    await timedAck('chat_ack', sender.socket, 'chat_message', { message: text });
    if (performance.now() >= nextPulse) {
      nextPulse += PULSE_EVERY_MS;
      await Promise.all(
        learners.map((l, i) =>
          timedAck('pulse_ack', l.socket, 'pulse', { state: i % 4 === 0 ? 'CONFUSED' : 'UNDERSTAND' }),
        ),
      );
    }
    if (performance.now() >= nextPoll) {
      nextPoll += POLL_EVERY_MS;
      const question = `poll ${r} ${tick}?`;
      expectBroadcast(question, room.clients.length);
      const created = await emitAck(teacher!.socket, 'poll_create', { question, options: ['A', 'B', 'C'] });
      if (!created.ok) failedAcks++;
      else {
        const pollId = (created.poll as { id: string }).id;
        const sends: number[] = [];
        voteSentAt.set(pollId, sends);
        await Promise.all(
          learners.map((l, i) => {
            sends.push(performance.now());
            return timedAck('vote_ack', l.socket, 'poll_vote', {
              poll_id: pollId,
              option_ids: [`opt_${(i % 3) + 1}`],
            });
          }),
        );
        await emitAck(teacher!.socket, 'poll_close', { poll_id: pollId });
      }
    }
    tick++;
    await new Promise((resolve) => setTimeout(resolve, CHAT_EVERY_MS));
  }
}

async function main(): Promise<void> {
  const stack = await startLiveStack();
  const { tool, store: mongo, tokens } = stack;
  const scale = {
    rooms: ROOMS,
    per_room: PER_ROOM,
    clients: ROOMS * PER_ROOM,
    duration_s: DURATION_S,
    soak: args.soak,
    cores: os.cpus().length,
  };
  report('load_scale', scale.clients, 'clients', scale);

  const joinStarted = performance.now();
  const rooms: Room[] = [];
  for (let r = 0; r < ROOMS; r++) rooms.push(await openRoom(r, tool.url, tokens));
  report('load_join_seconds', (performance.now() - joinStarted) / 1000, 's', scale);

  const cpuBefore = processUsage(tool.pid);
  const storeCpuBefore = processUsage(mongo.pid);
  const clientCpuBefore = process.cpuUsage();
  let rssPeak = cpuBefore.rssMb;
  const rssSamples: number[] = [];
  const sampler = setInterval(() => {
    const { rssMb } = processUsage(tool.pid);
    rssPeak = Math.max(rssPeak, rssMb);
    rssSamples.push(rssMb);
  }, 1000);
  const metricsBefore = await (await fetch(`${tool.url}/metrics`)).text();
  const clientLag = monitorEventLoopDelay({ resolution: 10 });
  clientLag.enable();
  const started = performance.now();
  await Promise.all(rooms.map((room, r) => drive(room, r, started + DURATION_S * 1000)));
  clientLag.disable();
  const loadSeconds = (performance.now() - started) / 1000;
  const cpuAfter = processUsage(tool.pid);
  const storeCpuAfter = processUsage(mongo.pid);
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const drainUntil = Date.now() + DRAIN_MS;
  while (received < expected && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  clearInterval(sampler);

  for (const [kind, samples] of Object.entries(latency))
    reportLatencies(`load_${kind}_latency`, samples, [50, 95, 99], scale);
  const metricsAfter = await (await fetch(`${tool.url}/metrics`)).text();
  const reportServerTimes = (event: string, before: string, after: string) => {
    const labels = { event, outcome: 'ok' };
    const handled = bucketDelta(
      readBuckets(before, SERVER_HISTOGRAM, labels),
      readBuckets(after, SERVER_HISTOGRAM, labels),
    );
    for (const p of [50, 95, 99])
      report(`load_server_${event}_p${p}`, histogramQuantile(handled, p / 100) * 1000, 'ms', {
        samples: handled.at(-1)?.count ?? 0,
        ...scale,
      });
  };
  reportServerTimes('join_session', '', metricsBefore);
  for (const event of SERVER_TIMED_EVENTS) reportServerTimes(event, metricsBefore, metricsAfter);
  // How late the simulated clients' own event loop ran: client-side latency includes this, the tool's does not.
  report('load_clients_event_loop_lag_p95', clientLag.percentile(95) / 1e6, 'ms', scale);
  report('load_delivered_events_per_second', received / loadSeconds, 'events/s', { received, ...scale });
  report('load_lost_events', expected - received, 'events', { expected, ...scale });
  report('load_failed_acks', failedAcks, 'acks', scale);
  report('load_tool_cpu', ((cpuAfter.cpuSeconds - cpuBefore.cpuSeconds) / loadSeconds) * 100, '% of one core', scale);
  report('load_tool_rss_peak', rssPeak, 'MB', scale);
  // Where the time went on this one machine: the embedded store (a stand-in for MongoDB) and the simulated clients.
  const percentOfCore = (seconds: number) => (seconds / loadSeconds) * 100;
  report('load_store_cpu', percentOfCore(storeCpuAfter.cpuSeconds - storeCpuBefore.cpuSeconds), '% of one core', scale);
  report('load_clients_cpu', percentOfCore((clientCpu.user + clientCpu.system) / 1e6), '% of one core', scale);
  if (args.soak && rssSamples.length > 20) {
    const tenth = Math.max(1, Math.floor(rssSamples.length / 10));
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    report('load_soak_rss_drift', avg(rssSamples.slice(-tenth)) - avg(rssSamples.slice(0, tenth)), 'MB', scale);
  }

  for (const room of rooms) for (const c of room.clients) c.socket.disconnect();
  await stack.stop();
}

runToExit(main);
