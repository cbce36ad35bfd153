import { Schema, model, type InferSchemaType } from 'mongoose';

export const MATERIAL_KINDS = ['pdf', 'pptx', 'markdown', 'text'] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** An uploaded teaching material (seed 004 LectureMaterial); its extracted text is the AI context. */
const materialSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    title: { type: String, required: true },
    filename: { type: String, required: true },
    kind: { type: String, enum: MATERIAL_KINDS, required: true },
    sizeBytes: { type: Number, required: true },
    sha256: { type: String, required: true },
    text: { type: String, default: '' },
    textTruncated: { type: Boolean, default: false },
    uploadedBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  },
  { timestamps: true },
);
materialSchema.index({ seminar: 1, createdAt: 1 });
materialSchema.index({ course: 1 });

export type MaterialDoc = InferSchemaType<typeof materialSchema>;
export const Material = model('Material', materialSchema);
