import { Schema, model, type InferSchemaType } from 'mongoose';
import { ROLES } from '../../../launch/index.js';

export const ENROLLMENT_STATUSES = ['active', 'inactive', 'dropped'] as const;

const enrollmentSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    role: { type: String, enum: ROLES, required: true },
    status: { type: String, enum: ENROLLMENT_STATUSES, default: 'active' },
    source: { type: String, enum: ['launch', 'nrps'], required: true },
    lastSeenAt: { type: Date, default: () => new Date() },
  },
  { timestamps: true },
);
enrollmentSchema.index({ course: 1, user: 1 }, { unique: true });
enrollmentSchema.index({ course: 1, role: 1, status: 1 });
enrollmentSchema.index({ user: 1 });

export type EnrollmentDoc = InferSchemaType<typeof enrollmentSchema>;
export const Enrollment = model('Enrollment', enrollmentSchema);
