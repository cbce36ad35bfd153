import { Schema, model, type InferSchemaType } from 'mongoose';

/** One breakout room of one breakout run (`run` groups the rooms opened together). */
const breakoutSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    run: { type: Schema.Types.ObjectId, required: true },
    number: { type: Number, required: true },
    name: { type: String, required: true },
    startedAt: { type: Date, required: true },
    endsAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
  },
  { timestamps: true },
);
breakoutSchema.index({ seminar: 1, run: 1, number: 1 }, { unique: true });
breakoutSchema.index({ seminar: 1, endedAt: 1 });

export type BreakoutDoc = InferSchemaType<typeof breakoutSchema>;
export const Breakout = model('Breakout', breakoutSchema);
