import { isValidObjectId } from 'mongoose';
import { AppError } from '../http/index.js';
import { Seminar } from '../store/index.js';
import type { LiveContext } from './context.js';
import { Room, type EndHook, type StartHook } from './room.js';

/**
 * This process's Room objects by seminar id. A Room holds no mutable state of its own, so two processes may
 * each have one for the same seminar; the cache only saves the seminar lookup.
 */
export class Rooms {
  private readonly cache = new Map<string, Room>();
  private readonly endHooks: EndHook[] = [];
  private readonly startHooks: StartHook[] = [];

  constructor(private readonly ctx: LiveContext) {}

  onEnd(hook: EndHook): void {
    this.endHooks.push(hook);
  }

  onStart(hook: StartHook): void {
    this.startHooks.push(hook);
  }

  /** The seminar's Room, if it exists and belongs to `courseId` (a token only touches its own course). */
  async get(seminarId: string, courseId: string): Promise<Room> {
    const room = await this.byId(seminarId);
    if (room.courseId !== courseId) throw new AppError('FORBIDDEN', 'This session belongs to another course');
    return room;
  }

  /** The seminar's Room without an access check: for timers and other server-side work only. */
  async byId(seminarId: string): Promise<Room> {
    let room = this.cache.get(seminarId);
    if (!room) {
      if (!isValidObjectId(seminarId)) throw new AppError('NOT_FOUND', 'Session not found');
      const seminar = await Seminar.findById(seminarId, { course: 1 }).lean();
      if (!seminar) throw new AppError('NOT_FOUND', 'Session not found');
      room = new Room(this.ctx, seminarId, String(seminar.course), this.endHooks, this.startHooks);
      this.cache.set(seminarId, room);
    }
    return room;
  }

  forget(seminarId: string): void {
    this.cache.delete(seminarId);
  }
}
