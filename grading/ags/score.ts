import { z } from 'zod';

export const ACTIVITY_PROGRESS = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'] as const;
export const GRADING_PROGRESS = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'] as const;

/**
 * An AGS 2.0 Score as posted to `{lineitem}/scores`. Validated before it is queued: Moodle rejects
 * scoreGiven above scoreMaximum and scores without a timestamp, and a bad score must never sit in the queue.
 */
export const agsScoreSchema = z
  .object({
    userId: z.string().min(1),
    scoreGiven: z.number().finite().min(0).optional(),
    scoreMaximum: z.number().finite().positive().optional(),
    comment: z.string().max(4000).optional(),
    timestamp: z.iso.datetime({ offset: true }),
    activityProgress: z.enum(ACTIVITY_PROGRESS),
    gradingProgress: z.enum(GRADING_PROGRESS),
  })
  .refine((s) => (s.scoreGiven === undefined) === (s.scoreMaximum === undefined), {
    message: 'scoreGiven and scoreMaximum go together',
    path: ['scoreMaximum'],
  })
  .refine((s) => s.scoreGiven === undefined || s.scoreMaximum === undefined || s.scoreGiven <= s.scoreMaximum, {
    message: 'scoreGiven must not exceed scoreMaximum',
    path: ['scoreGiven'],
  });
export type AgsScore = z.infer<typeof agsScoreSchema>;

/**
 * The bullmq job id of one score (DESIGN.md §6): `issuer|lineitem|user|activity|attempt`. Each part is
 * URI-encoded because bullmq refuses ids containing ':' and issuers and line items are URLs; re-queueing the
 * same score is then a no-op instead of a second post.
 */
export function scoreJobId(parts: {
  issuer: string;
  lineItem: string;
  userId: string;
  activity: string;
  attempt: number;
}): string {
  return [parts.issuer, parts.lineItem, parts.userId, parts.activity, String(parts.attempt)]
    .map(encodeURIComponent)
    .join('|');
}
