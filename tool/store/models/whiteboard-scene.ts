import { Schema, model, type InferSchemaType } from 'mongoose';

/** A whiteboard per room (`main` or a breakout id); its elements are WhiteboardElement documents. */
const whiteboardSceneSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    roomKey: { type: String, required: true },
    locked: { type: Boolean, default: false },
  },
  { timestamps: true },
);
whiteboardSceneSchema.index({ seminar: 1, roomKey: 1 }, { unique: true });

export type WhiteboardSceneDoc = InferSchemaType<typeof whiteboardSceneSchema>;
export const WhiteboardScene = model('WhiteboardScene', whiteboardSceneSchema);
