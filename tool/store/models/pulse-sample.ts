import { Schema, model, type InferSchemaType } from 'mongoose';

export const PULSE_STATES = ['UNDERSTAND', 'CONFUSED'] as const;

/** One understanding-pulse tap (seed 004); the live gauge is computed from Redis, this is the record. */
const pulseSampleSchema = new Schema({
  seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
  user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  state: { type: String, enum: PULSE_STATES, required: true },
  at: { type: Date, required: true },
});
pulseSampleSchema.index({ seminar: 1, at: 1 });
pulseSampleSchema.index({ seminar: 1, user: 1, at: 1 });

export type PulseSampleDoc = InferSchemaType<typeof pulseSampleSchema>;
export const PulseSample = model('PulseSample', pulseSampleSchema);
