import { isValidObjectId } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../http/index.js';
import { MAX_POLL_OPTIONS, Poll, POLL_TYPES, PollResponse } from '../store/index.js';
import type { LiveContext } from './context.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { LIMITS } from './limits.js';
import { isStaff, STAFF, type Actor, type Room } from './room.js';
import type { Rooms } from './rooms.js';
import { objectId, plainText } from './sanitize.js';

export const pollCreateSchema = z
  .object({
    question: plainText(LIMITS.pollQuestionChars),
    type: z.enum(POLL_TYPES).default('single_choice'),
    options: z.array(plainText(LIMITS.pollOptionChars)).min(2).max(MAX_POLL_OPTIONS).optional(),
    anonymous: z.boolean().default(false),
    duration_seconds: z.number().int().min(1).max(LIMITS.pollMaxDurationSeconds).nullish(),
    show_results_after: z.boolean().default(true),
    show_live_results: z.boolean().default(false),
  })
  .refine((p) => p.type === 'true_false' || p.options, { message: 'options are required', path: ['options'] });
export type PollCreateInput = z.output<typeof pollCreateSchema>;

export const pollVoteSchema = z.object({
  option_ids: z
    .array(z.string().regex(/^opt_\d{1,2}$/))
    .min(1)
    .max(MAX_POLL_OPTIONS),
});

type PollLean = NonNullable<Awaited<ReturnType<typeof loadPoll>>>;
function loadPoll(id: string) {
  return Poll.findById(id).lean();
}

/**
 * Atomically replaces one user's vote and adjusts the per-option counters, unless the poll is closed.
 * KEYS: votes hash, counts hash, closed flag, present learners set. ARGV: user id, comma-joined option ids.
 * Returns -1 when closed, else { responders, [option, count, …], learners present }.
 */
const VOTE_SCRIPT = `
if redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then for o in string.gmatch(old, '[^,]+') do redis.call('HINCRBY', KEYS[2], o, -1) end end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
for o in string.gmatch(ARGV[2], '[^,]+') do redis.call('HINCRBY', KEYS[2], o, 1) end
return { redis.call('HLEN', KEYS[1]), redis.call('HGETALL', KEYS[2]), redis.call('SCARD', KEYS[4]) }`;

const pollKey = (pollId: string, part: 'votes' | 'counts' | 'closed') => `live:poll:${pollId}:${part}`;
const KEEP_AFTER_CLOSE_S = 24 * 3600;
const MAX_CACHED_POLLS = 2_000;

/** Validates a vote against the poll's type and options; returns the normalised option ids. */
export function checkVote(poll: Pick<PollLean, 'type' | 'options'>, optionIds: string[]): string[] {
  const unique = [...new Set(optionIds)];
  const known = new Set(poll.options.map((o) => o.id));
  const unknown = unique.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new AppError('VALIDATION_ERROR', 'Unknown option', { option_ids: unknown });
  if (poll.type !== 'multiple_choice' && unique.length !== 1)
    throw new AppError('VALIDATION_ERROR', 'Choose exactly one option', { option_ids: ['choose exactly one'] });
  return unique;
}

/** Seed 000 percentage: one decimal, of all responses. */
export function percentage(votes: number, total: number): number {
  return total === 0 ? 0 : Math.round((votes / total) * 1000) / 10;
}

function countsFrom(flat: string[], poll: PollLean): number[] {
  const map = new Map<string, number>();
  for (let i = 0; i < flat.length; i += 2) map.set(flat[i]!, Number(flat[i + 1]));
  return poll.options.map((o) => map.get(o.id) ?? 0);
}

function publicPoll(poll: PollLean) {
  return {
    id: String(poll._id),
    session_id: String(poll.seminar),
    question: poll.question,
    type: poll.type,
    options: poll.options.map((o) => ({ id: o.id, text: o.text })),
    anonymous: poll.anonymous,
    duration_seconds: poll.durationSeconds,
    ends_at: poll.endsAt ? poll.endsAt.toISOString() : null,
    status: poll.status,
    show_results_after: poll.showResultsAfter,
    show_live_results: poll.showLiveResults,
    created_at: (poll as unknown as { createdAt: Date }).createdAt.toISOString(),
  };
}

