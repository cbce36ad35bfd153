import { spawn } from 'node:child_process';

export interface BenchChild {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns `node --import tsx <script>` and waits for a line matching `ready` (its group 1 is the url). */
export async function startChild(script: string, env: Record<string, string>, ready: RegExp): Promise<BenchChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = ready.exec(out);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(out));
      }
    }, 50);
  });
  return {
    url,
    pid: child.pid ?? -1,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
