import { Schema, model, type InferSchemaType } from 'mongoose';

/** Distinct emoji reactions kept per message; the per-user toggles live in ChatReaction. */
export const MAX_REACTION_KINDS_PER_MESSAGE = 16;

/**
 * One chat line as plain text (sanitised on the way in, never HTML). `privateWith` set means a private
 * conversation between that learner and the seminar's staff; `breakout` set means a breakout room's chat.
 */
const chatMessageSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    breakout: { type: Schema.Types.ObjectId, ref: 'Breakout', default: null },
    author: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    authorName: { type: String, default: '' },
    authorRole: { type: String, required: true },
    text: { type: String, default: '' },
    replyTo: { type: Schema.Types.ObjectId, ref: 'ChatMessage', default: null },
    thread: { type: Schema.Types.ObjectId, ref: 'ChatMessage', default: null },
    replyCount: { type: Number, default: 0 },
    privateWith: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    reactionCounts: { type: Map, of: Number, default: () => new Map() },
    editedAt: { type: Date, default: null },
    deletedAt: { type: Date, default: null },
    deletedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
  },
  { timestamps: true },
);
chatMessageSchema.index({ seminar: 1, breakout: 1, _id: -1 });
chatMessageSchema.index({ seminar: 1, thread: 1, _id: 1 });
chatMessageSchema.index({ seminar: 1, privateWith: 1, _id: -1 });
chatMessageSchema.index({ seminar: 1, author: 1 });

export type ChatMessageDoc = InferSchemaType<typeof chatMessageSchema>;
export const ChatMessage = model('ChatMessage', chatMessageSchema);
