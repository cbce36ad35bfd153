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
  // Polling heartbeats: the embedded CongoServer ends the driver's streaming (exhaust) hello early, which
  // clears the pool ("Server ended moreToCome unexpectedly") and fails operations in flight, e.g. index
  // builds at start. Polling costs one hello per heartbeat and works the same against real MongoDB.
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
