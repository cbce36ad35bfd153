import { Router } from 'express';
import { z } from 'zod';
import type { RecordingManifest } from '../../media/index.js';
import { AppError, parseOrThrow } from '../http/index.js';
import { requireRole } from '../http/auth.js';
import { isStaff } from '../live/index.js';
import { Seminar } from '../store/index.js';
import { asyncHandler } from './async-handler.js';
import { ownSeminar } from './session-scope.js';

/** What the recordings routes need from media/ (MediaService implements it). */
export interface RecordingsPort {
  recordings(seminarId: string): Promise<RecordingManifest[]>;
  recordingFile(seminarId: string, recordingId: string): Promise<string | undefined>;
}

const settingsBody = z.object({ visible_to_students: z.boolean() });

function view(sessionId: string, m: RecordingManifest) {
  const ready = Boolean(m.stoppedAt && m.output);
  return {
    recording_id: m.recordingId,
    started_at: m.startedAt,
    stopped_at: m.stoppedAt,
    status: m.stoppedAt ? (ready ? 'ready' : 'empty') : 'recording',
    download_url: ready ? `/api/v1/sessions/${sessionId}/recordings/${m.recordingId}/file` : null,
  };
}

/**
 * Seminar recordings (issue: "listed per seminar for the instructor, students if enabled, downloadable").
 * Staff see every recording, learners only finished ones and only when staff made them visible.
 */
export function recordingsRouter(media: RecordingsPort): Router {
  const router = Router();

  async function visibleSeminar(req: Parameters<typeof ownSeminar>[0], sessionId: string) {
    const seminar = await ownSeminar(req, sessionId);
    if (!isStaff(req.session!.role) && !seminar.settings?.recordingsVisibleToStudents) {
      throw new AppError('FORBIDDEN', 'Recordings of this session are not shared with students');
    }
    return seminar;
  }

  router.get(
    '/sessions/:sessionId/recordings',
    asyncHandler(async (req, res) => {
      const seminar = await visibleSeminar(req, req.params.sessionId!);
      const staff = isStaff(req.session!.role);
      const all = (await media.recordings(String(seminar._id))).map((m) => view(String(seminar._id), m));
      res.json({
        visible_to_students: Boolean(seminar.settings?.recordingsVisibleToStudents),
        recordings: staff ? all : all.filter((r) => r.status === 'ready'),
      });
    }),
  );

  router.get(
    '/sessions/:sessionId/recordings/:recordingId/file',
    asyncHandler(async (req, res) => {
      const seminar = await visibleSeminar(req, req.params.sessionId!);
      const file = await media.recordingFile(String(seminar._id), req.params.recordingId!);
      if (!file) throw new AppError('NOT_FOUND', 'Recording not found or not finished');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="seminar-${seminar._id}-${req.params.recordingId}.webm"`,
      );
      res.type('video/webm').sendFile(file);
    }),
  );

  router.put(
    '/sessions/:sessionId/recordings/settings',
    requireRole('instructor', 'ta'),
    asyncHandler(async (req, res) => {
      const seminar = await ownSeminar(req, req.params.sessionId!);
      const body = parseOrThrow(settingsBody, req.body);
      await Seminar.updateOne(
        { _id: seminar._id },
        { $set: { 'settings.recordingsVisibleToStudents': body.visible_to_students } },
      );
      res.json({ visible_to_students: body.visible_to_students });
    }),
  );
  return router;
}
