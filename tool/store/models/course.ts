import { Schema, model, type InferSchemaType } from 'mongoose';

/** A mirror of an LMS context; the LMS owns it, launches and NRPS keep it current. */
const courseSchema = new Schema(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentId: { type: String, required: true },
    contextId: { type: String, required: true },
    title: { type: String, default: '' },
    label: { type: String, default: '' },
    membershipsUrl: { type: String },
    lineItemsUrl: { type: String },
    rosterSyncedAt: { type: Date },
  },
  { timestamps: true },
);
courseSchema.index({ issuer: 1, contextId: 1 }, { unique: true });

export type CourseDoc = InferSchemaType<typeof courseSchema>;
export const Course = model('Course', courseSchema);
