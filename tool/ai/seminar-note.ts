import { SummaryNote } from '../store/index.js';
import type { AiClient } from './ai-client.js';
import { seminarMaterialTexts } from './checkpoint-suggestion.js';
import { draftSummary, type SummaryInput } from './summary-note.js';
import { loadTranscript } from './transcript-recorder.js';

export interface SeminarNoteInput {
  seminar: string;
  course: string;
  title: string;
  /** The live room's chat and Q&A, passed as plain data. */
  chat: SummaryInput['chat'];
  questions: SummaryInput['questions'];
}

/**
 * Builds (or rebuilds) the draft summary note of an ended seminar from its stored transcript and materials
 * plus the chat and Q&A given. Returns false, changing nothing, when the note is approved already: after
 * approval only the instructor's own edits change it.
 */
export async function draftSeminarNote(client: AiClient, input: SeminarNoteInput): Promise<boolean> {
  const existing = await SummaryNote.findOne({ seminar: input.seminar }).select({ status: 1 }).lean();
  if (existing?.status === 'approved') return false;
  const [segments, materials] = await Promise.all([loadTranscript(input.seminar), seminarMaterialTexts(input.seminar)]);
  const draft = await draftSummary(client, {
    course: input.course,
    title: input.title,
    transcript: segments.map((s) => s.text).join(' '),
    materialTexts: materials.texts,
    chat: input.chat,
    questions: input.questions,
  });
  await SummaryNote.findOneAndUpdate(
    { seminar: input.seminar, status: { $ne: 'approved' } },
    {
      course: input.course,
      status: 'draft',
      title: draft.title,
      summary: draft.summary,
      keyPoints: draft.key_points,
      unansweredQuestions: draft.unanswered_questions,
      selfTest: draft.self_test,
      materials: materials.ids,
      model: client.settings.model,
      failureReason: null,
    },
    { upsert: true },
  );
  return true;
}

/**
 * Records why no draft could be written (AI off, provider failure, malformed output) so staff see the reason
 * rather than nothing. An existing draft or approved note is left alone: a failed redraft loses no work.
 */
export async function recordNoteFailure(input: { seminar: string; course: string; title: string; reason: string }) {
  const existing = await SummaryNote.findOne({ seminar: input.seminar }).select({ status: 1 }).lean();
  if (existing && existing.status !== 'failed') return existing.status;
  await SummaryNote.findOneAndUpdate(
    { seminar: input.seminar },
    { course: input.course, status: 'failed', title: input.title, summary: '', failureReason: input.reason },
    { upsert: true },
  );
  return 'failed' as const;
}
