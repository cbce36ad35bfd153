import type { Role } from '../../launch/index.js';
import type { ParticipationEvent, ParticipationEventType } from '../analytics/index.js';
import { AppError } from '../http/index.js';
import type { Types } from 'mongoose';
import { Attendance, Seminar, type SeminarDoc, type SeminarStatus } from '../store/index.js';
import { channels, type LiveContext } from './context.js';
import { allocateJoinCode, releaseJoinCode } from './join-code.js';

export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export interface Participant {
  id: string;
  full_name: string;
  role: Role;
  joined_at: string;
}

/** Seed 000 spells the lifecycle scheduled/live/completed; seed 004 and the store WAITING/LIVE/ENDED. */
export const SEED_STATUS: Record<SeminarStatus, 'scheduled' | 'live' | 'completed'> = {
  WAITING: 'scheduled',
  LIVE: 'live',
  ENDED: 'completed',
};

/** A seminar's hot state in Redis, for code that has the id but should not load a Room. */
export const liveKey = (seminarId: string, name: string): string => `live:${seminarId}:${name}`;

export const isStaff = (role: Role): boolean => role === 'instructor' || role === 'ta';
export const STAFF: readonly Role[] = ['instructor', 'ta'];
export const PARTICIPANTS: readonly Role[] = ['instructor', 'ta', 'learner'];

/** Runs when a seminar ends (close polls, end breakouts, …), registered by each feature. */
export type EndHook = (room: Room) => Promise<void>;
/** Runs when a seminar goes live (the AI assistant starts the transcript of a waiting instructor). */
export type StartHook = (room: Room) => Promise<void>;

/**
 * One seminar's live state and lifecycle (WAITING → LIVE → ENDED, seed 004). Durable facts (status, times,
 * join code, attendance) are in Mongo; hot shared state (presence, roster names, feature state) is in Redis
 * under `live:<seminarId>:*`, so any tool process can serve any socket of the seminar and a restart loses
 * nothing. The object itself only caches what never changes (ids, course).
 */
export class Room {
  constructor(
    readonly ctx: LiveContext,
    readonly seminarId: string,
    readonly courseId: string,
    private readonly endHooks: readonly EndHook[],
    private readonly startHooks: readonly StartHook[] = [],
  ) {}

  get channel(): string {
    return channels.seminar(this.seminarId);
  }

  get staffChannel(): string {
    return channels.staff(this.seminarId);
  }

  key(name: string): string {
    return liveKey(this.seminarId, name);
  }

  emit(event: string, data: object): void {
    this.ctx.emit(this.channel, event, data);
  }

  emitStaff(event: string, data: object): void {
    this.ctx.emit(this.staffChannel, event, data);
  }

  emitUser(userId: string, event: string, data: object): void {
    this.ctx.emit(channels.user(userId), event, data);
  }

  /** Everyone in the seminar except staff (for payloads staff get in a richer form). */
  emitLearners(event: string, data: object): void {
    this.ctx.io
      .to(this.channel)
      .except(this.staffChannel)
      .emit(event, { ...data, timestamp: new Date().toISOString() });
  }

  async status(): Promise<SeminarStatus> {
    const cached = await this.ctx.redis.get(this.key('status'));
    if (cached) return cached as SeminarStatus;
    const seminar = await Seminar.findById(this.seminarId, { status: 1 }).lean();
    if (!seminar) throw new AppError('NOT_FOUND', 'Session not found');
    await this.ctx.redis.set(this.key('status'), seminar.status);
    return seminar.status;
  }

  async requireStatus(...allowed: SeminarStatus[]): Promise<void> {
    const status = await this.status();
    if (!allowed.includes(status))
      throw new AppError('CONFLICT', `Not possible while the session is ${SEED_STATUS[status]}`, { status });
  }

