import { Schema, model, type InferSchemaType } from 'mongoose';

/** One user's upvote of one question; at most one per pair (written with an upsert). */
const questionVoteSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    question: { type: Schema.Types.ObjectId, ref: 'Question', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true },
);
questionVoteSchema.index({ question: 1, user: 1 }, { unique: true });
questionVoteSchema.index({ seminar: 1, user: 1 });

export type QuestionVoteDoc = InferSchemaType<typeof questionVoteSchema>;
export const QuestionVote = model('QuestionVote', questionVoteSchema);
