import { z } from 'zod';

/** One student's activity in one seminar, as counted by the participation pipeline. */
export const participationCountsSchema = z.object({
  talkSeconds: z.number().min(0),
  chatMessages: z.number().int().min(0),
  pollsAnswered: z.number().int().min(0),
  pollsOffered: z.number().int().min(0),
  quizzesAnswered: z.number().int().min(0),
  quizzesOffered: z.number().int().min(0),
  handRaises: z.number().int().min(0),
  pulseResponses: z.number().int().min(0),
  /** Questions asked plus upvotes given in Q&A. */
  questionActions: z.number().int().min(0),
});
export type ParticipationCounts = z.infer<typeof participationCountsSchema>;

const COMPONENTS = ['talk', 'chat', 'polls', 'quizzes', 'hands', 'pulse', 'questions'] as const;
export type ParticipationComponent = (typeof COMPONENTS)[number];

const weight = z.number().min(0);
const target = z.number().positive();

/**
 * Per-seminar settings. Weights are relative (normalised over the components that apply); targets are
 * the counts at which a component saturates. The defaults reproduce seed 000's example row (180 s talk,
 * 8 chats, 4/4 polls, 1/1 quiz, 2 hands, no pulse or Q&A → 92.5). Objects are strict so a misspelt key is
 * refused rather than silently dropped, and all-zero weights are refused because every score would be 0.
 */
export const participationSettingsSchema = z.strictObject({
  weights: z
    .strictObject({
      talk: weight,
      chat: weight,
      polls: weight,
      quizzes: weight,
      hands: weight,
      pulse: weight,
      questions: weight,
    })
    .refine((weights) => Object.values(weights).some((w) => w > 0), { message: 'at least one weight must be above 0' }),
  targets: z.strictObject({
    talkSeconds: target,
    chatMessages: target,
    handRaises: target,
    pulseResponses: target,
    questionActions: target,
  }),
});
export type ParticipationSettings = z.infer<typeof participationSettingsSchema>;

export const DEFAULT_PARTICIPATION_SETTINGS: ParticipationSettings = {
  weights: { talk: 0.3, chat: 0.2, polls: 0.15, quizzes: 0.15, hands: 0.125, pulse: 0.025, questions: 0.05 },
  targets: { talkSeconds: 120, chatMessages: 5, handRaises: 2, pulseResponses: 3, questionActions: 2 },
};

export interface ParticipationScore {
  /** 0–100, one decimal. */
  score: number;
  /** Each applicable component in [0, 1]; polls/quizzes are absent when none were offered. */
  components: Partial<Record<ParticipationComponent, number>>;
}

const saturate = (value: number, target: number) => Math.min(1, value / target);
const share = (answered: number, offered: number) => (offered > 0 ? Math.min(1, answered / offered) : undefined);

export function participationScore(
  counts: ParticipationCounts,
  settings: ParticipationSettings = DEFAULT_PARTICIPATION_SETTINGS,
): ParticipationScore {
  const { targets, weights } = settings;
  const all: Record<ParticipationComponent, number | undefined> = {
    talk: saturate(counts.talkSeconds, targets.talkSeconds),
    chat: saturate(counts.chatMessages, targets.chatMessages),
    polls: share(counts.pollsAnswered, counts.pollsOffered),
    quizzes: share(counts.quizzesAnswered, counts.quizzesOffered),
    hands: saturate(counts.handRaises, targets.handRaises),
    pulse: saturate(counts.pulseResponses, targets.pulseResponses),
    questions: saturate(counts.questionActions, targets.questionActions),
  };
  const components: Partial<Record<ParticipationComponent, number>> = {};
  let weighted = 0;
  let totalWeight = 0;
  for (const name of COMPONENTS) {
    const value = all[name];
    if (value === undefined) continue;
    components[name] = value;
    weighted += weights[name] * value;
    totalWeight += weights[name];
  }
  const score = totalWeight > 0 ? Math.round((1000 * weighted) / totalWeight) / 10 : 0;
  return { score, components };
}
