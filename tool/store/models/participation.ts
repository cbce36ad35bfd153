import { Schema, model, type InferSchemaType } from 'mongoose';
import {
  PARTICIPATION_EVENT_TYPES,
  SUMMARY_COUNTERS,
  type SummaryCounter,
} from '../../analytics/participation-event.js';

const participationEventSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    type: { type: String, enum: PARTICIPATION_EVENT_TYPES, required: true },
    at: { type: Date, required: true },
    value: { type: Number },
    correct: { type: Boolean },
  },
  { versionKey: false },
);
participationEventSchema.index({ seminar: 1, at: 1 });
participationEventSchema.index({ seminar: 1, user: 1, at: 1 });
participationEventSchema.index({ course: 1, user: 1, at: 1 });

const counters = Object.fromEntries(SUMMARY_COUNTERS.map((name) => [name, { type: Number, default: 0 }])) as Record<
  SummaryCounter,
  { type: NumberConstructor; default: number }
>;

/** One user's running totals in one seminar, updated by $inc per flush; reading it is O(1) in events. */
const participationSummarySchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    ...counters,
    lastActivityAt: { type: Date },
  },
  { timestamps: true },
);
participationSummarySchema.index({ seminar: 1, user: 1 }, { unique: true });
participationSummarySchema.index({ course: 1, user: 1 });

export type ParticipationEventDoc = InferSchemaType<typeof participationEventSchema>;
export type ParticipationSummaryDoc = InferSchemaType<typeof participationSummarySchema>;
export const ParticipationEventModel = model('ParticipationEvent', participationEventSchema);
export const ParticipationSummary = model('ParticipationSummary', participationSummarySchema);
