import { seminarScores } from '../analytics/index.js';
import type { LiveContext } from './context.js';
import { liveKey, type Room } from './room.js';
import type { Rooms } from './rooms.js';

/** Often enough that a dashboard feels live, rare enough that a busy seminar costs one read per tick. */
const INTERVAL_MS = 2_000;

/** Activity kinds counted by Room.countActivity, as seed 000 `participation_update` field names. */
const FIELDS: Record<string, string> = {
  chat: 'chat_messages_count',
  hand_raise: 'hand_raises_count',
  reaction: 'reactions_count',
  poll_vote: 'poll_votes_count',
  question_post: 'questions_count',
  pulse: 'pulse_count',
  question_upvote: 'question_upvotes_count',
  whiteboard_edit: 'whiteboard_edits_count',
};

/**
 * Live counters from Redis (instant) beside speaking time and the participation score from the analytics
 * summaries (as of the pipeline's last flush, which also marks the seminar for the next tick).
 */
export async function participationCounts(room: Room) {
  const ids = await room.ctx.redis.smembers(room.key('active'));
  const { byUser } = await seminarScores(room.seminarId, ids);
  const participants = [];
  for (const id of ids) {
    const counts = await room.ctx.redis.hgetall(room.key(`activity:${id}`));
    const row: Record<string, string | number> = { user_id: id, full_name: (await room.rosterEntry(id))?.name ?? '' };
    for (const [kind, field] of Object.entries(FIELDS)) row[field] = Number(counts[kind] ?? 0);
    const scored = byUser.get(id)!;
    row.speaking_time_seconds = Math.round(scored.counts.talkSeconds * 10) / 10;
    row.participation_score = scored.score;
    participants.push(row);
  }
  return { participants };
}

/**
 * `participation_update` to staff every few seconds for seminars with new activity on this process: a
 * counted act, or a pipeline flush that touched the seminar's summaries (speaking turns arrive only that way).
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

  /** Summaries changed by a pipeline flush: their people are shown (speakers included) on the next tick. */
  async summariesChanged(touched: ReadonlyArray<{ seminarId: string; userId: string }>): Promise<void> {
    for (const { seminarId, userId } of touched) {
      await this.ctx.redis.sadd(liveKey(seminarId, 'active'), userId);
      this.ctx.markActive(seminarId);
    }
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
