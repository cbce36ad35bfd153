import { Schema, model, type InferSchemaType } from 'mongoose';

/** One course's AI consumption for one UTC day, model and feature; written by `$inc` upserts. */
const aiUsageSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    day: { type: String, required: true },
    model: { type: String, required: true },
    feature: { type: String, required: true },
    requests: { type: Number, default: 0 },
    failures: { type: Number, default: 0 },
    promptTokens: { type: Number, default: 0 },
    completionTokens: { type: Number, default: 0 },
    audioSeconds: { type: Number, default: 0 },
    costUsd: { type: Number, default: 0 },
  },
  { timestamps: true },
);
aiUsageSchema.index({ course: 1, day: 1, model: 1, feature: 1 }, { unique: true });

export type AiUsageDoc = InferSchemaType<typeof aiUsageSchema>;
export const AiUsage = model('AiUsage', aiUsageSchema);
