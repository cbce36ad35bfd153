import { Schema, model, type InferSchemaType } from 'mongoose';

/** One speech-to-text chunk of a seminar's instructor audio, with wall-clock times. */
const transcriptSegmentSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    speaker: { type: Schema.Types.ObjectId, ref: 'User' },
    startAt: { type: Date, required: true },
    endAt: { type: Date, required: true },
    text: { type: String, required: true },
    language: { type: String },
    source: { type: String, enum: ['live', 'batch'], default: 'live' },
  },
  { timestamps: true },
);
transcriptSegmentSchema.index({ seminar: 1, startAt: 1 });

export type TranscriptSegmentDoc = InferSchemaType<typeof transcriptSegmentSchema>;
export const TranscriptSegment = model('TranscriptSegment', transcriptSegmentSchema);
