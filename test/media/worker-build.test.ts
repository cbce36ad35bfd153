import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { WorkerPool } from '../../media/index.js';
import {
  describeWorkerOpenSsl,
  findOpenSslVersion,
  inspectWorkerOpenSsl,
  mappedOpenSslLibraries,
  reportWorkerOpenSsl,
} from '../../media/worker-build-info.js';
import { createLogger } from '../../tool/logger.js';
import { startToolServer, type ToolServer } from '../../tool/server.js';
import { testConfig } from '../support/config.js';

const run = promisify(execFile);
const SCRIPT = path.resolve('scripts/build-mediasoup-worker.sh');
const DEBIAN_LIB_DIR = /^\/(usr\/)?lib\/x86_64-linux-gnu\//;

/** A pino logger at info level whose JSON lines are collected in `lines`. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
  });
  return { logger: createLogger('info', stream), lines };
}

const MAPS = [
  '55d0c0a00000-55d0c0a52000 r--p 00000000 fe:01 1234 /opt/worker/mediasoup-worker',
  '7f00a0000000-7f00a0080000 r--p 00000000 fe:01 2001 /usr/lib/x86_64-linux-gnu/libcrypto.so.3',
  '7f00a0080000-7f00a0300000 r-xp 00080000 fe:01 2001 /usr/lib/x86_64-linux-gnu/libcrypto.so.3',
  '7f00a1000000-7f00a1020000 r--p 00000000 fe:01 2002 /usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)',
  '7f00a2000000-7f00a2020000 r--p 00000000 fe:01 2003 /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30',
  '7ffc00000000-7ffc00021000 rw-p 00000000 00:00 0 [stack]',
].join('\n');

describe('mediasoup worker OpenSSL inspection (pure parts)', () => {
  it('lists each mapped libssl/libcrypto once and keeps the marker of a library replaced on disk', () => {
    expect(mappedOpenSslLibraries(MAPS)).to.deep.equal([
      '/usr/lib/x86_64-linux-gnu/libcrypto.so.3',
      '/usr/lib/x86_64-linux-gnu/libssl.so.3 (deleted)',
    ]);
  });

  it('finds OpenSSL version texts of both the system library and the vendored 1.1.1k build', () => {
    const library = Buffer.from('\0\0junk OpenSSL 3.0.22 25 Aug 2026\0more', 'latin1');
    const vendored = Buffer.from('\x7fELF OpenSSL 1.1.1k+quic  25 Mar 2021\0', 'latin1');
    expect(findOpenSslVersion(library)).to.equal('OpenSSL 3.0.22 25 Aug 2026');
    expect(findOpenSslVersion(vendored)).to.equal('OpenSSL 1.1.1k+quic 25 Mar 2021');
    expect(findOpenSslVersion(Buffer.from('OpenSSL without a version'))).to.equal(undefined);
  });

  it('describes a system worker with its libraries and asks for a restart after an update on disk', () => {
    const base = { version: 'OpenSSL 3.0.22 25 Aug 2026', binary: '/w', restartNeeded: false };
    const libraries = ['/lib/x86_64-linux-gnu/libssl.so.3', '/lib/x86_64-linux-gnu/libcrypto.so.3'];
    expect(describeWorkerOpenSsl({ ...base, flavour: 'system', libraries })).to.equal(
      'OpenSSL 3.0.22 25 Aug 2026 (system: /lib/x86_64-linux-gnu/libssl.so.3, /lib/x86_64-linux-gnu/libcrypto.so.3)',
    );
    expect(describeWorkerOpenSsl({ ...base, flavour: 'vendored', libraries: [] })).to.equal(
      'OpenSSL 3.0.22 25 Aug 2026 (vendored, statically linked)',
    );
    expect(describeWorkerOpenSsl({ ...base, flavour: 'system', libraries, restartNeeded: true })).to.match(
      /restart to load it$/,
    );
  });
});

describe('mediasoup worker build (the running worker)', function () {
  this.timeout(60_000);
  let server: ToolServer;
  const { logger, lines: logLines } = capturingLogger();

  before(async () => {
    server = await startToolServer(await testConfig(), logger);
  });
  after(async () => {
    await server?.close();
  });

  it("links Debian's libssl.so.3 and libcrypto.so.3 dynamically, not the vendored OpenSSL", async () => {
    const info = await inspectWorkerOpenSsl(server.pool.pids()[0]!);
    expect(info.flavour).to.equal('system');
    expect(info.libraries.map((p) => path.basename(p)).sort()).to.deep.equal(['libcrypto.so.3', 'libssl.so.3']);
    for (const library of info.libraries) expect(library).to.match(DEBIAN_LIB_DIR);

    const { stdout: ldd } = await run('ldd', [info.binary]);
    expect(ldd).to.match(/libssl\.so\.3 => \/(usr\/)?lib\/x86_64-linux-gnu\/libssl\.so\.3/);
    expect(ldd).to.match(/libcrypto\.so\.3 => \/(usr\/)?lib\/x86_64-linux-gnu\/libcrypto\.so\.3/);
    expect(findOpenSslVersion(await readFile(info.binary))).to.equal(undefined);
  });

  it('runs the same OpenSSL version the OS reports (`openssl version`)', async () => {
    const info = await inspectWorkerOpenSsl(server.pool.pids()[0]!);
    const { stdout } = await run('openssl', ['version']);
    const library = /\(Library: (OpenSSL [^)]+)\)/.exec(stdout)?.[1] ?? stdout.trim();
    expect(info.version).to.match(/^OpenSSL 3\./);
    expect(info.version).to.equal(library.replace(/ +/g, ' '));
  });

  it('reports the OpenSSL in /health next to the worker count and in the start-up log', async () => {
    const info = await inspectWorkerOpenSsl(server.pool.pids()[0]!);
    const res = await request(server.url).get('/health');
    expect(res.body.mediasoup).to.deep.equal({ workers: 1, openssl: describeWorkerOpenSsl(info) });
    expect(res.body.mediasoup.openssl).to.match(/^OpenSSL 3\.\S+ .*\(system: .*libssl\.so\.3/);
    const startLine = logLines.find((l) => l.msg === 'mediasoup worker OpenSSL');
    expect(startLine).to.include({ flavour: 'system', openssl: describeWorkerOpenSsl(info) });
  });
});

describe('mediasoup worker OpenSSL report', function () {
  this.timeout(30_000);

  it('inspects the replacement worker again after a worker dies', async () => {
    const { logger, lines } = capturingLogger();
    const pool = new WorkerPool(
      { numWorkers: 1, rtcMinPort: 40000, rtcMaxPort: 49999, logLevel: 'warn', restartDelayMs: 50 },
      logger,
    );
    await pool.start();
    try {
      const report = await reportWorkerOpenSsl(pool, logger);
      const [firstPid] = pool.pids();
      const restarted = new Promise<number>((resolve) =>
        pool.once('workerRestarted', (_slot, worker) => resolve(worker.pid)),
      );
      process.kill(firstPid!, 'SIGKILL');
      const secondPid = await restarted;
      const reportedPids = () => lines.filter((l) => l.msg === 'mediasoup worker OpenSSL').map((l) => l.pid);
      for (let i = 0; i < 50 && !reportedPids().includes(secondPid); i++) await new Promise((r) => setTimeout(r, 20));
      expect(reportedPids()).to.deep.equal([firstPid, secondPid]);
      expect(report.current()).to.equal(describeWorkerOpenSsl(await inspectWorkerOpenSsl(secondPid)));
    } finally {
      await pool.close();
    }
  });
});

describe('scripts/build-mediasoup-worker.sh cache', function () {
  this.timeout(30_000);
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'worker-cache-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function cachedWorker(): Promise<string> {
    return (await run('bash', [SCRIPT, '--print-path'])).stdout.trim();
  }

  it('keys the cached worker by mediasoup version, arch, glibc and the system-OpenSSL flavour', async () => {
    const key = path.basename(await cachedWorker());
    const glibc = (await run('getconf', ['GNU_LIBC_VERSION'])).stdout.trim().split(' ')[1];
    expect(key).to.match(
      new RegExp(`^mediasoup-worker-3\\.8\\.4-${os.machine()}-glibc${glibc}-system-openssl3-p[0-9a-f]{12}$`),
    );
  });

  it('serves the cached binary only while its recorded sha256 matches', async () => {
    const bin = await cachedWorker();
    const key = path.basename(bin);
    const copy = path.join(dir, key);
    await copyFile(bin, copy);
    await copyFile(`${bin}.sha256`, `${copy}.sha256`);
    const env = { ...process.env, EDUFORUM_CACHE_DIR: dir };
    expect((await run('bash', [SCRIPT, '--print-path'], { env })).stdout.trim()).to.equal(copy);

    const bytes = await readFile(copy);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await writeFile(copy, bytes);
    const failure = await run('bash', [SCRIPT, '--print-path'], { env }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure?.code).to.equal(3);
    expect(failure?.stderr).to.include(`checksum mismatch for ${copy}`);
  });

  it('is the binary the running server uses (same checksum as recorded in the cache)', async () => {
    const server = await startToolServer(await testConfig(), createLogger('silent'));
    try {
      const exe = (await inspectWorkerOpenSsl(server.pool.pids()[0]!)).binary;
      const bin = await cachedWorker();
      const recorded = (await readFile(`${bin}.sha256`, 'utf8')).split(' ')[0];
      expect(
        createHash('sha256')
          .update(await readFile(exe))
          .digest('hex'),
      ).to.equal(recorded);
    } finally {
      await server.close();
    }
  });
});
