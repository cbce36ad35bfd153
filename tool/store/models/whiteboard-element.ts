import { Schema, model, type InferSchemaType } from 'mongoose';

/**
 * The persisted snapshot of one Excalidraw element (one document each, so a scene is never one unbounded
 * array). `data` is the element as the client sent it; version/versionNonce drive reconciliation.
 */
const whiteboardElementSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    roomKey: { type: String, required: true },
    elementId: { type: String, required: true },
    version: { type: Number, required: true },
    versionNonce: { type: Number, required: true },
    data: { type: Schema.Types.Mixed, required: true },
  },
  { timestamps: true, minimize: false },
);
whiteboardElementSchema.index({ seminar: 1, roomKey: 1, elementId: 1 }, { unique: true });

export type WhiteboardElementDoc = InferSchemaType<typeof whiteboardElementSchema>;
export const WhiteboardElement = model('WhiteboardElement', whiteboardElementSchema);
