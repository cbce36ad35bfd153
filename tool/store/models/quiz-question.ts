import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * One question as authored (grading/quiz.ts `Question`, kept whole in `definition`). With `quiz` it belongs
 * to that quiz at `order`; without, it is in the course's question bank.
 */
const quizQuestionSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    quiz: { type: Schema.Types.ObjectId, ref: 'Quiz' },
    order: { type: Number, default: 0 },
    type: { type: String, required: true },
    definition: { type: Schema.Types.Mixed, required: true },
    tags: { type: [String], default: [] },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true },
);
quizQuestionSchema.index({ quiz: 1, order: 1 });
quizQuestionSchema.index({ course: 1, quiz: 1 });

export type QuizQuestionDoc = InferSchemaType<typeof quizQuestionSchema>;
export const QuizQuestion = model('QuizQuestion', quizQuestionSchema);
