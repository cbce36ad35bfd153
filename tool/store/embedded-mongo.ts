import { congodb } from '@push.rocks/smartmongo';
import { freePort } from './free-port.js';

export interface EmbeddedService {
  url: string;
  stop(): Promise<void>;
}

/**
 * In-memory MongoDB-wire server for dev and tests (OFFLINE.md: no mongod installs offline). It does not
 * enforce unique indexes, transactions or TTL, so the app never relies on those for correctness.
 */
export async function startEmbeddedMongo(port?: number): Promise<EmbeddedService> {
  const listenPort = port ?? (await freePort());
  const server = new congodb.CongoServer({ port: listenPort, host: '127.0.0.1', storage: 'memory' });
  await server.start();
  return {
    url: `mongodb://127.0.0.1:${listenPort}/eduforum?directConnection=true`,
    stop: () => server.stop(),
  };
}
