import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * An AI provider key for one LMS platform (issuer), optionally one deployment: sealed with AES-256-GCM
 * (tool/ai/secret-box.ts). The plain key exists only in memory while a request is made.
 */
const aiCredentialSchema = new Schema(
  {
    platform: { type: String, required: true },
    deploymentId: { type: String, default: '' },
    sealedKey: {
      iv: { type: String, required: true },
      tag: { type: String, required: true },
      data: { type: String, required: true },
    },
    keyHint: { type: String, required: true },
    baseUrl: { type: String },
    updatedBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true },
);
aiCredentialSchema.index({ platform: 1, deploymentId: 1 }, { unique: true });

export type AiCredentialDoc = InferSchemaType<typeof aiCredentialSchema>;
export const AiCredential = model('AiCredential', aiCredentialSchema);
