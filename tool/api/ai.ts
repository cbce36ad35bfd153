import { Router, type Request } from 'express';
import { isValidObjectId } from 'mongoose';
import { z } from 'zod';
import {
  AiError,
  canSeeNote,
  clusterQuestions,
  embeddingSimilarity,
  generatedQuestionSchema,
  draftSeminarNote,
  lexicalTextSimilarity,
  loadTranscript,
  suggestCheckpointQuiz,
  type AiScope,
  type AiService,
  type CheckpointOfferStore,
  type TextSimilarity,
} from '../ai/index.js';
import { requireRole } from '../http/auth.js';
import { AppError, parseOrThrow } from '../http/index.js';
import { Enrollment, SummaryNote } from '../store/index.js';
import { asyncHandler } from './async-handler.js';
import { ownSeminar, requireOwnCourse } from './session-scope.js';

const STAFF = ['instructor', 'ta'] as const;
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

const settingsBody = z.object({ enabled: z.boolean() });
const credentialBody = z.object({
  api_key: z.string().trim().min(8).max(500),
  // https only: an instructor must not point the server (and the key) at plain-http or internal endpoints.
  // A local OpenAI-compatible server is configured by the operator through OPENAI_BASE_URL instead.
  base_url: z.url({ protocol: /^https$/, message: 'must be an https URL' }).optional(),
  deployment_id: z.string().trim().min(1).max(255).optional(),
});
const usageQuery = z.object({ from: day.optional(), to: day.optional() });
const transcriptQuery = z.object({ since: z.iso.datetime({ offset: true }).optional() });
const suggestionParams = z.object({ suggestion_id: z.uuid() });
const checkpointBody = z.object({
  window_minutes: z.number().int().min(1).max(30).default(10),
  question_count: z.number().int().min(1).max(5).default(3),
});
const clusterBody = z.object({
  questions: z
    .array(
      z.object({
        id: z.string().min(1).max(100),
        text: z.string().trim().min(1).max(2000),
        upvotes: z.number().int().min(0).optional(),
      }),
    )
    .max(500),
});
const summaryBody = z.object({
  chat: z
    .array(z.object({ text: z.string().max(5000) }))
    .max(5000)
    .default([]),
  questions: z
    .array(z.object({ text: z.string().trim().min(1).max(2000), answered: z.boolean().default(false) }))
    .max(1000)
    .default([]),
});
const noteEdit = z
  .object({
    title: z.string().trim().min(1).max(255),
    summary: z.string().trim().min(1).max(20_000),
    key_points: z.array(z.string().trim().min(1).max(1000)).max(30),
    unanswered_questions: z.array(z.string().trim().min(1).max(1000)).max(50),
    self_test: z.array(generatedQuestionSchema).max(10),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

/** How AI failures reach clients: a code, a safe message and the reason; never a provider body or raw output. */
export function aiErrorToAppError(err: unknown): unknown {
  if (!(err instanceof AiError)) return err;
  const reason = (err.details.reason as string | undefined) ?? err.kind;
  switch (err.kind) {
    case 'not_configured':
    case 'disabled':
    case 'rate_limited':
      return new AppError('SERVICE_UNAVAILABLE', err.message, { reason });
    case 'no_context':
      return new AppError('CONFLICT', err.message, { reason });
    default:
      return new AppError('BAD_GATEWAY', err.message, { reason });
  }
}

/**
 * Learners and observers read a course's notes only while on its roster (an active Enrollment from a launch or
 * NRPS sync): absentees included, people who merely hold a token for the course but were dropped excluded.
 */
async function requireOnRoster(req: Request, course: string): Promise<void> {
  const user = req.session!.sub;
  const enrolled = isValidObjectId(user) && (await Enrollment.exists({ course, user, status: 'active' }));
  if (!enrolled) throw new AppError('FORBIDDEN', 'You are not on the roster of this course');
}

function scopeOf(req: Request): AiScope {
  return { course: req.session!.course, platform: req.session!.platform };
}

type NoteLean = NonNullable<Awaited<ReturnType<typeof findNote>>>;
function findNote(seminar: string) {
  return SummaryNote.findOne({ seminar }).lean();
}

function noteView(note: NoteLean) {
  return {
    id: String(note._id),
    session_id: String(note.seminar),
    status: note.status,
    failure_reason: note.failureReason ?? null,
    title: note.title,
    summary: note.summary,
    key_points: note.keyPoints,
    unanswered_questions: note.unansweredQuestions,
    self_test: note.selfTest,
    approved_at: note.approvedAt ? new Date(note.approvedAt).toISOString() : null,
    updated_at: new Date((note as unknown as { updatedAt: Date }).updatedAt).toISOString(),
  };
}

export interface AiRouterDeps {
  ai: AiService;
  checkpointOffers: Pick<CheckpointOfferStore, 'open' | 'dismiss'>;
}

/**
 * AI assistance (issue 11): status and switch, usage, provider keys, checkpoint quizzes and the open live
 * checkpoint offers, clustering, notes.
 */
export function aiRouter({ ai, checkpointOffers }: AiRouterDeps): Router {
  const router = Router();
  const run = (fn: (req: Request) => Promise<unknown>, status = 200) =>
    asyncHandler(async (req, res) => {
      try {
        res.status(status).json(await fn(req));
      } catch (err) {
        throw aiErrorToAppError(err);
      }
    });

  router.get(
    '/courses/:course_id/ai/status',
    run(async (req) => {
      requireOwnCourse(req, req.params.course_id!);
      return ai.status(scopeOf(req));
    }),
  );

  router.put(
    '/courses/:course_id/ai/settings',
    requireRole('instructor'),
    run(async (req) => {
      requireOwnCourse(req, req.params.course_id!);
      const body = parseOrThrow(settingsBody, req.body);
      await ai.setCourseEnabled(req.session!.course, body.enabled, req.session!.sub);
      return ai.status(scopeOf(req));
    }),
  );

  router.get(
    '/courses/:course_id/ai/usage',
    requireRole(...STAFF),
    run(async (req) => {
      requireOwnCourse(req, req.params.course_id!);
      const q = parseOrThrow(usageQuery, req.query);
      const today = new Date().toISOString().slice(0, 10);
      return ai.usage(req.session!.course, q.from ?? `${today.slice(0, 8)}01`, q.to ?? today);
    }),
  );

  router.put(
    '/ai/credentials',
    requireRole('instructor'),
    run(async (req) => {
      const body = parseOrThrow(credentialBody, req.body);
      const { key_hint } = await ai.setPlatformKey({
        platform: req.session!.platform,
        deploymentId: body.deployment_id,
        apiKey: body.api_key,
        baseUrl: body.base_url,
        by: req.session!.sub,
      });
      return { platform: req.session!.platform, deployment_id: body.deployment_id ?? null, key_hint };
    }),
  );

  router.get(
    '/sessions/:session_id/transcript',
    requireRole(...STAFF),
    run(async (req) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      const q = parseOrThrow(transcriptQuery, req.query);
      const segments = await loadTranscript(String(seminar._id), q.since ? Date.parse(q.since) : 0);
      return {
        session_id: String(seminar._id),
        segments: segments.map((s) => ({
          text: s.text,
          start: new Date(s.startMs).toISOString(),
          end: new Date(s.endMs).toISOString(),
        })),
      };
    }),
  );

  router.post(
    '/sessions/:session_id/ai/checkpoint-quiz',
    requireRole(...STAFF),
    run(async (req) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      const body = parseOrThrow(checkpointBody, req.body ?? {});
      const quiz = await suggestCheckpointQuiz(await ai.clientFor(scopeOf(req)), {
        course: req.session!.course,
        seminar: String(seminar._id),
        nowMs: Date.now(),
        windowMs: body.window_minutes * 60_000,
        questionCount: body.question_count,
      });
      return { session_id: String(seminar._id), is_ai_generated: true, quiz };
    }),
  );

  router.get(
    '/sessions/:session_id/ai/checkpoint-suggestions',
    requireRole(...STAFF),
    run(async (req) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      return { suggestions: await checkpointOffers.open(String(seminar._id)) };
    }),
  );

  router.delete(
    '/sessions/:session_id/ai/checkpoint-suggestions/:suggestion_id',
    requireRole(...STAFF),
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      const { suggestion_id } = parseOrThrow(suggestionParams, req.params);
      if (!(await checkpointOffers.dismiss(String(seminar._id), suggestion_id)))
        throw new AppError('NOT_FOUND', 'No such open checkpoint suggestion');
      res.status(204).end();
    }),
  );

  router.post(
    '/sessions/:session_id/questions/cluster',
    requireRole(...STAFF),
    run(async (req) => {
      await ownSeminar(req, req.params.session_id!);
      const body = parseOrThrow(clusterBody, req.body);
      let similarity: TextSimilarity = lexicalTextSimilarity;
      if ((await ai.status(scopeOf(req))).assists.qa_clustering.method === 'embeddings') {
        const client = await ai.clientFor(scopeOf(req));
        const ctx = { course: req.session!.course, feature: 'embeddings' as const };
        similarity = embeddingSimilarity('embeddings', (texts) => client.embed(ctx, texts));
      }
      const { method, clusters } = await clusterQuestions(body.questions, { similarity });
      return {
        method,
        clusters: clusters.map((c) => ({
          representative: c.representative,
          question_ids: c.questionIds,
          size: c.size,
        })),
      };
    }),
  );

  router.post(
    '/sessions/:session_id/summary-note',
    requireRole('instructor'),
    run(async (req) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      const body = parseOrThrow(summaryBody, req.body ?? {});
      const drafted = await draftSeminarNote(await ai.clientFor(scopeOf(req)), {
        seminar: String(seminar._id),
        course: String(seminar.course),
        title: seminar.title,
        chat: body.chat,
        questions: body.questions,
      });
      if (!drafted) throw new AppError('CONFLICT', 'The note is approved already; edit it instead');
      return noteView((await findNote(String(seminar._id)))!);
    }, 201),
  );

  router.get(
    '/sessions/:session_id/summary-note',
    run(async (req) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      if (!STAFF.some((r) => r === req.session!.role)) await requireOnRoster(req, String(seminar.course));
      const note = await findNote(String(seminar._id));
      // A learner cannot tell a draft from no note at all.
      if (!note || !canSeeNote(req.session!.role, note.status)) throw new AppError('NOT_FOUND', 'No summary note yet');
      return noteView(note);
    }),
  );

  router.patch(
    '/sessions/:session_id/summary-note',
    requireRole('instructor'),
    run(async (req) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      const edit = parseOrThrow(noteEdit, req.body);
      const current = await findNote(String(seminar._id));
      if (!current) throw new AppError('NOT_FOUND', 'No summary note yet');
      // The instructor writing the summary of a note the AI could not draft turns it into a normal draft.
      const written = current.status === 'failed' && edit.summary !== undefined;
      const note = await SummaryNote.findOneAndUpdate(
        { seminar: seminar._id },
        {
          ...(written && { status: 'draft', failureReason: null }),
          ...(edit.title !== undefined && { title: edit.title }),
          ...(edit.summary !== undefined && { summary: edit.summary }),
          ...(edit.key_points !== undefined && { keyPoints: edit.key_points }),
          ...(edit.unanswered_questions !== undefined && { unansweredQuestions: edit.unanswered_questions }),
          ...(edit.self_test !== undefined && { selfTest: edit.self_test }),
          editedBy: req.session!.sub,
        },
        { new: true },
      ).lean();
      return noteView(note!);
    }),
  );

  router.post(
    '/sessions/:session_id/summary-note/approve',
    requireRole('instructor'),
    run(async (req) => {
      const seminar = await ownSeminar(req, req.params.session_id!);
      const current = await findNote(String(seminar._id));
      if (!current) throw new AppError('NOT_FOUND', 'No summary note yet');
      if (current.status === 'failed') {
        throw new AppError('CONFLICT', 'The AI could not draft this note; write the summary before approving', {
          reason: current.failureReason,
        });
      }
      const note = await SummaryNote.findOneAndUpdate(
        { seminar: seminar._id },
        { status: 'approved', approvedAt: new Date(), approvedBy: req.session!.sub },
        { new: true },
      ).lean();
      return noteView(note!);
    }),
  );

  return router;
}
