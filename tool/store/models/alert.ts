import { Schema, model, type InferSchemaType } from 'mongoose';

export const ALERT_RULES = [
  'consecutive_absences',
  'low_participation',
  'quiz_score_drop',
  'inactive_in_session',
] as const;
export const ALERT_STATUSES = ['open', 'acknowledged'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * One early-warning finding about one student. (rule, user, seminar) is the natural key: re-evaluating a rule
 * for the same seminar finds the existing alert instead of raising it again, also after it was acknowledged.
 */
const alertSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    rule: { type: String, enum: ALERT_RULES, required: true },
    severity: { type: String, enum: ['warning', 'critical'], required: true },
    /** The rule's evidence (streak, scores, idle minutes …), bounded by the rule's own shape. */
    evidence: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: ALERT_STATUSES, default: 'open' },
    detectedAt: { type: Date, required: true },
    acknowledgedAt: { type: Date },
    acknowledgedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true, versionKey: false },
);
alertSchema.index({ rule: 1, user: 1, seminar: 1 }, { unique: true });
alertSchema.index({ course: 1, status: 1, detectedAt: -1 });

export type AlertDoc = InferSchemaType<typeof alertSchema>;
export const Alert = model('Alert', alertSchema);
