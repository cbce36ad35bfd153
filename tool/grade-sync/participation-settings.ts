import type { Types } from 'mongoose';
import {
  DEFAULT_PARTICIPATION_SETTINGS,
  participationSettingsSchema,
  type ParticipationSettings,
} from '../../grading/index.js';
import { Seminar } from '../store/index.js';

/** The part of a seminar document this module reads (a lean doc or a projection of one). */
export interface SeminarWithSettings {
  settings?: { participation?: unknown } | null;
}

/**
 * The weights and targets a seminar's participation scores use: the instructor's saved settings, or grading's
 * defaults when none were saved. Writes are validated (REST and the model), so a stored value that no longer
 * parses can only come from an older schema; it falls back to the defaults rather than breaking every report.
 */
export function effectiveParticipationSettings(seminar: SeminarWithSettings | null | undefined): ParticipationSettings {
  const parsed = participationSettingsSchema.safeParse(seminar?.settings?.participation);
  return parsed.success ? parsed.data : DEFAULT_PARTICIPATION_SETTINGS;
}

/** Loads one seminar's effective participation settings (defaults for an unknown seminar). */
export async function seminarParticipationSettings(seminarId: string | Types.ObjectId): Promise<ParticipationSettings> {
  const seminar = await Seminar.findById(seminarId, { 'settings.participation': 1 }).lean();
  return effectiveParticipationSettings(seminar);
}
