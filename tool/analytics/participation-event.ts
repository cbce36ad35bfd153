import { z } from 'zod';

/** Every countable act in a seminar (issue: one participation-event pipeline). */
export const PARTICIPATION_EVENT_TYPES = [
  'join',
  'leave',
  'speak',
  'chat',
  'poll_vote',
  'quiz_answer',
  'hand_raise',
  'reaction',
  'pulse',
  'question_post',
  'question_upvote',
  'whiteboard_edit',
] as const;
export type ParticipationEventType = (typeof PARTICIPATION_EVENT_TYPES)[number];

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'expected an ObjectId');

export const participationEventSchema = z.object({
  type: z.enum(PARTICIPATION_EVENT_TYPES),
  seminarId: objectId,
  courseId: objectId,
  userId: objectId,
  at: z.date(),
  /** speak: seconds spoken; quiz_answer: score in percent; pulse: 1 understand / 0 confused. */
  value: z.number().finite().optional(),
  /** quiz_answer: whether the answer was correct. */
  correct: z.boolean().optional(),
});
export type ParticipationEvent = z.infer<typeof participationEventSchema>;

/** Per-user, per-seminar counters kept incrementally; field names are the summary document's. */
export const SUMMARY_COUNTERS = [
  'joins',
  'speakingSeconds',
  'speakTurns',
  'chatMessages',
  'pollVotes',
  'quizAnswers',
  'quizCorrect',
  'quizScoreSum',
  'handRaises',
  'reactions',
  'pulses',
  'pulseConfused',
  'questionsPosted',
  'questionUpvotes',
  'whiteboardEdits',
] as const;
export type SummaryCounter = (typeof SUMMARY_COUNTERS)[number];
export type SummaryIncrement = Partial<Record<SummaryCounter, number>>;

/**
 * What one event adds to its user's summary. `leave` adds nothing (presence time comes from attendance), and
 * only acts a person chose count as activity for the inactivity rule.
 */
export function summaryIncrement(event: ParticipationEvent): { inc: SummaryIncrement; isActivity: boolean } {
  switch (event.type) {
    case 'join':
      return { inc: { joins: 1 }, isActivity: false };
    case 'leave':
      return { inc: {}, isActivity: false };
    case 'speak':
      return { inc: { speakingSeconds: Math.max(0, event.value ?? 0), speakTurns: 1 }, isActivity: true };
    case 'chat':
      return { inc: { chatMessages: 1 }, isActivity: true };
    case 'poll_vote':
      return { inc: { pollVotes: 1 }, isActivity: true };
    case 'quiz_answer':
      return {
        inc: { quizAnswers: 1, quizCorrect: event.correct ? 1 : 0, quizScoreSum: event.value ?? 0 },
        isActivity: true,
      };
    case 'hand_raise':
      return { inc: { handRaises: 1 }, isActivity: true };
    case 'reaction':
      return { inc: { reactions: 1 }, isActivity: true };
    case 'pulse':
      return { inc: { pulses: 1, pulseConfused: event.value === 0 ? 1 : 0 }, isActivity: true };
    case 'question_post':
      return { inc: { questionsPosted: 1 }, isActivity: true };
    case 'question_upvote':
      return { inc: { questionUpvotes: 1 }, isActivity: true };
    case 'whiteboard_edit':
      return { inc: { whiteboardEdits: 1 }, isActivity: true };
  }
}

/** Folds a batch into one increment per (seminar, user), so a flush is one bulk write per person. */
export function foldIncrements(
  events: readonly ParticipationEvent[],
): Map<string, { seminarId: string; courseId: string; userId: string; inc: SummaryIncrement; lastActivityAt?: Date }> {
  const folded = new Map<
    string,
    { seminarId: string; courseId: string; userId: string; inc: SummaryIncrement; lastActivityAt?: Date }
  >();
  for (const event of events) {
    const key = `${event.seminarId}|${event.userId}`;
    const entry = folded.get(key) ?? {
      seminarId: event.seminarId,
      courseId: event.courseId,
      userId: event.userId,
      inc: {},
    };
    const { inc, isActivity } = summaryIncrement(event);
    for (const [field, amount] of Object.entries(inc) as [SummaryCounter, number][]) {
      entry.inc[field] = (entry.inc[field] ?? 0) + amount;
    }
    if (isActivity && (!entry.lastActivityAt || event.at > entry.lastActivityAt)) entry.lastActivityAt = event.at;
    folded.set(key, entry);
  }
  return folded;
}