/**
 * Polls (seed 000 §3.2.4 / §5): create, vote (one per user, changeable until close), live counts to staff
 * (and learners when enabled), close by staff or by the persisted due time, results stored at close.
 */
export class PollService {
  /** Open polls' immutable parts, so a vote costs no Mongo read; whether it is closed is checked in Redis. */
  private readonly openPolls = new Map<string, PollLean>();

  constructor(
    private readonly ctx: LiveContext,
    private readonly rooms: Rooms,
  ) {
    ctx.timers.on('poll_close', (id) => this.close(id).then(() => undefined));
    rooms.onEnd(async (room) => {
      const open = await Poll.find({ seminar: room.seminarId, status: 'active' }, { _id: 1 }).lean();
      for (const poll of open) await this.close(String(poll._id));
    });
  }

  /** Re-adds due times of open polls, in case Redis lost them. */
  async restoreTimers(): Promise<void> {
    const open = await Poll.find({ status: 'active', endsAt: { $ne: null } }, { endsAt: 1 }).lean();
    for (const poll of open) await this.ctx.timers.schedule('poll_close', String(poll._id), poll.endsAt!, true);
  }

  async create(room: Room, actor: Actor, input: PollCreateInput) {
    await room.requireStatus('LIVE');
    const texts = input.type === 'true_false' ? (input.options ?? ['True', 'False']) : input.options!;
    if (input.type === 'true_false' && texts.length !== 2)
      throw new AppError('VALIDATION_ERROR', 'A true/false poll has two options', { options: ['exactly two'] });
    const now = new Date();
    const endsAt = input.duration_seconds ? new Date(now.getTime() + input.duration_seconds * 1000) : null;
    const doc = await Poll.create({
      seminar: room.seminarId,
      createdBy: actor.id,
      question: input.question,
      type: input.type,
      options: texts.map((text, i) => ({ id: `opt_${i + 1}`, text })),
      anonymous: input.anonymous,
      durationSeconds: input.duration_seconds ?? null,
      endsAt,
      showResultsAfter: input.show_results_after,
      showLiveResults: input.show_live_results,
    });
    const poll = doc.toObject() as PollLean;
    if (endsAt) await this.ctx.timers.schedule('poll_close', String(poll._id), endsAt);
    const view = publicPoll(poll);
    room.emit('poll_created', { poll: view });
    return { ...view, options: view.options.map((o) => ({ ...o, votes: 0 })) };
  }

  private async pollOf(room: Room, pollId: string): Promise<PollLean> {
    const poll = isValidObjectId(pollId) ? await loadPoll(pollId) : null;
    if (!poll || String(poll.seminar) !== room.seminarId) throw new AppError('NOT_FOUND', 'Poll not found');
    return poll;
  }

  private async openPollOf(room: Room, pollId: string): Promise<PollLean> {
    const cached = this.openPolls.get(pollId);
    if (cached && String(cached.seminar) === room.seminarId) return cached;
    const poll = await this.pollOf(room, pollId);
    if (poll.status !== 'active') throw new AppError('CONFLICT', 'The poll is closed');
    if (this.openPolls.size >= MAX_CACHED_POLLS) this.openPolls.delete(this.openPolls.keys().next().value!);
    this.openPolls.set(pollId, poll);
    return poll;
  }

  /** The poll and its room, checked against the caller's course (REST paths carry only the poll id). */
  async roomOfPoll(pollId: string, courseId: string): Promise<Room> {
    const poll = isValidObjectId(pollId) ? await Poll.findById(pollId, { seminar: 1 }).lean() : null;
    if (!poll) throw new AppError('NOT_FOUND', 'Poll not found');
    return this.rooms.get(String(poll.seminar), courseId);
  }

