import { Schema, model, type InferSchemaType } from 'mongoose';

/** A participant's stay in one breakout room; a manual move closes one record and opens another. */
const breakoutMemberSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    run: { type: Schema.Types.ObjectId, required: true },
    breakout: { type: Schema.Types.ObjectId, ref: 'Breakout', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    name: { type: String, default: '' },
    joinedAt: { type: Date, required: true },
    leftAt: { type: Date, default: null },
  },
  { timestamps: true },
);
breakoutMemberSchema.index({ run: 1, user: 1 });
breakoutMemberSchema.index({ breakout: 1 });
breakoutMemberSchema.index({ seminar: 1, user: 1 });

export type BreakoutMemberDoc = InferSchemaType<typeof breakoutMemberSchema>;
export const BreakoutMember = model('BreakoutMember', breakoutMemberSchema);
