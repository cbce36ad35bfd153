/**
 * `npm run bench`: runs every bench/*.ts in turn (or those named on the command line) and passes through
 * their JSON lines, so one run prints one line per measure. A failing benchmark prints an error line and
 * the others still run; one that does not exit by itself within BENCH_TIMEOUT_S (900) is killed.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const requested = process.argv.slice(2);
/** A bench that has not exited by itself after this long is killed and reported as an error line. */
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_S ?? 900) * 1000;

async function benches(): Promise<string[]> {
  const files = (await readdir(here)).filter((f) => f.endsWith('.ts') && f !== 'run-all.ts' && !f.startsWith('_'));
  return requested.length > 0 ? files.filter((f) => requested.some((r) => f.includes(r))) : files.sort();
}

function run(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, file)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    const timer = setTimeout(() => {
      process.stdout.write(
        `${JSON.stringify({ name: file.replace(/\.ts$/, ''), error: 'timeout', seconds: TIMEOUT_MS / 1000 })}\n`,
      );
      child.kill('SIGKILL');
    }, TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? 1);
    });
  });
}

let failed = 0;
for (const file of await benches()) {
  const code = await run(file);
  if (code !== 0) {
    failed++;
    process.stdout.write(`${JSON.stringify({ name: file.replace(/\.ts$/, ''), error: `exit ${code}` })}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
