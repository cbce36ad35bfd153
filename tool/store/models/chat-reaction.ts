import { Schema, model, type InferSchemaType } from 'mongoose';

/** One user's emoji on one chat message (a toggle); counts are denormalised onto the message. */
const chatReactionSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    message: { type: Schema.Types.ObjectId, ref: 'ChatMessage', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    emoji: { type: String, required: true },
  },
  { timestamps: true },
);
chatReactionSchema.index({ message: 1, user: 1, emoji: 1 }, { unique: true });

export type ChatReactionDoc = InferSchemaType<typeof chatReactionSchema>;
export const ChatReaction = model('ChatReaction', chatReactionSchema);
