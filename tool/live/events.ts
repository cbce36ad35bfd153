import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import type { Role, VerifiedSession } from '../../launch/index.js';
import { AppError, toAppError, validationError } from '../http/index.js';
import type { LiveContext } from './context.js';
import { RATE_LIMITS, type RateName } from './limits.js';
import { consumeRate } from './rate-limit.js';
import type { Actor, Room } from './room.js';
import type { Rooms } from './rooms.js';

export interface LiveSocketData {
  session: VerifiedSession;
  /** Set by join_session; most events need it. */
  joined?: boolean;
}

export type AckResponse =
  | ({ ok: true } & Record<string, unknown>)
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

export interface EventContext {
  socket: Socket;
  actor: Actor;
  room: Room;
}

/**
 * One client → server event: payload schema, roles allowed (default: anyone joined), rate bucket (default
 * `action`), and the handler whose result is the ack's extra fields.
 */
export interface LiveEvent<S extends z.ZodType = z.ZodType> {
  schema: S;
  roles?: readonly Role[];
  rate?: RateName;
  /** false for events that are allowed before join_session. */
  joined?: boolean;
  handle(ctx: EventContext, payload: z.output<S>): Promise<object | void>;
}

export type LiveEvents = Record<string, LiveEvent>;

/** How one handled event ended, for the latency histogram on /metrics (`ok`, or the error code). */
export type EventObserver = (sample: { event: string; outcome: string; seconds: number }) => void;

interface BindDeps {
  ctx: LiveContext;
  rooms: Rooms;
  observe?: EventObserver;
}

/** Keeps the payload type of one event while collecting events of different schemas in one map. */
export function liveEvent<S extends z.ZodType>(event: LiveEvent<S>): LiveEvent {
  return event as unknown as LiveEvent;
}

export function actorOf(socket: Socket): Actor {
  const { sub, name, role } = (socket.data as LiveSocketData).session;
  return { id: sub, name, role };
}

/**
 * Binds the events to a socket. Order of checks: joined → role → rate → payload, so a learner's instructor
 * action is FORBIDDEN whatever it carries and a flood of junk still spends the flooder's budget. Every outcome
 * answers the optional ack; without an ack, failures arrive as `live_error`.
 */
export function bindEvents(socket: Socket, events: LiveEvents, deps: BindDeps): void {
  for (const [name, spec] of Object.entries(events)) {
    socket.on(name, (...args: unknown[]) => {
      const started = performance.now();
      const observe = (outcome: string) =>
        deps.observe?.({ event: name, outcome, seconds: (performance.now() - started) / 1000 });
      let [payload, ack] = args;
      if (typeof payload === 'function') [payload, ack] = [undefined, payload];
      const reply = typeof ack === 'function' ? (ack as (r: AckResponse) => void) : undefined;
      void run(name, spec, socket, payload, deps).then(
        (result) => {
          observe('ok');
          reply?.({ ok: true, ...result });
        },
        (err: unknown) => {
          const error = toAppError(err);
          observe(error.code);
          if (error.status >= 500) deps.ctx.logger.error({ err, event: name }, 'live event failed');
          const body = { code: error.code, message: error.message, details: error.details };
          if (reply) reply({ ok: false, error: body });
          else socket.emit('live_error', { event: name, ...body, timestamp: new Date().toISOString() });
        },
      );
    });
  }
}

async function run(name: string, spec: LiveEvent, socket: Socket, payload: unknown, deps: BindDeps): Promise<object> {
  const data = socket.data as LiveSocketData;
  const actor = actorOf(socket);
  if (spec.joined !== false && !data.joined) throw new AppError('FORBIDDEN', 'Send join_session first');
  if (spec.roles && !spec.roles.includes(actor.role))
    throw new AppError('FORBIDDEN', `${name} requires role: ${spec.roles.join(' or ')}`);
  const rate = spec.rate ?? 'action';
  await consumeRate(deps.ctx.redis, rate, actor.id, RATE_LIMITS[rate]);
  const parsed = spec.schema.safeParse(payload ?? {});
  if (!parsed.success) throw validationError(parsed.error, `Invalid ${name} payload`);
  const room = await deps.rooms.get(data.session.seminar, data.session.course);
  return (await spec.handle({ socket, actor, room }, parsed.data)) ?? {};
}
