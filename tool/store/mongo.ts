import mongoose from 'mongoose';
import type { Logger } from 'pino';

/**
 * Connects the process-wide default mongoose connection: ltijs uses that same connection (DESIGN.md §8,
 * npm override `ltijs → $mongoose`), so there is exactly one pool to the store.
 */
export async function connectMongo(url: string, logger: Logger): Promise<typeof mongoose> {
  mongoose.set('strictQuery', true);
  const connection = mongoose.connection;
  connection.on('disconnected', () => logger.warn('mongo disconnected'));
  connection.on('reconnected', () => logger.info('mongo reconnected'));
  // 'poll': the embedded store ends the driver's streaming (exhaust) hello early, which drops the pool now and
  // then ("Server ended moreToCome unexpectedly"); polling works against it and against MongoDB alike.
  await mongoose.connect(url, { serverSelectionTimeoutMS: 5000, autoIndex: true, serverMonitoringMode: 'poll' });
  await Promise.all(Object.values(mongoose.models).map((model) => model.init()));
  return mongoose;
}

export async function pingMongo(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  const answer = await db.command({ ping: 1 });
  return answer.ok === 1;
}
