import { Types } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../http/index.js';
import { Breakout, BreakoutMember } from '../store/index.js';
import { BREAKOUT_MODES, planBreakouts, roomCountFor } from './breakout-planner.js';
import { channels, type LiveContext } from './context.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { LIMITS } from './limits.js';
import { isStaff, STAFF, type Actor, type Room } from './room.js';
import type { Rooms } from './rooms.js';
import { objectId, plainText } from './sanitize.js';

/**
 * What the live room needs from media (interfaces.md `MediaService.movePeer`): move a participant's media to
 * the router of `roomKey` (`<seminarId>` main, `<seminarId>:breakout:<breakoutId>`). tool/server.ts passes the
 * media team's service; until then, or for a participant without media, moving is a no-op.
 */
export interface BreakoutMediaPort {
  movePeer(userId: string, seminarId: string, roomKey: string): Promise<unknown> | void;
}

export const mediaRoomKey = (seminarId: string, breakoutId?: string | null) =>
  breakoutId ? `${seminarId}:breakout:${breakoutId}` : seminarId;

interface RunRoom {
  room_id: string;
  room_number: number;
  name: string;
}
interface RunState {
  run_id: string;
  rooms: RunRoom[];
  duration_minutes: number;
  ends_at: string;
  warning_seconds: number;
}

const planSchema = z.object({
  mode: z.enum(BREAKOUT_MODES).default('random'),
  room_count: z.number().int().min(1).max(LIMITS.breakoutMaxRooms).optional(),
  room_size: z.number().int().min(1).max(100).optional(),
  /** Optional scores for mixed_by_grade, keyed by user id (the grading module can supply them later). */
  grades: z.record(z.string(), z.number()).optional(),
});

const startSchema = planSchema.extend({
  rooms: z
    .array(
      z.object({
        name: plainText(100).optional(),
        participant_ids: z.array(objectId).max(500),
      }),
    )
    .min(1)
    .max(LIMITS.breakoutMaxRooms)
    .optional(),
  duration_minutes: z.number().positive().max(LIMITS.breakoutMaxMinutes),
  warning_seconds: z.number().int().min(0).max(600).default(60),
});

/**
 * Breakout rooms (seed 001): plan (preview), start, manual moves, broadcast, staff visits, warning and end by a
 * persisted timer, everyone back to the main room. Each breakout is its own socket.io room and chat scope;
 * assignments live in Redis (`breakout:assign`), records in Breakout/BreakoutMember.
 */
export class BreakoutService {
  constructor(
    private readonly ctx: LiveContext,
    private readonly rooms: Rooms,
    private media: BreakoutMediaPort,
  ) {
    ctx.timers.on('breakout_warn', (id) => this.onTimer(id, 'warn'));
    ctx.timers.on('breakout_end', (id) => this.onTimer(id, 'end'));
    rooms.onEnd(async (room) => {
      await this.end(room);
    });
  }

  useMedia(media: BreakoutMediaPort): void {
    this.media = media;
  }

  async run(room: Room): Promise<RunState | null> {
    const json = await this.ctx.redis.get(room.key('breakout:run'));
    return json ? (JSON.parse(json) as RunState) : null;
  }

  /** Re-adds timers of runs that are still open, in case Redis lost them. */
  async restoreTimers(): Promise<void> {
    const open = await Breakout.find({ endedAt: null, endsAt: { $ne: null }, number: 1 }).lean();
    for (const b of open)
      await this.ctx.timers.schedule('breakout_end', `${b.seminar}|${b.run}`, new Date(b.endsAt!), true);
  }

  private async onTimer(id: string, kind: 'warn' | 'end'): Promise<void> {
    const [seminarId, runId] = id.split('|');
    const room = await this.rooms.byId(seminarId!);
    const run = await this.run(room);
    if (!run || run.run_id !== runId) return;
    if (kind === 'end') await this.end(room);
    else {
      const left = Math.max(0, Math.round((new Date(run.ends_at).getTime() - Date.now()) / 1000));
      room.emit('breakout_warning', { seconds_left: left, ends_at: run.ends_at });
    }
  }

  private async move(room: Room, userId: string, from: string | null, to: string | null): Promise<void> {
    const io = this.ctx.io.in(channels.user(userId));
    if (from) io.socketsLeave(channels.breakout(room.seminarId, from));
    if (to) io.socketsJoin(channels.breakout(room.seminarId, to));
    try {
      await this.media.movePeer(userId, room.seminarId, mediaRoomKey(room.seminarId, to));
    } catch (err) {
      this.ctx.logger.warn({ err, userId }, 'moving media to a breakout failed');
    }
  }

