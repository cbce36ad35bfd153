import { Schema, model, type InferSchemaType } from 'mongoose';

/** One roster member's presence in one seminar; reconnects extend the same record. */
const attendanceSchema = new Schema(
  {
    seminar: { type: Schema.Types.ObjectId, ref: 'Seminar', required: true },
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    firstJoinedAt: { type: Date, required: true },
    lastJoinedAt: { type: Date, required: true },
    lastLeftAt: { type: Date },
    presentSeconds: { type: Number, default: 0 },
    connections: { type: Number, default: 0 },
  },
  { timestamps: true },
);
attendanceSchema.index({ seminar: 1, user: 1 }, { unique: true });
attendanceSchema.index({ course: 1, user: 1 });

export type AttendanceDoc = InferSchemaType<typeof attendanceSchema>;
export const Attendance = model('Attendance', attendanceSchema);
