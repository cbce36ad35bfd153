import { Schema, model, type InferSchemaType } from 'mongoose';

/** One user's current vote in one poll; re-voting before close replaces it (upsert on poll + user). */
const pollResponseSchema = new Schema(
  {
    poll: { type: Schema.Types.ObjectId, ref: 'Poll', required: true },
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    userName: { type: String, default: '' },
    optionIds: { type: [String], required: true },
    submittedAt: { type: Date, required: true },
  },
  { timestamps: true },
);
pollResponseSchema.index({ poll: 1, user: 1 }, { unique: true });
pollResponseSchema.index({ seminar: 1, user: 1 });

export type PollResponseDoc = InferSchemaType<typeof pollResponseSchema>;
export const PollResponse = model('PollResponse', pollResponseSchema);
