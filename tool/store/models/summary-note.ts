import { Schema, model, type InferSchemaType } from 'mongoose';

export const SUMMARY_NOTE_STATUSES = ['draft', 'approved', 'failed'] as const;
export type SummaryNoteStatus = (typeof SUMMARY_NOTE_STATUSES)[number];

/**
 * The end-of-session note of seed 004 step 5. Learners (attendees and absentees) see it only once approved;
 * `selfTest` holds quiz questions in the quiz question shape. `failed` records why no draft could be written
 * (AI off, provider error) so staff see the reason instead of an empty note; the instructor may write it.
 */
const summaryNoteSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    status: { type: String, enum: SUMMARY_NOTE_STATUSES, default: 'draft' },
    title: { type: String, required: true },
    summary: { type: String, default: '' },
    failureReason: { type: String },
    keyPoints: { type: [String], default: [] },
    unansweredQuestions: { type: [String], default: [] },
    selfTest: { type: [Schema.Types.Mixed], default: [] },
    materials: { type: [Schema.Types.ObjectId], ref: 'Material', default: [] },
    model: { type: String },
    editedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    approvedBy: { type: Schema.Types.ObjectId, ref: 'User' },
    approvedAt: { type: Date },
  },
  { timestamps: true },
);
summaryNoteSchema.index({ seminar: 1 }, { unique: true });
summaryNoteSchema.index({ course: 1, status: 1 });

export type SummaryNoteDoc = InferSchemaType<typeof summaryNoteSchema>;
export const SummaryNote = model('SummaryNote', summaryNoteSchema);
