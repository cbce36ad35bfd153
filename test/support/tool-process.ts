import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { SessionTokens, type SessionClaims } from '../../launch/index.js';
import { sharedServices } from './services.js';

export interface ChildService {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM (graceful) and wait for the exit; a no-op when it has already exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash or an OOM kill would, and wait for the exit. */
  kill(): Promise<void>;
}

export interface ToolProcess extends ChildService {
  url: string;
}

const BASE_ENV = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', MEDIASOUP_NUM_WORKERS: '1' };

/** `node --import tsx <entry>`, resolved once its output matches `ready` (with the match), rejected if it exits. */
async function spawnEntry(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildService & { ready: RegExpExecArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...BASE_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setInterval(() => {
      const found = ready.exec(out);
      if (found) {
        clearInterval(timer);
        resolve(found);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`${entry} exited: ${out}`));
      }
    }, 50);
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { ready: match, child, output: () => out, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}

/**
 * A real tool process (`node --import tsx tool/main.ts`) on a free port. Fault and security tests use it when
 * they need several processes, a crash, or the process's own log output.
 */
export async function startToolProcess(env: Record<string, string>): Promise<ToolProcess> {
  const { ready, ...service } = await spawnEntry('tool/main.ts', env, /EduForum Live is running: (http:\/\/\S+?)\/\n/);
  return { ...service, url: ready[1]! };
}

/**
 * The AGS score workers as their own process (`tool/worker.ts`, what `npm run worker` runs), for tool
 * processes started with GRADE_SYNC_IN_PROCESS=0. Needs the tool's MONGO_URL, REDIS_URL and LTI_ENCRYPTION_KEY.
 */
export function startGradeWorkerProcess(env: Record<string, string>): Promise<ChildService> {
  return spawnEntry('tool/worker.ts', { ...env, LOG_LEVEL: 'info' }, /AGS score workers running/);
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
