import { Schema, model, type InferSchemaType } from 'mongoose';

/** The per-course AI switch; a course without a document has AI on whenever a key is configured. */
const aiCourseSettingSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    enabled: { type: Boolean, default: true },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
aiCourseSettingSchema.index({ course: 1 }, { unique: true });

export type AiCourseSettingDoc = InferSchemaType<typeof aiCourseSettingSchema>;
export const AiCourseSetting = model('AiCourseSetting', aiCourseSettingSchema);
