import { Schema, model, type InferSchemaType } from 'mongoose';
import { GRADE_SYNC_STATES } from '../../../grading/index.js';

/**
 * AGS sync state of one student's score for one activity (DESIGN.md §6). Saved before the score is queued, so
 * it is what a restarted tool or Redis queues again; `attempt` grows when a different score replaces it.
 */
const gradeSyncSchema = new Schema(
  {
    key: { type: String, required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course' },
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar' },
    user: { type: Schema.Types.ObjectId, ref: 'User' },
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    activity: { type: String, required: true },
    lineItemSpec: { type: Schema.Types.Mixed, required: true },
    lineItem: { type: String },
    score: { type: Schema.Types.Mixed, required: true },
    attempt: { type: Number, default: 1 },
    jobId: { type: String },
    state: { type: String, enum: GRADE_SYNC_STATES, default: 'queued' },
    attempts: { type: Number, default: 0 },
    lastError: { type: String },
    platformStatus: { type: Number },
    platformAnswer: { type: String },
    syncedAt: { type: Date },
  },
  { timestamps: true },
);
gradeSyncSchema.index({ key: 1 }, { unique: true });
gradeSyncSchema.index({ seminar: 1, activity: 1 });
gradeSyncSchema.index({ state: 1 });

export type GradeSyncDoc = InferSchemaType<typeof gradeSyncSchema>;
export const GradeSync = model('GradeSync', gradeSyncSchema);
