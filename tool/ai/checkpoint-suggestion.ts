import { Material } from '../store/index.js';
import type { AiClient } from './ai-client.js';
import { generateCheckpointQuiz } from './quiz-generation.js';
import type { GeneratedQuiz } from './quiz-shape.js';
import { loadTranscript } from './transcript-recorder.js';

/** The extracted text of a seminar's materials, oldest first, with their ids. */
export async function seminarMaterialTexts(seminar: string): Promise<{ ids: string[]; texts: string[] }> {
  const materials = await Material.find({ seminar }).sort({ createdAt: 1 }).select({ text: 1 }).lean();
  return { ids: materials.map((m) => String(m._id)), texts: materials.map((m) => m.text) };
}

export interface CheckpointSuggestionInput {
  course: string;
  seminar: string;
  nowMs: number;
  windowMs: number;
  questionCount?: number;
}

/**
 * A checkpoint quiz for the instructor to edit and fire: the stored transcript of the last `windowMs` plus
 * the seminar's materials. Called from REST and, on a spotted check-in, by whoever relays suggestions to
 * the instructor (the live room).
 */
export async function suggestCheckpointQuiz(
  client: AiClient,
  input: CheckpointSuggestionInput,
): Promise<GeneratedQuiz> {
  const [segments, materials] = await Promise.all([
    loadTranscript(input.seminar, input.nowMs - input.windowMs),
    seminarMaterialTexts(input.seminar),
  ]);
  return generateCheckpointQuiz(client, {
    course: input.course,
    segments,
    materialTexts: materials.texts,
    nowMs: input.nowMs,
    windowMs: input.windowMs,
    questionCount: input.questionCount,
  });
}
