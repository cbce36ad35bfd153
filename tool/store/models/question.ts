import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * An anonymous Q&A question (seed 004). `author` is kept for participation only and is excluded from every
 * query by default (`select: false`); no payload sent to a client ever carries it.
 */
const questionSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    author: { type: Schema.Types.ObjectId, ref: 'User', required: true, select: false },
    text: { type: String, required: true },
    upvotes: { type: Number, default: 0 },
    answered: { type: Boolean, default: false },
    answeredAt: { type: Date, default: null },
    hidden: { type: Boolean, default: false },
    cluster: { type: String, default: null },
  },
  { timestamps: true },
);
questionSchema.index({ seminar: 1, hidden: 1, upvotes: -1, _id: 1 });
questionSchema.index({ seminar: 1, author: 1 });

export type QuestionDoc = InferSchemaType<typeof questionSchema>;
export const Question = model('Question', questionSchema);
