/**
 * Analytics benchmark, one JSON line per measure: participation-event ingest throughput (events/s through
 * the ParticipationPipeline into the store), summary read latency for one student at 1k and at 100k events
 * (flat: reading a summary never scans events), and dashboard latency (a learner's chat → the instructor's
 * `participation_update` carrying it). The store runs in its own process like a real MongoDB would.
 * Run: npx tsx bench/analytics.ts (scale with BENCH_INGEST_EVENTS)
 */
import { report } from './support/report.js';
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import { loadConfig } from '../config/index.js';
import { ParticipationPipeline, type ParticipationEvent } from '../tool/analytics/index.js';
import { createLogger } from '../tool/logger.js';
import { startToolServer, type ToolServer } from '../tool/server.js';
import { Course, ParticipationSummary, Seminar, startEmbeddedRedis } from '../tool/store/index.js';
import { startChild } from './support/child.js';

const INGEST_EVENTS = Number(process.env.BENCH_INGEST_EVENTS ?? 50_000);
const READS = 300;
const DASHBOARD_SAMPLES = 8;
const KINDS: ParticipationEvent['type'][] = ['chat', 'reaction', 'poll_vote', 'hand_raise', 'pulse', 'question_upvote'];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const id = () => new Types.ObjectId().toHexString();

async function ingest(pipeline: ParticipationPipeline, events: ParticipationEvent[]): Promise<number> {
  const started = performance.now();
  for (const event of events) pipeline.record(event);
  await pipeline.flush();
  return performance.now() - started;
}

function eventsFor(seminarId: string, courseId: string, users: string[], count: number): ParticipationEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    type: KINDS[i % KINDS.length]!,
    seminarId,
    courseId,
    userId: users[i % users.length]!,
    at: new Date(),
    value: 1,
  }));
}

async function readLatency(seminarId: string, userId: string): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < READS; i++) {
    const started = performance.now();
    await ParticipationSummary.findOne({ seminar: seminarId, user: userId }).lean();
    samples.push(performance.now() - started);
  }
  return median(samples);
}

async function storeMeasures(): Promise<void> {
  const pipeline = new ParticipationPipeline(createLogger('silent'), { flushIntervalMs: 250 });
  const courseId = id();
  const users = Array.from({ length: 50 }, id);
  const seminars = Array.from({ length: 10 }, id);
  const load = seminars.flatMap((s) => eventsFor(s, courseId, users, INGEST_EVENTS / seminars.length));
  const ms = await ingest(pipeline, load);
  report('analytics_ingest_throughput', (load.length / ms) * 1000, 'events/s', { events: load.length });

  const seminarId = id();
  const student = id();
  await ingest(pipeline, eventsFor(seminarId, courseId, [student], 1_000));
  report('analytics_summary_read_p50_at_1k_events', await readLatency(seminarId, student), 'ms', { reads: READS });
  await ingest(pipeline, eventsFor(seminarId, courseId, [student], 99_000));
  report('analytics_summary_read_p50_at_100k_events', await readLatency(seminarId, student), 'ms', { reads: READS });
  await pipeline.close();
}

function joined(server: ToolServer, token: string): Promise<Socket> {
  const socket = connect(server.url, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.once('connect', () => socket.emit('join_session', {}, () => resolve(socket)));
  });
}

async function dashboardLatency(server: ToolServer): Promise<void> {
  const course = await Course.create({ issuer: 'bench', clientId: 'c', deploymentId: '1', contextId: id() });
  const seminar = await Seminar.create({ course: course._id, resourceLinkId: id(), status: 'LIVE' });
  const mint = (role: 'instructor' | 'learner') =>
    server.tokens.mint({
      sub: id(),
      course: String(course._id),
      seminar: String(seminar._id),
      role,
      name: role,
      platform: 'bench',
    });
  const teacher = await joined(server, mint('instructor'));
  const learnerToken = mint('learner');
  const learnerId = server.tokens.verify(learnerToken).sub;
  const learner = await joined(server, learnerToken);
  const samples: number[] = [];
  for (let k = 1; k <= DASHBOARD_SAMPLES; k++) {
    const seen = new Promise<number>((resolve) => {
      const handler = (u: { participants: Array<{ user_id: string; chat_messages_count: number }> }) => {
        if (!u.participants.some((p) => p.user_id === learnerId && p.chat_messages_count === k)) return;
        teacher.off('participation_update', handler);
        resolve(performance.now());
      };
      teacher.on('participation_update', handler);
    });
    const sent = performance.now();
    learner.emit('chat_message', { message: `bench ${k}` });
    samples.push((await seen) - sent);
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 1_500));
  }
  report('analytics_dashboard_update_p50', median(samples), 'ms', { samples: samples.length });
  report('analytics_dashboard_update_max', Math.max(...samples), 'ms', { samples: samples.length });
  teacher.disconnect();
  learner.disconnect();
}

async function main(): Promise<void> {
  const mongo = await startChild('bench/support/mongo-process.ts', {}, /MONGO_URL=(\S+)\n/);
  const redis = await startEmbeddedRedis();
  const server = await startToolServer(
    loadConfig({
      MONGO_URL: mongo.url,
      REDIS_URL: redis.url,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      MEDIASOUP_NUM_WORKERS: '1',
    }),
    createLogger('silent'),
  );
  try {
    await dashboardLatency(server);
    await storeMeasures();
  } finally {
    await server.close();
    await redis.stop();
    await mongo.stop();
  }
}

await main();
