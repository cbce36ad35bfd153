import { Router } from 'express';
import { DEFAULT_PARTICIPATION_SETTINGS, participationSettingsSchema } from '../../grading/index.js';
import { effectiveParticipationSettings, type SeminarWithSettings } from '../grade-sync/index.js';
import { requireRole } from '../http/auth.js';
import { parseOrThrow } from '../http/index.js';
import { Seminar } from '../store/index.js';
import { asyncHandler } from './async-handler.js';
import { ownSeminar } from './session-scope.js';

const PATH = '/sessions/:session_id/participation-settings';

/** The response: what scores use now, whether that is the defaults, and the defaults (for "reset"). */
function settingsView(seminarId: string, seminar: SeminarWithSettings) {
  const stored = seminar.settings?.participation;
  return {
    session_id: seminarId,
    ...effectiveParticipationSettings(seminar),
    is_default: stored == null,
    defaults: DEFAULT_PARTICIPATION_SETTINGS,
  };
}

/**
 * A seminar's participation score weights and targets (seed 000: configurable per seminar). Staff read them;
 * the instructor replaces them (PUT, the whole `{ weights, targets }` of grading's schema) or goes back to the
 * defaults (DELETE). The analytics report follows at once; posted grades change only on the next publish.
 */
export function participationSettingsRouter(): Router {
  const router = Router();

  router.get(
    PATH,
    requireRole('instructor', 'ta'),
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, String(req.params.session_id));
      res.json(settingsView(String(seminar._id), seminar));
    }),
  );

  router.put(
    PATH,
    requireRole('instructor'),
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, String(req.params.session_id));
      const settings = parseOrThrow(participationSettingsSchema, req.body, 'Invalid participation settings');
      await Seminar.updateOne(
        { _id: seminar._id },
        { $set: { 'settings.participation': settings } },
        { runValidators: true },
      );
      // Weights change grades on the next publish: who changed them and to what belongs in the log.
      req.log?.info(
        { seminar: String(seminar._id), actor: req.session!.sub, weights: settings.weights, targets: settings.targets },
        'participation settings saved',
      );
      res.json(settingsView(String(seminar._id), { settings: { participation: settings } }));
    }),
  );

  router.delete(
    PATH,
    requireRole('instructor'),
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, String(req.params.session_id));
      await Seminar.updateOne({ _id: seminar._id }, { $unset: { 'settings.participation': 1 } });
      req.log?.info({ seminar: String(seminar._id), actor: req.session!.sub }, 'participation settings reset');
      res.json(settingsView(String(seminar._id), {}));
    }),
  );

  return router;
}
