import { z } from 'zod';
import { AppError } from '../http/index.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { isStaff, STAFF, type Room } from './room.js';
import { objectId } from './sanitize.js';

/** The raised-hand queue is a Redis sorted set scored by raise time: ordered, shared by every process. */
const handsKey = (room: Room) => room.key('hands');

export async function handQueue(room: Room) {
  const flat = await room.ctx.redis.zrange(handsKey(room), 0, -1, 'WITHSCORES');
  const queue = [];
  for (let i = 0; i < flat.length; i += 2) {
    const id = flat[i]!;
    const entry = await room.rosterEntry(id);
    queue.push({
      user: { id, full_name: entry?.name ?? '' },
      queue_position: i / 2 + 1,
      raised_at: new Date(Number(flat[i + 1])).toISOString(),
    });
  }
  return queue;
}

async function publishQueue(room: Room): Promise<void> {
  room.emitStaff('hand_queue', { queue: await handQueue(room) });
}

async function lower(room: Room, userId: string, by: string): Promise<boolean> {
  const removed = (await room.ctx.redis.zrem(handsKey(room), userId)) === 1;
  if (removed) {
    room.emitStaff('hand_lowered', { user_id: userId, by });
    room.emitUser(userId, 'hand_state', { raised: false, by });
    await publishQueue(room);
  }
  return removed;
}

export function handsFeature(): Feature {
  return {
    events: {
      hand_raise: liveEvent({
        schema: z.object({}),
        roles: ['learner'],
        rate: 'hand',
        async handle({ room, actor }) {
          await room.requireStatus('LIVE');
          const redis = room.ctx.redis;
          const added = await redis.zadd(handsKey(room), 'NX', Date.now(), actor.id);
          const position = (await redis.zrank(handsKey(room), actor.id))! + 1;
          if (added === 1) {
            room.emitStaff('hand_raised', { user: { id: actor.id, full_name: actor.name }, queue_position: position });
            room.emitUser(actor.id, 'hand_state', { raised: true, queue_position: position });
            await publishQueue(room);
            await room.countActivity(actor.id, 'hand_raise');
          }
          return { queue_position: position };
        },
      }),

      hand_lower: liveEvent({
        schema: z.object({ user_id: objectId.optional() }),
        rate: 'hand',
        async handle({ room, actor }, p) {
          const target = p.user_id ?? actor.id;
          if (target !== actor.id && !isStaff(actor.role))
            throw new AppError('FORBIDDEN', "Only staff can lower someone else's hand");
          return { lowered: await lower(room, target, actor.id) };
        },
      }),

      hand_call_on: liveEvent({
        schema: z.object({ user_id: objectId }),
        roles: STAFF,
        async handle({ room, actor }, p) {
          const entry = await room.rosterEntry(p.user_id);
          if (!entry) throw new AppError('NOT_FOUND', 'No such participant');
          await lower(room, p.user_id, actor.id);
          room.emit('hand_called_on', { user: { id: p.user_id, full_name: entry.name } });
        },
      }),

      hand_clear: liveEvent({
        schema: z.object({}),
        roles: STAFF,
        async handle({ room, actor }) {
          const ids = await room.ctx.redis.zrange(handsKey(room), 0, -1);
          for (const id of ids) await lower(room, id, actor.id);
          return { lowered: ids.length };
        },
      }),
    },

    async snapshot(room, viewer) {
      if (isStaff(viewer.role)) return { hand_queue: await handQueue(room) };
      const rank = await room.ctx.redis.zrank(handsKey(room), viewer.id);
      return { my_hand: { raised: rank !== null, queue_position: rank === null ? null : rank + 1 } };
    },
  };
}

export async function clearHands(room: Room): Promise<void> {
  await room.ctx.redis.del(handsKey(room));
}
