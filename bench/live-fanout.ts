/**
 * Live-room fan-out benchmark: ROOMS seminars × PER_ROOM simulated socket.io clients (1 instructor + learners)
 * against one real tool process (`node --import tsx tool/main.ts`) with the embedded Mongo-wire store and a
 * private redis-server. Measures poll vote → instructor update latency, chat fan-out latency, delivered
 * events/s and dropped events. Scale with BENCH_ROOMS / BENCH_PER_ROOM (defaults sized for ~1 min on 2 cores).
 * Run: npx tsx bench/live-fanout.ts
 */
import { performance } from 'node:perf_hooks';
import { Types } from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import { Course, Seminar } from '../tool/store/index.js';
import { emitAck, runToExit, startLiveStack } from './support/live-stack.js';
import { report, reportLatencies } from './support/report.js';

const ROOMS = Number(process.env.BENCH_ROOMS ?? 60);
const PER_ROOM = Number(process.env.BENCH_PER_ROOM ?? 25);
const CHAT_SENDERS = Number(process.env.BENCH_CHAT_SENDERS ?? 5);
const WAIT_MS = 5_000;

interface Client {
  socket: Socket;
  sub: string;
  role: 'instructor' | 'learner';
}

async function main(): Promise<void> {
  const stack = await startLiveStack();
  const { tool, tokens } = stack;
  const scale = { rooms: ROOMS, per_room: PER_ROOM, clients: ROOMS * PER_ROOM };
  report('live_fanout_scale', scale.clients, 'clients', scale);

  const rooms: { seminarId: string; clients: Client[] }[] = [];
  const connectStarted = performance.now();
  for (let r = 0; r < ROOMS; r++) {
    const course = await Course.create({ issuer: 'bench', clientId: 'c', deploymentId: '1', contextId: `ctx-${r}` });
    const seminar = await Seminar.create({ course: course._id, resourceLinkId: `bench-${r}`, status: 'LIVE' });
    const clients: Client[] = [];
    const batch = [];
    for (let i = 0; i < PER_ROOM; i++) {
      const role = i === 0 ? 'instructor' : 'learner';
      const sub = new Types.ObjectId().toHexString();
      const token = tokens.mint({
        sub,
        course: String(course._id),
        seminar: String(seminar._id),
        role,
        name: `${role} ${r}.${i}`,
        platform: 'bench',
      });
      const socket = connect(tool.url, { auth: { token }, transports: ['websocket'], reconnection: false });
      clients.push({ socket, sub, role });
      batch.push(
        new Promise<void>((resolve, reject) => {
          socket.once('connect', () => {
            emitAck(socket, 'join_session', {}).then((a) =>
              a.ok
                ? resolve()
                : setTimeout(() => reject(new Error(`${JSON.stringify(a)}\n${tool.output().slice(-4000)}`)), 1000),
            );
          });
          socket.once('connect_error', reject);
        }),
      );
    }
    await Promise.all(batch);
    rooms.push({ seminarId: String(seminar._id), clients });
  }
  report('live_fanout_join_seconds', (performance.now() - connectStarted) / 1000, 's', scale);

  // Poll: every learner votes once; latency = instructor's update with total_responses = k minus send of vote k.
  const pollLatency: number[] = [];
  let pollDropped = 0;
  await Promise.all(
    rooms.map(async (room) => {
      const [teacher, ...learners] = room.clients;
      const created = await emitAck(teacher!.socket, 'poll_create', { question: 'Bench?', options: ['A', 'B', 'C'] });
      const pollId = (created.poll as { id: string }).id;
      const sentAt = new Map<number, number>();
      const seen = new Set<number>();
      teacher!.socket.on('poll_response_update', (u: { poll_id: string; total_responses: number }) => {
        const sent = sentAt.get(u.total_responses);
        if (u.poll_id !== pollId || sent === undefined || seen.has(u.total_responses)) return;
        seen.add(u.total_responses);
        pollLatency.push(performance.now() - sent);
      });
      for (const [k, learner] of learners.entries()) {
        sentAt.set(k + 1, performance.now());
        const answer = await emitAck(learner.socket, 'poll_vote', {
          poll_id: pollId,
          option_ids: [`opt_${(k % 3) + 1}`],
        });
        if (!answer.ok) throw new Error(JSON.stringify(answer));
      }
      const deadline = Date.now() + WAIT_MS;
      while (seen.size < learners.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      pollDropped += learners.length - seen.size;
    }),
  );
  reportLatencies('live_poll_vote_to_instructor', pollLatency, [50, 95, 99], scale);
  report('live_poll_dropped_updates', pollDropped, 'events', scale);

  // Chat: CHAT_SENDERS learners per room send one message each; every room member should receive each.
  const chatLatency: number[] = [];
  let delivered = 0;
  const sentAt = new Map<string, number>();
  for (const room of rooms)
    for (const c of room.clients)
      c.socket.on('chat_message', (m: { message: string }) => {
        const sent = sentAt.get(m.message);
        if (sent === undefined) return;
        delivered++;
        chatLatency.push(performance.now() - sent);
      });
  const expected = rooms.reduce(
    (n, room) => n + Math.min(CHAT_SENDERS, room.clients.length - 1) * room.clients.length,
    0,
  );
  const chatStarted = performance.now();
  await Promise.all(
    rooms.map(async (room) => {
      for (const sender of room.clients.slice(1, 1 + CHAT_SENDERS)) {
        const text = `bench ${room.seminarId} ${sender.sub}`;
        sentAt.set(text, performance.now());
        await emitAck(sender.socket, 'chat_message', { message: text });
      }
    }),
  );
  const deadline = Date.now() + WAIT_MS;
  while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const chatSeconds = (performance.now() - chatStarted) / 1000;
  reportLatencies('live_chat_fanout', chatLatency, [50, 95, 99], scale);
  report('live_chat_events_per_second', delivered / chatSeconds, 'events/s', {
    delivered,
    seconds: chatSeconds,
    ...scale,
  });
  report('live_chat_dropped_events', expected - delivered, 'events', { expected, ...scale });

  for (const room of rooms) for (const c of room.clients) c.socket.disconnect();
  await stack.stop();
}

runToExit(main);
