import type { Types } from 'mongoose';
import { participationScore, type ParticipationCounts, type ParticipationSettings } from '../../grading/index.js';
import { countsFromSummary, seminarParticipationSettings } from '../grade-sync/index.js';
import { ParticipationSummary, Poll, Quiz, QuizSubmission, type ParticipationSummaryDoc } from '../store/index.js';

/** What a seminar offered to answer: the denominators of the poll and quiz components. */
export interface SeminarOffer {
  polls: number;
  quizIds: Types.ObjectId[];
}

export type SummaryLean = ParticipationSummaryDoc & { _id: Types.ObjectId };

export async function seminarOffer(seminarId: string | Types.ObjectId): Promise<SeminarOffer> {
  const [polls, quizzes] = await Promise.all([
    Poll.countDocuments({ seminar: seminarId }),
    Quiz.find({ seminar: seminarId, status: { $ne: 'draft' } }, { _id: 1 }).lean(),
  ]);
  return { polls, quizIds: quizzes.map((q) => q._id) };
}

/** Submissions per user to the given quizzes (bounded by quizzes × roster, never by events). */
export async function quizzesAnswered(quizIds: readonly Types.ObjectId[]): Promise<Map<string, number>> {
  const answered = new Map<string, number>();
  if (quizIds.length === 0) return answered;
  const submissions = await QuizSubmission.find({ quiz: { $in: quizIds } }, { user: 1 }).lean();
  for (const s of submissions) answered.set(String(s.user), (answered.get(String(s.user)) ?? 0) + 1);
  return answered;
}

/**
 * One user's seminar counts and grading's participation score under the seminar's settings (the same number
 * grade sync posts when it publishes with those settings).
 */
export function scoreFromSummary(
  summary: Partial<ParticipationSummaryDoc> | undefined,
  offer: SeminarOffer,
  answered: number,
  settings: ParticipationSettings,
): { counts: ParticipationCounts; score: number } {
  const counts = countsFromSummary(summary, {
    polls: offer.polls,
    quizzes: offer.quizIds.length,
    quizzesAnswered: Math.min(answered, offer.quizIds.length),
  });
  return { counts, score: participationScore(counts, settings).score };
}

export interface UserScore {
  summary?: SummaryLean;
  counts: ParticipationCounts;
  score: number;
}

/**
 * Summaries of a seminar with their scores, keyed by user (`userIds` always get a row, with zeros when they
 * did nothing): one indexed read of summaries (O(people), not O(events)) plus polls, quizzes, submissions and
 * the seminar's settings, read each time so a change of weights shows in the next report or tick.
 */
export async function seminarScores(
  seminarId: string | Types.ObjectId,
  userIds?: readonly string[],
): Promise<{ offer: SeminarOffer; byUser: Map<string, UserScore> }> {
  const [offer, settings, summaries] = await Promise.all([
    seminarOffer(seminarId),
    seminarParticipationSettings(seminarId),
    ParticipationSummary.find({ seminar: seminarId, ...(userIds ? { user: { $in: userIds } } : {}) }).lean(),
  ]);
  const answered = await quizzesAnswered(offer.quizIds);
  const summaryOf = new Map(summaries.map((s) => [String(s.user), s as SummaryLean]));
  const byUser = new Map<string, UserScore>();
  for (const id of new Set([...(userIds ?? []), ...summaryOf.keys()])) {
    const summary = summaryOf.get(id);
    byUser.set(id, { summary, ...scoreFromSummary(summary, offer, answered.get(id) ?? 0, settings) });
  }
  return { offer, byUser };
}
