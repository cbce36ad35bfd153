import { z } from 'zod';
import type { Role } from '../../launch/index.js';
import type { SummaryNoteStatus } from '../store/index.js';
import type { AiClient } from './ai-client.js';
import { relevantMaterial } from './context-window.js';
import { generatedQuestionSchema, QUESTION_SHAPE_FOR_PROMPT } from './quiz-shape.js';

/** The plain inputs of a summary: the live-room data is passed in, not read here. */
export interface SummaryInput {
  course: string;
  title: string;
  transcript: string;
  materialTexts: readonly string[];
  chat: readonly { text: string }[];
  questions: readonly { text: string; answered: boolean }[];
}

export const summaryDraftSchema = z.object({
  title: z.string().trim().min(1).max(255),
  summary: z.string().trim().min(1).max(20_000),
  key_points: z.array(z.string().trim().min(1).max(1000)).min(1).max(15),
  unanswered_questions: z.array(z.string().trim().min(1).max(1000)).max(30).default([]),
  self_test: z.array(generatedQuestionSchema).min(1).max(5),
});
export type SummaryDraft = z.infer<typeof summaryDraftSchema>;

const TRANSCRIPT_BUDGET_CHARS = 24_000;
const MATERIAL_BUDGET_CHARS = 8000;
const CHAT_BUDGET = 100;

/** Keeps the beginning and the end of a long transcript: introductions and wrap-ups carry the structure. */
function clip(text: string, budget: number): string {
  if (text.length <= budget) return text;
  const half = Math.floor(budget / 2);
  return `${text.slice(0, half)}\n[…]\n${text.slice(-half)}`;
}

export function summaryPrompt(input: SummaryInput) {
  const material = relevantMaterial(input.materialTexts, input.transcript, MATERIAL_BUDGET_CHARS);
  const open = input.questions.filter((q) => !q.answered).map((q) => `- ${q.text}`);
  const answered = input.questions.filter((q) => q.answered).map((q) => `- ${q.text}`);
  return {
    system: [
      'You write the study note of a finished live class for attendees and absent students. Answer with one JSON',
      'object only: {"title":"…","summary":"… (markdown)","key_points":["…"],"unanswered_questions":["…"],',
      '"self_test":[…2 to 5 questions…]}',
      QUESTION_SHAPE_FOR_PROMPT,
      'unanswered_questions lists the open student questions (merge duplicates). Write in the language of the class.',
    ].join('\n'),
    user: [
      `Class: ${input.title}`,
      `Transcript:\n"""${clip(input.transcript, TRANSCRIPT_BUDGET_CHARS)}"""`,
      material ? `Teaching material:\n"""${material}"""` : '',
      input.chat.length
        ? `Chat:\n${input.chat
            .slice(-CHAT_BUDGET)
            .map((m) => `- ${m.text}`)
            .join('\n')}`
        : '',
      open.length ? `Open student questions:\n${open.join('\n')}` : '',
      answered.length ? `Answered student questions:\n${answered.join('\n')}` : '',
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}

export async function draftSummary(client: AiClient, input: SummaryInput): Promise<SummaryDraft> {
  return client.chatJson({ course: input.course, feature: 'summary' }, summaryDraftSchema, summaryPrompt(input));
}

/**
 * Staff see drafts (and failed notes) to review them; learners and observers (attendees or absentees) only
 * the approved note. Whether the reader is on the course roster at all is the caller's check.
 */
export function canSeeNote(role: Role, status: SummaryNoteStatus): boolean {
  return status === 'approved' || role === 'instructor' || role === 'ta';
}
