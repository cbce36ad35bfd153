import type { Browser } from 'playwright-core';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { ensureClientBuilt, launchChromium } from './browser.js';
import { testConfig } from './config.js';

export interface BrowserHarness {
  readonly server: ToolServer;
  readonly browser: Browser;
}

/**
 * The built client served by an in-process tool server, and Debian's Chromium, for the enclosing describe
 * block: started before its first test (building the client if a source changed), closed after its last.
 */
export function useBrowserHarness(): BrowserHarness {
  let server: ToolServer | undefined;
  let browser: Browser | undefined;
  before(async function () {
    this.timeout(180_000);
    await ensureClientBuilt();
    server = await startToolServer(await testConfig(), createLogger('silent'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (!value) throw new Error('browser harness used outside its describe block');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
  };
}
