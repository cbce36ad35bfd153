import { Schema, model, type InferSchemaType } from 'mongoose';

export const POLL_TYPES = ['single_choice', 'multiple_choice', 'true_false'] as const;
export const POLL_STATUSES = ['active', 'closed'] as const;
export const MAX_POLL_OPTIONS = 10;

/**
 * A live poll (seed 000 §3.2.4). `endsAt` is the persisted due time that any tool process may act on, so
 * auto-close survives restarts. `results` is written once at close (counts per option, in option order).
 */
const pollSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    question: { type: String, required: true },
    type: { type: String, enum: POLL_TYPES, required: true },
    options: {
      type: [{ _id: false, id: { type: String, required: true }, text: { type: String, required: true } }],
      validate: (v: unknown[]) => v.length >= 2 && v.length <= MAX_POLL_OPTIONS,
    },
    anonymous: { type: Boolean, default: false },
    durationSeconds: { type: Number, default: null },
    endsAt: { type: Date, default: null },
    status: { type: String, enum: POLL_STATUSES, default: 'active' },
    showResultsAfter: { type: Boolean, default: true },
    showLiveResults: { type: Boolean, default: false },
    closedAt: { type: Date, default: null },
    results: {
      totalResponses: { type: Number, default: 0 },
      eligible: { type: Number, default: 0 },
      votes: { type: [Number], default: undefined },
    },
  },
  { timestamps: true },
);
pollSchema.index({ seminar: 1, status: 1, _id: -1 });
pollSchema.index({ status: 1, endsAt: 1 });

export type PollDoc = InferSchemaType<typeof pollSchema>;
export const Poll = model('Poll', pollSchema);
