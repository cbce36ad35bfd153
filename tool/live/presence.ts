import type { Socket } from 'socket.io';
import { z } from 'zod';
import { AppError } from '../http/index.js';
import { Seminar } from '../store/index.js';
import { channels, type LiveContext } from './context.js';
import { actorOf, liveEvent, type LiveSocketData } from './events.js';
import type { Feature } from './feature.js';
import { LIMITS } from './limits.js';
import { isStaff, SEED_STATUS, type Actor, type Room } from './room.js';
import type { Rooms } from './rooms.js';

export const joinSessionSchema = z.object({
  display_name: z.string().max(LIMITS.displayNameChars).optional(),
  device_info: z.object({ browser: z.string().max(100).optional(), os: z.string().max(100).optional() }).optional(),
});

/**
 * join_session / disconnect: socket.io rooms, presence and attendance, and the full snapshot a (re)joining
 * client needs (seed 000 `session_joined` plus `snapshot`). The LMS name from the token is authoritative;
 * `display_name` is accepted for seed compatibility and ignored.
 */
export function presenceFeature(deps: {
  ctx: LiveContext;
  rooms: Rooms;
  features: () => Feature[];
  onJoined?: (room: Room, actor: Actor, socket: Socket) => Promise<void>;
}): Feature & { leave(socket: Socket): Promise<void> } {
  async function snapshot(room: Room, viewer: Actor) {
    const parts = await Promise.all(deps.features().map((f) => f.snapshot?.(room, viewer) ?? Promise.resolve({})));
    return Object.assign({ participants: await room.participants() }, ...parts) as Record<string, unknown>;
  }

  return {
    events: {
      join_session: liveEvent({
        schema: joinSessionSchema,
        joined: false,
        async handle({ room, actor, socket }) {
          const status = await room.status();
          if (status === 'ENDED') throw new AppError('CONFLICT', 'The session has ended');
          for (const feature of deps.features()) await feature.admit?.(room, actor);
          const data = socket.data as LiveSocketData;
          const rejoin = data.joined === true;
          const targets = [room.channel];
          if (isStaff(actor.role)) targets.push(room.staffChannel);
          const breakout = await room.breakoutOf(actor.id);
          if (breakout) targets.push(channels.breakout(room.seminarId, breakout));
          await socket.join(targets);
          const presence = rejoin
            ? { first: false, participantId: '', joinedAt: new Date() }
            : await room.addPresence(actor);
          data.joined = true;
          if (presence.first) {
            room.recordParticipation(actor.id, 'join');
            socket.to(room.channel).emit('participant_joined', {
              user: { id: actor.id, full_name: actor.name, role: actor.role },
              joined_at: presence.joinedAt.toISOString(),
              timestamp: new Date().toISOString(),
            });
          }
          await deps.onJoined?.(room, actor, socket);
          const seminar = await Seminar.findById(room.seminarId, { title: 1 }).lean();
          const participants = await room.participants();
          const body = {
            participant_id: presence.participantId || undefined,
            session: { id: room.seminarId, title: seminar?.title ?? '', status: SEED_STATUS[status] },
            current_participants: participants.length,
            snapshot: await snapshot(room, actor),
          };
          socket.emit('session_joined', { ...body, timestamp: new Date().toISOString() });
          return { participant_id: body.participant_id, status: SEED_STATUS[status] };
        },
      }),
    },

    async leave(socket: Socket) {
      const data = socket.data as LiveSocketData;
      if (!data.joined) return;
      data.joined = false;
      const actor = actorOf(socket);
      const room = await deps.rooms.get(data.session.seminar, data.session.course);
      if (await room.removePresence(actor.id)) {
        room.recordParticipation(actor.id, 'leave');
        room.emit('participant_left', { user_id: actor.id, left_at: new Date().toISOString() });
      }
    },
  };
}
