import { ChatMessage, Question, TranscriptSegment, type SummaryNoteStatus } from '../store/index.js';
import { AiError, type AiClient } from './ai-client.js';
import { assistFailure, type AssistFailure } from './checkpoint-offer.js';
import { draftSeminarNote, recordNoteFailure } from './seminar-note.js';

/** The summary prompt reads at most the last 100 chat lines; a little more is loaded for deleted ones. */
const CHAT_LINES = 150;
const QUESTIONS = 200;

/**
 * What learners discussed: main-room public chat (not breakout or private staff conversations, which were
 * never meant for the whole class) and the visible Q&A questions with their answered flag.
 */
export async function seminarDiscussion(seminar: string) {
  const [chat, questions] = await Promise.all([
    ChatMessage.find({ seminar, breakout: null, privateWith: null, deletedAt: null }, { text: 1 })
      .sort({ _id: -1 })
      .limit(CHAT_LINES)
      .lean(),
    Question.find({ seminar, hidden: false }, { text: 1, answered: 1 }).sort({ _id: 1 }).limit(QUESTIONS).lean(),
  ]);
  return {
    chat: chat
      .reverse()
      .filter((m) => m.text.trim())
      .map((m) => ({ text: m.text })),
    questions: questions.map((q) => ({ text: q.text, answered: q.answered })),
  };
}

export interface SessionSummaryResult {
  status: SummaryNoteStatus;
  failure?: AssistFailure;
}

/**
 * The end-of-session note of an ended seminar: a draft from transcript, materials, chat and Q&A, or a `failed`
 * note saying why (AI off for the course, provider error, malformed output, a session where nothing was said
 * — materials alone would only make a summary of the slides). An approved note is never touched.
 */
export async function summarizeEndedSeminar(
  client: () => Promise<AiClient>,
  input: { seminar: string; course: string; title: string },
): Promise<SessionSummaryResult> {
  try {
    const ai = await client();
    const discussion = await seminarDiscussion(input.seminar);
    const silent = discussion.chat.length === 0 && discussion.questions.length === 0;
    if (silent && !(await TranscriptSegment.exists({ seminar: input.seminar }))) {
      throw new AiError('no_context', 'Nothing was said, written or asked in this session to summarise', {
        reason: 'no_context',
      });
    }
    const drafted = await draftSeminarNote(ai, { ...input, ...discussion });
    return { status: drafted ? 'draft' : 'approved' };
  } catch (err) {
    const failure = assistFailure(err);
    const status = await recordNoteFailure({ ...input, reason: failure.reason });
    return { status, failure };
  }
}
