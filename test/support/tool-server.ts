import type { RawEnv } from '../../config/index.js';
import type { SessionClaims } from '../../launch/index.js';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { testConfig } from './config.js';

export interface ToolHandle {
  readonly server: ToolServer;
  readonly url: string;
  mint(claims: SessionClaims): string;
}

/**
 * One in-process tool server (shared test store and Redis) for the enclosing describe block: started before
 * its first test, closed after its last. Call it inside `describe`; `env` overrides the test config.
 */
export function useToolServer(env: RawEnv = {}): ToolHandle {
  let started: ToolServer | undefined;
  before(async () => {
    started = await startToolServer(await testConfig(env), createLogger('silent'));
  });
  after(() => started?.close());
  const handle: ToolHandle = {
    get server() {
      if (!started) throw new Error('tool server used outside its describe block');
      return started;
    },
    get url() {
      return handle.server.url;
    },
    mint: (claims) => handle.server.tokens.mint(claims),
  };
  return handle;
}
