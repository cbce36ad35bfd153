import { Schema, model, type InferSchemaType } from 'mongoose';

/** Server-side OIDC login state (DESIGN.md §8): consumed once at launch; expiry is checked in the query too. */
const launchStateSchema = new Schema({
  state: { type: String, required: true },
  nonce: { type: String, required: true },
  issuer: { type: String, required: true },
  clientId: { type: String, required: true },
  loginHint: { type: String, required: true },
  messageHint: { type: String },
  deploymentId: { type: String },
  targetLinkUri: { type: String, required: true },
  storageTarget: { type: String },
  expiresAt: { type: Date, required: true },
});
launchStateSchema.index({ state: 1 }, { unique: true });
launchStateSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

export type LaunchStateDoc = InferSchemaType<typeof launchStateSchema>;
export const LaunchState = model('LaunchState', launchStateSchema);
