import { randomInt } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Seminar } from '../store/index.js';

const ATTEMPTS = 50;
const codeKey = (code: string) => `live:joincode:${code}`;

/** A random 6-digit code (leading zeros kept). */
export function randomJoinCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Claims a code no live seminar holds. Redis SET NX is the atomic claim across processes (the embedded store
 * does not enforce unique indexes); the Mongo check covers a Redis that lost its keys.
 */
export async function allocateJoinCode(redis: Redis, seminarId: string): Promise<string> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const code = randomJoinCode();
    if ((await redis.set(codeKey(code), seminarId, 'NX')) !== 'OK') continue;
    const holder = await Seminar.exists({ joinCode: code, status: 'LIVE', _id: { $ne: seminarId } });
    if (!holder) return code;
  }
  throw new Error('no free join code found');
}

export async function releaseJoinCode(redis: Redis, code: string, seminarId: string): Promise<void> {
  if ((await redis.get(codeKey(code))) === seminarId) await redis.del(codeKey(code));
}

/** The live seminar holding a code, or null. */
export async function resolveJoinCode(redis: Redis, code: string): Promise<string | null> {
  const cached = await redis.get(codeKey(code));
  if (cached) return cached;
  const seminar = await Seminar.findOne({ joinCode: code, status: 'LIVE' }, { _id: 1 }).lean();
  return seminar ? String(seminar._id) : null;
}
