import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { SessionTokens, type SessionClaims } from '../../launch/index.js';
import { sharedServices } from './services.js';

export interface ToolProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM (graceful) and wait for the exit; a no-op when it has already exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or an OOM kill would, and wait for the exit. */
  kill(): Promise<void>;
}

/**
 * A real tool process (`node --import tsx tool/main.ts`) on a free port. Fault and security tests use it when
 * they need several processes, a crash, or the process's own log output.
 */
export async function startToolProcess(env: Record<string, string>): Promise<ToolProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tool/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', MEDIASOUP_NUM_WORKERS: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /EduForum Live is running: (http:\/\/\S+?)\/\n/.exec(out);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`tool process exited: ${out}`));
      }
    }, 50);
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { url, child, output: () => out, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

export interface ToolProcessPair {
  readonly a: ToolProcess;
  readonly b: ToolProcess;
  mint(claims: SessionClaims): string;
}

/**
 * Two tool processes sharing the test store and Redis (and one session secret), with this process connected
 * to the same store to seed seminars, for the enclosing describe block.
 */
export function useToolProcessPair(): ToolProcessPair {
  const secret = `pair-session-secret-${randomBytes(16).toString('hex')}`;
  const tokens = new SessionTokens(secret, 3600);
  let pair: [ToolProcess, ToolProcess] | undefined;
  before(async () => {
    const { mongoUrl, redisUrl } = await sharedServices();
    await mongoose.connect(mongoUrl);
    const env = { MONGO_URL: mongoUrl, REDIS_URL: redisUrl, SESSION_SECRET: secret };
    pair = await Promise.all([startToolProcess(env), startToolProcess(env)]);
  });
  after(async () => {
    await Promise.all(pair?.map((p) => p.stop()) ?? []);
    await mongoose.disconnect();
  });
  const started = () => {
    if (!pair) throw new Error('tool processes used outside their describe block');
    return pair;
  };
  return {
    get a() {
      return started()[0];
    },
    get b() {
      return started()[1];
    },
    mint: (claims) => tokens.mint(claims),
  };
}
