import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FeatureExtractionPipeline } from '@xenova/transformers';
import type { Logger } from 'pino';
import { lexicalSimilarity } from './lexical-similarity.js';

export type EmbeddingMethod = 'transformers' | 'lexical';

/** What is scoring short answers right now; shown to operators (health, API) and stored with each grade. */
export interface EmbedderInfo {
  method: EmbeddingMethod;
  model: string | null;
  dimensions: number | null;
  loadMs: number | null;
  /** Every grade from this embedder goes to the review queue (the lexical fallback cannot see meaning). */
  needsReview: boolean;
  /** Why the fallback is active, when it is. */
  reason?: string;
}

export interface Embedder {
  readonly info: EmbedderInfo;
  /** Similarity in [0, 1] of each answer to the reference text. */
  similarities(reference: string, answers: string[]): Promise<number[]>;
}

export class LexicalEmbedder implements Embedder {
  readonly info: EmbedderInfo;
  constructor(reason?: string) {
    this.info = { method: 'lexical', model: null, dimensions: null, loadMs: null, needsReview: true, reason };
  }
  async similarities(reference: string, answers: string[]): Promise<number[]> {
    return answers.map((answer) => lexicalSimilarity(reference, answer));
  }
}

export interface TransformersOptions {
  modelsDir: string;
  model: string;
  quantized: boolean;
}

type Extractor = FeatureExtractionPipeline;

const REFERENCE_CACHE_SIZE = 256;

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * Sentence embeddings with transformers.js: mean pooling over tokens, L2-normalised, so cosine is a dot
 * product. Loads only from `modelsDir/<model>`; remote downloads are switched off before anything loads.
 */
export class TransformersEmbedder implements Embedder {
  private readonly references = new Map<string, Float32Array>();

  private constructor(
    private readonly extractor: Extractor,
    readonly info: EmbedderInfo,
  ) {}

  static async load(options: TransformersOptions): Promise<TransformersEmbedder> {
    const started = performance.now();
    const { env, pipeline } = await import('@xenova/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = options.modelsDir.endsWith(path.sep) ? options.modelsDir : options.modelsDir + path.sep;
    const extractor = await pipeline('feature-extraction', options.model, { quantized: options.quantized });
    const [probe] = await embedWith(extractor, ['probe']);
    return new TransformersEmbedder(extractor, {
      method: 'transformers',
      model: options.model,
      dimensions: probe!.length,
      loadMs: Math.round(performance.now() - started),
      needsReview: false,
    });
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    return embedWith(this.extractor, texts);
  }

  async similarities(reference: string, answers: string[]): Promise<number[]> {
    if (answers.length === 0) return [];
    const cached = this.references.get(reference);
    const texts = cached ? answers : [reference, ...answers];
    const vectors = await this.embed(texts);
    const referenceVector = cached ?? vectors.shift()!;
    if (!cached) this.remember(reference, referenceVector);
    return vectors.map((v) => Math.max(0, Math.min(1, dot(referenceVector, v))));
  }

  private remember(reference: string, vector: Float32Array): void {
    if (this.references.size >= REFERENCE_CACHE_SIZE) {
      this.references.delete(this.references.keys().next().value!);
    }
    this.references.set(reference, vector);
  }
}

async function embedWith(extractor: Extractor, texts: string[]): Promise<Float32Array[]> {
  const output = await extractor(texts, { pooling: 'mean', normalize: true });
  const [count, dimensions] = output.dims as [number, number];
  const data = output.data as Float32Array;
  return Array.from({ length: count }, (_, i) => data.slice(i * dimensions, (i + 1) * dimensions));
}

/**
 * The transformers embedder when `modelsDir/<model>` exists and loads, otherwise the lexical fallback with
 * the reason. Never downloads: a missing model is an operator's choice (docs/grading.md, `models:fetch`).
 */
export async function createEmbedder(options: TransformersOptions, logger?: Logger): Promise<Embedder> {
  const folder = path.join(options.modelsDir, options.model);
  if (!existsSync(path.join(folder, 'config.json'))) {
    const reason = `no embedding model at ${folder}`;
    logger?.warn({ folder }, 'short-answer grading uses the lexical fallback: no embedding model found');
    return new LexicalEmbedder(reason);
  }
  try {
    const embedder = await TransformersEmbedder.load(options);
    logger?.info(embedder.info, 'short-answer grading uses sentence embeddings');
    return embedder;
  } catch (err) {
    const reason = `embedding model ${options.model} failed to load: ${(err as Error).message}`;
    logger?.warn({ err, folder }, 'short-answer grading uses the lexical fallback: model failed to load');
    return new LexicalEmbedder(reason);
  }
}
