import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Decodes the QR code(s) in an image file with zbar (Debian `zbar-tools`, installed by scripts/setup.sh). */
export async function decodeQrFile(file: string): Promise<string[]> {
  const { stdout } = await run('zbarimg', ['--quiet', '--raw', file]);
  return stdout.split('\n').filter(Boolean);
}

/** Decodes an image held in memory (PNG from a screenshot, or a PGM). */
export async function decodeQr(image: Buffer, extension: 'png' | 'pgm'): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-qr-'));
  try {
    const file = path.join(dir, `code.${extension}`);
    await writeFile(file, image);
    return await decodeQrFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
