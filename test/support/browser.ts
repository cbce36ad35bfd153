import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { CLIENT_DIST_DIR, PROJECT_ROOT } from '../../tool/paths.js';

/** Debian's Chromium with the flags of the common brief; it blocks third-party cookies by default. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      ...extraArgs,
    ],
  });
}

/** Builds the client into client/dist once when a browser test needs /app/ and no build is there. */
export async function ensureClientBuilt(): Promise<void> {
  if (existsSync(path.join(CLIENT_DIST_DIR, 'index.html'))) return;
  await promisify(execFile)(
    process.execPath,
    [path.join(PROJECT_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'client/vite.config.ts'],
    { cwd: PROJECT_ROOT },
  );
}
