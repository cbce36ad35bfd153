import { readFile, readlink } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { WorkerPool } from './worker-pool.js';

/** The OpenSSL a running mediasoup worker uses, as the kernel sees that process. */
export interface WorkerOpenSsl {
  /** `system`: libssl/libcrypto loaded from the OS (updated by apt); `vendored`: compiled into the binary. */
  flavour: 'system' | 'vendored';
  /** OpenSSL's own version string, e.g. `OpenSSL 3.0.22 25 Aug 2026`; `unknown` if none was found. */
  version: string;
  /** Shared OpenSSL libraries mapped into the worker (empty for the vendored, static build). */
  libraries: string[];
  /** A mapped library was replaced on disk (e.g. by `apt upgrade`): the worker still runs the old code. */
  restartNeeded: boolean;
  /** The executable the worker runs. */
  binary: string;
}

const OPENSSL_LIBRARY = /\/lib(ssl|crypto)\.so[.\d]*( \(deleted\))?$/;
const DELETED = ' (deleted)';
// OpenSSL's version text as OPENSSL_VERSION_TEXT embeds it, e.g. "OpenSSL 1.1.1k+quic  25 Mar 2021".
const OPENSSL_VERSION_TEXT = /OpenSSL \d+\.\d+\.\d+\S* +\d{1,2} [A-Z][a-z]{2} \d{4}/;

/** The libssl/libcrypto files listed in a /proc/<pid>/maps text, each once, in order of appearance. */
export function mappedOpenSslLibraries(maps: string): string[] {
  const paths = maps
    .split('\n')
    .map((line) => line.trim().split(/\s+/).slice(5).join(' '))
    .filter((path) => OPENSSL_LIBRARY.test(path));
  return [...new Set(paths)];
}

/** The first OpenSSL version text inside a binary (library or executable), whitespace normalised. */
export function findOpenSslVersion(binary: Buffer): string | undefined {
  return OPENSSL_VERSION_TEXT.exec(binary.toString('latin1'))?.[0].replace(/ +/g, ' ');
}

/** One line for /health and the start-up log, e.g. `OpenSSL 3.0.22 25 Aug 2026 (system: /lib/…/libssl.so.3, …)`. */
export function describeWorkerOpenSsl(info: WorkerOpenSsl): string {
  const where = info.flavour === 'system' ? `system: ${info.libraries.join(', ')}` : 'vendored, statically linked';
  return `${info.version} (${where})${info.restartNeeded ? ' — updated on disk, restart to load it' : ''}`;
}

/** Reads which OpenSSL the worker process `pid` runs from /proc (Linux). */
export async function inspectWorkerOpenSsl(pid: number): Promise<WorkerOpenSsl> {
  const [binary, maps] = await Promise.all([readlink(`/proc/${pid}/exe`), readFile(`/proc/${pid}/maps`, 'utf8')]);
  const mapped = mappedOpenSslLibraries(maps);
  const libraries = mapped.map((path) => (path.endsWith(DELETED) ? path.slice(0, -DELETED.length) : path));
  const libcrypto = libraries.find((path) => /\/libcrypto\.so/.test(path));
  const versionSource = libcrypto ?? binary;
  return {
    flavour: libraries.length > 0 ? 'system' : 'vendored',
    version: findOpenSslVersion(await readFile(versionSource)) ?? 'unknown',
    libraries,
    restartNeeded: mapped.some((path) => path.endsWith(DELETED)),
    binary,
  };
}

export interface WorkerOpenSslReport {
  /** The description for the most recently (re)started worker. */
  current(): string;
}

/**
 * Inspects the pool's first worker, logs which OpenSSL it runs, and inspects again whenever a worker is
 * replaced (a replacement after `apt upgrade` loads the new library, so the report follows it).
 */
export async function reportWorkerOpenSsl(pool: WorkerPool, logger: Logger): Promise<WorkerOpenSslReport> {
  let description = 'unknown';
  const inspect = async (pid: number) => {
    try {
      const info = await inspectWorkerOpenSsl(pid);
      description = describeWorkerOpenSsl(info);
      logger.info({ pid, ...info, openssl: description }, 'mediasoup worker OpenSSL');
      if (info.flavour === 'vendored') {
        logger.warn('mediasoup worker uses its vendored OpenSSL; rebuild it against libssl-dev (docs/operations.md)');
      }
    } catch (err) {
      logger.warn({ pid, err: (err as Error).message }, 'could not inspect the mediasoup worker OpenSSL');
    }
  };
  const [firstPid] = pool.pids();
  if (firstPid !== undefined) await inspect(firstPid);
  pool.on('workerRestarted', (_slot, worker) => void inspect(worker.pid));
  return { current: () => description };
}
