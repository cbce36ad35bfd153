import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeTestEmbeddingModel, TEST_MODEL_NAME } from '../../scripts/make-test-embedding-model.js';

let generated: Promise<string> | undefined;

/**
 * A models directory holding the generated tiny BERT-shaped model (scripts/make-test-embedding-model.ts),
 * made once per test run in a temporary directory and removed when the process exits.
 */
export function testModelsDir(): Promise<string> {
  generated ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'eduforum-models-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await makeTestEmbeddingModel(dir);
    return dir;
  })();
  return generated;
}

export const TEST_MODEL = TEST_MODEL_NAME;
