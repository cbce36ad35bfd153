import mongoose from 'mongoose';
import { createLogger } from '../../tool/logger.js';
import { connectMongo } from '../../tool/store/mongo.js';
import { sharedServices } from './services.js';

/** Connects the default mongoose connection to the shared test store for a describe block. */
export function useSharedMongo(): void {
  before(async () => {
    const { mongoUrl } = await sharedServices();
    await connectMongo(mongoUrl, createLogger('silent'));
  });
  after(async () => {
    await mongoose.disconnect();
  });
}
