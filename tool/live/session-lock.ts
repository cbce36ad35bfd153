import { z } from 'zod';
import { AppError } from '../http/index.js';
import { Attendance, Seminar } from '../store/index.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { isStaff, STAFF, type Room } from './room.js';

export const sessionLockSchema = z.object({ locked: z.boolean() });

async function isLocked(room: Room): Promise<boolean> {
  return (await Seminar.findById(room.seminarId, { locked: 1 }).lean())?.locked === true;
}

/**
 * Session lock (issue 8's session controls): staff close the door on a running seminar. Nobody new joins; a
 * learner who was already in (an attendance record) still rejoins after a dropped network, and staff always
 * may. The flag lives on the Seminar, so every tool process and a restart see it.
 */
export function sessionLockFeature(): Feature {
  return {
    events: {
      session_lock: liveEvent({
        schema: sessionLockSchema,
        roles: STAFF,
        handle: async ({ room, actor }, p) => {
          await room.requireStatus('WAITING', 'LIVE');
          await Seminar.updateOne({ _id: room.seminarId }, { $set: { locked: p.locked } });
          room.emit('session_locked', { locked: p.locked, by: actor.name });
          return { locked: p.locked };
        },
      }),
    },
    async admit(room, joiner) {
      if (isStaff(joiner.role) || !(await isLocked(room))) return;
      if (await Attendance.exists({ seminar: room.seminarId, user: joiner.id })) return;
      throw new AppError('FORBIDDEN', 'The instructor has locked this session', { reason: 'locked' });
    },
    snapshot: async (room) => ({ locked: await isLocked(room) }),
  };
}