  /** WAITING → LIVE: claims a join code; starting a live session again is a no-op. */
  async start(): Promise<SeminarDocLike> {
    const current = await Seminar.findById(this.seminarId).lean();
    if (!current) throw new AppError('NOT_FOUND', 'Session not found');
    if (current.status === 'ENDED') throw new AppError('CONFLICT', 'The session has ended');
    if (current.status === 'LIVE') return current;
    const joinCode = await allocateJoinCode(this.ctx.redis, this.seminarId);
    const started = await Seminar.findOneAndUpdate(
      { _id: this.seminarId, status: 'WAITING' },
      { $set: { status: 'LIVE', startedAt: new Date(), joinCode } },
      { new: true },
    ).lean();
    if (!started) {
      await releaseJoinCode(this.ctx.redis, joinCode, this.seminarId);
      return this.start();
    }
    await this.ctx.redis.set(this.key('status'), 'LIVE');
    this.emit('session_status', { status: 'live', started_at: started.startedAt?.toISOString() });
    this.emitStaff('join_code', { code: joinCode });
    for (const hook of this.startHooks) {
      await hook(this).catch((err: unknown) => this.ctx.logger.error({ err }, 'start hook failed'));
    }
    return started;
  }

  /** → ENDED: features wind down, everyone present is signed out of attendance, hot state is dropped. */
  async end(): Promise<SeminarDocLike> {
    const ended = await Seminar.findOneAndUpdate(
      { _id: this.seminarId, status: { $ne: 'ENDED' } },
      { $set: { status: 'ENDED', endedAt: new Date() } },
      { new: true },
    ).lean();
    if (!ended) {
      const existing = await Seminar.findById(this.seminarId).lean();
      if (!existing) throw new AppError('NOT_FOUND', 'Session not found');
      return existing;
    }
    await this.ctx.redis.set(this.key('status'), 'ENDED');
    for (const hook of this.endHooks) {
      await hook(this).catch((err: unknown) => this.ctx.logger.error({ err }, 'end hook failed'));
    }
    if (ended.joinCode) await releaseJoinCode(this.ctx.redis, ended.joinCode, this.seminarId);
    const present = await this.ctx.redis.hkeys(this.key('conns'));
    for (const userId of present) {
      await this.markLeft(userId);
      // The event log then pairs every join with a leave, like a departure before the end.
      this.recordParticipation(userId, 'leave');
    }
    await this.ctx.redis.del(this.key('conns'), this.key('members'), this.key('learners'));
    this.emit('session_status', { status: 'completed', ended_at: ended.endedAt?.toISOString() });
    return ended;
  }

  /** Counts a user's sockets across processes; true when this is their first (they just arrived). */
  async addPresence(actor: Actor): Promise<{ first: boolean; participantId: string; joinedAt: Date }> {
    const redis = this.ctx.redis;
    const counted = await redis.hincrby(this.key('conns'), actor.id, 1);
    const count = counted > 1 ? await this.reconcileConnections(actor.id, counted) : counted;
    const first = count === 1;
    const now = new Date();
    const profile = JSON.stringify({ name: actor.name, role: actor.role });
    const attendance = first
      ? await Attendance.findOneAndUpdate(
          { seminar: this.seminarId, user: actor.id },
          {
            $setOnInsert: { course: this.courseId, firstJoinedAt: now },
            $set: { lastJoinedAt: now },
            $inc: { connections: 1 },
          },
          { upsert: true, new: true },
        ).lean()
      : await Attendance.findOne({ seminar: this.seminarId, user: actor.id }).lean();
    const joinedAt = first ? now : (attendance?.lastJoinedAt ?? now);
    const multi = redis
      .multi()
      .hset(this.key('roster'), actor.id, profile)
      .hset(this.key('members'), actor.id, JSON.stringify({ name: actor.name, role: actor.role, at: joinedAt }));
    if (actor.role === 'learner') multi.sadd(this.key('learners'), actor.id);
    await multi.exec();
    return { first, participantId: String(attendance?._id ?? ''), joinedAt };
  }