  private async presentLearners(room: Room) {
    return (await room.participants()).filter((p) => p.role === 'learner');
  }

  async preview(room: Room, input: z.output<typeof planSchema>) {
    const learners = await this.presentLearners(room);
    const count = roomCountFor(learners.length, { roomCount: input.room_count, roomSize: input.room_size });
    const plan = planBreakouts({
      participants: learners.map((p) => ({ id: p.id, grade: input.grades?.[p.id] ?? null })),
      roomCount: count,
      mode: input.mode,
    });
    const names = new Map(learners.map((p) => [p.id, p.full_name]));
    return plan.map((ids, i) => ({
      room_number: i + 1,
      name: `Group ${i + 1}`,
      participants: ids.map((id) => ({ id, full_name: names.get(id) ?? '' })),
    }));
  }

  async start(room: Room, actor: Actor, input: z.output<typeof startSchema>) {
    await room.requireStatus('LIVE');
    if (await this.run(room)) throw new AppError('CONFLICT', 'Breakout rooms are already open');
    const planned =
      input.rooms?.map((r, i) => ({ name: r.name ?? `Group ${i + 1}`, ids: r.participant_ids })) ??
      (await this.preview(room, input)).map((r) => ({ name: r.name, ids: r.participants.map((p) => p.id) }));
    const seen = new Set<string>();
    for (const id of planned.flatMap((r) => r.ids)) {
      if (seen.has(id)) throw new AppError('VALIDATION_ERROR', 'A participant is in two rooms', { user_id: [id] });
      seen.add(id);
    }
    const now = new Date();
    const endsAt = new Date(now.getTime() + input.duration_minutes * 60_000);
    const runId = new Types.ObjectId();
    const runRooms: RunRoom[] = [];
    const assignments = [];
    for (const [i, planRoom] of planned.entries()) {
      const doc = await Breakout.create({
        seminar: room.seminarId,
        run: runId,
        number: i + 1,
        name: planRoom.name,
        startedAt: now,
        endsAt,
      });
      const roomId = String(doc._id);
      runRooms.push({ room_id: roomId, room_number: i + 1, name: planRoom.name });
      const participants = [];
      for (const userId of planRoom.ids) {
        const name = (await room.rosterEntry(userId))?.name ?? '';
        participants.push({ id: userId, full_name: name });
        await BreakoutMember.create({
          seminar: room.seminarId,
          run: runId,
          breakout: doc._id,
          user: userId,
          name,
          joinedAt: now,
        });
      }
      assignments.push({ room_id: roomId, room_number: i + 1, name: planRoom.name, participants });
    }
    const state: RunState = {
      run_id: String(runId),
      rooms: runRooms,
      duration_minutes: input.duration_minutes,
      ends_at: endsAt.toISOString(),
      warning_seconds: input.warning_seconds,
    };
    await this.ctx.redis.set(room.key('breakout:run'), JSON.stringify(state));
    const assignFields = assignments.flatMap((a) => a.participants.flatMap((p) => [p.id, a.room_id]));
    if (assignFields.length > 0) await this.ctx.redis.hset(room.key('breakout:assign'), ...assignFields);
    for (const a of assignments) for (const p of a.participants) await this.move(room, p.id, null, a.room_id);
    const timerId = `${room.seminarId}|${state.run_id}`;
    await this.ctx.timers.schedule('breakout_end', timerId, endsAt);
    if (input.warning_seconds > 0)
      await this.ctx.timers.schedule(
        'breakout_warn',
        timerId,
        new Date(endsAt.getTime() - input.warning_seconds * 1000),
      );
    const body = {
      run_id: state.run_id,
      room_assignments: assignments,
      duration_minutes: input.duration_minutes,
      ends_at: state.ends_at,
      started_by: actor.id,
    };
    room.emit('breakout_start', body);
    return body;
  }

  private async roomOfRun(room: Room, roomId: string | null): Promise<RunState> {
    const run = await this.run(room);
    if (!run) throw new AppError('CONFLICT', 'No breakout rooms are open');
    if (roomId && !run.rooms.some((r) => r.room_id === roomId))
      throw new AppError('NOT_FOUND', 'No such breakout room');
    return run;
  }

