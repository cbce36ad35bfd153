import { Schema, model, type InferSchemaType } from 'mongoose';

/** A platform registered by LTI Dynamic Registration: the same record as a registration file (DESIGN.md §3). */
const ltiRegistrationSchema = new Schema(
  {
    name: { type: String, required: true },
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentIds: { type: [String], default: [] },
    authenticationEndpoint: { type: String, required: true },
    accessTokenEndpoint: { type: String, required: true },
    jwksEndpoint: { type: String, required: true },
    authorizationServer: { type: String },
    frameOrigins: { type: [String], default: [] },
  },
  { timestamps: true },
);
ltiRegistrationSchema.index({ issuer: 1, clientId: 1 }, { unique: true });

export type LtiRegistrationDoc = InferSchemaType<typeof ltiRegistrationSchema>;
export const LtiRegistration = model('LtiRegistration', ltiRegistrationSchema);
