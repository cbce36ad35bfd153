import { Schema, model, type InferSchemaType } from 'mongoose';

export const REVIEW_STATES = ['none', 'pending', 'accepted', 'overridden'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];
export const SUBMISSION_STATUSES = ['graded', 'pending_review'] as const;

/** One graded answer; a short answer keeps what the scorer saw so a reviewer can judge it. */
const quizResponseSchema = new Schema(
  {
    question: { type: Schema.Types.ObjectId, ref: 'QuizQuestion', required: true },
    type: { type: String, required: true },
    selectedOptionIndexes: { type: [Number], default: undefined },
    selectedAnswer: { type: Boolean },
    answerText: { type: String },
    correct: { type: Boolean, required: true },
    points: { type: Number, required: true },
    maxPoints: { type: Number, required: true },
    autoPoints: { type: Number, required: true },
    similarity: { type: Number },
    keywordCoverage: { type: Number },
    confidence: { type: Number },
    method: { type: String },
    flags: { type: [String], default: undefined },
    reviewState: { type: String, enum: REVIEW_STATES, default: 'none' },
    reviewComment: { type: String },
    reviewedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    reviewedAt: { type: Date },
  },
  { _id: false },
);

/**
 * A learner's one submission to one quiz. `responses` is bounded by the quiz's question count;
 * `pendingReviews` is kept beside it so the review queue is an indexed query.
 */
const quizSubmissionSchema = new Schema(
  {
    quiz: { type: Schema.Types.ObjectId, ref: 'Quiz', required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    userName: { type: String, default: '' },
    submittedAt: { type: Date, required: true },
    score: { type: Number, required: true },
    maxScore: { type: Number, required: true },
    status: { type: String, enum: SUBMISSION_STATUSES, required: true },
    pendingReviews: { type: Number, default: 0 },
    responses: { type: [quizResponseSchema], default: [] },
  },
  { timestamps: true },
);
quizSubmissionSchema.index({ quiz: 1, user: 1 }, { unique: true });
quizSubmissionSchema.index({ quiz: 1, pendingReviews: 1 });
quizSubmissionSchema.index({ user: 1 });

export type QuizSubmissionDoc = InferSchemaType<typeof quizSubmissionSchema>;
export type QuizResponseDoc = InferSchemaType<typeof quizResponseSchema>;
export const QuizSubmission = model('QuizSubmission', quizSubmissionSchema);
