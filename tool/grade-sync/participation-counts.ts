import type { ParticipationCounts } from '../../grading/index.js';
import type { ParticipationSummaryDoc } from '../store/index.js';

/** A participation summary in the shape of grading's participation score (offered = what the seminar ran). */
export function countsFromSummary(
  summary: Partial<ParticipationSummaryDoc> | undefined,
  offered: { polls: number; quizzes: number; quizzesAnswered: number },
): ParticipationCounts {
  return {
    talkSeconds: summary?.speakingSeconds ?? 0,
    chatMessages: summary?.chatMessages ?? 0,
    pollsAnswered: Math.min(summary?.pollVotes ?? 0, offered.polls),
    pollsOffered: offered.polls,
    quizzesAnswered: offered.quizzesAnswered,
    quizzesOffered: offered.quizzes,
    handRaises: summary?.handRaises ?? 0,
    pulseResponses: summary?.pulses ?? 0,
    questionActions: (summary?.questionsPosted ?? 0) + (summary?.questionUpvotes ?? 0),
  };
}
