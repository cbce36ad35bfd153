/**
 * Runs the embedded Mongo-wire store in its own process so a benchmark's client load does not share its event
 * loop (production uses a real MongoDB). Prints `MONGO_URL=<url>` when ready; stops on SIGTERM.
 */
import { startEmbeddedMongo } from '../../tool/store/index.js';

const mongo = await startEmbeddedMongo();
process.stdout.write(`MONGO_URL=${mongo.url}\n`);
process.on('SIGTERM', () => {
  void mongo.stop().then(() => process.exit(0));
});
