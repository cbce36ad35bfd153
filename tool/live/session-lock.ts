import { z } from 'zod';
import type { Role } from '../../launch/index.js';
import { AppError } from '../http/index.js';
import { Attendance, Seminar } from '../store/index.js';
import type { LiveContext } from './context.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { isStaff, STAFF, type Room } from './room.js';

const sessionLockSchema = z.object({ locked: z.boolean() });
/** Who was kept out is worth staff's attention for a seminar's length, not forever. */
const KNOCKING_TTL_S = 24 * 60 * 60;

async function isLocked(seminarId: string): Promise<boolean> {
  return (await Seminar.findById(seminarId, { locked: 1 }).lean())?.locked === true;
}

/**
 * Why the seminar keeps this joiner out, or null: `locked` for a learner or observer who was not in before staff
 * locked it. The live room's `join_session` and the SFU's `media:join` both ask, so nobody sees or hears a
 * locked seminar from outside.
 */
export async function sessionRefusal(seminarId: string, joiner: { id: string; role: Role }): Promise<'locked' | null> {
  if (isStaff(joiner.role) || !(await isLocked(seminarId))) return null;
  return (await Attendance.exists({ seminar: seminarId, user: joiner.id })) ? null : 'locked';
}

/**
 * Session lock (issue 8's session controls): staff close the door on a running seminar. Nobody new joins; a
 * learner who was already in (an attendance record) still rejoins after a dropped network, and staff always
 * may. The flag lives on the Seminar, so every tool process and a restart see it. Staff learn who is waiting
 * outside (`session_knock`, once per person while locked; the client asks again every few seconds).
 */
export function sessionLockFeature(ctx: LiveContext): Feature {
  const knockingKey = (room: Room) => room.key('lock:knocking');
  async function knocked(room: Room, joiner: { id: string; name: string }): Promise<void> {
    const first = await ctx.redis.hsetnx(knockingKey(room), joiner.id, joiner.name);
    await ctx.redis.expire(knockingKey(room), KNOCKING_TTL_S);
    if (first) room.emitStaff('session_knock', { user: { id: joiner.id, full_name: joiner.name } });
  }
  async function knocking(room: Room) {
    const names = await ctx.redis.hgetall(knockingKey(room));
    return Object.entries(names).map(([id, full_name]) => ({ id, full_name }));
  }

  return {
    events: {
      session_lock: liveEvent({
        schema: sessionLockSchema,
        roles: STAFF,
        handle: async ({ room, actor }, p) => {
          await room.requireStatus('WAITING', 'LIVE');
          await Seminar.updateOne({ _id: room.seminarId }, { $set: { locked: p.locked } });
          // Whoever waited gets in by the next try once unlocked; a new lock starts an empty list.
          await ctx.redis.del(knockingKey(room));
          room.emit('session_locked', { locked: p.locked, by: actor.name });
          return { locked: p.locked };
        },
      }),
    },
    async admit(room, joiner) {
      const reason = await sessionRefusal(room.seminarId, joiner);
      if (!reason) return;
      await knocked(room, joiner);
      throw new AppError('FORBIDDEN', 'The instructor has locked this session', { reason });
    },
    snapshot: async (room, viewer) => ({
      locked: await isLocked(room.seminarId),
      ...(isStaff(viewer.role) ? { knocking: await knocking(room) } : {}),
    }),
  };
}
