import { Schema, model, type InferSchemaType } from 'mongoose';

/** A person as one platform knows them: identity is issuer + sub, never the e-mail. */
const userSchema = new Schema(
  {
    issuer: { type: String, required: true },
    sub: { type: String, required: true },
    name: { type: String, default: '' },
    givenName: { type: String },
    familyName: { type: String },
    email: { type: String },
    locale: { type: String },
    picture: { type: String },
  },
  { timestamps: true },
);
userSchema.index({ issuer: 1, sub: 1 }, { unique: true });

export type UserDoc = InferSchemaType<typeof userSchema>;
export const User = model('User', userSchema);
