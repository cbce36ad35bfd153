import { Schema, model, type InferSchemaType } from 'mongoose';

export const QUIZ_STATUSES = ['draft', 'published', 'closed'] as const;
export type QuizStatus = (typeof QUIZ_STATUSES)[number];

/** A quiz of one seminar; its questions are QuizQuestion documents (bounded, ordered). */
const quizSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    timeLimitMinutes: { type: Number },
    totalPoints: { type: Number, required: true },
    questionCount: { type: Number, required: true },
    status: { type: String, enum: QUIZ_STATUSES, default: 'draft' },
    publishedAt: { type: Date },
    /** Set while the quiz runs live in its seminar (tool/live/quizzes.ts); closing sets status 'closed'. */
    liveStartedAt: { type: Date },
    /** The live round's deadline; none when staff close it by hand. */
    liveEndsAt: { type: Date },
    liveClosedAt: { type: Date },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true },
);
quizSchema.index({ seminar: 1, createdAt: 1 });
quizSchema.index({ course: 1, status: 1 });
quizSchema.index({ status: 1, liveEndsAt: 1 });

export type QuizDoc = InferSchemaType<typeof quizSchema>;
export const Quiz = model('Quiz', quizSchema);
