/**
 * Short-answer grading speed: embedding model load time, per-answer latency (one answer per call, as a
 * submission is graded) and a batch of 50 answers to one question (one embedder call). Goal: ≤ 20 ms per
 * answer and 50 answers in < 1 s on this CPU.
 *
 * Uses MODELS_DIR/EMBEDDING_MODEL when that folder exists (a real model put there by an operator);
 * otherwise generates the tiny test model into a temporary directory — then the numbers say how fast the
 * pipeline is, not how fast a full-size model would be. The lexical fallback is measured too.
 *
 *   npx tsx bench/grading.ts
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  gradeShortAnswers,
  LexicalEmbedder,
  TransformersEmbedder,
  type Embedder,
  type Question,
} from '../grading/index.js';
import { makeTestEmbeddingModel, TEST_MODEL_NAME } from '../scripts/make-test-embedding-model.js';
import { SHORT_ANSWER_CASES } from '../test/support/short-answers.js';

const BATCH = 50;

function emit(name: string, value: number, unit: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 100) / 100, unit, ...extra })}\n`);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** 50 distinct answers per case: the fixed answers with numbered variations so no two texts repeat. */
function answersFor(index: number): string[] {
  const c = SHORT_ANSWER_CASES[index]!;
  const kinds = Object.values(c.answers).filter((a) => a.trim() !== '');
  return Array.from({ length: BATCH }, (_, i) => `${kinds[i % kinds.length]} (${i})`);
}

function questionFor(index: number): Extract<Question, { type: 'short_answer' }> {
  const c = SHORT_ANSWER_CASES[index]!;
  return {
    type: 'short_answer',
    question_text: c.question,
    points: 10,
    model_answer: c.modelAnswer,
    keywords: c.keywords,
  };
}

async function measure(embedder: Embedder, labels: Record<string, unknown>): Promise<void> {
  for (const [index, c] of SHORT_ANSWER_CASES.entries()) {
    const question = questionFor(index);
    const answers = answersFor(index);
    const tags = { ...labels, language: c.language, case: index };
    await gradeShortAnswers(embedder, question, [answers[0]!]);

    const latencies: number[] = [];
    for (const answer of answers) {
      const started = performance.now();
      await gradeShortAnswers(embedder, question, [answer]);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    emit('grading.short_answer.per_answer.mean', mean, 'ms', tags);
    emit('grading.short_answer.per_answer.p95', percentile(latencies, 0.95), 'ms', tags);
    emit(
      'grading.short_answer.sequential_50',
      latencies.reduce((a, b) => a + b, 0),
      'ms',
      tags,
    );

    const started = performance.now();
    await gradeShortAnswers(embedder, question, answers);
    emit('grading.short_answer.batch_50', performance.now() - started, 'ms', tags);
  }
}

async function main(): Promise<void> {
  const modelsDir = path.resolve(process.env.MODELS_DIR ?? './models');
  const configured = process.env.EMBEDDING_MODEL ?? 'paraphrase-multilingual-MiniLM-L12-v2';
  const quantized = !['0', 'false', 'no', 'off'].includes((process.env.EMBEDDING_QUANTIZED ?? '1').toLowerCase());
  let temp: string | undefined;
  let options = { modelsDir, model: configured, quantized };
  let kind = 'operator model';
  if (!existsSync(path.join(modelsDir, configured, 'config.json'))) {
    temp = await mkdtemp(path.join(os.tmpdir(), 'eduforum-bench-models-'));
    const started = performance.now();
    await makeTestEmbeddingModel(temp);
    emit('grading.test_model.generate', performance.now() - started, 'ms', { model: TEST_MODEL_NAME });
    options = { modelsDir: temp, model: TEST_MODEL_NAME, quantized: false };
    kind = 'generated tiny test model (not a real sentence encoder)';
  }
  try {
    const embedder = await TransformersEmbedder.load(options);
    const labels = { method: 'transformers', model: options.model, dimensions: embedder.info.dimensions, kind };
    emit('grading.embedding_model.load', embedder.info.loadMs ?? 0, 'ms', labels);
    await measure(embedder, labels);
    await measure(new LexicalEmbedder(), { method: 'lexical', model: null });
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true });
  }
}

await main();
