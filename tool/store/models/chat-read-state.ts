import { Schema, model, type InferSchemaType } from 'mongoose';

/** How far one user has read a seminar's chat; only ever moves forward. */
const chatReadStateSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    lastRead: { type: Schema.Types.ObjectId, ref: 'ChatMessage', required: true },
  },
  { timestamps: true },
);
chatReadStateSchema.index({ seminar: 1, user: 1 }, { unique: true });

export type ChatReadStateDoc = InferSchemaType<typeof chatReadStateSchema>;
export const ChatReadState = model('ChatReadState', chatReadStateSchema);
