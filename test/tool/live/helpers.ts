import { Types } from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import type { Config } from '../../../config/index.js';
import type { SessionClaims } from '../../../launch/index.js';
import { createLogger } from '../../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../../tool/server.js';
import { Course, Seminar, type SeminarStatus } from '../../../tool/store/index.js';
import { claims } from '../../support/tokens.js';

export interface Ack {
  ok: boolean;
  error?: { code: string; message: string; details?: Record<string, unknown> };
  [key: string]: unknown;
}

/** A course and a seminar in the store, as a launch would have left them. */
export async function seedSeminar(status: SeminarStatus = 'LIVE', title = 'Week 3') {
  const course = await Course.create({
    issuer: 'https://dev-lms.test',
    clientId: 'client',
    deploymentId: '1',
    contextId: new Types.ObjectId().toHexString(),
    title: 'Machine Learning',
  });
  const seminar = await Seminar.create({
    course: course._id,
    resourceLinkId: new Types.ObjectId().toHexString(),
    title,
    status,
    startedAt: status === 'WAITING' ? undefined : new Date(),
  });
  return { courseId: String(course._id), seminarId: String(seminar._id) };
}

export interface Person {
  claims: SessionClaims;
  token: string;
  socket: Socket;
}

export interface Classroom {
  where: { courseId: string; seminarId: string };
  teacher: Person;
  alice: Person;
  bob: Person;
}

/** A fresh live seminar with its instructor ("Prof") and two learners (Alice, Bob), all joined. */
export async function classroom(tool: { url: string; mint(c: SessionClaims): string }): Promise<Classroom> {
  const where = await seedSeminar();
  const teacher = await person(tool.url, tool.mint, where, { role: 'instructor', name: 'Prof' });
  const alice = await person(tool.url, tool.mint, where, { name: 'Alice' });
  const bob = await person(tool.url, tool.mint, where, { name: 'Bob' });
  for (const p of [teacher, alice, bob]) await join(p);
  return { where, teacher, alice, bob };
}

/** A socket.io client authenticated with a fresh session token (not yet joined). */
export async function person(
  url: string,
  mint: (c: SessionClaims) => string,
  where: { courseId: string; seminarId: string },
  overrides: Partial<SessionClaims> = {},
): Promise<Person> {
  const c = claims({ course: where.courseId, seminar: where.seminarId, ...overrides });
  const token = mint(c);
  const socket = connect(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { claims: c, token, socket };
}

export function ack(socket: Socket, event: string, payload?: unknown): Promise<Ack> {
  return new Promise((resolve) => {
    if (payload === undefined) socket.emit(event, (a: Ack) => resolve(a));
    else socket.emit(event, payload, (a: Ack) => resolve(a));
  });
}

/** The next `event` on the socket that satisfies `match`; rejects after `ms`. */
export function next<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  match: (data: T) => boolean = () => true,
  ms = 5_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const handler = (data: T) => {
      if (!match(data)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(data);
    };
    socket.on(event, handler);
  });
}

/** Asserts that no `event` arrives within `ms`. */
export function silence(socket: Socket, event: string, ms = 300): Promise<void> {
  return new Promise((resolve, reject) => {
    const handler = (data: unknown) => {
      socket.off(event, handler);
      reject(new Error(`unexpected ${event}: ${JSON.stringify(data)}`));
    };
    socket.on(event, handler);
    setTimeout(() => {
      socket.off(event, handler);
      resolve();
    }, ms);
  });
}

/** join_session and the session_joined that answers it. */
export async function join(p: Person): Promise<Record<string, unknown> & { snapshot: Record<string, unknown> }> {
  const joined = next<Record<string, unknown> & { snapshot: Record<string, unknown> }>(p.socket, 'session_joined');
  const answer = await ack(p.socket, 'join_session', { display_name: p.claims.name });
  if (!answer.ok) throw new Error(`join failed: ${JSON.stringify(answer.error)}`);
  return joined;
}

export function closeAll(...people: Person[]): void {
  for (const p of people) p.socket.disconnect();
}

/**
 * Stops `server`, then starts a new tool process on the same stores after dropping the due time `member` from
 * Redis (as a Redis wipe would), and waits until `isDone` reports that the due work happened anyway.
 */
export async function restartLosingDueTime(
  server: ToolServer,
  config: Config,
  member: string,
  isDone: () => Promise<boolean>,
): Promise<boolean> {
  await server.stores.redis.zrem('live:due', member);
  await server.close();
  const restarted = await startToolServer(config, createLogger('silent'));
  try {
    for (let i = 0; i < 100; i++) {
      if (await isDone()) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  } finally {
    await restarted.close();
  }
}
