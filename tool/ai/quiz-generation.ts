import { AiError, type AiClient } from './ai-client.js';
import type { SpokenSegment } from './checkpoint-spotting.js';
import { recentTranscript, relevantMaterial } from './context-window.js';
import { generatedQuizSchema, QUESTION_SHAPE_FOR_PROMPT, type GeneratedQuiz } from './quiz-shape.js';

export const DEFAULT_QUIZ_WINDOW_MS = 10 * 60_000;
const MIN_TRANSCRIPT_CHARS = 40;
const MATERIAL_BUDGET_CHARS = 6000;

export interface CheckpointQuizInput {
  course: string;
  segments: readonly SpokenSegment[];
  materialTexts: readonly string[];
  nowMs: number;
  windowMs?: number;
  questionCount?: number;
}

export function checkpointQuizPrompt(transcript: string, material: string, questionCount: number) {
  return {
    system: [
      'You write short checkpoint quizzes for a live class. Answer with one JSON object only:',
      '{"title":"…","questions":[…]}',
      QUESTION_SHAPE_FOR_PROMPT,
      'Ask only about what the instructor just explained. Write in the language of the transcript.',
      'Prefer single_choice and true_false; at most one short_answer. Option indexes start at 0.',
    ].join('\n'),
    user: [
      `Write ${questionCount} question(s).`,
      `Transcript of the last minutes:\n"""${transcript}"""`,
      material ? `Related teaching material:\n"""${material}"""` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}

/**
 * A checkpoint quiz from the last 5–10 minutes of transcript and the closest material passages (seed 004
 * step 3). The result is a suggestion the instructor edits; nothing is published here.
 */
export async function generateCheckpointQuiz(client: AiClient, input: CheckpointQuizInput): Promise<GeneratedQuiz> {
  const transcript = recentTranscript(input.segments, input.nowMs, input.windowMs ?? DEFAULT_QUIZ_WINDOW_MS);
  const material = relevantMaterial(input.materialTexts, transcript, MATERIAL_BUDGET_CHARS);
  if (transcript.length < MIN_TRANSCRIPT_CHARS && !material) {
    throw new AiError('no_context', 'Not enough transcript or material yet to write a quiz from', {
      reason: 'no_context',
    });
  }
  const prompt = checkpointQuizPrompt(transcript, material, input.questionCount ?? 3);
  return client.chatJson({ course: input.course, feature: 'quiz' }, generatedQuizSchema, prompt);
}
