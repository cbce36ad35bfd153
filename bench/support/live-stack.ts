import mongoose from 'mongoose';
import type { Socket } from 'socket.io-client';
import { SessionTokens } from '../../launch/index.js';
import { startEmbeddedRedis } from '../../tool/store/index.js';
import { startChild, type BenchChild } from './child.js';

const SECRET = 'bench-session-secret-that-is-long-enough-0123456789';

export interface LiveStack {
  /** The tool process (`tool/main.ts`), its url and pid. */
  tool: BenchChild;
  /** The embedded Mongo-wire store in its own process. */
  store: BenchChild;
  /** Mints session tokens the tool accepts. */
  tokens: SessionTokens;
  stop(): Promise<void>;
}

/**
 * What the live-room benchmarks run against: one real tool process with the embedded store in a separate
 * process and a private redis-server, and this process connected to the same store to seed seminars.
 */
export async function startLiveStack(): Promise<LiveStack> {
  const store = await startChild('bench/support/mongo-process.ts', {}, /MONGO_URL=(\S+)\n/);
  const redis = await startEmbeddedRedis();
  await mongoose.connect(store.url, { serverMonitoringMode: 'poll' });
  const tool = await startChild(
    'tool/main.ts',
    {
      MONGO_URL: `${store.url}&serverMonitoringMode=poll`,
      REDIS_URL: redis.url,
      SESSION_SECRET: SECRET,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MEDIASOUP_NUM_WORKERS: '1',
    },
    /EduForum Live is running: (http:\/\/\S+?)\/\n/,
  );
  return {
    tool,
    store,
    tokens: new SessionTokens(SECRET, 3600),
    async stop() {
      await tool.stop();
      await mongoose.disconnect();
      await redis.stop();
      await store.stop();
    },
  };
}

export type Ack = { ok: boolean; [k: string]: unknown };

/** A socket event with an ack, as a promise of the ack. */
export function emitAck(socket: Socket, event: string, payload: unknown): Promise<Ack> {
  return new Promise((resolve) => socket.emit(event, payload, resolve));
}

/** Runs a benchmark and exits: its socket clients would otherwise keep the process alive. */
export function runToExit(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
      process.exit(1);
    },
  );
}
