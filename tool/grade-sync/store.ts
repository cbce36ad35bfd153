import { isDeepStrictEqual } from 'node:util';
import type { GradeSyncEntry, GradeSyncStore, ScoreRequest } from '../../grading/index.js';
import { GradeSync, type GradeSyncDoc } from '../store/index.js';

const UNFINISHED = ['queued', 'sending', 'failed'];

/** Drops absent values: Mixed fields round-trip `undefined` as null, and AGS wants them left out. */
function present<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

function toEntry(doc: GradeSyncDoc): GradeSyncEntry {
  const refs: Record<string, string> = {};
  for (const name of ['course', 'seminar', 'user'] as const) if (doc[name]) refs[name] = String(doc[name]);
  return {
    key: doc.key,
    issuer: doc.issuer,
    clientId: doc.clientId,
    activity: doc.activity,
    lineItemSpec: doc.lineItemSpec as GradeSyncEntry['lineItemSpec'],
    lineItem: doc.lineItem ?? undefined,
    score: present(doc.score as GradeSyncEntry['score']),
    attempt: doc.attempt,
    refs,
  };
}

/** A score without its timestamp: re-publishing the same grade later is no change. */
function sameScore(a: ScoreRequest['score'], b: ScoreRequest['score']): boolean {
  const { timestamp: _a, ...restA } = present(a);
  const { timestamp: _b, ...restB } = present(b);
  return isDeepStrictEqual(restA, restB);
}

/** The GradeSync model behind grading's store interface; writes are keyed upserts (no unique index here). */
export const gradeSyncStore: GradeSyncStore = {
  async save(request) {
    const existing = await GradeSync.findOne({ key: request.key }).lean();
    if (existing && sameScore(existing.score as ScoreRequest['score'], request.score)) {
      return { entry: toEntry(existing as GradeSyncDoc), changed: false, state: existing.state };
    }
    // The attempt is bumped atomically: two different scores saved at once (a submission and its review, two
    // quizzes of a set) get different attempts, so the older job is skipped instead of posting over the newer.
    const doc = await GradeSync.findOneAndUpdate(
      { key: request.key },
      {
        $inc: { attempt: 1 },
        $set: {
          issuer: request.issuer,
          clientId: request.clientId,
          activity: request.activity,
          lineItemSpec: request.lineItemSpec,
          score: present(request.score),
          state: 'queued',
          attempts: 0,
          ...(request.lineItem ? { lineItem: request.lineItem } : {}),
          ...request.refs,
        },
        $unset: { lastError: 1 },
      },
      { upsert: true, new: true },
    ).lean();
    return { entry: toEntry(doc as GradeSyncDoc), changed: true, state: 'queued' };
  },

  async update(key, attempt, patch) {
    const { lastError, ...rest } = patch;
    await GradeSync.updateOne(
      { key, attempt },
      {
        $set: {
          ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
          ...(lastError ? { lastError } : {}),
          ...(patch.state === 'synced' ? { syncedAt: new Date() } : {}),
        },
        ...(lastError === null ? { $unset: { lastError: 1 } } : {}),
      },
    );
  },

  async get(key) {
    const doc = await GradeSync.findOne({ key }, { attempt: 1, state: 1 }).lean();
    return doc ? { attempt: doc.attempt, state: doc.state } : null;
  },

  async unfinished() {
    const docs = await GradeSync.find({ state: { $in: UNFINISHED } }).lean();
    return docs.map((d) => toEntry(d as GradeSyncDoc));
  },

  async dead(keys) {
    const docs = await GradeSync.find({ state: 'dead', ...(keys ? { key: { $in: keys } } : {}) }).lean();
    return docs.map((d) => toEntry(d as GradeSyncDoc));
  },
};
