import { isValidObjectId, Types } from 'mongoose';
import { z } from 'zod';
import { AppError } from '../http/index.js';
import { Question, QuestionVote } from '../store/index.js';
import { liveEvent } from './events.js';
import type { Feature } from './feature.js';
import { LIMITS } from './limits.js';
import { isStaff, PARTICIPANTS, STAFF, type Room } from './room.js';
import { objectId, plainText } from './sanitize.js';
import { textSimilarity } from './similarity.js';

export interface ClusterCandidate {
  id: string;
  text: string;
  cluster: string;
}

/**
 * Picks the similar-question group a new question joins, or null for a new group. The lexical one is the
 * default; the grading module's embedding clusterer can replace it through createLive's `clusterer`.
 */
export interface QuestionClusterer {
  assign(text: string, existing: readonly ClusterCandidate[]): Promise<string | null>;
}

export const LEXICAL_SIMILARITY_THRESHOLD = 0.55;

export function lexicalClusterer(threshold = LEXICAL_SIMILARITY_THRESHOLD): QuestionClusterer {
  return {
    async assign(text, existing) {
      let best: ClusterCandidate | null = null;
      let bestScore = threshold;
      for (const candidate of existing) {
        const score = textSimilarity(text, candidate.text);
        if (score >= bestScore) [best, bestScore] = [candidate, score];
      }
      return best?.cluster ?? null;
    },
  };
}

type QuestionLean = {
  _id: Types.ObjectId;
  text: string;
  upvotes: number;
  answered: boolean;
  hidden: boolean;
  cluster?: string | null;
  createdAt: Date;
};

/** The only shape a question leaves the server in: never its author. */
export function publicQuestion(q: QuestionLean) {
  return {
    id: String(q._id),
    text: q.text,
    upvotes: q.upvotes,
    answered: q.answered,
    hidden: q.hidden,
    cluster_id: q.cluster ?? String(q._id),
    created_at: new Date(q.createdAt).toISOString(),
  };
}

/** Most upvoted first, then oldest first; hidden ones only for staff. */
export async function listQuestions(room: Room, staff: boolean) {
  const filter: Record<string, unknown> = { seminar: room.seminarId };
  if (!staff) filter.hidden = false;
  const docs = (await Question.find(filter)
    .sort({ upvotes: -1, _id: 1 })
    .limit(LIMITS.questionsListed)
    .lean()) as unknown as QuestionLean[];
  const questions = docs.map(publicQuestion);
  const groups = new Map<string, { cluster_id: string; question_ids: string[]; upvotes: number }>();
  for (const q of questions) {
    const group = groups.get(q.cluster_id) ?? { cluster_id: q.cluster_id, question_ids: [], upvotes: 0 };
    group.question_ids.push(q.id);
    group.upvotes += q.upvotes;
    groups.set(q.cluster_id, group);
  }
  return { questions, groups: [...groups.values()].sort((a, b) => b.upvotes - a.upvotes) };
}

async function findQuestion(room: Room, id: string) {
  const q = isValidObjectId(id) ? await Question.findOne({ _id: id, seminar: room.seminarId }) : null;
  if (!q) throw new AppError('NOT_FOUND', 'Question not found');
  return q;
}

/** Learners see a hidden question disappear; staff see it flagged. */
function publishChange(room: Room, q: QuestionLean): void {
  const view = publicQuestion(q);
  room.emitStaff('question_updated', { question: view });
  if (q.hidden) room.emitLearners('question_removed', { question_id: view.id });
  else room.emitLearners('question_updated', { question: view });
}

/** Anonymous Q&A (seed 004): ask, upvote once, staff mark answered or hide, similar questions grouped. */
export function questionsFeature(clusterer: QuestionClusterer): Feature {
  return {
    events: {
      question_ask: liveEvent({
        schema: z.object({ text: plainText(LIMITS.questionChars) }),
        roles: PARTICIPANTS,
        rate: 'question',
        async handle({ room, actor }, p) {
          await room.requireStatus('LIVE');
          const recent = await Question.find({ seminar: room.seminarId, hidden: false }, { text: 1, cluster: 1 })
            .sort({ _id: -1 })
            .limit(LIMITS.questionsListed)
            .lean();
          const id = new Types.ObjectId();
          const cluster = await clusterer.assign(
            p.text,
            recent.map((q) => ({ id: String(q._id), text: q.text, cluster: q.cluster ?? String(q._id) })),
          );
          const doc = await Question.create({
            _id: id,
            seminar: room.seminarId,
            author: actor.id,
            text: p.text,
            cluster: cluster ?? String(id),
          });
          const question = publicQuestion(doc.toObject() as unknown as QuestionLean);
          room.emit('question_posted', { question });
          await room.countActivity(actor.id, 'question_post');
          return { question };
        },
      }),

      question_upvote: liveEvent({
        schema: z.object({ question_id: objectId }),
        roles: PARTICIPANTS,
        rate: 'vote',
        async handle({ room, actor }, p) {
          const q = await findQuestion(room, p.question_id);
          if (q.hidden) throw new AppError('NOT_FOUND', 'Question not found');
          const vote = await QuestionVote.updateOne(
            { question: q._id, user: actor.id },
            { $setOnInsert: { seminar: room.seminarId } },
            { upsert: true },
          );
          if (vote.upsertedCount !== 1) return { counted: false, upvotes: q.upvotes };
          const updated = await Question.findOneAndUpdate(
            { _id: q._id },
            { $inc: { upvotes: 1 } },
            { new: true },
          ).lean();
          publishChange(room, updated as unknown as QuestionLean);
          await room.countActivity(actor.id, 'question_upvote');
          return { counted: true, upvotes: updated!.upvotes };
        },
      }),

      question_answer: liveEvent({
        schema: z.object({ question_id: objectId, answered: z.boolean().default(true) }),
        roles: STAFF,
        async handle({ room }, p) {
          await findQuestion(room, p.question_id);
          const updated = await Question.findOneAndUpdate(
            { _id: p.question_id },
            { $set: { answered: p.answered, answeredAt: p.answered ? new Date() : null } },
            { new: true },
          ).lean();
          publishChange(room, updated as unknown as QuestionLean);
        },
      }),

      question_hide: liveEvent({
        schema: z.object({ question_id: objectId, hidden: z.boolean().default(true) }),
        roles: STAFF,
        async handle({ room }, p) {
          await findQuestion(room, p.question_id);
          const updated = await Question.findOneAndUpdate(
            { _id: p.question_id },
            { $set: { hidden: p.hidden } },
            { new: true },
          ).lean();
          publishChange(room, updated as unknown as QuestionLean);
        },
      }),

      question_list: liveEvent({
        schema: z.object({}),
        async handle({ room, actor }) {
          return listQuestions(room, isStaff(actor.role));
        },
      }),
    },

    async snapshot(room, viewer) {
      return { questions: await listQuestions(room, isStaff(viewer.role)) };
    },
  };
}