  async vote(room: Room, actor: Actor, pollId: string, optionIds: string[]) {
    const poll = await this.openPollOf(room, pollId);
    const chosen = checkVote(poll, optionIds);
    const answer = (await this.ctx.redis.eval(
      VOTE_SCRIPT,
      4,
      pollKey(pollId, 'votes'),
      pollKey(pollId, 'counts'),
      pollKey(pollId, 'closed'),
      room.key('learners'),
      actor.id,
      chosen.join(','),
    )) as -1 | [number, string[], number];
    if (answer === -1) {
      this.openPolls.delete(pollId);
      throw new AppError('CONFLICT', 'The poll is closed');
    }
    // Counts are already final in Redis: publish before the durable write so staff see it at once.
    const [responders, flat, learners] = answer;
    this.publishUpdate(room, poll, responders, countsFrom(flat, poll), learners);
    const submittedAt = new Date();
    await PollResponse.findOneAndUpdate(
      { poll: pollId, user: actor.id },
      { $set: { seminar: room.seminarId, userName: actor.name, optionIds: chosen, submittedAt } },
      { upsert: true },
    );
    await room.countActivity(actor.id, 'poll_vote');
    return { poll_id: pollId, option_ids: chosen, submitted_at: submittedAt.toISOString() };
  }

  private publishUpdate(room: Room, poll: PollLean, total: number, votes: number[], learners: number): void {
    const update = {
      poll_id: String(poll._id),
      total_responses: total,
      response_rate: learners === 0 ? 0 : Math.round((total / learners) * 100) / 100,
      options: poll.options.map((o, i) => ({ id: o.id, votes: votes[i] ?? 0 })),
    };
    if (poll.showLiveResults) room.emit('poll_response_update', update);
    else room.emitStaff('poll_response_update', update);
  }

  /** Counts from Redis, or from the stored responses when Redis no longer has them. */
  private async liveCounts(poll: PollLean): Promise<{ total: number; votes: number[] }> {
    const id = String(poll._id);
    const [total, flat] = await Promise.all([
      this.ctx.redis.hlen(pollKey(id, 'votes')),
      this.ctx.redis.hgetall(pollKey(id, 'counts')),
    ]);
    if (total > 0) return { total, votes: countsFrom(Object.entries(flat).flat(), poll) };
    const responses = await PollResponse.find({ poll: id }, { optionIds: 1 }).lean();
    const votes = poll.options.map((o) => responses.filter((r) => r.optionIds.includes(o.id)).length);
    return { total: responses.length, votes };
  }

  /** Closes once (first caller wins); later calls return the stored poll. */
  async close(pollId: string): Promise<PollLean | null> {
    if (!isValidObjectId(pollId)) return null;
    this.openPolls.delete(pollId);
    await this.ctx.redis.set(pollKey(pollId, 'closed'), '1', 'EX', KEEP_AFTER_CLOSE_S);
    const closing = await Poll.findOneAndUpdate(
      { _id: pollId, status: 'active' },
      { $set: { status: 'closed', closedAt: new Date() } },
      { new: true },
    ).lean();
    if (!closing) return loadPoll(pollId);
    await this.ctx.timers.cancel('poll_close', pollId);
    const { total, votes } = await this.liveCounts(closing);
    const room = await this.rooms.byId(String(closing.seminar));
    const eligible = Math.max(await room.learnerCount(), total);
    const closed = await Poll.findOneAndUpdate(
      { _id: pollId },
      { $set: { results: { totalResponses: total, eligible, votes } } },
      { new: true },
    ).lean();
    await this.ctx.redis.expire(pollKey(pollId, 'votes'), KEEP_AFTER_CLOSE_S);
    await this.ctx.redis.expire(pollKey(pollId, 'counts'), KEEP_AFTER_CLOSE_S);
    const results = Object.fromEntries(
      closing.options.map((o, i) => [
        o.id,
        { text: o.text, votes: votes[i]!, percentage: percentage(votes[i]!, total) },
      ]),
    );
    room.emitStaff('poll_closed', { poll_id: pollId, results, total_responses: total });
    room.emitLearners(
      'poll_closed',
      closing.showResultsAfter ? { poll_id: pollId, results, total_responses: total } : { poll_id: pollId },
    );
    return closed;
  }

