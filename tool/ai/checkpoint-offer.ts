import { randomUUID } from 'node:crypto';
import { AiError, type AiClient } from './ai-client.js';
import type { CheckpointHit } from './checkpoint-spotting.js';
import { suggestCheckpointQuiz } from './checkpoint-suggestion.js';
import type { GeneratedQuiz } from './quiz-shape.js';
import { loadTranscript } from './transcript-recorder.js';

/** How much of what was just said the instructor sees with the suggestion. */
const EXCERPT_WINDOW_MS = 60_000;
const EXCERPT_CHARS = 300;

/** Why an assist produced nothing: a reason code for the UI and a message our code wrote (never provider text). */
export interface AssistFailure {
  reason: string;
  message: string;
}

/** The `checkpoint_suggestion` staff event: the heard phrase, what led to it and a quiz draft or why there is none. */
export interface CheckpointOffer {
  id: string;
  phrase: string;
  at: string;
  excerpt: string;
  quiz: GeneratedQuiz | null;
  error: AssistFailure | null;
}

/** An AiError's reason and message; anything else is an internal failure whose details stay in the log. */
export function assistFailure(err: unknown): AssistFailure {
  if (err instanceof AiError) {
    return { reason: (err.details.reason as string | undefined) ?? err.kind, message: err.message };
  }
  return { reason: 'internal', message: 'The AI assistant failed; see the server log' };
}

export interface CheckpointOfferInput {
  course: string;
  seminar: string;
  hit: CheckpointHit;
  windowMs: number;
}

/**
 * What the instructor is offered after a spotted check-in: a quiz drafted from the transcript window and the
 * materials. A provider failure, malformed model output or AI being off becomes `error`, so the offer
 * always arrives and never carries raw model output.
 */
export async function checkpointOffer(
  client: () => Promise<AiClient>,
  input: CheckpointOfferInput,
): Promise<CheckpointOffer> {
  const recent = await loadTranscript(input.seminar, input.hit.atMs - EXCERPT_WINDOW_MS);
  const offer = {
    id: randomUUID(),
    phrase: input.hit.phrase,
    at: new Date(input.hit.atMs).toISOString(),
    excerpt: recent
      .map((s) => s.text)
      .join(' ')
      .slice(-EXCERPT_CHARS),
  };
  try {
    const quiz = await suggestCheckpointQuiz(await client(), {
      course: input.course,
      seminar: input.seminar,
      nowMs: input.hit.atMs,
      windowMs: input.windowMs,
    });
    return { ...offer, quiz, error: null };
  } catch (err) {
    return { ...offer, quiz: null, error: assistFailure(err) };
  }
}
