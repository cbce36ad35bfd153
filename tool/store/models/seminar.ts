import { Schema, model, type InferSchemaType } from 'mongoose';
import { participationSettingsSchema } from '../../../grading/index.js';

export const SEMINAR_STATUSES = ['WAITING', 'LIVE', 'ENDED'] as const;
export type SeminarStatus = (typeof SEMINAR_STATUSES)[number];

/** One live seminar, bound to the LMS resource link that launches it. */
const seminarSchema = new Schema(
  {
    course: { type: Schema.Types.ObjectId, ref: 'Course', required: true },
    resourceLinkId: { type: String, required: true },
    title: { type: String, default: 'Live seminar' },
    description: { type: String, default: '' },
    status: { type: String, enum: SEMINAR_STATUSES, default: 'WAITING' },
    scheduledAt: { type: Date },
    startedAt: { type: Date },
    endedAt: { type: Date },
    joinCode: { type: String },
    /** Staff locked the session: nobody new may join; those already in may rejoin after a drop. */
    locked: { type: Boolean, default: false },
    /** The AGS line item the platform bound to the resource link (launch claim `lineitem`), if any. */
    platformLineItem: { type: String },
    /** The Deep Linking picker's settings (link custom parameters) were copied in on the first launch. */
    linkSettingsApplied: { type: Boolean, default: false },
    settings: {
      maxParticipants: { type: Number, default: 50 },
      recordingEnabled: { type: Boolean, default: false },
      recordingsVisibleToStudents: { type: Boolean, default: false },
      showPollResultsToStudents: { type: Boolean, default: true },
      releaseQuizGrades: { type: String, enum: ['immediate', 'manual'], default: 'immediate' },
      participationGraded: { type: Boolean, default: false },
      /** Launched from a Deep Linking quiz set: one score per learner over all its quizzes, in one line item. */
      quizSet: { type: Boolean, default: false },
      /**
       * The instructor's participation score weights and targets (grading's `participationSettingsSchema`);
       * absent means grading's defaults, so a change of defaults reaches every seminar nobody customised.
       */
      participation: {
        type: Schema.Types.Mixed,
        validate: {
          validator: (value: unknown) => value == null || participationSettingsSchema.safeParse(value).success,
          message: 'participation settings do not match the grading schema',
        },
      },
    },
  },
  { timestamps: true },
);
seminarSchema.index({ course: 1, resourceLinkId: 1 }, { unique: true });
seminarSchema.index({ joinCode: 1 }, { sparse: true });
seminarSchema.index({ course: 1, status: 1 });

export type SeminarDoc = InferSchemaType<typeof seminarSchema>;
export const Seminar = model('Seminar', seminarSchema);