  async moveParticipant(room: Room, userId: string, roomId: string | null): Promise<void> {
    const run = await this.roomOfRun(room, roomId);
    const from = await room.breakoutOf(userId);
    if (from === roomId) return;
    const now = new Date();
    if (from)
      await BreakoutMember.updateMany({ breakout: from, user: userId, leftAt: null }, { $set: { leftAt: now } });
    if (roomId) {
      await this.ctx.redis.hset(room.key('breakout:assign'), userId, roomId);
      const name = (await room.rosterEntry(userId))?.name ?? '';
      await BreakoutMember.create({
        seminar: room.seminarId,
        run: run.run_id,
        breakout: roomId,
        user: userId,
        name,
        joinedAt: now,
      });
    } else await this.ctx.redis.hdel(room.key('breakout:assign'), userId);
    await this.move(room, userId, from, roomId);
    room.emit('breakout_moved', { user_id: userId, from_room_id: from, to_room_id: roomId });
  }

  /** Closes the run: everyone (and every visiting staff member) back to the main room. */
  async end(room: Room): Promise<boolean> {
    const run = await this.run(room);
    if (!run) return false;
    if ((await this.ctx.redis.del(room.key('breakout:run'))) !== 1) return false;
    const assigned = await this.ctx.redis.hgetall(room.key('breakout:assign'));
    await this.ctx.redis.del(room.key('breakout:assign'));
    for (const [userId, roomId] of Object.entries(assigned)) await this.move(room, userId, roomId, null);
    const now = new Date();
    const ids = run.rooms.map((r) => r.room_id);
    await Breakout.updateMany({ _id: { $in: ids } }, { $set: { endedAt: now } });
    await BreakoutMember.updateMany({ breakout: { $in: ids }, leftAt: null }, { $set: { leftAt: now } });
    const timerId = `${room.seminarId}|${run.run_id}`;
    await this.ctx.timers.cancel('breakout_end', timerId);
    await this.ctx.timers.cancel('breakout_warn', timerId);
    room.emit('breakout_end', { run_id: run.run_id, message: 'Breakout session ended. Returning to main room.' });
    return true;
  }

  feature(): Feature {
    return {
      events: {
        breakout_preview: liveEvent({
          schema: planSchema,
          roles: STAFF,
          handle: async ({ room }, p) => ({ rooms: await this.preview(room, p) }),
        }),
        breakout_start: liveEvent({
          schema: startSchema,
          roles: STAFF,
          handle: async ({ room, actor }, p) => this.start(room, actor, p),
        }),
        breakout_move: liveEvent({
          schema: z.object({ user_id: objectId, room_id: objectId.nullable() }),
          roles: STAFF,
          handle: async ({ room }, p) => {
            if (!(await room.rosterEntry(p.user_id))) throw new AppError('NOT_FOUND', 'No such participant');
            await this.moveParticipant(room, p.user_id, p.room_id);
          },
        }),
        breakout_visit: liveEvent({
          schema: z.object({ room_id: objectId.nullable() }),
          roles: STAFF,
          handle: async ({ room, actor }, p) => {
            await this.roomOfRun(room, p.room_id);
            const from = await room.breakoutOf(actor.id);
            if (p.room_id) await this.ctx.redis.hset(room.key('breakout:assign'), actor.id, p.room_id);
            else await this.ctx.redis.hdel(room.key('breakout:assign'), actor.id);
            await this.move(room, actor.id, from, p.room_id);
            return { room_id: p.room_id };
          },
        }),
        breakout_broadcast: liveEvent({
          schema: z.object({ message: plainText(LIMITS.broadcastChars) }),
          roles: STAFF,
          handle: async ({ room, actor }, p) => {
            await this.roomOfRun(room, null);
            room.emit('breakout_broadcast', { message: p.message, from: { id: actor.id, full_name: actor.name } });
          },
        }),
        breakout_end: liveEvent({
          schema: z.object({}),
          roles: STAFF,
          handle: async ({ room }) => ({ ended: await this.end(room) }),
        }),
      },
      snapshot: async (room, viewer) => {
        const run = await this.run(room);
        if (!run) return { breakout: null };
        const mine = await room.breakoutOf(viewer.id);
        const base = { ...run, my_room_id: mine };
        if (!isStaff(viewer.role)) return { breakout: base };
        const assigned = await this.ctx.redis.hgetall(room.key('breakout:assign'));
        return { breakout: { ...base, assignments: assigned } };
      },
    };
  }
}
