import type { LiveContext } from './context.js';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';

const INTERVAL_MS = 5_000;

/** Activity kinds counted by Room.countActivity, as seed 000 `participation_update` field names. */
const FIELDS: Record<string, string> = {
  chat: 'chat_messages_count',
  hand_raise: 'hand_raises_count',
  reaction: 'reactions_count',
  poll_vote: 'poll_votes_count',
  question_post: 'questions_count',
  pulse: 'pulse_count',
};

export async function participationCounts(room: Room) {
  const ids = await room.ctx.redis.smembers(room.key('active'));
  const participants = [];
  for (const id of ids) {
    const counts = await room.ctx.redis.hgetall(room.key(`activity:${id}`));
    const row: Record<string, string | number> = { user_id: id, full_name: (await room.rosterEntry(id))?.name ?? '' };
    for (const [kind, field] of Object.entries(FIELDS)) row[field] = Number(counts[kind] ?? 0);
    participants.push(row);
  }
  return { participants };
}

/**
 * `participation_update` to staff every few seconds for seminars with new activity on this process. Counts only:
 * speaking time and the participation score come from the media/analytics pipeline, not from here.
 */
export class ParticipationTicker {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: LiveContext,
    private readonly rooms: Rooms,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), INTERVAL_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    for (const seminarId of this.ctx.takeActiveSeminars()) {
      try {
        const room = await this.rooms.byId(seminarId);
        room.emitStaff('participation_update', await participationCounts(room));
      } catch (err) {
        this.ctx.logger.warn({ err, seminarId }, 'participation update failed');
      }
    }
  }
}