  /** Drops one socket; true when it was the user's last one (they left). */
  async removePresence(userId: string): Promise<boolean> {
    const redis = this.ctx.redis;
    const counted = await redis.hincrby(this.key('conns'), userId, -1);
    if (counted < 0 && (await this.status()) === 'ENDED') {
      // The end already signed everyone out and dropped the counts; this socket only closed afterwards.
      await redis.hdel(this.key('conns'), userId);
      return false;
    }
    const count = counted > 0 ? await this.reconcileConnections(userId, counted) : counted;
    if (count > 0) return false;
    await redis
      .multi()
      .hdel(this.key('conns'), userId)
      .hdel(this.key('members'), userId)
      .srem(this.key('learners'), userId)
      .exec();
    await this.markLeft(userId);
    return true;
  }

  /**
   * A process that crashed (SIGKILL, OOM) never decremented its sockets' counts, so a user who reconnects to
   * another process would never leave. When the counter says "more sockets", ask every live process (the
   * adapter's fetchSockets) how many of the user's sockets really are in this seminar and store that.
   */
  private async reconcileConnections(userId: string, counted: number): Promise<number> {
    const sockets = await this.ctx.io.in(channels.user(userId)).fetchSockets();
    const live = sockets.filter((s) => s.rooms.has(this.channel)).length;
    if (live >= counted) return counted;
    await this.ctx.redis.hset(this.key('conns'), userId, live);
    return live;
  }

  private async markLeft(userId: string): Promise<void> {
    const now = new Date();
    const record = await Attendance.findOne({ seminar: this.seminarId, user: userId }).lean();
    // Already signed out (e.g. by the session's end): a later disconnect must not count the time twice.
    if (!record || (record.lastLeftAt && record.lastLeftAt >= record.lastJoinedAt)) return;
    const stayed = Math.max(0, (now.getTime() - new Date(record.lastJoinedAt).getTime()) / 1000);
    await Attendance.updateOne(
      { _id: record._id },
      { $set: { lastLeftAt: now }, $inc: { presentSeconds: Math.round(stayed) } },
    );
  }

  async participants(): Promise<Participant[]> {
    const members = await this.ctx.redis.hgetall(this.key('members'));
    return Object.entries(members).map(([id, json]) => {
      const m = JSON.parse(json) as { name: string; role: Role; at: string };
      return { id, full_name: m.name, role: m.role, joined_at: new Date(m.at).toISOString() };
    });
  }

  async isPresent(userId: string): Promise<boolean> {
    return (await this.ctx.redis.hexists(this.key('members'), userId)) === 1;
  }

  async learnerCount(): Promise<number> {
    return this.ctx.redis.scard(this.key('learners'));
  }

  /** Name and role of anyone who joined this seminar, also after they left. */
  async rosterEntry(userId: string): Promise<{ name: string; role: Role } | null> {
    const json = await this.ctx.redis.hget(this.key('roster'), userId);
    return json ? (JSON.parse(json) as { name: string; role: Role }) : null;
  }

  /** The breakout room a user is assigned to while a breakout run is on, else null. */
  async breakoutOf(userId: string): Promise<string | null> {
    return this.ctx.redis.hget(this.key('breakout:assign'), userId);
  }

  /** A ParticipationEvent for analytics only: arrivals, departures and speaking are not dashboard counters. */
  recordParticipation(
    userId: string,
    kind: ParticipationEventType,
    detail: Pick<ParticipationEvent, 'value' | 'correct'> = {},
  ): void {
    this.ctx.participation.record({
      type: kind,
      seminarId: this.seminarId,
      courseId: this.courseId,
      userId,
      at: new Date(),
      ...detail,
    });
  }

  /**
   * Counts one participation act of a user (chat, hand, vote, …): for the staff dashboard's live counters and
   * as a ParticipationEvent for analytics. `detail` carries the event's value/correctness where it has one.
   */
  async countActivity(
    userId: string,
    kind: ParticipationEventType,
    detail: Pick<ParticipationEvent, 'value' | 'correct'> = {},
  ): Promise<void> {
    this.recordParticipation(userId, kind, detail);
    await this.ctx.redis.hincrby(this.key(`activity:${userId}`), kind, 1);
    await this.ctx.redis.sadd(this.key('active'), userId);
    this.ctx.markActive(this.seminarId);
  }
}

type SeminarDocLike = SeminarDoc & { _id: Types.ObjectId };
