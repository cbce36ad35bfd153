import type { Request } from 'express';
import { isValidObjectId } from 'mongoose';
import { AppError } from '../http/index.js';
import { Seminar } from '../store/index.js';

/** Refuses a path course that is not the token's course (DESIGN.md: a token touches only its own course). */
export function requireOwnCourse(req: Request, courseId: string): void {
  if (courseId !== req.session!.course) throw new AppError('FORBIDDEN', 'Your session token is for another course');
}

/** The seminar of a `session_id` path parameter, which must belong to the token's course. */
export async function ownSeminar(req: Request, sessionId: string) {
  const seminar = isValidObjectId(sessionId) ? await Seminar.findById(sessionId).lean() : null;
  if (!seminar) throw new AppError('NOT_FOUND', 'Session not found');
  requireOwnCourse(req, String(seminar.course));
  return seminar;
}
