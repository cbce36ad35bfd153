import { Schema, model, type InferSchemaType } from 'mongoose';

/** Append-only record of every instructor decision on an auto-graded answer. */
const quizReviewAuditSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    quiz: { type: Schema.Types.ObjectId, ref: 'Quiz', required: true },
    submission: { type: Schema.Types.ObjectId, ref: 'QuizSubmission', required: true },
    question: { type: Schema.Types.ObjectId, ref: 'QuizQuestion', required: true },
    student: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    actor: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    actorRole: { type: String, required: true },
    action: { type: String, enum: ['accept', 'override'], required: true },
    fromPoints: { type: Number, required: true },
    toPoints: { type: Number, required: true },
    comment: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { timestamps: false },
);
quizReviewAuditSchema.index({ submission: 1, at: 1 });
quizReviewAuditSchema.index({ quiz: 1, at: 1 });

export type QuizReviewAuditDoc = InferSchemaType<typeof quizReviewAuditSchema>;
export const QuizReviewAudit = model('QuizReviewAudit', quizReviewAuditSchema);