  /** Seed 000 GET /polls/{id}/results; learners see counts only when the poll's settings allow it. */
  async results(room: Room, viewer: Actor, pollId: string) {
    const poll = await this.pollOf(room, pollId);
    const staff = isStaff(viewer.role);
    const allowed = staff || (poll.status === 'closed' ? poll.showResultsAfter : poll.showLiveResults);
    if (!allowed) throw new AppError('FORBIDDEN', 'Results of this poll are not shown to students');
    const { total, votes } =
      poll.status === 'closed' && poll.results?.votes?.length
        ? { total: poll.results.totalResponses, votes: poll.results.votes }
        : await this.liveCounts(poll);
    const eligible = poll.status === 'closed' ? (poll.results?.eligible ?? 0) : await room.learnerCount();
    const body: Record<string, unknown> = {
      id: pollId,
      question: poll.question,
      type: poll.type,
      status: poll.status,
      anonymous: poll.anonymous,
      total_responses: total,
      response_rate: eligible === 0 ? 0 : Math.round((total / eligible) * 100) / 100,
      options: poll.options.map((o, i) => ({
        id: o.id,
        text: o.text,
        votes: votes[i] ?? 0,
        percentage: percentage(votes[i] ?? 0, total),
      })),
    };
    if (staff && !poll.anonymous) {
      const responses = await PollResponse.find({ poll: pollId }).sort({ submittedAt: 1 }).lean();
      body.responses = responses.map((r) => ({
        user: { id: String(r.user), full_name: r.userName },
        option_ids: r.optionIds,
        submitted_at: r.submittedAt.toISOString(),
      }));
    }
    return body;
  }

  async list(room: Room) {
    const polls = await Poll.find({ seminar: room.seminarId }).sort({ _id: -1 }).limit(100).lean();
    return polls.map(publicPoll);
  }

  feature(): Feature {
    return {
      events: {
        poll_create: liveEvent({
          schema: pollCreateSchema,
          roles: STAFF,
          handle: async ({ room, actor }, p) => ({ poll: await this.create(room, actor, p) }),
        }),
        poll_vote: liveEvent({
          schema: pollVoteSchema.extend({ poll_id: objectId }),
          roles: ['learner'],
          rate: 'vote',
          handle: async ({ room, actor }, p) => this.vote(room, actor, p.poll_id, p.option_ids),
        }),
        poll_close: liveEvent({
          schema: z.object({ poll_id: objectId }),
          roles: STAFF,
          handle: async ({ room }, p) => {
            await this.pollOf(room, p.poll_id);
            await this.close(p.poll_id);
          },
        }),
        poll_results: liveEvent({
          schema: z.object({ poll_id: objectId }),
          handle: async ({ room, actor }, p) => ({ results: await this.results(room, actor, p.poll_id) }),
        }),
      },
      snapshot: async (room, viewer) => {
        const open = await Poll.find({ seminar: room.seminarId, status: 'active' }).lean();
        const polls = [];
        for (const poll of open) {
          const mine = await this.ctx.redis.hget(pollKey(String(poll._id), 'votes'), viewer.id);
          const view: Record<string, unknown> = { ...publicPoll(poll), my_option_ids: mine ? mine.split(',') : [] };
          if (isStaff(viewer.role) || poll.showLiveResults) {
            const { total, votes } = await this.liveCounts(poll);
            view.total_responses = total;
            view.options = poll.options.map((o, i) => ({ id: o.id, text: o.text, votes: votes[i] ?? 0 }));
          }
          polls.push(view);
        }
        return { polls };
      },
    };
  }
}
