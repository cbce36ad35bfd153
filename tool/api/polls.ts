import { Router } from 'express';
import { parseOrThrow } from '../http/index.js';
import { requireRole } from '../http/auth.js';
import { pollCreateSchema, pollVoteSchema, type Live } from '../live/index.js';
import { asyncHandler } from './async-handler.js';
import { actorOfRequest } from './sessions.js';

/** Polls REST (seed 000 §3.2.4 under /api/v1), the same PollService the socket events use. */
export function pollsRouter(deps: { live: Live }): Router {
  const router = Router();
  const { rooms, polls } = deps.live;

  router.post(
    '/sessions/:session_id/polls',
    requireRole('instructor', 'ta'),
    asyncHandler(async (req, res) => {
      const room = await rooms.get(req.params.session_id!, req.session!.course);
      const input = parseOrThrow(pollCreateSchema, req.body);
      res.status(201).json(await polls.create(room, actorOfRequest(req), input));
    }),
  );

  router.get(
    '/sessions/:session_id/polls',
    asyncHandler(async (req, res) => {
      const room = await rooms.get(req.params.session_id!, req.session!.course);
      const results = await polls.list(room);
      res.json({ count: results.length, results });
    }),
  );

  router.post(
    '/polls/:poll_id/responses',
    requireRole('learner'),
    asyncHandler(async (req, res) => {
      const room = await polls.roomOfPoll(req.params.poll_id!, req.session!.course);
      const { option_ids } = parseOrThrow(pollVoteSchema, req.body);
      res.status(201).json(await polls.vote(room, actorOfRequest(req), req.params.poll_id!, option_ids));
    }),
  );

  router.post(
    '/polls/:poll_id/close',
    requireRole('instructor', 'ta'),
    asyncHandler(async (req, res) => {
      const room = await polls.roomOfPoll(req.params.poll_id!, req.session!.course);
      await polls.close(req.params.poll_id!);
      res.json(await polls.results(room, actorOfRequest(req), req.params.poll_id!));
    }),
  );

  router.get(
    '/polls/:poll_id/results',
    asyncHandler(async (req, res) => {
      const room = await polls.roomOfPoll(req.params.poll_id!, req.session!.course);
      res.json(await polls.results(room, actorOfRequest(req), req.params.poll_id!));
    }),
  );

  return router;
}
